import { isMap, parseDocument, Scalar } from 'yaml';
import { githubWorkflow, githubWorkflowPath, type PackageManager } from './ci-workflow.ts';
import { codexHookMatcher, geminiHookMatcher } from '@lanes/dispatch';
import { agentHookCommand, claudeHookCommand, claudeHookMatcher, guardBlock, initAgents, guardHooks, guardLines, hookFile, huskyWorktreeBlock, withBlock, blockStart, blockEnd } from './hook-text.ts';
import { starterPlan } from './starter-plan.ts';

/** The hook manager a repository uses; `lanes` is the versioned `.githooks/` folder that `lanes init` keeps itself. */
export type HookManager = 'husky' | 'lefthook' | 'lanes';

/** The folder of versioned hooks `lanes init` makes when the repository has no hook manager. */
export const lanesHooksDir = '.githooks';

/** The `prepare` script part that makes `.githooks/` active after a clone and an install. */
export const activateScript = 'lanes init --hooks';

const lefthookFiles = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'];
const hookNames = [...guardHooks, 'commit-msg'] as const;

/** Where each agent reads its project hooks (claude: `.claude/settings.json`, written by `withClaudeHook`). */
const agentHookPaths = { codex: '.codex/hooks.json', gemini: '.gemini/settings.json', cursor: '.cursor/hooks.json', copilot: '.github/hooks/lanes.json' } as const;

/** Every file `lanes init` may read or write, from the repository root. */
export const initPaths: readonly string[] = [
  'package.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  ...lefthookFiles,
  ...[...hookNames, 'post-checkout'].map((h) => `.husky/${h}`),
  ...hookNames.map((h) => `${lanesHooksDir}/${h}`),
  '.claude/settings.json',
  ...Object.values(agentHookPaths),
  githubWorkflowPath,
];

/** What `lanes init` knows of the repository: the files of `initPaths` (null when missing) and a few facts. */
export interface RepoSnapshot {
  files: ReadonlyMap<string, string | null>;
  /** `.husky/` is a folder. */
  huskyDir: boolean;
  /** Husky's runner `.husky/_/h` is there: husky is active in this worktree. */
  huskyActive: boolean;
  /** `core.hooksPath`, or null when unset. */
  hooksPath: string | null;
  /** How many plans the configured plan locations find. */
  plans: number;
  /** The current branch (the starter plan's `base`). */
  branch: string;
  /** Today, YYYY-MM-DD. */
  today: string;
}

/** What the user asked `lanes init` for. */
export interface InitOptions {
  /** Agents whose hook settings to write (`initAgents`). */
  agents: readonly string[];
  ci: 'github' | null;
}

/** A file `lanes init` writes: its text before (null: a new file) and after. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string;
  /** Git runs it: written executable. */
  executable: boolean;
}

/** What `lanes init` does to a repository: the file changes, the `core.hooksPath` to set, and what it leaves to the user. */
export interface InitPlan {
  manager: HookManager;
  packageManager: PackageManager;
  changes: FileChange[];
  /** The `core.hooksPath` this clone needs, when it is not set so yet. */
  hooksPath: string | null;
  /** What stays to do by hand, each a sentence with its fix. */
  notes: string[];
}

/** A request `lanes init` cannot carry out, with what to do instead (a usage error). */
export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InitError';
  }
}

function dependsOn(pkg: PackageJson, name: string): boolean {
  return pkg.dependencies?.[name] !== undefined || pkg.devDependencies?.[name] !== undefined;
}

interface PackageJson {
  name?: string;
  packageManager?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  lanes?: unknown;
  [key: string]: unknown;
}

/** The hook manager in use: husky's folder or dependency, else a lefthook config or dependency, else none (Lanes' own). */
export function detectHookManager(snapshot: RepoSnapshot, pkg: PackageJson): HookManager {
  if (snapshot.huskyDir || dependsOn(pkg, 'husky') || /(^|\/)\.husky(\/_)?\/?$/.test(snapshot.hooksPath ?? '')) return 'husky';
  if (lefthookFiles.some((f) => snapshot.files.get(f) != null) || dependsOn(pkg, 'lefthook') || dependsOn(pkg, '@evilmartians/lefthook')) return 'lefthook';
  return 'lanes';
}

function detectPackageManager(snapshot: RepoSnapshot, pkg: PackageJson): PackageManager {
  const declared = /^(npm|pnpm|yarn)@/.exec(pkg.packageManager ?? '')?.[1] as PackageManager | undefined;
  if (declared !== undefined) return declared;
  if (snapshot.files.get('pnpm-lock.yaml') != null) return 'pnpm';
  if (snapshot.files.get('yarn.lock') != null) return 'yarn';
  return 'npm';
}

/** `prepare` with `part` run after what it already runs; unchanged when it already runs it. */
function withPrepare(prepare: string | undefined, part: string): string {
  if (prepare === undefined || prepare.trim() === '') return part;
  if (prepare.split(/&&|;/).some((p) => p.trim() === part)) return prepare;
  return `${prepare} && ${part}`;
}

