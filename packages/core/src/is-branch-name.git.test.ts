import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isBranchName } from './values.ts';

// `isBranchName` against git's own `git check-ref-format --branch`, which exits 0 for a name it accepts.
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
const names = [
  'main', 'release/2026-12', 'claude/shop-121-cart-api', 'feature/Über', 'a.b', 'v1.0', 'x@y', 'a_b', 'A', 'a-',
  '', '-main', 'a..b', 'a/.b', '.a', 'a.', 'a.lock', 'a/b.lock/c', 'a//b', '/a', 'a/', 'a b', 'a~b', 'a^b', 'a:b',
  'a?b', 'a*b', 'a[b', 'a\\b', 'a@{b', '@', 'a\tb', 'a\u007fb', 'HEAD',
];

describe('isBranchName', () => {
  it.each(names.map((n) => [JSON.stringify(n), n] as const))('%s as git check-ref-format --branch decides', (_, name) => {
    const git = spawnSync('git', ['check-ref-format', '--branch', name], { env: gitEnv, encoding: 'utf8' });
    // `--branch` reads `@` as short for HEAD, and git 2.39 still accepts `HEAD`, which later gits refuse as a
    // branch name: neither names a branch to land on.
    expect(isBranchName(name)).toBe(name === 'HEAD' || name === '@' ? false : git.status === 0);
  });
});
