import { spawnGit, type GitOutput } from './run-git.ts';

/** `git rev-parse` of everything the guard needs to know about the repository, in one call. */
export const repoStateArgs = [
  'rev-parse',
  '--show-toplevel',
  '--absolute-git-dir',
  '--path-format=absolute',
  '--git-common-dir',
  '--show-prefix',
  '--verify',
  '-q',
  'HEAD',
];

/** The options every raw diff of the guard runs with, whatever the user's configuration says. */
export const rawDiffOptions = ['-z', '--raw', '--no-renames', '--no-relative', '--ignore-submodules=none', '--no-ext-diff'];

/** `git diff-index` of what the index holds against a tree-ish: the commit being made. */
export function stagedDiffArgs(against: string): string[] {
  // `--ita-invisible-in-index`: a path added with `git add -N` is not committed (git leaves it out of the
  // tree), so it is not part of the change; under `git commit -a` git stages it for real first.
  return ['diff-index', '--cached', '--ita-invisible-in-index', ...rawDiffOptions, against, '--'];
}

/** The reads of a pre-commit check, started at once: the repository, the staged diff, the configuration. */
export interface GuardReads {
  state: Promise<GitOutput>;
  /** `git diff-index` against `HEAD` (useless, and cancelled, on a first commit, a merge or a commit by nobody). */
  staged: Promise<GitOutput>;
  /** `git cat-file --batch` of `HEAD:package.json`. */
  config: Promise<GitOutput>;
  cancelStaged: () => void;
}

/**
 * Starts the git reads of `lanes guard` before the rest of the guard is loaded: on a one-file commit in a
 * large repository, node's start-up and git's diff then overlap instead of adding up.
 */
export function startGuardReads(cwd: string, env: NodeJS.ProcessEnv): GuardReads {
  const call = { cwd, env };
  const staged = spawnGit(stagedDiffArgs('HEAD'), call);
  return {
    state: spawnGit(repoStateArgs, call).result,
    staged: staged.result,
    config: spawnGit(['cat-file', '--batch'], { ...call, input: 'HEAD:package.json\n' }).result,
    cancelStaged: staged.cancel,
  };
}
