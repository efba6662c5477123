import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findGitDirs, git, GitError, readRef, runGit } from '@lanes/repo';

const excludeLine = '/.lanes/';

/** Makes sure `.lanes/` is ignored in the repository: adds it to `.git/info/exclude` when nothing ignores it yet. */
export function ensureLanesIgnored(root: string): boolean {
  const commonDir = findGitDirs(root)?.commonDir;
  const readExclude = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  // The line this function writes, found where it writes it: nothing to ask git.
  if (commonDir !== undefined && readExclude(join(commonDir, 'info', 'exclude')).split('\n').includes(excludeLine)) return false;
  if (runGit(['check-ignore', '-q', '--no-index', '.lanes/dispatch'], { cwd: root }).status === 0) return false;
  const exclude = commonDir !== undefined ? join(commonDir, 'info', 'exclude') : resolve(root, git(['rev-parse', '--git-path', 'info/exclude'], { cwd: root }).trim());
  mkdirSync(dirname(exclude), { recursive: true });
  const text = readExclude(exclude);
  appendFileSync(exclude, `${text === '' || text.endsWith('\n') ? '' : '\n'}# lanes dispatch state, logs and worktrees\n${excludeLine}\n`);
  return true;
}

/** A worktree as `git worktree list --porcelain` names it. */
export interface WorktreeEntry {
  path: string;
  branch: string | null;
  prunable: boolean;
}

// `git worktree list --porcelain` prints blocks like "worktree <path>\nHEAD <sha>\nbranch refs/heads/<name>\n"
// (or "detached"), with "prunable ..." when the folder is gone, separated by blank lines.
/** The repository's worktrees. */
export function listWorktrees(root: string): WorktreeEntry[] {
  return git(['worktree', 'list', '--porcelain'], { cwd: root })
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      const path = lines.find((l) => l.startsWith('worktree '))?.slice(9) ?? '';
      const branch = lines.find((l) => l.startsWith('branch '))?.slice(7).replace(/^refs\/heads\//, '') ?? null;
      return { path, branch, prunable: lines.some((l) => l.startsWith('prunable')) };
    })
    .filter((w) => w.path !== '');
}

/**
 * A session's worktree on its branch, reconciled with what a crashed run left: a registered worktree on the
 * branch is reused, a stale registration is pruned, an existing branch is checked out, else the branch is made
 * from `base`. Callers run these one at a time (git takes `config.lock` and the worktree admin folder).
 */
export function prepareWorktree(root: string, relPath: string, branch: string, base: string, known?: WorktreeEntry[]): { path: string; created: boolean } {
  const path = resolve(root, relPath);
  let entries = known ?? listWorktrees(root);
  if (entries.some((w) => w.prunable)) {
    git(['worktree', 'prune'], { cwd: root });
    entries = listWorktrees(root);
  }
  const here = entries.find((w) => resolve(w.path) === path);
  if (here !== undefined) {
    if (here.branch === branch) return { path, created: false };
    throw new Error(`${relPath} is a worktree on ${here.branch ?? 'a detached HEAD'}, expected ${branch}; remove it with \`git worktree remove ${relPath}\``);
  }
  const elsewhere = entries.find((w) => w.branch === branch);
  if (elsewhere !== undefined) {
    throw new Error(`branch ${branch} is checked out in ${elsewhere.path}; a session's worktree needs it: switch that checkout to another branch`);
  }
  mkdirSync(dirname(path), { recursive: true });
  // The branch is usually new: try that first, and check out the existing branch when git says it exists.
  const made = runGit(['worktree', 'add', '-q', '-b', branch, '--', path, base], { cwd: root });
  if (made.status === 0) return { path, created: true };
  if (!/already exists/.test(made.stderr)) throw new GitError(['worktree', 'add', '-b', branch, relPath, base], made.status, made.stderr);
  git(['worktree', 'add', '-q', '--', path, branch], { cwd: root });
  return { path, created: false };
}

