import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitScript, keepBothSides, landedHistory, makeDispatchRepo, planPath, planText, readState, registryRows, resolverScript, type PlanSession } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, testEnv } from './helpers/repo.ts';

const removeLater = removedAfterEach(['.record', '.bin']);
const repo = (plan: string, files: Record<string, string> = {}): string => removeLater(makeDispatchRepo(plan, files));
const env = (): NodeJS.ProcessEnv => testEnv({ CI: '1' });
const isAncestor = (dir: string, a: string, b: string): boolean => spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: dir, env: env() }).status === 0;

describe('lanes dispatch: batches land in merge order', () => {
  it('lands batch 1’s branches on main, runs verify on the landed tree, and starts batch 2 from it', () => {
    const sessions: PlanSession[] = [
      { id: 'S-A', batch: 1, run: commitScript('S-A', { 'work/S-A/a.txt': 'from a\\n' }) },
      { id: 'S-B', batch: 1, run: commitScript('S-B', { 'work/S-B/b.txt': 'from b\\n' }, ' && sleep 1') },
      // Batch 2 reads what batch 1 made: it fails unless its worktree starts from the landed work.
      { id: 'S-C', batch: 2, dependsOn: ['S-A', 'S-B'], run: 'mkdir -p work/S-C && cat work/S-A/a.txt work/S-B/b.txt > work/S-C/c.txt\ngit add -A && git commit -q -m "S-C work"' },
    ];
    const dir = repo(planText(sessions, { agent: 'shell', verify: 'test -f work/S-A/a.txt && test -f work/S-B/b.txt && echo verified in $(basename "$PWD")' }));
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // S-A finished first: it lands by fast-forward, S-B is rebased onto it, S-C builds on both.
    expect(landedHistory(dir)).toEqual(['S-A work', 'S-B work', 'S-C work']);
    expect(git(dir, ['show', 'main:work/S-C/c.txt'])).toBe('from a\nfrom b\n');
    expect(r.stdout).toMatch(/batch 1 landed on main at [0-9a-f]{7}: S-A fast-forward, S-B rebased\n/);
    expect(r.stdout).toMatch(/verify after batch 1: `[^`]+` passed/);
    expect(r.stdout).not.toContain('on the landed tree in');
    // The sessions' branches are as they left them; the root is on main, clean, with everything.
    expect(git(dir, ['log', '-1', '--format=%s', 'shell/test-11-work']).trim()).toBe('S-B work');
    expect(isAncestor(dir, 'shell/test-11-work', 'main')).toBe(false);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(readFileSync(join(dir, 'work/S-C/c.txt'), 'utf8')).toBe('from a\nfrom b\n');
    // The registry says where each landed.
    const state = readState(dir);
    const rows = registryRows(readFileSync(join(dir, planPath), 'utf8'));
    expect(rows.map((row) => [row[0], row[4], row[8]])).toEqual(
      ['S-A', 'S-B', 'S-C'].map((id) => [id, 'Done', `${state.sessions[id]!.landed!.slice(0, 7)} on main`]),
    );
    expect(git(dir, ['log', '-1', '--format=%s', state.sessions['S-B']!.landed!]).trim()).toBe('S-B work');
    expect(existsSync(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/landing'))).toBe(false);
    const status = lanes(dir, ['status'], { env: env() });
    expect(status.stdout).toMatch(/batch 2 landed on main at [0-9a-f]{7}\n/);
  });

  // Two sessions of a batch that both own `shared/**`, each in its own worktree with a Merge order (the branch
  // strategy): S-A lands first, S-B's change to the same lines conflicts.
  const overlapping = (resolveScript: string): string =>
    planText(
      [
        { id: 'S-A', batch: 1, worktree: 'yes', mergeOrder: '1', owns: ['work/S-A/**', 'shared/**'], run: commitScript('S-A', { 'shared/api.ts': 'A api\\n', 'shared/types.ts': 'A types\\n', 'shared/a-only.ts': 'a\\n' }) },
        { id: 'S-B', batch: 1, worktree: 'yes', mergeOrder: '2', owns: ['work/S-B/**', 'shared/**'], run: resolveScript },
        { id: 'S-C', batch: 2, dependsOn: ['S-B'], run: commitScript('S-C', { 'work/S-C/c.txt': 'c\\n' }) },
      ],
      { agent: 'shell' },
    );

  it('fails the later of two conflicting branches with every conflicted path, lands the first, holds the next batch', () => {
    const dir = repo(overlapping(commitScript('S-B', { 'shared/api.ts': 'B api\\n', 'shared/types.ts': 'B types\\n', 'work/S-B/b.txt': 'b\\n' })), { 'shared/api.ts': 'api\n', 'shared/types.ts': 'types\n' });
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    const bTip = git(dir, ['rev-parse', 'shell/test-11-work']).trim();
    const state = readState(dir);
    expect([state.sessions['S-A']!.status, state.sessions['S-B']!.status, state.sessions['S-C']!.status]).toEqual(['Done', 'Failed', 'Blocked']);
    expect(state.sessions['S-B']!.reason).toBe('conflicts with S-A in shared/api.ts, shared/types.ts; its branch shell/test-11-work is as it was');
    expect(state.sessions['S-C']!.reason).toBe('batch 1 had a failed session (S-B)');
    expect(r.stdout).toMatch(/batch 1 landed on main at [0-9a-f]{7}: S-A fast-forward, S-B did not land \(conflict: shared\/api\.ts, shared\/types\.ts\)\n/);
    // Nothing of S-B landed; its branch is untouched; the dry run had shown where a conflict could come from.
    expect(landedHistory(dir)).toEqual(['S-A work']);
    expect(git(dir, ['show', 'main:shared/api.ts'])).toBe('A api\n');
    expect(git(dir, ['log', '-1', '--format=%s', bTip]).trim()).toBe('S-B work');
    expect(r.stdout).toMatch(/branches S-A × S-B: both own `shared\/[^`]+` .*; each works on its own branch, and they land in merge order: a conflict at `shared\/[^`]+` fails the later one/);
    const rows = registryRows(readFileSync(join(dir, planPath), 'utf8'));
    expect(rows.map((row) => [row[0], row[4], row[8]])).toEqual([
      ['S-A', 'Done', `${state.sessions['S-A']!.landed!.slice(0, 7)} on main`],
      ['S-B', 'Failed: conflicts with S-A in shared/api.ts, shared/types.ts; its branch shell/test-11-work is as it was', ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
  });

  it('with --resolve, relaunches the later session to rebase and resolve exactly those paths, then lands it', () => {
    // The scripted agent: its first run commits B's version; run again (the resolve prompt), it rebases onto what
    // landed and keeps both sides.
    const script = resolverScript(
      'S-B',
      `  sleep 1; ${commitScript('S-B', { 'shared/api.ts': 'B api\\n', 'shared/types.ts': 'B types\\n', 'work/S-B/b.txt': 'b\\n' }).replace('\n', '; ')}`,
      `${keepBothSides}\n  GIT_EDITOR=true git rebase --continue >/dev/null`,
    );
    const dir = repo(overlapping(script), { 'shared/api.ts': 'api\n', 'shared/types.ts': 'types\n' });
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const prompt = readFileSync(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/prompts/S-B.resolve.md'), 'utf8');
    const aLanded = readState(dir).sessions['S-A']!.landed!;
    expect(prompt).toContain(`it conflicts with S-A in shared/api.ts, shared/types.ts.\n\n1. Rebase your branch onto what landed: \`git rebase ${aLanded}\``);
    expect(r.stdout).toContain(`S-B: conflicts with S-A in shared/api.ts, shared/types.ts; its branch shell/test-11-work is as it was; --resolve: its agent rebases onto ${aLanded.slice(0, 7)} and resolves shared/api.ts, shared/types.ts`);
    expect(landedHistory(dir)).toEqual(['S-A work', 'S-B work', 'S-C work']);
    expect(git(dir, ['show', 'main:shared/api.ts'])).toBe('A api + B\n');
    expect(git(dir, ['show', 'main:shared/types.ts'])).toBe('A types + B\n');
    const state = readState(dir);
    expect(['S-A', 'S-B', 'S-C'].map((id) => [state.sessions[id]!.status, state.sessions[id]!.reason])).toEqual([
      ['Done', null],
      ['Done', null],
      ['Done', null],
    ]);
    expect(state.sessions['S-B']!.attempts).toBe(2);
  });

  it('stops when the root’s own changes are in the way of the fast-forward, touches nothing, and lands on --resume', () => {
    const sessions: PlanSession[] = [
      { id: 'S-A', batch: 1, run: commitScript('S-A', { 'work/S-A/a.txt': 'new\\n' }) },
      { id: 'S-B', batch: 2, run: commitScript('S-B', { 'work/S-B/b.txt': 'b\\n' }) },
    ];
    const dir = repo(planText(sessions, { agent: 'shell', verify: 'grep -q new work/S-A/a.txt' }), { 'work/S-A/a.txt': 'old\n' });
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    writeFileSync(join(dir, 'work/S-A/a.txt'), 'my own edit\n');
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env: env() });
    expect(r.status).toBe(1);
    const reason = /batch 1 landed as ([0-9a-f]{7}) but main was not moved: the repository root has uncommitted changes in the way: work\/S-A\/a\.txt; commit or stash them \(nothing was touched\), then `lanes dispatch --resume`/;
    expect(r.stdout).toMatch(reason);
    // verify ran on the landed tree, in the runner's own worktree.
    expect(r.stdout).toMatch(/verify after batch 1 \(on the landed tree in \.lanes\/dispatch\/plans__2026-11-20-test-dispatch\/landing\): `grep -q new work\/S-A\/a\.txt` passed/);
    expect(readFileSync(join(dir, 'work/S-A/a.txt'), 'utf8')).toBe('my own edit\n');
    expect(landedHistory(dir)).toEqual([]);
    const state = readState(dir);
    expect([state.sessions['S-A']!.status, state.sessions['S-B']!.status]).toEqual(['Done', 'Blocked']);
    expect(state.sessions['S-B']!.reason).toMatch(reason);
    expect(isAncestor(dir, head, 'main')).toBe(true);
    // The person puts their change aside; the run goes on from where it stopped.
    git(dir, ['stash', 'push', '-q', '--', 'work/S-A/a.txt']);
    const again = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree', '--resume'], { env: env() });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(landedHistory(dir)).toEqual(['S-A work', 'S-B work']);
    expect(readFileSync(join(dir, 'work/S-A/a.txt'), 'utf8')).toBe('new\n');
  });

  it('lands on the branch --integrate-into names, without touching the root, and verifies there', () => {
    const sessions: PlanSession[] = [
      { id: 'S-A', batch: 1, run: commitScript('S-A', { 'work/S-A/a.txt': 'a\\n' }) },
      { id: 'S-B', batch: 1, run: commitScript('S-B', { 'work/S-B/b.txt': 'b\\n' }, ' && sleep 1') },
    ];
    const dir = repo(planText(sessions, { agent: 'shell', verify: 'test -f work/S-B/b.txt' }));
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree', '--integrate-into', 'integration'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(landedHistory(dir, 'integration')).toEqual(['S-A work', 'S-B work']);
    expect(landedHistory(dir, 'main')).toEqual([]);
    expect(r.stdout).toMatch(/verify after batch 1 \(on the landed tree in .lanes\/dispatch\/plans__2026-11-20-test-dispatch\/landing\): .* passed/);
    expect(existsSync(join(dir, 'work/S-A/a.txt'))).toBe(false);
  });

  it('honours Merge order over the order sessions finish, and merges with integrate: merge', () => {
    const sessions: PlanSession[] = [
      { id: 'S-A', batch: 1, worktree: 'yes', mergeOrder: '2', run: commitScript('S-A', { 'work/S-A/a.txt': 'a\\n' }) },
      { id: 'S-B', batch: 1, worktree: 'yes', mergeOrder: '1', run: commitScript('S-B', { 'work/S-B/b.txt': 'b\\n' }, ' && sleep 2') },
    ];
    const dir = repo(planText(sessions, { agent: 'shell' }));
    const dry = lanes(dir, ['dispatch', '--dry-run'], { env: env() });
    expect(dry.stdout).toMatch(/ merge order\n {2}S-A .* 2\n {2}S-B .* 1\n/);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // S-A finished first, but S-B has Merge order 1: it lands first (by fast-forward), S-A is rebased onto it.
    expect(readState(dir).sessions['S-A']!.endedAt! <= readState(dir).sessions['S-B']!.endedAt!).toBe(true);
    expect(landedHistory(dir)).toEqual(['S-B work', 'S-A work']);
    expect(r.stdout).toMatch(/batch 1 landed on main at [0-9a-f]{7}: S-B fast-forward, S-A rebased\n/);

    const merged = repo(planText(sessions, { agent: 'shell', integrate: 'merge' }));
    const m = lanes(merged, ['dispatch', '--yes'], { env: env() });
    expect(m.status).toBe(0);
    expect(landedHistory(merged).slice(-1)).toEqual(['Merge S-A (shell/test-10-work)']);
    expect(landedHistory(merged).sort()).toEqual(['Merge S-A (shell/test-10-work)', 'S-A work', 'S-B work']);
    expect(git(merged, ['log', '-1', '--format=%P', 'main~1']).trim().split(' ')).toHaveLength(2);
  });

  it('a branch-only run with integrate: none leaves the branches where they are', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1, run: commitScript('S-A', { 'work/S-A/a.txt': 'a\\n' }) }], { agent: 'shell', integrate: 'none' }));
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env: env() });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('landed');
    expect(landedHistory(dir)).toEqual([]);
    expect(git(dir, ['log', '-1', '--format=%s', 'shell/test-10-work']).trim()).toBe('S-A work');
  });
});
