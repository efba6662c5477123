// Gemini has no per-run flag for hooks, and the settings file it could be pointed at by environment
// (GEMINI_CLI_SYSTEM_SETTINGS_PATH, GEMINI_CLI_SYSTEM_DEFAULTS_PATH) is skipped unless it and every folder above
// it are owned by root and writable by nobody else (gemini-cli 0.61 `isFileAndDirectorySecureSync`): no runner
// can count on that. So the guard's `BeforeTool` hook goes into the session worktree's own
// `.gemini/settings.json` for the run, hidden from git, and the file is put back as it was when the session ends.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findGitDirs, git, runGit, writeFileAtomic } from '@lanes/repo';
import { geminiHookSettings, type AgentLaunch } from './agent-command.ts';

const settingsPath = '.gemini/settings.json';
const excludeLine = `/${settingsPath}`;
const excludeNote = '# lanes dispatch: the gemini hook of a running session';

type GeminiSettings = Record<string, unknown> & { hooks?: Record<string, unknown> };

/**
 * A gemini `settings.json` with the guard's `BeforeTool` hook added after the user's own (kept as they are), or
 * the same text when it is there already. Pure. `text` null: no file yet.
 */
export function withGeminiHook(text: string | null, lanesCommand: readonly string[]): string {
  let parsed: unknown;
  try {
    parsed = text === null || text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new Error(`${settingsPath} is not JSON (${(error as Error).message}); the lanes hook cannot be added to it`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${settingsPath} is not a JSON object; the lanes hook cannot be added to it`);
  const settings = parsed as GeminiSettings;
  const entry = geminiHookSettings(lanesCommand).hooks.BeforeTool[0]!;
  const hooks = settings.hooks ?? {};
  const before = Array.isArray(hooks.BeforeTool) ? (hooks.BeforeTool as unknown[]) : [];
  if (before.some((e) => JSON.stringify(e) === JSON.stringify(entry))) return text ?? '';
  // A `hooks.disabled` that names our hook would turn it off: it is left out of the file gemini reads for the run.
  const disabled = Array.isArray(hooks.disabled) ? { disabled: (hooks.disabled as unknown[]).filter((name) => name !== entry.hooks[0]!.name) } : {};
  return `${JSON.stringify({ ...settings, hooks: { ...hooks, ...disabled, BeforeTool: [...before, entry] } }, null, 2)}\n`;
}

interface Installed {
  users: number;
  restore: () => void;
}

const installed = new Map<string, Installed>();

/**
 * What an install changed, written to the worktree's git dir before anything is changed, so that a runner that
 * died mid-run leaves what it takes to undo it (`--resume` adopts it, a new install undoes it first).
 */
interface InstallRecord {
  /** The user had a settings file (moved to `backupName` in the same git dir). */
  hadFile: boolean;
  tracked: boolean;
  /** The `info/exclude` file the hiding line went into, or null. */
  exclude: string | null;
  madeDir: boolean;
}

const recordName = 'lanes-gemini-hook.json';

/** One more session uses the hook this runner installed in the file's tree: true when there is one. */
function sharedInstall(file: string): boolean {
  const known = installed.get(file);
  if (known !== undefined) known.users += 1;
  return known !== undefined;
}
const backupName = 'lanes-gemini-settings.json';

function gitDirOf(cwd: string, env: NodeJS.ProcessEnv): string {
  return git(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd, env }).trim();
}

function readRecord(gitDir: string): InstallRecord | null {
  try {
    return JSON.parse(readFileSync(join(gitDir, recordName), 'utf8')) as InstallRecord;
  } catch {
    return null;
  }
}

/**
 * Undoes an install as its record says: the user's file back (same bytes, same times), or ours removed; the folder
 * we made, `--skip-worktree` and the exclude line taken out; then the record. Each step holds whatever point the
 * install got to: a user's file that was never moved aside is left where it is.
 */
function undo(cwd: string, gitDir: string, record: InstallRecord, env: NodeJS.ProcessEnv): void {
  const file = join(cwd, settingsPath);
  const backup = join(gitDir, backupName);
  if (!record.hadFile) rmSync(file, { force: true });
  else if (existsSync(backup)) moveFile(backup, file);
  if (record.madeDir) {
    try {
      rmdirSync(dirname(file));
    } catch {
      // gemini, or the session, left something else there: it stays.
    }
  }
  if (record.tracked) runGit(['update-index', '--no-skip-worktree', '--', settingsPath], { cwd, env });
  if (record.exclude !== null && existsSync(record.exclude)) writeFileSync(record.exclude, readFileSync(record.exclude, 'utf8').replace(`${excludeNote}\n${excludeLine}\n`, ''));
  rmSync(join(gitDir, recordName), { force: true });
}

/**
 * Puts the guard's `BeforeTool` hook into `<cwd>/.gemini/settings.json` for a gemini session, out of git's sight:
 * an untracked file through a line in `info/exclude`, a tracked one with `--skip-worktree`. Sessions that share
 * a tree share the file; the last `releaseGeminiHook` puts it back byte for byte (or removes it). What an earlier
 * runner left installed when it died is undone first.
 */
export function installGeminiHook(cwd: string, lanesCommand: readonly string[], env: NodeJS.ProcessEnv): void {
  const file = join(cwd, settingsPath);
  if (sharedInstall(file)) return;
  const gitDir = gitDirOf(cwd, env);
  const left = readRecord(gitDir);
  if (left !== null) undo(cwd, gitDir, left, env);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  const after = withGeminiHook(before, lanesCommand);
  // The user's file itself is moved aside into the worktree's git dir and moved back after, so that it comes
  // back with its own times (the runner's look at what a session changed compares them) and, should the runner
  // die, is still there to take back.
  const tracked = runGit(['ls-files', '--error-unmatch', '--', settingsPath], { cwd, env }).status === 0;
  const ignored = !tracked && runGit(['check-ignore', '-q', '--', settingsPath], { cwd, env }).status === 0;
  const record: InstallRecord = { hadFile: before !== null, tracked, exclude: tracked || ignored ? null : excludeFile(cwd, env), madeDir: !existsSync(dirname(file)) };
  writeFileAtomic(join(gitDir, recordName), JSON.stringify(record));
  if (tracked) git(['update-index', '--skip-worktree', '--', settingsPath], { cwd, env });
  if (record.exclude !== null) {
    const text = existsSync(record.exclude) ? readFileSync(record.exclude, 'utf8') : '';
    mkdirSync(dirname(record.exclude), { recursive: true });
    writeFileSync(record.exclude, `${text === '' || text.endsWith('\n') ? text : `${text}\n`}${excludeNote}\n${excludeLine}\n`);
  }
  if (before !== null) moveFile(file, join(gitDir, backupName));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, after);
  installed.set(file, {
    users: 1,
    restore: () => {
      undo(cwd, gitDir, record, env);
    },
  });
}

/**
 * `--resume` adopts a session whose agent outlived its runner: the hook that runner installed in `cwd` (its
 * record in the git dir) is this runner's to release now.
 */
export function adoptGeminiHook(cwd: string, env: NodeJS.ProcessEnv): void {
  const file = join(cwd, settingsPath);
  if (sharedInstall(file)) return;
  const gitDir = gitDirOf(cwd, env);
  const record = readRecord(gitDir);
  if (record === null) return;
  installed.set(file, {
    users: 1,
    restore: () => {
      undo(cwd, gitDir, record, env);
    },
  });
}

/** Ends one session's use of the hook in `cwd`; the last one puts the user's file back. */
export function releaseGeminiHook(cwd: string): void {
  const file = join(cwd, settingsPath);
  const known = installed.get(file);
  if (known === undefined) return;
  known.users -= 1;
  if (known.users > 0) return;
  installed.delete(file);
  known.restore();
}

/** Renames a file, or copies it with its times where a rename cannot go (another file system). */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const st = statSync(from);
    copyFileSync(from, to);
    utimesSync(to, st.atime, st.mtime);
    rmSync(from);
  }
}

function excludeFile(cwd: string, env: NodeJS.ProcessEnv): string {
  const commonDir = findGitDirs(cwd, env)?.commonDir;
  return commonDir !== undefined ? join(commonDir, 'info', 'exclude') : resolve(cwd, git(['rev-parse', '--git-path', 'info/exclude'], { cwd, env }).trim());
}

/** Before an agent starts in `cwd`: what its launch asks of the working tree (gemini: its hook in the settings file). */
export function prepareAgentWorkspace(launch: AgentLaunch, cwd: string | null, lanesCommand: readonly string[], env: NodeJS.ProcessEnv): void {
  if (launch.workspaceHook === 'gemini' && cwd !== null) installGeminiHook(cwd, lanesCommand, env);
}

/** `--resume` adopting an agent a dead runner started: what that runner prepared in `cwd` is released with it. */
export function adoptAgentWorkspace(launch: AgentLaunch, cwd: string | null, env: NodeJS.ProcessEnv): void {
  if (launch.workspaceHook === 'gemini' && cwd !== null) adoptGeminiHook(cwd, env);
}

/** After the agent ended: the working tree as `prepareAgentWorkspace` found it. */
export function releaseAgentWorkspace(launch: AgentLaunch, cwd: string | null): void {
  if (launch.workspaceHook === 'gemini' && cwd !== null) releaseGeminiHook(cwd);
}