/** The commit HEAD points at in a working tree (its top folder), read from git's files when it can be. */
export function headCommit(cwd: string): string {
  const head = readRef(cwd, 'HEAD');
  if (head === null) throw new GitError(['rev-parse', 'HEAD'], 128, `HEAD of ${cwd} names no commit yet: make a first commit`);
  return head;
}

/** `git diff --shortstat` of a set of commits (each against its first parent), summed: "3 files changed, 10 insertions(+)". */
export function diffstatOf(cwd: string, shas: readonly string[]): string {
  let files = 0;
  let insertions = 0;
  let deletions = 0;
  for (const sha of shas) {
    const out = git(['show', '--shortstat', '--format=', '--no-renames', sha], { cwd });
    files += Number(/(\d+) files? changed/.exec(out)?.[1] ?? 0);
    insertions += Number(/(\d+) insertions?/.exec(out)?.[1] ?? 0);
    deletions += Number(/(\d+) deletions?/.exec(out)?.[1] ?? 0);
  }
  return `${files} file${files === 1 ? '' : 's'} changed, +${insertions} -${deletions}`;
}

/** True when the working tree has no uncommitted change to `path` (staged or not) and HEAD has it. */
export function isCommittedClean(root: string, path: string): boolean {
  // HEAD has that exact path (a case-insensitive file system would find `Plans/x.md` for `plans/x.md`), and
  // the working tree and the index are the same as HEAD there.
  if (runGit(['cat-file', '-e', `HEAD:${path}`], { cwd: root }).status !== 0) return false;
  return git(['status', '--porcelain', '--', path], { cwd: root }).trim() === '';
}

/**
 * Commits the plan file alone as the runner's own commit (`git commit --only`: whatever else is staged stays
 * staged and out of it). It skips the hooks: it is the runner's own registry write, which a `guard: strict` plan
 * with an Active session would otherwise block; the `Lanes-Dispatch: registry` trailer says who made it.
 */
export function commitRegistry(root: string, planPath: string, message: string, env: NodeJS.ProcessEnv, known: 'changed' | 'unknown' = 'unknown'): boolean {
  // A caller that knows the file differs from HEAD (it wrote it) saves the status call.
  if (known === 'unknown' && git(['status', '--porcelain', '--', planPath], { cwd: root, env }).trim() === '') return false;
  // No hook runs for it: `--no-verify` skips pre-commit and commit-msg, and an empty hooks path skips
  // prepare-commit-msg too (a session trailer does not belong on it, and the guard's start costs a node process).
  git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--no-verify', '--only', '-m', message, '-m', 'Lanes-Dispatch: registry', '--', planPath], { cwd: root, env });
  return true;
}

/** The path of a folder as git would name it from the root, for messages. */
export function fromRoot(root: string, path: string): string {
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path === root ? '.' : path;
}

/** The repository's common dir and its `core.hooksPath` (one `git config`), or null when git's files are not where they usually are. */
export function hookPlaceOf(root: string, env: NodeJS.ProcessEnv): { commonDir: string; hooksPath: string | null } | null {
  const dirs = findGitDirs(root, env);
  if (dirs === null) return null;
  // The setting as git reads it (`--type=path` expands `~`), with its scope, and any `includeIf "onbranch:…"`:
  // a value that depends on the branch, or that the main tree's own `config.worktree` sets, may not hold in a
  // worktree on another branch, which is then asked about the long way.
  const r = runGit(['config', '--show-scope', '--type=path', '--get-regexp', '^(core\\.hookspath|includeif\\.onbranch:.*)$'], { cwd: root, env });
  if (r.status === 1) return { commonDir: dirs.commonDir, hooksPath: null }; // neither is set
  if (r.status !== 0) return null;
  let hooksPath: string | null = null;
  for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
    const [scope = '', entry = ''] = line.split('\t');
    const space = entry.indexOf(' ');
    const key = space === -1 ? entry : entry.slice(0, space);
    if (key !== 'core.hookspath' || scope === 'worktree') return null;
    hooksPath = space === -1 ? null : entry.slice(space + 1); // the last one wins, as in git
    if (hooksPath === null || hooksPath === '') return null;
  }
  return { commonDir: dirs.commonDir, hooksPath };
}
