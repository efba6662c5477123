import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FrontMatter, Plan } from '@lanes/core/model';
import { createPatternSet, parsePattern, setMatches, type OwnershipPattern, type PatternSet } from '@lanes/core/patterns';
import { git, GitError, runGit } from '@lanes/repo';
import { listWorktrees } from './git-work.ts';

/** How a batch's branches are brought together: the front matter's `integrate`. */
export type IntegrateMode = FrontMatter['integrate'];

/** A session whose branch may land: its id, branch, `Merge order` and when it finished. */
export interface LandCandidate {
  id: string;
  branch: string;
  /** The commit the session started from: its work is what the branch has on top of it. */
  start: string;
  mergeOrder: number | null;
  /** ISO time the session ended, for ties and blanks. */
  endedAt: string | null;
}

/**
 * The order a batch's branches land in (decision 19a): by `Merge order`, smallest first; ties, and sessions without
 * one after those with one, by the order the sessions finished; then by id, so that the order is always the same.
 */
export function landingOrder<T extends LandCandidate>(candidates: readonly T[]): T[] {
  const ended = (c: LandCandidate): number => (c.endedAt === null ? Number.POSITIVE_INFINITY : Date.parse(c.endedAt));
  return [...candidates].sort(
    (a, b) =>
      (a.mergeOrder ?? Number.POSITIVE_INFINITY) - (b.mergeOrder ?? Number.POSITIVE_INFINITY) ||
      ended(a) - ended(b) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** What became of one branch. */
export type LandStep =
  | { id: string; kind: 'landed'; how: 'fast-forward' | 'rebase' | 'merge'; commit: string; paths: string[] }
  /** The target already has everything on the branch (no commits, landed before, or commits whose changes it has). */
  | { id: string; kind: 'nothing'; commit: string }
  | { id: string; kind: 'conflict'; paths: string[]; with: Record<string, string[]> }
  /** Landing would change paths outside the session's lane (a resolution gone wrong, or a branch moved since its audit). */
  | { id: string; kind: 'outside-lane'; paths: string[] };

/** The result of landing a batch: where the target's new tip is and what happened to each branch, in landing order. */
export interface Landing {
  from: string;
  tip: string;
  steps: LandStep[];
}

/** What `landBranches` needs: the repository, the runner's own worktree, where the target is now, and how to judge lanes. */
export interface LandOptions {
  root: string;
  /** A worktree of the runner's own (made on first use, detached): rebases happen there, never in a user's tree. */
  workdir: string;
  /** The target's commit before the batch lands. */
  tip: string;
  mode: 'rebase' | 'merge';
  env: NodeJS.ProcessEnv;
  /** True when the session owns the path: what a branch adds to the target must be in its lane. */
  owns: (id: string, path: string) => boolean;
  /** Which session landed each path before this call (an earlier pass over the batch), to name a conflict's other side. */
  landedBy?: ReadonlyMap<string, string>;
}

/**
 * Lands branches on a target commit one after the other (decision 19a), without touching any user's working tree
 * or index, and without moving any branch: the caller moves the target to `tip` once it is satisfied. The first
 * lands by fast-forward where it can; each later one is rebased onto what landed before it (in the runner's own
 * worktree) or merged (`git merge-tree --write-tree`, `commit-tree`). A branch that conflicts, or would change
 * paths outside its lane, does not land; the next one is tried on what landed so far.
 */
export function landBranches(ordered: readonly LandCandidate[], options: LandOptions): Landing {
  const { root, env } = options;
  let tip = options.tip;
  const steps: LandStep[] = [];
  // Which landed session changed each path, for naming a conflict's other side.
  const changedBy = new Map<string, string>(options.landedBy ?? []);
  for (const c of ordered) {
    const head = git(['rev-parse', '--verify', '--end-of-options', `refs/heads/${c.branch}^{commit}`], { cwd: root, env }).trim();
    if (head === c.start || isAncestor(root, head, tip, env)) {
      steps.push({ id: c.id, kind: 'nothing', commit: tip });
      continue;
    }
    // Only the session's own commits land: where the target lacks what the session started from (a branch that
    // `--integrate-into` named), they are replayed onto it rather than merged with their history.
    const startLanded = isAncestor(root, c.start, tip, env);
    let next: { commit: string; how: 'fast-forward' | 'rebase' | 'merge' } | { conflicts: string[] };
    if (startLanded && isAncestor(root, tip, head, env)) next = { commit: head, how: 'fast-forward' };
    else if (startLanded && options.mode === 'merge') next = mergeOnto(root, tip, head, c, env);
    else next = rebaseOnto(options.workdir, root, tip, c.start, head, env);
    if ('conflicts' in next) {
      const with_: Record<string, string[]> = {};
      for (const path of next.conflicts) {
        const by = changedBy.get(path) ?? '';
        (with_[by] ??= []).push(path);
      }
      steps.push({ id: c.id, kind: 'conflict', paths: next.conflicts, with: with_ });
      continue;
    }
    const paths = changedPaths(root, tip, next.commit, env);
    // A replay that changes nothing (every commit already on the target, by patch) brings nothing of its own.
    if (paths.length === 0) {
      steps.push({ id: c.id, kind: 'nothing', commit: tip });
      continue;
    }
    const outside = paths.filter((p) => !options.owns(c.id, p));
    if (outside.length > 0) {
      steps.push({ id: c.id, kind: 'outside-lane', paths: outside });
      continue;
    }
    for (const p of paths) changedBy.set(p, c.id);
    steps.push({ id: c.id, kind: 'landed', how: next.how, commit: next.commit, paths });
    tip = next.commit;
  }
  return { from: options.tip, tip, steps };
}

/** The words for a conflict: "conflicts with S-A in a.ts, b.ts" (and "with the target" for paths no session of the batch changed). */
export function conflictReason(step: Extract<LandStep, { kind: 'conflict' }>, target: string): string {
  const parts = Object.entries(step.with).map(([by, paths]) => `with ${by === '' ? `what ${target} had` : by} in ${paths.join(', ')}`);
  return `conflicts ${parts.join('; ')}`;
}

function isAncestor(root: string, a: string, b: string, env: NodeJS.ProcessEnv): boolean {
  const r = runGit(['merge-base', '--is-ancestor', a, b], { cwd: root, env });
  if (r.status === 0) return true;
  if (r.status === 1) return false;
  throw new GitError(['merge-base', '--is-ancestor', a, b], r.status, r.stderr);
}

function changedPaths(root: string, from: string, to: string, env: NodeJS.ProcessEnv): string[] {
  return git(['diff', '--name-only', '--no-renames', '-z', from, to], { cwd: root, env })
    .split('\0')
    .filter((p) => p !== '');
}

// `git merge-tree --write-tree --name-only --no-messages A B` prints the merged tree's id on its first line, then,
// when it exits 1, one conflicted path per line ("src/a.ts"); exit 0 is a clean merge.
function mergeOnto(root: string, tip: string, head: string, c: LandCandidate, env: NodeJS.ProcessEnv): { commit: string; how: 'merge' } | { conflicts: string[] } {
  const r = runGit(['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', tip, head], { cwd: root, env });
  if (r.status !== 0 && r.status !== 1) throw new GitError(['merge-tree', '--write-tree', tip, head], r.status, r.stderr);
  const [tree = '', ...rest] = r.stdout.split('\0');
  if (r.status === 1) return { conflicts: [...new Set(rest.filter((p) => p !== ''))] };
  const message = `Merge ${c.id} (${c.branch})\n\nLanes-Dispatch: landing\n`;
  const commit = git(['commit-tree', tree, '-p', tip, '-p', head, '-F', '-'], { cwd: root, env, input: message }).trim();
  return { commit, how: 'merge' };
}

/**
 * Replays the commits `start..head` onto `tip`, in the runner's own worktree, detached: no branch moves.
 * On a conflict the rebase is aborted and the conflicted paths are returned.
 */
function rebaseOnto(workdir: string, root: string, tip: string, start: string, head: string, env: NodeJS.ProcessEnv): { commit: string; how: 'rebase' } | { conflicts: string[] } {
  checkoutWorkdir(workdir, root, tip, env);
  const quiet = ['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false'];
  const r = runGit([...quiet, 'rebase', '-q', '--no-autosquash', '--no-autostash', '--onto', tip, start, head], { cwd: workdir, env });
  if (r.status === 0) return { commit: git(['rev-parse', 'HEAD'], { cwd: workdir, env }).trim(), how: 'rebase' };
  const conflicts = git(['diff', '--name-only', '--diff-filter=U', '-z'], { cwd: workdir, env })
    .split('\0')
    .filter((p) => p !== '');
  runGit([...quiet, 'rebase', '--abort'], { cwd: workdir, env });
  if (conflicts.length === 0) throw new GitError(['rebase', tip, head], r.status, r.stderr || r.stdout);
  return { conflicts: [...new Set(conflicts)] };
}

/** The runner's landing worktree, made detached at `at` when it is not there (a stale registration is pruned first). */
function ensureWorkdir(workdir: string, root: string, at: string, env: NodeJS.ProcessEnv): void {
  const path = resolve(workdir);
  if (existsSync(resolve(path, '.git')) && listWorktrees(root).some((w) => resolve(w.path) === path)) return;
  git(['worktree', 'prune'], { cwd: root, env });
  mkdirSync(dirname(path), { recursive: true });
  git(['worktree', 'add', '-q', '-f', '--detach', '--', path, at], { cwd: root, env });
}

/** The runner's landing worktree, at `at` (detached, anything left in it discarded: nobody else works there). */
export function checkoutWorkdir(workdir: string, root: string, at: string, env: NodeJS.ProcessEnv): void {
  ensureWorkdir(workdir, root, at, env);
  git(['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false', 'checkout', '-q', '-f', '--detach', at], { cwd: workdir, env });
}

/** Removes the runner's landing worktree, when there is one. */
export function removeWorkdir(workdir: string, root: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(workdir)) return;
  runGit(['worktree', 'remove', '--force', '--', workdir], { cwd: root, env });
}

/** Where the dispatch's target is: a branch (checked out in the repository root or not), or the root's detached HEAD. */
export type Target = { kind: 'branch'; name: string } | { kind: 'detached' };

/** What stands in the way of moving the target. */
export interface AdvanceRefused {
  reason: string;
  paths: string[];
}

/**
 * Moves the target from `from` to `to`, a descendant of it. A target checked out in the repository root is advanced
 * by a fast-forward there, which git refuses when it would overwrite a change in the working tree (the paths are
 * named, nothing is touched); a branch checked out in another worktree is not moved; any other branch is updated
 * with `update-ref`, only if it is still at `from`.
 */
export function advanceTarget(root: string, target: Target, from: string, to: string, env: NodeJS.ProcessEnv): { where: 'root' | 'ref' } | AdvanceRefused {
  const here = target.kind === 'detached' ? 'HEAD' : `refs/heads/${target.name}`;
  const checkedOut = target.kind === 'detached' ? { path: root } : listWorktrees(root).find((w) => w.branch === target.name);
  if (from === to) return { where: checkedOut !== undefined && resolve(checkedOut.path) === resolve(root) ? 'root' : 'ref' };
  if (checkedOut === undefined) {
    const r = runGit(['update-ref', '-m', 'lanes: batch landed', here, to, from], { cwd: root, env });
    if (r.status !== 0) return { reason: `${target.kind === 'branch' ? target.name : 'HEAD'} moved while the batch landed (${r.stderr.trim()})`, paths: [] };
    return { where: 'ref' };
  }
  if (resolve(checkedOut.path) !== resolve(root)) {
    return { reason: `${here.replace('refs/heads/', '')} is checked out in ${checkedOut.path}, which the runner does not touch`, paths: [] };
  }
  const head = git(['rev-parse', 'HEAD'], { cwd: root, env }).trim();
  if (head !== from) return { reason: `HEAD of the repository root moved while the batch landed (it is at ${head.slice(0, 7)}, not ${from.slice(0, 7)})`, paths: [] };
  // `git merge --ff-only` refuses before it writes anything when a change in the working tree would be overwritten:
  //   error: Your local changes to the following files would be overwritten by merge:
  //   	src/a.ts
  //   Please commit your changes or stash them before you merge.
  // (or "The following untracked working tree files would be overwritten by merge:").
  const r = runGit(['-c', 'core.hooksPath=/dev/null', 'merge', '--ff-only', '-q', to], { cwd: root, env });
  if (r.status === 0) return { where: 'root' };
  const paths = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('\t'))
    .map((l) => l.slice(1));
  const what = /untracked working tree files/.test(r.stderr) ? 'untracked files' : 'uncommitted changes';
  return {
    reason: paths.length > 0 ? `the repository root has ${what} in the way: ${paths.slice(0, 20).join(', ')}${paths.length > 20 ? ` and ${paths.length - 20} more` : ''}` : `git could not fast-forward the repository root: ${r.stderr.trim()}`,
    paths,
  };
}

