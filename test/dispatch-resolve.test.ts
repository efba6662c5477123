import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitScript, keepBothSides, landedHistory, makeDispatchRepo, planPath, planText, readState, registryRows, resolverScript, type PlanSession } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, testEnv } from './helpers/repo.ts';

const removeLater = removedAfterEach(['.record', '.bin']);
const env = (): NodeJS.ProcessEnv => testEnv({ CI: '1' });

/**
 * S-A and S-B both own `shared/**` and work on their own branches; S-A lands first (Merge order), S-B's change to
 * the same lines conflicts, and `--resolve` runs S-B's agent again with `resolve` (see `resolverScript`). With
 * `first`, a session S-0 lands before S-A, so that S-A is rebased and its branch is not what landed.
 */
function conflicting(resolve: string, options: { first?: boolean } = {}): { dir: string; a: string; b: string } {
  const bFirst = `sleep 1; ${commitScript('S-B', { 'shared/api.ts': 'B api\\n', 'shared/types.ts': 'B types\\n', 'work/S-B/b.txt': 'b\\n' }).replace('\n', '; ')}`;
  const sessions: PlanSession[] = [
    ...(options.first ? [{ id: 'S-0', batch: 1, worktree: 'yes', mergeOrder: '1', run: commitScript('S-0', { 'work/S-0/z.txt': 'z\\n' }) }] : []),
    { id: 'S-A', batch: 1, worktree: 'yes', mergeOrder: '2', owns: ['work/S-A/**', 'shared/**'], run: commitScript('S-A', { 'shared/api.ts': 'A api\\n', 'shared/types.ts': 'A types\\n' }) },
    { id: 'S-B', batch: 1, worktree: 'yes', mergeOrder: '3', owns: ['work/S-B/**', 'shared/**'], run: resolverScript('S-B', bFirst, resolve) },
    { id: 'S-C', batch: 2, dependsOn: ['S-B'], run: commitScript('S-C', { 'work/S-C/c.txt': 'c\\n' }) },
  ];
  const dir = removeLater(makeDispatchRepo(planText(sessions, { agent: 'shell' }), { 'shared/api.ts': 'api\n', 'shared/types.ts': 'types\n', 'work/S-C/c.txt': 'old c\n' }));
  const n = options.first ? 11 : 10;
  return { dir, a: `shell/test-${n}-work`, b: `shell/test-${n + 1}-work` };
}


/** The registry rows of the committed plan: session, status cell, Landed cell. */
function registry(dir: string): string[][] {
  return registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0]!, row[4]!, row[8] ?? '']);
}

/** main holds S-A's work and nothing of S-B's: only S-A's commit beyond the first, and its tree is what S-A landed (the plan aside). */
function expectOnlyALanded(dir: string, history = ['S-A work']): void {
  const aLanded = readState(dir).sessions['S-A']!.landed!;
  expect(landedHistory(dir)).toEqual(history);
  expect(git(dir, ['merge-base', '--is-ancestor', aLanded, 'main'])).toBe('');
  expect(git(dir, ['diff', '--name-only', aLanded, 'main', '--', '.', `:!${planPath}`])).toBe('');
  expect(git(dir, ['show', 'main:shared/api.ts'])).toBe('A api\n');
  expect(git(dir, ['show', 'main:work/S-C/c.txt'])).toBe('old c\n');
}

/** True when the branch is S-B's first work as it was: its commit "S-B work", not on top of what S-A landed. */
function firstWorkOn(dir: string, branch: string): boolean {
  const aLanded = readState(dir).sessions['S-A']!.landed!;
  return git(dir, ['log', '-1', '--format=%s', branch]) === 'S-B work\n' && git(dir, ['merge-base', branch, aLanded]).trim() !== aLanded;
}

const conflictWithA = 'conflicts with S-A in shared/api.ts, shared/types.ts';

