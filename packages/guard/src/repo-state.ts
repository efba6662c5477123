import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headRefArgs, repoStateArgs } from './git-args.ts';
import { gitEnvOf, GitFailure, pathspecMagicVars, runGitBytes, type GitCall, type GitOutput } from './run-git.ts';

/** The repository around a working directory, read with one `git rev-parse`. */
export interface RepoState {
  /** Where git commands run (the caller's directory: `GIT_INDEX_FILE` may be relative to it). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The top of the working tree. */
  top: string;
  /** This worktree's git dir, absolute. */
  gitDir: string;
  /** The git dir shared by all worktrees, absolute. */
  commonDir: string;
  /** The path of `cwd` from the top (`sub/dir/`), empty at the top. */
  prefix: string;
  /** The commit `HEAD` names, or null on an unborn branch. */
  head: string | null;
  /** The `pathspecMagicVars` the user's environment sets (left out of `env`), for the commands a message suggests. */
  pathspecVars: string[];
}

/** The git call of a repository state. */
export function callOf(state: RepoState): GitCall {
  return { cwd: state.cwd, env: state.env };
}

/** Reads the repository around `cwd`; throws `GitFailure` outside a working tree. */
export function readRepoState(cwd: string, env: NodeJS.ProcessEnv): RepoState {
  return parseRepoState(cwd, env, runGitBytes(repoStateArgs, { cwd, env: gitEnvOf(env) }));
}

/** The repository state from the output of `repoStateArgs`; throws `GitFailure` outside a working tree. */
export function parseRepoState(cwd: string, env: NodeJS.ProcessEnv, result: GitOutput): RepoState {
  // Prints "<top>\n<git dir>\n<common dir>\n<prefix>\n<HEAD>\n"; on an unborn branch the last line is missing
  // and the exit status is 1 (`--verify -q`); outside a repository it exits 128.
  const lines = result.stdout.toString('utf8').split('\n');
  if ((result.status !== 0 && result.status !== 1) || lines.length < 4 || lines[0] === '') {
    throw new GitFailure(repoStateArgs, result.status, result.stderr || 'not inside a git working tree');
  }
  return {
    cwd,
    env: gitEnvOf(env),
    pathspecVars: pathspecMagicVars.filter((name) => env[name] !== undefined),
    top: lines[0]!,
    gitDir: lines[1]!,
    commonDir: lines[2]!,
    prefix: lines[3]!,
    head: result.status === 0 && lines[4] ? lines[4] : null,
  };
}

/** What the plan listing at `HEAD` depends on: the blob of `HEAD:package.json` and the object at each plan location. */
export interface ListingKey {
  packageJson: string;
  locations: { path: string; oid: string }[];
}

const objectId = /^[0-9a-f]{40,64}$/;

/**
 * The repository state and the listing key from the output of `headStateArgs(pathspecs)`; null when it does
 * not name `HEAD` (an unborn branch, or git failed: `readRepoState` then says which, in git's words). The key is
 * null when a file it needs is not at `HEAD`, or when the locations are the whole tree (`pathspecs` empty).
 */
export function parseHeadState(cwd: string, env: NodeJS.ProcessEnv, result: GitOutput, pathspecs: readonly string[]): { state: RepoState; key: ListingKey | null } | null {
  // Prints "<top>\n<git dir>\n<common dir>\n<prefix>\n" and then one object id a revision, in order, until
  // one does not resolve: git then says "fatal: bad revision 'HEAD:plans'" and exits 128; when all of them
  // do, the last line is "--" and the exit status 0.
  const lines = result.stdout.toString('utf8').split('\n');
  if (lines.length < 6 || lines[0] === '' || !objectId.test(lines[4]!)) return null;
  const state = parseRepoState(cwd, env, { status: 0, stdout: Buffer.from(lines.slice(0, 5).join('\n')), stderr: '' });
  const ids = lines.slice(5, 6 + pathspecs.length);
  const whole = result.status === 0 && pathspecs.length > 0 && lines[6 + pathspecs.length] === '--' && ids.every((id) => objectId.test(id));
  return {
    state,
    key: whole ? { packageJson: ids[0]!, locations: pathspecs.map((path, i) => ({ path, oid: ids[i + 1]! })) } : null,
  };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The branch being committed to: during a rebase the branch being rebased (`rebase-merge/head-name`),
 * else the branch `HEAD` names; null on a detached `HEAD`.
 */
export function currentBranch(state: RepoState): string | null {
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const name = readText(join(state.gitDir, dir, 'head-name'))?.trim();
    if (name !== undefined && name !== '') return name.startsWith('refs/heads/') ? name.slice('refs/heads/'.length) : null;
  }
  // `.git/HEAD` holds "ref: refs/heads/<branch>\n", or an object id when detached. Other ref backends keep
  // a placeholder there, so anything unexpected is asked of git itself.
  const head = readText(join(state.gitDir, 'HEAD'));
  const match = head === null ? null : /^ref: refs\/heads\/(.+)\n?$/.exec(head);
  if (match && match[1] !== '.invalid') return match[1]!;
  if (head !== null && /^[0-9a-f]{40,64}\n?$/.test(head)) return null;
  const result = runGitBytes(headRefArgs, callOf(state));
  const ref = result.stdout.toString('utf8').trim();
  return result.status === 0 && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

/**
 * The other parents of the commit being made when it is a merge: `MERGE_HEAD` (a merge that stopped and
 * is committed with `git commit`), else the `GITHEAD_<id>` variables git sets for its `pre-merge-commit` hook.
 */
export function mergeHeads(state: RepoState): string[] {
  const file = readText(join(state.gitDir, 'MERGE_HEAD'));
  if (file !== null) return file.split('\n').filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  return Object.keys(state.env)
    .map((key) => /^GITHEAD_([0-9a-f]{40,64})$/.exec(key)?.[1])
    .filter((id): id is string => id !== undefined);
}
