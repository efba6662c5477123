import { spawnSync } from 'node:child_process';

/** What a git command printed and how it ended. */
export interface GitResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Options of a git call. */
export interface GitOptions {
  cwd: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Return stdout as raw bytes decoded as latin1 (for `-z` output that may hold invalid UTF-8). */
  binary?: boolean;
}

/** A git command that failed: its arguments, exit status and what it said. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly status: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

/** Runs git and returns what it printed, whatever its exit status. */
export function runGit(args: readonly string[], options: GitOptions): GitResult {
  const result = spawnSync('git', args, {
    cwd: options.cwd,
    input: options.input,
    env: options.env ?? process.env,
    maxBuffer: 1024 * 1024 * 1024,
    encoding: options.binary ? 'latin1' : 'utf8',
  });
  if (result.error) throw new GitError(args, -1, result.error.message);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

/** Runs git and returns its stdout; throws `GitError` on a non-zero exit. */
export function git(args: readonly string[], options: GitOptions): string {
  const result = runGit(args, options);
  if (result.status !== 0) throw new GitError(args, result.status, result.stderr);
  return result.stdout;
}

/** The top of the working tree that holds `cwd`. */
export function repoRoot(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], { cwd }).trim();
}

/** The git common dir (shared by all worktrees), absolute. */
export function gitCommonDir(cwd: string): string {
  return git(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd }).trim();
}

/** This worktree's own git dir, absolute. */
export function gitDir(cwd: string): string {
  return git(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd }).trim();
}

/** The object name a revision resolves to, or null when it does not resolve. */
export function resolveRev(cwd: string, rev: string): string | null {
  const r = runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The current branch name, or null on a detached HEAD. */
export function currentBranch(cwd: string): string | null {
  const r = runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Every file path in a revision's tree (`git ls-tree -r -z --name-only`). */
export function listFilesAt(cwd: string, rev: string): string[] {
  // `git ls-tree -z` prints each path verbatim followed by NUL; no quoting.
  return git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev], { cwd })
    .split('\0')
    .filter((p) => p !== '');
}

/** A file's content at a revision (`rev:path`, or `:path` for the index), or null when it is not there. */
export function readFileAt(cwd: string, rev: string, path: string): string | null {
  const r = runGit(['cat-file', 'blob', `${rev}:${path}`], { cwd });
  return r.status === 0 ? r.stdout : null;
}
