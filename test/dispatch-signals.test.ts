import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, dispatchEnv, makeDispatchRepo, planText, readRecord, readState, registryRows, startLanes, waitFor, planPath } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach } from './helpers/repo.ts';

const pidsToReap: number[] = [];
afterEach(() => {
  for (const pid of pidsToReap.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});
const removeLater = removedAfterEach(['.record']);
const repo = (plan: string): string => removeLater(makeDispatchRepo(plan));
const statuses = (dir: string): string[][] => Object.values(readState(dir).sessions).map((s) => [s.status, s.reason ?? '']);

describe('lanes dispatch: hangs and crashes', () => {
  it('fails a session past its wall-clock timeout and one that goes idle, and kills their whole trees', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1, timeout: '2s' }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 1 }]));
    const r = lanes(dir, ['dispatch', '--yes', '--idle-timeout', '4s', '--grace', '1s'], { env: dispatchEnv(dir, { 'S-A': 'hang', 'S-B': 'idle', 'S-C': 'ok' }) });
    expect(r.status).toBe(1);
    expect(statuses(dir)).toEqual([
      ['Failed', 'timed out after 2s'],
      ['Failed', 'idle for 4s (no output)'],
      ['Done', ''],
    ]);
    const rec = readRecord(dir);
    expect(rec.pids.get('S-A')!.length).toBe(3);
    for (const pid of [...rec.pids.values()].flat()) expect(alive(pid)).toBe(false);
  });
});

describe('lanes dispatch: what a finished session leaves behind', () => {
  it('stops the processes an agent that ended left running: its own-group child and its re-parented grandchild', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 2 }]));
    const r = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, { 'S-A': 'leave', 'S-B': 'ok' }) });
    expect(r.status).toBe(0);
    expect(statuses(dir)).toEqual([
      ['Done', ''],
      ['Done', ''],
    ]);
    const left = readRecord(dir).pids.get('S-A')!;
    expect(left).toHaveLength(3); // the agent, its child and its grandchild
    for (const pid of left) expect(alive(pid)).toBe(false);
  });
});

describe('lanes dispatch: stopping', () => {
  it('Ctrl-C stops every agent tree (SIGINT, SIGTERM, SIGKILL), keeps unstarted sessions, saves state, exits 130', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 2 }]));
    const { child, done } = startLanes(dir, ['dispatch', '--yes', '--grace', '1s'], dispatchEnv(dir, { 'S-A': 'hang', 'S-B': 'stubborn' }));
    pidsToReap.push(child.pid!);
    await waitFor(() => (readRecord(dir).pids.get('S-A')?.length ?? 0) === 3 && (readRecord(dir).pids.get('S-B')?.length ?? 0) === 3, 20_000, 'both agents and their children');
    const started = Date.now();
    child.kill('SIGINT');
    const r = await done;
    expect(r.status).toBe(130);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const rec = readRecord(dir);
    expect(rec.lines).toContain('ignored SIGINT S-B');
    expect(rec.lines).toContain('ignored SIGTERM S-B');
    for (const pid of [...rec.pids.values()].flat()) expect(alive(pid)).toBe(false);
    expect(statuses(dir)).toEqual([
      ['Cancelled', ''],
      ['Cancelled', ''],
      ['Planned', ''],
    ]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row[4])).toEqual(['Cancelled', 'Cancelled', 'Planned']);
  });

  it('a second Ctrl-C kills at once', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }]));
    const { child, done } = startLanes(dir, ['dispatch', '--yes', '--grace', '30s'], dispatchEnv(dir, { 'S-A': 'stubborn' }));
    pidsToReap.push(child.pid!);
    await waitFor(() => (readRecord(dir).pids.get('S-A')?.length ?? 0) === 3, 20_000, 'the agent');
    const started = Date.now();
    child.kill('SIGINT');
    await waitFor(() => readRecord(dir).lines.includes('ignored SIGINT S-A'), 10_000, 'the first SIGINT');
    child.kill('SIGINT');
    const r = await done;
    expect(r.status).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const pid of readRecord(dir).pids.get('S-A')!) expect(alive(pid)).toBe(false);
  });

  it('lanes stop ID from another terminal cancels one session; the others go on', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }]));
    const env = dispatchEnv(dir, { 'S-A': 'hang', 'S-B': 'slow:1500' });
    const { child, done } = startLanes(dir, ['dispatch', '--yes', '--grace', '1s'], env);
    pidsToReap.push(child.pid!);
    await waitFor(() => (readRecord(dir).pids.get('S-A')?.length ?? 0) === 3, 20_000, 'S-A and its children');
    const status = lanes(dir, ['status'], { env });
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/S-A +Active +command +shared/);
    const stop = lanes(dir, ['stop', 'S-A'], { env });
    expect(stop.stdout).toBe('asked the runner to stop S-A (S-A)\n');
    const r = await done;
    expect(r.status).toBe(0);
    expect(statuses(dir)).toEqual([
      ['Cancelled', 'stopped by lanes stop'],
      ['Done', ''],
    ]);
    for (const pid of readRecord(dir).pids.get('S-A')!) expect(alive(pid)).toBe(false);
  });
});

