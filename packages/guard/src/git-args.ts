// Every git command line of the guard, built here so that each is read in one place; the output each prints
// is quoted beside the code that parses it.

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

/**
 * `git rev-parse` of the repository (as `repoStateArgs`) and the ids, at `HEAD`, of `package.json` and of each plan
 * location (`HEAD:plans`): what the plan listing cached under them depends on. The trailing `--` keeps every
 * argument a revision (a file named `HEAD` is no ambiguity).
 */
export function headStateArgs(pathspecs: readonly string[]): string[] {
  return [...repoStateArgs.slice(0, 6), 'HEAD', 'HEAD:package.json', ...pathspecs.map((p) => `HEAD:${p}`), '--'];
}

/** The options every raw diff of the guard runs with, whatever the user's configuration says. */
export const rawDiffOptions = ['-z', '--raw', '--no-renames', '--no-relative', '--ignore-submodules=none', '--no-ext-diff'];

/** `git diff-index` of what the index holds against a tree-ish: the commit being made. */
export function stagedDiffArgs(against: string): string[] {
  // `--ita-invisible-in-index`: a path added with `git add -N` is not committed (git leaves it out of the
  // tree), so it is not part of the change; under `git commit -a` git stages it for real first.
  return ['diff-index', '--cached', '--ita-invisible-in-index', ...rawDiffOptions, against, '--'];
}

/** The git command that lists every blob at a commit (or in the index) at or under the given pathspecs. */
export function blobListArgs(at: { commit: string } | { index: true }, pathspecs: readonly string[]): string[] {
  // `--literal-pathspecs` keeps the folders literal (the guard's own environment drops the other
  // `GIT_*_PATHSPECS` settings, which git refuses beside it: `gitEnvOf`).
  // `-t` lists the folders on the way too: the ids the plan listing is cached under are read from the same listing.
  return 'commit' in at
    ? ['--literal-pathspecs', 'ls-tree', '-r', '-t', '-z', '--full-tree', at.commit, '--', ...pathspecs]
    : ['--literal-pathspecs', 'ls-files', '-s', '-z', '--full-name', '--', ...pathspecs];
}

/** `git diff-tree` of what a commit changes against one of its parents, or against nothing for a root commit. */
export function commitDiffArgs(from: string | null, to: string): string[] {
  return from === null ? ['diff-tree', '-r', '--root', '--no-commit-id', ...rawDiffOptions, to, '--'] : ['diff-tree', '-r', ...rawDiffOptions, from, to, '--'];
}

/** `git merge-tree` of git's own automatic merge of two commits: its tree, then the conflicted paths. */
export function mergeTreeArgs(ours: string, theirs: string): string[] {
  return ['merge-tree', '--write-tree', '-z', '--name-only', ours, theirs];
}

/** `git cat-file --batch`: the objects named on its input, one spec a line (`readObjects`). */
export const objectBatchArgs = ['cat-file', '--batch'];

/** The empty tree's id in this repository's hash, from an empty input: what a first commit is compared with. */
export const emptyTreeArgs = ['hash-object', '-t', 'tree', '--stdin'];

/** Writes a file of the working tree to git's objects and prints its id (a plan named on an unborn branch). */
export function writeBlobArgs(path: string): string[] {
  return ['hash-object', '-w', '--', path];
}

/** "Name <email> <time> <zone>" of the committer, as git would record it (for the override log). */
export const committerArgs = ['var', 'GIT_COMMITTER_IDENT'];

/** The ref `HEAD` names, when `.git/HEAD` does not say it plainly (another ref backend). */
export const headRefArgs = ['symbolic-ref', '-q', 'HEAD'];

/** The commit a revision names; `--end-of-options` keeps a revision from being read as an option. */
export function commitIdArgs(rev: string): string[] {
  return ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`];
}

/** The full ref name a revision names (`refs/heads/x`), or nothing for a commit id. The caller keeps `rev` from starting with `-`. */
export function fullRefNameArgs(rev: string): string[] {
  return ['rev-parse', '--symbolic-full-name', rev];
}

/** The commits of `base..head` without those reachable from `excluded`, oldest first, in `format`. */
export function rangeLogArgs(format: string, base: string, head: string, excluded: readonly string[]): string[] {
  return ['log', '--reverse', '--topo-order', `--format=${format}`, `${base}..${head}`, ...excluded.map((c) => `^${c}`), '--'];
}
