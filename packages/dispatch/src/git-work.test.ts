import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { hookPlaceOf } from './git-work.ts';

const env = gitTestEnv();
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-hook-place-')));
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

describe('hookPlaceOf', () => {
  it('gives the common dir and core.hooksPath as git reads it: unset, relative, with ~', () => {
    const dir = repo();
    expect(hookPlaceOf(dir, env)).toEqual({ commonDir: join(dir, '.git'), hooksPath: null });
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    expect(hookPlaceOf(dir, env)).toEqual({ commonDir: join(dir, '.git'), hooksPath: '.husky/_' });
    git(dir, 'config', 'core.hooksPath', '~/hooks');
    expect(hookPlaceOf(dir, env)).toEqual({ commonDir: join(dir, '.git'), hooksPath: join(homedir(), 'hooks') });
  });

  it('says nothing (ask git per worktree) when the setting may depend on the branch or on the main tree alone', () => {
    const dir = repo();
    git(dir, 'config', 'includeIf.onbranch:lane/*.path', 'lane.cfg');
    expect(hookPlaceOf(dir, env)).toBeNull();
    const other = repo();
    git(other, 'config', 'extensions.worktreeConfig', 'true');
    git(other, 'config', '--worktree', 'core.hooksPath', '.hooks');
    expect(hookPlaceOf(other, env)).toBeNull();
  });
});
