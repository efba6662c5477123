import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { cleanupCommands, unfinishedOperation } from './workspace-changes.ts';

const env = gitTestEnv();
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

describe('an operation left stopped in a working tree', () => {
  it('is found (a rebase at a conflict), and put aside with its own --abort, which the tree then takes', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-unfinished-')));
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'a.txt'), 'base\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'switch', '-qc', 'side');
    writeFileSync(join(dir, 'a.txt'), 'side\n');
    git(dir, 'commit', '-qam', 'side');
    git(dir, 'switch', '-q', 'main');
    writeFileSync(join(dir, 'a.txt'), 'main\n');
    git(dir, 'commit', '-qam', 'main');
    expect(unfinishedOperation(dir, env)).toBeNull();
    expect(cleanupCommands(dir, ['a.txt'], 'lanes: leftovers of S-B')).toEqual([`git -C '${dir}' stash push --include-untracked -m 'lanes: leftovers of S-B' -- 'a.txt'`]);
    expect(spawnSync('git', ['rebase', 'side'], { cwd: dir, env }).status).toBe(1);
    expect(unfinishedOperation(dir, env)).toBe('rebase');
    const [look, abort] = cleanupCommands(dir, ['a.txt'], 'lanes: leftovers of S-B', 'rebase');
    expect([look, abort]).toEqual([`git -C '${dir}' status`, `git -C '${dir}' rebase --abort`]);
    expect(spawnSync('sh', ['-c', abort!], { env }).status).toBe(0);
    expect(unfinishedOperation(dir, env)).toBeNull();
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(spawnSync('git', ['merge', 'side'], { cwd: dir, env }).status).toBe(1);
    expect(unfinishedOperation(dir, env)).toBe('merge');
    git(dir, 'merge', '--abort');
    // `git am` keeps its state where a rebase does (rebase-apply/), and is ended with its own --abort.
    const patch = git(dir, 'format-patch', '-1', '--stdout', 'side');
    expect(spawnSync('git', ['am'], { cwd: dir, env, input: patch }).status).not.toBe(0);
    expect(unfinishedOperation(dir, env)).toBe('am');
    expect(cleanupCommands(dir, [], 'x', 'am')[1]).toBe(`git -C '${dir}' am --abort`);
    expect(spawnSync('sh', ['-c', cleanupCommands(dir, [], 'x', 'am')[1]!], { env }).status).toBe(0);
    expect(unfinishedOperation(dir, env)).toBeNull();
  });
});
