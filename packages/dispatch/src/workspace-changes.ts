import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { findGitDirs, git } from '@lanes/repo';
import type { UnfinishedOperation } from './session-outcome.ts';

/** The uncommitted changes of a working tree: path → a signature that changes when the path is touched again. */
export type TreeChanges = ReadonlyMap<string, string>;

/**
 * Every uncommitted change of a working tree: staged, unstaged and new files (ignored ones aside). The signature
 * is git's two status letters with the file's size and modification time, so that a path that was already changed
 * before a session and that the session changed again counts as the session's.
 */
export function readTreeChanges(cwd: string, env: NodeJS.ProcessEnv): TreeChanges {
  // `git status --porcelain=v1 -z --untracked-files=all --no-renames` prints "XY path\0" per path, verbatim
  // (no quoting with -z); with --no-renames there is no second "from" path.
  const out = git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], { cwd, env });
  const changes = new Map<string, string>();
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    let stamp = 'gone';
    try {
      const st = lstatSync(join(cwd, path));
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      // deleted in the working tree
    }
    changes.set(path, `${entry.slice(0, 2)} ${stamp}`);
  }
  return changes;
}

/** The paths changed in `now` that were not, or not so, in `before`; sorted. */
export function changedSince(before: TreeChanges, now: TreeChanges): string[] {
  return [...now].filter(([path, sig]) => before.get(path) !== sig).map(([path]) => path).sort();
}

/**
 * The git operation left stopped in the working tree at `cwd` (its git dir holds `rebase-merge/`,
 * `rebase-apply/` (with `applying`: `git am`), `MERGE_HEAD`, `CHERRY_PICK_HEAD` or `REVERT_HEAD`), or null.
 */
export function unfinishedOperation(cwd: string, env: NodeJS.ProcessEnv): UnfinishedOperation | null {
  const gitDir = findGitDirs(cwd, env)?.gitDir ?? git(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd, env }).trim();
  const marks: [string, UnfinishedOperation][] = [
    ['rebase-merge', 'rebase'],
    ['rebase-apply/applying', 'am'],
    ['rebase-apply', 'rebase'],
    ['MERGE_HEAD', 'merge'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['REVERT_HEAD', 'revert'],
  ];
  return marks.find(([file]) => existsSync(join(gitDir, file)))?.[1] ?? null;
}

/**
 * The commands that put a tree's leftovers aside without losing them (Lanes never deletes them itself). An
 * operation left stopped cannot be stashed (`git stash` refuses in the middle of one): the command that ends it
 * where it began is given instead, to run once its state is looked at (it drops what the operation did so far;
 * commits it made stay in `git reflog`).
 */
export function cleanupCommands(cwd: string, paths: readonly string[], label: string, unfinished: UnfinishedOperation | null = null): string[] {
  const at = `git -C '${cwd.replace(/'/g, `'\\''`)}'`;
  if (unfinished !== null) return [`${at} status`, `${at} ${unfinished} --abort`];
  const quoted = paths.map((p) => `'${p.replace(/'/g, `'\\''`)}'`).join(' ');
  return [`${at} stash push --include-untracked -m '${label.replace(/'/g, '')}' -- ${quoted}`];
}