describe('lanes dispatch --resolve: a resolver that misbehaves', () => {
  it('fails a resolver that also rewrites another session’s path, names the path, and lands nothing of it', () => {
    // While resolving it also changes S-C's file: the rebase's own commit carries it (git runs no pre-commit hook
    // in `rebase --continue`), so only the audit of the new commits can see it.
    const { dir, b } = conflicting(`${keepBothSides}\n  printf 'c by B\\n' > work/S-C/c.txt; git add work/S-C/c.txt\n  GIT_EDITOR=true git rebase --continue >/dev/null`);
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.status).toBe(1);
    const tip = git(dir, ['rev-parse', '--short=7', b]).trim();
    const reason = `guard: 1 commit out of lane: ${tip} S-B changed 1 paths outside its Owns (${planPath}): work/S-C/c.txt (modified) (relaunched by --resolve after: ${conflictWithA})`;
    const state = readState(dir);
    expect(['S-A', 'S-B', 'S-C'].map((id) => [id, state.sessions[id]!.status, state.sessions[id]!.reason, state.sessions[id]!.landed ?? null])).toEqual([
      ['S-A', 'Done', null, expect.stringMatching(/^[0-9a-f]{40}$/)],
      ['S-B', 'Failed', reason, null],
      ['S-C', 'Blocked', 'batch 1 had a failed session (S-B)', null],
    ]);
    expect(registry(dir)).toEqual([
      ['S-A', 'Done', `${state.sessions['S-A']!.landed!.slice(0, 7)} on main`],
      ['S-B', `Failed: ${reason}`, ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
    expectOnlyALanded(dir);
    // The resolved commit is there to look at, on S-B's branch, with S-C's file in it.
    expect(git(dir, ['show', `${b}:work/S-C/c.txt`])).toBe('c by B\n');
  });

  it('fails a resolver that exits 0 and does nothing, with the conflict named again, and lands nothing of it', () => {
    const { dir, b } = conflicting('  true');
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.status).toBe(1);
    const reason = `${conflictWithA} after --resolve; its branch ${b} is as it was`;
    const state = readState(dir);
    expect(['S-B', 'S-C'].map((id) => [state.sessions[id]!.status, state.sessions[id]!.reason, state.sessions[id]!.landed ?? null])).toEqual([
      ['Failed', reason, null],
      ['Blocked', 'batch 1 had a failed session (S-B)', null],
    ]);
    expect(state.sessions['S-B']!.attempts).toBe(2);
    expect(registry(dir).slice(1)).toEqual([
      ['S-B', `Failed: ${reason}`, ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
    expect(r.stdout).toMatch(/batch 1 landed on main at [0-9a-f]{7}: S-B did not land \(conflict: shared\/api\.ts, shared\/types\.ts\)\n/);
    expectOnlyALanded(dir);
    expect(firstWorkOn(dir, b)).toBe(true);
  });

  it('fails a resolver that leaves the rebase stopped at the conflict, and lands nothing of it', () => {
    const { dir, b } = conflicting('  git rebase -q "$onto" >/dev/null 2>&1 || true');
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.status).toBe(1);
    const reason = `left a rebase stopped with uncommitted changes: shared/api.ts and 2 more (relaunched by --resolve after: ${conflictWithA})`;
    const state = readState(dir);
    expect([state.sessions['S-B']!.status, state.sessions['S-B']!.reason, state.sessions['S-B']!.landed ?? null]).toEqual(['Failed', reason, null]);
    expect(registry(dir).slice(1)).toEqual([
      ['S-B', `Failed: ${reason}`, ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
    expectOnlyALanded(dir);
    // A stopped rebase has not moved the branch: S-B's first work is on it as it was. `git stash` would refuse in
    // the middle of the rebase: the note gives its --abort instead.
    expect(firstWorkOn(dir, b)).toBe(true);
    expect(`${r.stdout}${r.stderr}`).toMatch(
      /S-B left a rebase stopped; look at it, then end it where it began \(what it did so far is dropped; its commits stay in git reflog\): git -C '[^']+' status; git -C '[^']+' rebase --abort\n/,
    );
  });

  it('fails a resolver that moves its branch onto what landed (the target itself): its own work is gone, nothing lands, the next batch is held', () => {
    const { dir, b } = conflicting('  git reset -q --hard "$onto"');
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.status).toBe(1);
    const reason = `its branch ${b} brings nothing onto main after --resolve: its own work was dropped, nothing of it landed`;
    const state = readState(dir);
    expect(['S-B', 'S-C'].map((id) => [state.sessions[id]!.status, state.sessions[id]!.reason, state.sessions[id]!.landed ?? null])).toEqual([
      ['Failed', reason, null],
      ['Blocked', 'batch 1 had a failed session (S-B)', null],
    ]);
    expect(registry(dir).slice(1)).toEqual([
      ['S-B', `Failed: ${reason}`, ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
    expectOnlyALanded(dir);
    expect(git(dir, ['rev-parse', b]).trim()).toBe(state.sessions['S-A']!.landed);
  });

  it('fails a resolver that moves its branch onto the other session’s own commits: they are not its work, and it is not recorded as landed', () => {
    // S-0 lands first, so S-A is rebased: S-A's branch keeps its original commit, which is not on main.
    const { dir, a, b } = conflicting('  git reset -q --hard "refs/heads/shell/test-11-work"', { first: true });
    const r = lanes(dir, ['dispatch', '--yes', '--resolve'], { env: env() });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const aCommit = git(dir, ['rev-parse', a]).trim();
    const reason = `its branch ${b} holds S-A's commit ${aCommit.slice(0, 7)} after --resolve, not work of its own: nothing of it landed`;
    const state = readState(dir);
    expect(['S-0', 'S-A', 'S-B', 'S-C'].map((id) => [id, state.sessions[id]!.status, state.sessions[id]!.reason])).toEqual([
      ['S-0', 'Done', null],
      ['S-A', 'Done', null],
      ['S-B', 'Failed', reason],
      ['S-C', 'Blocked', 'batch 1 had a failed session (S-B)'],
    ]);
    expect(state.sessions['S-B']!.landed ?? null).toBe(null);
    expect(registry(dir).slice(2)).toEqual([
      ['S-B', `Failed: ${reason}`, ''],
      ['S-C', 'Blocked: batch 1 had a failed session (S-B)', ''],
    ]);
    expectOnlyALanded(dir, ['S-0 work', 'S-A work']);
    expect(git(dir, ['rev-parse', b]).trim()).toBe(aCommit);
  });
});