/** JSON in the indentation of the text it replaces, with its final newline. */
function formatJson(value: unknown, like: string | null): string {
  const indent = like === null ? '  ' : (/\n([ \t]+)"/.exec(like)?.[1] ?? '  ');
  return `${JSON.stringify(value, null, indent)}\n`;
}

/** A JSON file that must hold an object. */
function parseObject(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InitError(`${path} is not valid JSON (${(error as Error).message}); fix it, then run lanes init again`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InitError(`${path} is not a JSON object; fix it, then run lanes init again`);
  return value as Record<string, unknown>;
}

interface ClaudeSettings {
  hooks?: { PreToolUse?: { matcher?: string; hooks?: { type?: string; command?: string }[] }[] };
  [key: string]: unknown;
}

/** `.claude/settings.json` with the guard's `PreToolUse` hook: an earlier Lanes hook replaced, anything else kept. */
function withClaudeHook(text: string | null): string {
  const settings: ClaudeSettings = text === null ? {} : parseObject('.claude/settings.json', text);
  const hooks = (settings.hooks ??= {});
  const entries = (hooks.PreToolUse ??= []);
  const ours = { matcher: claudeHookMatcher, hooks: [{ type: 'command', command: claudeHookCommand }] };
  const at = entries.findIndex((e) => e.hooks?.some((h) => /\bguard\s+--claude-hook\b/.test(h.command ?? '')) === true);
  if (at < 0) entries.push(ours);
  else entries[at] = ours;
  return formatJson(settings, text);
}

type HookEntry = Record<string, unknown>;

/**
 * A JSON hook file with `ours` in the list at `keys` (`['hooks', 'PreToolUse']`): the entry an earlier Lanes wrote
 * (one that runs `guard --hook <agent>`) replaced, the user's entries and settings kept, `top` added where missing.
 */
function withJsonHook(path: string, text: string | null, keys: [string, string], ours: HookEntry, agent: string, top: Record<string, unknown> = {}): string {
  const settings = { ...top, ...(text === null ? {} : parseObject(path, text)) };
  const group = (settings[keys[0]] ??= {}) as Record<string, unknown>;
  if (typeof group !== 'object' || Array.isArray(group)) throw new InitError(`${path}: \`${keys[0]}\` is not an object; fix it, then run lanes init again`);
  const list = Array.isArray(group[keys[1]]) ? (group[keys[1]] as unknown[]) : [];
  const lanesHook = new RegExp(`\\bguard\\s+--hook\\s+${agent}\\b`);
  const at = list.findIndex((e) => lanesHook.test(JSON.stringify(e)));
  if (at < 0) list.push(ours);
  else list[at] = ours;
  group[keys[1]] = list;
  return formatJson(settings, text);
}

/** Each agent's project hook file: where, the entry, and what to say when it is written. */
function agentHookFile(agent: keyof typeof agentHookPaths, text: string | null): { path: string; after: string; note: string } {
  const command = agentHookCommand(agent);
  switch (agent) {
    case 'codex':
      return {
        path: '.codex/hooks.json',
        after: withJsonHook('.codex/hooks.json', text, ['hooks', 'PreToolUse'], { matcher: codexHookMatcher, hooks: [{ type: 'command', command, timeout: 60 }] }, agent),
        note: 'codex runs a project hook only in a trusted project, and only once that hook is trusted too (its hash in [hooks.state], which codex asks for the first time it sees the hook); until then it skips it without a word. lanes dispatch injects and trusts its own hook per run',
      };
    case 'gemini':
      return {
        path: '.gemini/settings.json',
        after: withJsonHook('.gemini/settings.json', text, ['hooks', 'BeforeTool'], { matcher: geminiHookMatcher, hooks: [{ type: 'command', name: 'lanes-guard', command }] }, agent),
        note: 'gemini runs project hooks only in a trusted folder (trust it once in gemini, or set GEMINI_CLI_TRUST_WORKSPACE=true)',
      };
    case 'cursor':
      return {
        path: '.cursor/hooks.json',
        after: withJsonHook('.cursor/hooks.json', text, ['hooks', 'preToolUse'], { command }, agent, { version: 1 }),
        note: 'the cursor hook is written from cursor\'s hooks documentation; Lanes has not run it against cursor',
      };
    case 'copilot':
      return {
        path: '.github/hooks/lanes.json',
        after: withJsonHook('.github/hooks/lanes.json', text, ['hooks', 'preToolUse'], { type: 'command', bash: command, timeoutSec: 30 }, agent, { version: 1 }),
        note: 'the copilot hook is written from copilot\'s hooks documentation; Lanes has not run it against copilot',
      };
  }
}

/** lefthook's config with the guard's commands (`lanes-guard`, and `lanes-message` on commit-msg) set. */
function withLefthook(path: string, text: string, emptyMessageCheck: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new InitError(`${path} is not valid YAML (${doc.errors[0]!.message}); fix it, then run lanes init again`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new InitError(`${path} is not a YAML mapping; fix it, then run lanes init again`);
  // lefthook runs each `run` with sh from the root and puts the hook's arguments in for {1}, {2}, …. The
  // scripts are several lines: a literal block keeps their line breaks (a folded one would join them).
  const literal = (text: string): Scalar => Object.assign(new Scalar(text), { type: Scalar.BLOCK_LITERAL });
  for (const hook of guardHooks) doc.setIn([hook, 'commands', 'lanes-guard', 'run'], literal(guardLines(hook).replaceAll('"$1"', '{1}')));
  doc.setIn(['commit-msg', 'commands', 'lanes-message', 'run'], literal(emptyMessageCheck.replace('"$1"', '{1}')));
  return doc.toString({ lineWidth: 0 });
}

/**
 * What `lanes init` does to the repository the snapshot shows (pure: no files, no git). A second plan made after
 * the first was applied has no change and no `hooksPath`.
 */
export function planInit(snapshot: RepoSnapshot, options: InitOptions, emptyMessageCheck: string): InitPlan {
  const pkgText = snapshot.files.get('package.json') ?? null;
  if (pkgText === null) throw new InitError('no package.json at the repository root; run npm init (or pnpm init) first, then lanes init');
  const pkg: PackageJson = parseObject('package.json', pkgText);
  for (const agent of options.agents) {
    if (!(initAgents as readonly string[]).includes(agent)) throw new InitError(`--agents ${agent}: lanes init writes the hook settings of ${initAgents.join(', ')}; leave ${agent} out`);
  }
  const manager = detectHookManager(snapshot, pkg);
  const packageManager = detectPackageManager(snapshot, pkg);
  const changes: FileChange[] = [];
  const notes: string[] = [];
  const put = (path: string, after: string, executable = false): boolean => {
    const before = snapshot.files.get(path) ?? null;
    if (before !== after) changes.push({ path, before, after, executable });
    return before !== after;
  };

  const next: PackageJson = structuredClone(pkg);
  next.lanes ??= { plans: ['plans/**/*.md'] };
  let hooksPath: string | null = null;
  if (manager === 'husky') {
    for (const hook of guardHooks) put(`.husky/${hook}`, withBlock(snapshot.files.get(`.husky/${hook}`) ?? '', guardBlock(hook)), true);
    put('.husky/commit-msg', withBlock(snapshot.files.get('.husky/commit-msg') ?? '', `${blockStart}\n${emptyMessageCheck}\n${blockEnd}\n`), true);
    put('.husky/post-checkout', withBlock(snapshot.files.get('.husky/post-checkout') ?? '', huskyWorktreeBlock), true);
    next.scripts = { ...next.scripts, prepare: withPrepare(next.scripts?.prepare, 'husky') };
    if (!snapshot.huskyActive) notes.push('husky is not active in this clone (no .husky/_/h): run npx husky, or npm install, which runs it through the prepare script');
  } else if (manager === 'lefthook') {
    const path = lefthookFiles.find((f) => snapshot.files.get(f) != null) ?? 'lefthook.yml';
    put(path, withLefthook(path, snapshot.files.get(path) ?? '', emptyMessageCheck));
    notes.push('lefthook installs its hooks on npm install (its postinstall) or with npx lefthook install; a linked worktree runs them only where lefthook itself can be found');
  } else {
    if (snapshot.hooksPath !== null && snapshot.hooksPath !== lanesHooksDir) {
      throw new InitError(
        `core.hooksPath is ${snapshot.hooksPath}, so git would not run the hooks of ${lanesHooksDir}/; unset it (git config --unset core.hooksPath) and run lanes init again, or add \`lanes guard\` to that folder's pre-commit yourself (see docs/guard.md)`,
      );
    }
    for (const hook of hookNames) put(`${lanesHooksDir}/${hook}`, hookFile(hook, emptyMessageCheck), true);
    next.scripts = { ...next.scripts, prepare: withPrepare(next.scripts?.prepare, activateScript) };
    if (snapshot.hooksPath !== lanesHooksDir) hooksPath = lanesHooksDir;
  }
  put('package.json', JSON.stringify(next) === JSON.stringify(pkg) ? pkgText : formatJson(next, pkgText));

  if (snapshot.plans === 0) {
    const plan = starterPlan({ packageName: pkg.name, date: snapshot.today, base: snapshot.branch });
    put(plan.path, plan.text);
  }
  if (options.agents.includes('claude')) put('.claude/settings.json', withClaudeHook(snapshot.files.get('.claude/settings.json') ?? null));
  for (const agent of initAgents) {
    if (agent === 'claude' || !options.agents.includes(agent)) continue;
    const file = agentHookFile(agent, snapshot.files.get(agentHookPaths[agent]) ?? null);
    if (put(file.path, file.after)) notes.push(file.note);
  }
  if (options.ci === 'github') {
    const current = snapshot.files.get(githubWorkflowPath) ?? null;
    if (current === null || current.startsWith('# Lanes (written by `lanes init')) put(githubWorkflowPath, githubWorkflow(packageManager));
    else notes.push(`${githubWorkflowPath} is there and lanes init did not write it; it is left as it is`);
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { manager, packageManager, changes, hooksPath, notes };
}
