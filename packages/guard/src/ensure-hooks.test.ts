import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { inspectHooks } from './ensure-hooks.ts';

const env = gitTestEnv();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

/** A repository with `core.hooksPath` as given, and a worktree just made from it. */
function withWorktree(hooksPath: string | null): { root: string; worktree: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-hooks-')));
  git(root, 'init', '-q', '-b', 'main');
  mkdirSync(join(root, '.husky'));
  writeFileSync(join(root, '.husky', 'pre-commit'), 'lanes guard\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'one');
  if (hooksPath !== null) git(root, 'config', 'core.hooksPath', hooksPath);
  const worktree = join(root, '.lanes', 'worktrees', 'S-A');
  git(root, 'worktree', 'add', '-q', '-b', 'lane', worktree);
  return { root, worktree };
}

describe('inspectHooks with what the caller knows', () => {
  it('finds the same hooks as git for a worktree just made: no hooksPath, husky’s relative one, an absolute one', () => {
    for (const hooksPath of [null, '.husky/_', '/opt/hooks']) {
      const { root, worktree } = withWorktree(hooksPath);
      const known = { top: worktree, commonDir: join(root, '.git'), hooksPath };
      expect(inspectHooks(worktree, env, known)).toEqual(inspectHooks(worktree, env));
    }
    const { worktree } = withWorktree('.husky/_');
    expect(inspectHooks(worktree, env).hooksDir).toBe(join(worktree, '.husky', '_'));
    expect(inspectHooks(worktree, env).husky).toBe(true);
  });
});