/** The root's target: the branch it has checked out, or its detached HEAD. */
export function rootTarget(root: string, env: NodeJS.ProcessEnv): Target {
  const r = runGit(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: root, env });
  return r.status === 0 ? { kind: 'branch', name: r.stdout.trim() } : { kind: 'detached' };
}

/** Whether a session of the plan owns a path (its `Owns`, read once per session): the lane landing keeps to. */
export function lanesOf(plan: Pick<Plan, 'sessions'>): (id: string, path: string) => boolean {
  const sets = new Map<string, PatternSet>();
  return (id, path) => {
    let set = sets.get(id);
    if (set === undefined) {
      const session = plan.sessions.find((x) => x.id === id);
      const patterns = (session?.owns ?? []).map((ref) => parsePattern(ref.text)).filter((r) => r.ok).map((r) => (r as { pattern: OwnershipPattern }).pattern);
      set = createPatternSet(patterns);
      sets.set(id, set);
    }
    return setMatches(set, path);
  };
}

/** A session whose pushed branch lands on the integration branch (GitHub Actions). */
export interface RemoteSession {
  id: string;
  branch: string;
  mergeOrder: number | null;
}

/**
 * The GitHub Actions integration job's landing (decision 19a, as `lanes dispatch` lands a batch here): the batch's
 * branches as pushed to `origin` go onto `into` in merge order (ties by id: the runner cannot see finish times),
 * each session's work being what its branch has beyond where it met `tip`; `into` is then set to the result
 * (the job pushes it). A session that pushed no branch is listed, not landed.
 */
export function landFromOrigin(
  sessions: readonly RemoteSession[],
  options: { root: string; workdir: string; tip: string; into: string; mode: 'rebase' | 'merge'; env: NodeJS.ProcessEnv; owns: (id: string, path: string) => boolean },
): { landing: Landing; missing: string[] } {
  const { root, env, tip } = options;
  const missing: string[] = [];
  const candidates: LandCandidate[] = [];
  for (const s of sessions) {
    const remote = runGit(['rev-parse', '-q', '--verify', `refs/remotes/origin/${s.branch}^{commit}`], { cwd: root, env });
    if (remote.status !== 0) {
      missing.push(s.id);
      continue;
    }
    const head = remote.stdout.trim();
    git(['update-ref', `refs/heads/${s.branch}`, head], { cwd: root, env });
    const start = git(['merge-base', tip, head], { cwd: root, env }).trim();
    candidates.push({ id: s.id, branch: s.branch, start, mergeOrder: s.mergeOrder, endedAt: null });
  }
  const landing = landBranches(landingOrder(candidates), { root, workdir: options.workdir, tip, mode: options.mode, env, owns: options.owns });
  git(['update-ref', `refs/heads/${options.into}`, landing.tip], { cwd: root, env });
  return { landing, missing };
}