describe('lanes dispatch --resume', () => {
  it('adopts an agent a crashed runner left running, skips Done sessions and reruns the rest', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 1 }, { id: 'S-D', batch: 2 }]));
    const env = dispatchEnv(dir, { 'S-A': 'ok', 'S-B': 'slow:6000', 'S-C': 'crash', 'S-D': 'ok' });
    const first = startLanes(dir, ['dispatch', '--yes'], env);
    pidsToReap.push(first.child.pid!);
    await waitFor(() => {
      const s = readState(dir).sessions;
      return s['S-A']!.status === 'Done' && s['S-C']!.status === 'Failed' && s['S-B']!.status === 'Active';
    }, 20_000, 'S-A Done, S-C Failed, S-B still running');
    first.child.kill('SIGKILL');
    await first.done;
    const orphan = readState(dir).sessions['S-B']!.process!.pid;
    expect(alive(orphan)).toBe(true);

    const second = lanes(dir, ['dispatch', '--yes', '--resume'], { env: { ...env, FAKE_AGENTS: JSON.stringify({ 'S-C': 'ok', 'S-D': 'ok' }) } });
    expect(second.stdout).toMatch(/S-B adopted \(pid \d+ still runs\)/);
    expect(second.status).toBe(0);
    const rec = readRecord(dir);
    expect([...rec.starts].map(([id, s]) => [id, s.length]).sort()).toEqual([
      ['S-A', 1],
      ['S-B', 1],
      ['S-C', 2],
      ['S-D', 1],
    ]);
    expect(Object.values(readState(dir).sessions).map((s) => [s.status, s.attempts, s.cost])).toEqual([
      ['Done', 1, 0.25],
      ['Done', 1, 0.25],
      ['Done', 2, 0.25],
      ['Done', 1, 0.25],
    ]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row[4])).toEqual(['Done', 'Done', 'Done', 'Done']);
  });

  it('never reruns an agent that finished while no runner watched it: it is audited and done', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 2 }]));
    const env = dispatchEnv(dir, { 'S-A': 'slow:2000', 'S-B': 'ok' });
    const first = startLanes(dir, ['dispatch', '--yes'], env);
    pidsToReap.push(first.child.pid!);
    await waitFor(() => readState(dir).sessions['S-A']!.process !== null, 20_000, 'S-A started');
    first.child.kill('SIGKILL');
    await first.done;
    const orphan = readState(dir).sessions['S-A']!.process!.pid;
    await waitFor(() => !alive(orphan), 20_000, 'S-A ended by itself');

    // Were S-A run again, the fake agent would crash this time.
    const second = lanes(dir, ['dispatch', '--yes', '--resume'], { env: { ...env, FAKE_AGENTS: JSON.stringify({ 'S-A': 'crash', 'S-B': 'ok' }) } });
    expect(second.stdout).toContain('S-A ended (exit 0) while no runner watched it: it is audited, not run again');
    expect(second.status).toBe(0);
    expect(readRecord(dir).starts.get('S-A')).toHaveLength(1);
    const s = readState(dir).sessions;
    expect([s['S-A']!.status, s['S-A']!.attempts, s['S-B']!.status]).toEqual(['Done', 1, 'Done']);
    expect(git(dir, ['log', '--format=%s%n%(trailers:key=Lanes-Session,valueonly)', '--grep=S-A'])).toContain('S-A');
  });
});
