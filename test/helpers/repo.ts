import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitTestEnv } from '@lanes/repo/testing';
import { afterEach } from 'vitest';

/** The repository this test suite belongs to. */
export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The real `lanes` bin (built: `pnpm build`). */
export const lanesBin = join(workspaceRoot, 'packages/cli/bin/lanes.js');

/** An environment with a fixed git identity and no user or system git config, so tests see plain git. */
export const testEnv = gitTestEnv;

/** What a child process printed and how it ended. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): RunResult {
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? testEnv(), input: options.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git and throws with its output when it fails. */
export function git(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  const r = run('git', args, { cwd, env: env ?? testEnv() });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs the real `lanes` bin. */
export function lanes(cwd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  return run(process.execPath, [lanesBin, ...args], { cwd, env: options.env ?? testEnv(), ...(options.input === undefined ? {} : { input: options.input }) });
}

/** A fresh temp dir (realpath, so paths compare equal to what git prints). */
export function tempDir(prefix = 'lanes-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Writes files (paths from `root`), creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A new git repository on `main` with the given files committed as its first commit. */
export function makeRepo(files: Record<string, string> = {}): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  writeFiles(dir, files);
  if (Object.keys(files).length > 0) {
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'initial']);
  }
  return dir;
}

/** Removes a temp dir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * For a test file's top level: the returned function marks a folder (or file) to be removed after each test,
 * with the folders beside it named by `alongside` (`.record`, `.bin`), and gives it back.
 */
export function removedAfterEach(alongside: readonly string[] = []): (dir: string) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) for (const path of [dir, ...alongside.map((suffix) => `${dir}${suffix}`)]) removeDir(path);
  });
  return (dir) => {
    dirs.push(dir);
    return dir;
  };
}
