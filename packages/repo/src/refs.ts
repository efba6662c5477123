import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runGit } from './git.ts';

// Reading a ref costs a git process (5–10 ms here); the dispatch runner reads HEAD and branch tips after every
// session to learn whether it committed anything. Git's files-backend layout is stable and documented
// (gitrepository-layout(5)): `HEAD` in the worktree's git dir, loose refs under the common dir's `refs/`, the
// rest in `packed-refs`. Anything else (a reftable repository, a symbolic ref chain, a file being rewritten)
// falls back to `git rev-parse`, so the answer is always git's.

/** A worktree's git dir (its own `HEAD`) and the common dir (refs shared by every worktree). */
export interface GitDirs {
  gitDir: string;
  commonDir: string;
}

const objectId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The git dirs of the working tree at `top` (its top folder), read from `.git` (a folder, or a `gitdir:` file
 * for a linked worktree); null when the layout is not the usual one or the environment points git elsewhere
 * (callers then ask git).
 */
export function findGitDirs(top: string, env: NodeJS.ProcessEnv = process.env): GitDirs | null {
  // With GIT_DIR and friends set, git does not read `.git`: neither do we.
  if (['GIT_DIR', 'GIT_COMMON_DIR', 'GIT_WORK_TREE'].some((k) => (env[k] ?? '') !== '')) return null;
  const dotGit = join(top, '.git');
  let gitDir: string;
  try {
    if (statSync(dotGit).isDirectory()) gitDir = dotGit;
    else {
      const pointer = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim();
      if (pointer === undefined) return null;
      gitDir = resolve(top, pointer);
    }
  } catch {
    return null;
  }
  const common = readText(join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common === undefined || common === '' ? gitDir : resolve(gitDir, common) };
}

/** The object id a full ref name (`refs/heads/main`) points at, from the loose file or `packed-refs`; null when neither has it. */
function readStoredRef(commonDir: string, ref: string): string | null {
  const loose = readText(join(commonDir, ref))?.trim();
  if (loose !== undefined) return objectId.test(loose) ? loose : null;
  const packed = readText(join(commonDir, 'packed-refs'));
  if (packed === null) return null;
  for (const line of packed.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === ref) {
      const id = line.slice(0, space);
      return objectId.test(id) ? id : null;
    }
  }
  return null;
}

/** What `HEAD` or a branch points at, read from the files when that is safe; null means: ask git. */
export function readRefFiles(dirs: GitDirs, name: 'HEAD' | { branch: string }): string | null {
  if (name !== 'HEAD') return readStoredRef(dirs.commonDir, `refs/heads/${name.branch}`);
  const head = readText(join(dirs.gitDir, 'HEAD'))?.trim();
  if (head === undefined) return null;
  if (objectId.test(head)) return head; // detached
  const target = /^ref: (refs\/heads\/\S+)$/.exec(head)?.[1];
  return target === undefined ? null : readStoredRef(dirs.commonDir, target);
}

/**
 * The commit `HEAD` (or a branch) of the working tree at `top` points at: read from git's files when the
 * layout is the usual one, else from `git rev-parse`. Null when git cannot resolve it (an unborn branch).
 */
export function readRef(top: string, name: 'HEAD' | { branch: string }, env: NodeJS.ProcessEnv = process.env, dirs: GitDirs | null = findGitDirs(top, env)): string | null {
  const fast = dirs === null ? null : readRefFiles(dirs, name);
  if (fast !== null) return fast;
  const rev = name === 'HEAD' ? 'HEAD' : `refs/heads/${name.branch}`;
  const r = runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: top, env });
  return r.status === 0 ? r.stdout.trim() : null;
}
