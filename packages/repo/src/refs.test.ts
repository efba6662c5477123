import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitTestEnv } from './testing.ts';
import { findGitDirs, readRef, readRefFiles } from './refs.ts';

const env = gitTestEnv();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-refs-')));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  git(dir, 'add', 'a.txt');
  git(dir, 'commit', '-q', '-m', 'one');
  return dir;
}

describe('readRef', () => {
  it('reads HEAD and a branch from loose refs without git, as git resolves them', () => {
    const dir = repo();
    const dirs = findGitDirs(dir, env);
    expect(dirs).toEqual({ gitDir: join(dir, '.git'), commonDir: join(dir, '.git') });
    expect(readRefFiles(dirs!, 'HEAD')).toBe(git(dir, 'rev-parse', 'HEAD'));
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'two');
    expect(readRefFiles(dirs!, 'HEAD')).toBe(git(dir, 'rev-parse', 'HEAD'));
    expect(readRefFiles(dirs!, { branch: 'main' })).toBe(git(dir, 'rev-parse', 'main'));
  });

  it('reads packed refs and a detached HEAD', () => {
    const dir = repo();
    git(dir, 'branch', 'side');
    git(dir, 'pack-refs', '--all');
    const dirs = findGitDirs(dir, env)!;
    expect(readRefFiles(dirs, { branch: 'side' })).toBe(git(dir, 'rev-parse', 'side'));
    expect(readRefFiles(dirs, 'HEAD')).toBe(git(dir, 'rev-parse', 'HEAD'));
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'two');
    git(dir, 'checkout', '-q', '--detach', 'side');
    expect(readRefFiles(dirs, 'HEAD')).toBe(git(dir, 'rev-parse', 'side'));
  });

  it("reads a linked worktree's own HEAD and the branches of the common dir", () => {
    const dir = repo();
    const wt = join(dir, '.wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'lane', wt);
    git(wt, 'commit', '-q', '--allow-empty', '-m', 'in the worktree');
    const dirs = findGitDirs(wt, env)!;
    expect(dirs.commonDir).toBe(join(dir, '.git'));
    expect(dirs.gitDir).toBe(git(wt, 'rev-parse', '--path-format=absolute', '--git-dir'));
    expect(readRefFiles(dirs, 'HEAD')).toBe(git(wt, 'rev-parse', 'HEAD'));
    expect(readRefFiles(dirs, 'HEAD')).not.toBe(git(dir, 'rev-parse', 'HEAD'));
    expect(readRef(dir, { branch: 'lane' }, env)).toBe(git(dir, 'rev-parse', 'lane'));
  });

  it('asks git when the files do not say (an unborn branch, a missing branch, GIT_DIR set)', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-refs-')));
    git(dir, 'init', '-q', '-b', 'main');
    expect(readRefFiles(findGitDirs(dir, env)!, 'HEAD')).toBeNull();
    expect(readRef(dir, 'HEAD', env)).toBeNull();
    const full = repo();
    expect(readRef(full, { branch: 'nope' }, env)).toBeNull();
    expect(findGitDirs(full, { ...env, GIT_DIR: join(full, '.git') })).toBeNull();
    expect(readRef(full, 'HEAD', { ...env, GIT_DIR: join(full, '.git') })).toBe(git(full, 'rev-parse', 'HEAD'));
  });
});
