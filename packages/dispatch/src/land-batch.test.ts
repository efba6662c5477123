import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { advanceTarget, conflictReason, landBranches, landingOrder, rootTarget, type LandCandidate } from './land-batch.ts';

const env = gitTestEnv();
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** A repository on main with `shared.txt` (three lines), and a branch per session with one commit of its own. */
function repo(branches: Record<string, Record<string, string>>): { dir: string; base: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-land-')));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, 'shared.txt', 'one\ntwo\nthree\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  for (const [branch, files] of Object.entries(branches)) {
    git(dir, 'checkout', '-q', '-b', branch, base);
    for (const [path, text] of Object.entries(files)) write(dir, path, text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `work of ${branch}`);
  }
  git(dir, 'checkout', '-q', 'main');
  start = base;
  return { dir, base };
}

const owns = (lanes: Record<string, string[]>) => (id: string, path: string) => (lanes[id] ?? []).some((prefix) => path.startsWith(prefix));
let start = '';
const cand = (id: string, mergeOrder: number | null, endedAt: string | null = null): LandCandidate => ({ id, branch: `lanes/${id.toLowerCase()}`, start, mergeOrder, endedAt });

describe('landingOrder', () => {
  it.each([
    ['by Merge order', [cand('S-A', 2), cand('S-B', 1)], ['S-B', 'S-A']],
    ['numbered before blanks', [cand('S-A', null, '2026-01-01T00:00:01Z'), cand('S-B', 3, '2026-01-01T00:00:09Z')], ['S-B', 'S-A']],
    ['ties by finish', [cand('S-A', 1, '2026-01-01T00:00:05Z'), cand('S-B', 1, '2026-01-01T00:00:02Z')], ['S-B', 'S-A']],
    ['blanks by finish', [cand('S-A', null, '2026-01-01T00:00:05.5Z'), cand('S-B', null, '2026-01-01T00:00:05Z')], ['S-B', 'S-A']],
    ['then by id', [cand('S-B', null), cand('S-A', null)], ['S-A', 'S-B']],
  ])('%s', (_name, input, expected) => {
    expect(landingOrder(input).map((c) => c.id)).toEqual(expected);
  });
});

