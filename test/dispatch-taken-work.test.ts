import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitScript, landedHistory, makeDispatchRepo, planPath, planText, readState, registryRows, type PlanSession } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, testEnv } from './helpers/repo.ts';

const removeLater = removedAfterEach(['.record', '.bin']);
const env = (): NodeJS.ProcessEnv => testEnv({ CI: '1' });

/** The registry rows of the committed plan: session, status cell, Landed cell. */
function registry(dir: string): string[][] {
  return registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0]!, row[4]!, row[8] ?? '']);
}

/** S-A commits its work; S-B waits for that commit and takes it with `take`; `bFirst`: S-B lands first (Merge order). */
function taking(take: string, bFirst: boolean): string {
  const sessions: PlanSession[] = [
    { id: 'S-A', batch: 1, worktree: 'yes', mergeOrder: bFirst ? '2' : '1', owns: ['work/S-A/**', 'shared/**'], run: commitScript('S-A', { 'shared/api.ts': 'A api\\n' }) },
    {
      id: 'S-B',
      batch: 1,
      worktree: 'yes',
      mergeOrder: bFirst ? '1' : '2',
      owns: ['work/S-B/**', 'shared/**'],
      run: `until [ "$(git log -1 --format=%s shell/test-10-work 2>/dev/null)" = "S-A work" ]; do sleep 0.2; done\n${take}`,
    },
  ];
  return removeLater(makeDispatchRepo(planText(sessions, { agent: 'shell' }), { 'shared/api.ts': 'api\n' }));
}

describe('lanes dispatch: a session that takes another session’s commits as its own work', () => {
  it('fast-forwarded onto them and landing first: the taker fails (by the commit’s stamp), the author is Done and landed', () => {
    const dir = taking('git merge -q --ff-only shell/test-10-work', true);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    const state = readState(dir);
    const aCommit = git(dir, ['rev-parse', 'shell/test-10-work']).trim();
    expect(landedHistory(dir)).toEqual(['S-A work']);
    expect([state.sessions['S-A']!.status, state.sessions['S-A']!.reason, state.sessions['S-A']!.landed]).toEqual(['Done', null, aCommit]);
    const reason = `its branch shell/test-11-work holds S-A's commit ${aCommit.slice(0, 7)}, not work of its own: it landed as S-A's`;
    expect([state.sessions['S-B']!.status, state.sessions['S-B']!.reason, state.sessions['S-B']!.landed ?? null]).toEqual(['Failed', reason, null]);
    expect(registry(dir).slice(0)).toEqual([
      ['S-A', 'Done', `${aCommit.slice(0, 7)} on main`],
      ['S-B', `Failed: ${reason}`, ''],
    ]);
  });

  it('a copy of them (cherry-pick) landing after them: nothing of the copy lands, and it is not recorded as landed at the author’s commit', () => {
    // (Landing first, the copy lands as S-B's work: a copy under another stamp is not recognised as taken.)
    const dir = taking('git cherry-pick shell/test-10-work >/dev/null', false);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(0);
    const state = readState(dir);
    const aCommit = git(dir, ['rev-parse', 'shell/test-10-work']).trim();
    expect(landedHistory(dir)).toEqual(['S-A work']);
    expect(state.sessions['S-A']!.landed).toBe(aCommit);
    expect([state.sessions['S-B']!.status, state.sessions['S-B']!.reason, state.sessions['S-B']!.landed ?? null]).toEqual(['Done', 'nothing of it landed on main: its changes were there already', null]);
    expect(registry(dir)).toEqual([
      ['S-A', 'Done', `${aCommit.slice(0, 7)} on main`],
      ['S-B', 'Done (nothing of it landed on main: its changes were there already)', ''],
    ]);
  });
});