describe('landBranches', () => {
  it('fast-forwards the first branch and rebases the next onto it, moving no branch', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'a/x.txt': 'a\n' }, 'lanes/s-b': { 'b/y.txt': 'b\n' } });
    const heads = { a: git(dir, 'rev-parse', 'lanes/s-a'), b: git(dir, 'rev-parse', 'lanes/s-b') };
    const landing = landBranches([cand('S-A', 1), cand('S-B', 2)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode: 'rebase', env, owns: owns({ 'S-A': ['a/'], 'S-B': ['b/'] }) });
    expect(landing.steps.map((s) => [s.id, s.kind, s.kind === 'landed' ? s.how : null])).toEqual([
      ['S-A', 'landed', 'fast-forward'],
      ['S-B', 'landed', 'rebase'],
    ]);
    expect(landing.steps[0]).toMatchObject({ commit: heads.a, paths: ['a/x.txt'] });
    // A linear history: S-B's commit on top of S-A's, with its message and author.
    expect(git(dir, 'log', '--format=%s', `${base}..${landing.tip}`).split('\n')).toEqual(['work of lanes/s-b', 'work of lanes/s-a']);
    expect(git(dir, 'rev-parse', `${landing.tip}^`)).toBe(heads.a);
    expect(git(dir, 'rev-parse', 'lanes/s-a', 'lanes/s-b', 'main').split('\n')).toEqual([heads.a, heads.b, base]);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('merges with integrate: merge (merge-tree, no worktree)', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'a/x.txt': 'a\n' }, 'lanes/s-b': { 'b/y.txt': 'b\n' } });
    const landing = landBranches([cand('S-B', 1), cand('S-A', 2)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode: 'merge', env, owns: owns({ 'S-A': ['a/'], 'S-B': ['b/'] }) });
    expect(landing.steps.map((s) => (s.kind === 'landed' ? s.how : s.kind))).toEqual(['fast-forward', 'merge']);
    expect(git(dir, 'log', '-1', '--format=%P%n%B', landing.tip)).toBe(`${git(dir, 'rev-parse', 'lanes/s-b')} ${git(dir, 'rev-parse', 'lanes/s-a')}\nMerge S-A (lanes/s-a)\n\nLanes-Dispatch: landing`);
    expect(git(dir, 'ls-tree', '-r', '--name-only', landing.tip).split('\n')).toEqual(['a/x.txt', 'b/y.txt', 'shared.txt']);
  });

  it.each(['rebase', 'merge'] as const)('names every conflicted path and who landed it first (%s), and lands the rest', (mode) => {
    const { dir, base } = repo({
      'lanes/s-a': { 'shared.txt': 'one\nTWO by A\nthree\n', 'a/x.txt': 'a\n' },
      'lanes/s-b': { 'shared.txt': 'one\nTWO by B\nthree\n', 'b/y.txt': 'b\n' },
      'lanes/s-c': { 'c/z.txt': 'c\n' },
    });
    const lanes = owns({ 'S-A': ['a/', 'shared.txt'], 'S-B': ['b/', 'shared.txt'], 'S-C': ['c/'] });
    const landing = landBranches([cand('S-A', 1), cand('S-B', 2), cand('S-C', 3)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode, env, owns: lanes });
    expect(landing.steps[1]).toEqual({ id: 'S-B', kind: 'conflict', paths: ['shared.txt'], with: { 'S-A': ['shared.txt'] } });
    expect(conflictReason(landing.steps[1] as Extract<(typeof landing.steps)[number], { kind: 'conflict' }>, 'main')).toBe('conflicts with S-A in shared.txt');
    expect(landing.steps[2]).toMatchObject({ id: 'S-C', kind: 'landed' });
    expect(readFileSync(join(dir, 'shared.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(git(dir, 'show', `${landing.tip}:shared.txt`)).toBe('one\nTWO by A\nthree');
    // Nothing is left half-done in the runner's worktree (rebase) and no branch moved.
    expect(git(dir, 'rev-parse', 'main')).toBe(base);
    if (mode === 'rebase') expect(git(join(dir, '.lanes', 'land'), 'status', '--porcelain')).toBe('');
  });

  it('replays only the session’s own commits onto a target that lacks what it started from', () => {
    const { dir, base } = repo({});
    write(dir, 'plan.md', 'registry\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'lanes: registry');
    const registry = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'lanes/s-a');
    write(dir, 'a/x.txt', 'a\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'work of S-A');
    git(dir, 'checkout', '-q', 'main');
    const landing = landBranches([{ ...cand('S-A', null), start: registry }], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode: 'merge', env, owns: owns({ 'S-A': ['a/'] }) });
    expect(landing.steps).toEqual([{ id: 'S-A', kind: 'landed', how: 'rebase', commit: landing.tip, paths: ['a/x.txt'] }]);
    expect(git(dir, 'log', '--format=%s', `${base}..${landing.tip}`)).toBe('work of S-A');
  });

  it('does not land a branch that would add paths outside its lane', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'a/x.txt': 'a\n', 'b/stolen.txt': 'x\n' } });
    const landing = landBranches([cand('S-A', null)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode: 'rebase', env, owns: owns({ 'S-A': ['a/'] }) });
    expect(landing.steps).toEqual([{ id: 'S-A', kind: 'outside-lane', paths: ['b/stolen.txt'] }]);
    expect(landing.tip).toBe(base);
  });

  it('lands nothing for a branch the target already has', () => {
    const { dir, base } = repo({});
    git(dir, 'branch', 'lanes/s-a', base);
    const landing = landBranches([cand('S-A', null)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip: base, mode: 'rebase', env, owns: owns({}) });
    expect(landing.steps).toEqual([{ id: 'S-A', kind: 'nothing', commit: base }]);
  });

  it('lands nothing for a branch whose commits bring only changes the target has (another session\'s work, taken)', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'a/x.txt': 'a\n' }, 'lanes/s-b': { 'b/y.txt': 'b\n' } });
    // S-B's branch is moved onto S-A's commit: once S-A is rebased onto the tip, S-B's replay brings nothing.
    git(dir, 'branch', '-f', 'lanes/s-b', 'lanes/s-a');
    git(dir, 'checkout', '-q', '-b', 'other', base);
    write(dir, 'c/z.txt', 'c\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'landed before');
    git(dir, 'checkout', '-q', 'main');
    const tip = git(dir, 'rev-parse', 'other');
    const landing = landBranches([cand('S-A', 1), cand('S-B', 2)], { root: dir, workdir: join(dir, '.lanes', 'land'), tip, mode: 'rebase', env, owns: owns({ 'S-A': ['a/'], 'S-B': ['a/', 'b/'] }) });
    expect(landing.steps.map((s) => [s.id, s.kind])).toEqual([
      ['S-A', 'landed'],
      ['S-B', 'nothing'],
    ]);
    expect(landing.steps[1]).toEqual({ id: 'S-B', kind: 'nothing', commit: landing.tip });
  });

  it('names the session that landed a path in an earlier pass as the other side of a conflict', () => {
    const { dir, base } = repo({ 'lanes/s-b': { 'shared.txt': 'one\nB\nthree\n' } });
    git(dir, 'checkout', '-q', '-b', 'landed', base);
    write(dir, 'shared.txt', 'one\nA\nthree\n');
    git(dir, 'commit', '-q', '-am', 'S-A landed');
    git(dir, 'checkout', '-q', 'main');
    const tip = git(dir, 'rev-parse', 'landed');
    const options = { root: dir, workdir: join(dir, '.lanes', 'land'), tip, mode: 'rebase' as const, env, owns: owns({ 'S-B': ['shared'] }) };
    expect(landBranches([cand('S-B', null)], options).steps).toEqual([{ id: 'S-B', kind: 'conflict', paths: ['shared.txt'], with: { '': ['shared.txt'] } }]);
    expect(landBranches([cand('S-B', null)], { ...options, landedBy: new Map([['shared.txt', 'S-A']]) }).steps).toEqual([
      { id: 'S-B', kind: 'conflict', paths: ['shared.txt'], with: { 'S-A': ['shared.txt'] } },
    ]);
  });
});

describe('advanceTarget', () => {
  it('fast-forwards the branch checked out in the root, and names what is in the way without touching it', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'shared.txt': 'one\nchanged\nthree\n' } });
    const to = git(dir, 'rev-parse', 'lanes/s-a');
    write(dir, 'shared.txt', 'my own edit\n');
    expect(advanceTarget(dir, rootTarget(dir, env), base, to, env)).toEqual({ reason: 'the repository root has uncommitted changes in the way: shared.txt', paths: ['shared.txt'] });
    expect(readFileSync(join(dir, 'shared.txt'), 'utf8')).toBe('my own edit\n');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(base);
    git(dir, 'checkout', '-q', '--', 'shared.txt');
    expect(advanceTarget(dir, rootTarget(dir, env), base, to, env)).toEqual({ where: 'root' });
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(to);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('moves a branch nobody has checked out with update-ref, only from where it was', () => {
    const { dir, base } = repo({ 'lanes/s-a': { 'a/x.txt': 'a\n' } });
    git(dir, 'branch', 'integration', base);
    const to = git(dir, 'rev-parse', 'lanes/s-a');
    expect(advanceTarget(dir, { kind: 'branch', name: 'integration' }, to, to, env)).toEqual({ where: 'ref' });
    expect(advanceTarget(dir, { kind: 'branch', name: 'integration' }, base, to, env)).toEqual({ where: 'ref' });
    expect(git(dir, 'rev-parse', 'integration')).toBe(to);
    const moved = advanceTarget(dir, { kind: 'branch', name: 'integration' }, base, to, env);
    expect(moved).toMatchObject({ paths: [] });
    expect((moved as { reason: string }).reason).toMatch(/^integration moved while the batch landed/);
  });
});
