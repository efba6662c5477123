import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchEnv, makeDispatchRepo, planText, readRecord, readState, registryRows, planPath } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, tempDir, testEnv, workspaceRoot } from './helpers/repo.ts';

const removeLater = removedAfterEach(['.record']);
const repo = (plan: string): string => removeLater(makeDispatchRepo(plan));

/** The most sessions that ran at the same moment, from the recorded start and end times. */
function peakParallel(starts: Map<string, number[]>, ends: Map<string, number[]>): number {
  const points: [number, number][] = [];
  for (const [id, s] of starts) {
    points.push([s[0]!, 1]);
    points.push([ends.get(id)![0]!, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of points) peak = Math.max(peak, (now += d));
  return peak;
}

describe('lanes dispatch: order', () => {
  it('runs at most max-parallel sessions at once, batch by batch, and writes the registry', () => {
    const sessions = ['S-A', 'S-B', 'S-C', 'S-D', 'S-E'].map((id) => ({ id, batch: 1 }));
    const dir = repo(planText([...sessions, { id: 'S-F', batch: 2 }], { maxParallel: 2 }));
    const agents: Record<string, string> = Object.fromEntries([...sessions.map((s): [string, string] => [s.id, 'slow:400']), ['S-F', 'ok']]);
    const r = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, agents) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rec = readRecord(dir);
    expect([...rec.starts.keys()].sort()).toEqual(['S-A', 'S-B', 'S-C', 'S-D', 'S-E', 'S-F']);
    const batch1 = new Map([...rec.starts].filter(([id]) => id !== 'S-F'));
    expect(peakParallel(batch1, rec.ends)).toBe(2);
    const lastEnd = Math.max(...[...batch1.keys()].map((id) => rec.ends.get(id)![0]!));
    expect(rec.starts.get('S-F')![0]!).toBeGreaterThanOrEqual(lastEnd);
    const text = readFileSync(join(dir, planPath), 'utf8');
    expect(registryRows(text).map((r) => [r[0], r[4], r[5]])).toEqual(
      ['S-A', 'S-B', 'S-C', 'S-D', 'S-E', 'S-F'].map((id) => [id, 'Done', '$0.25 (est. $1)']),
    );
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(git(dir, ['log', '--format=%s', '-1'])).toBe('lanes: registry of 2026-11-20-test-dispatch.md (end of run)\n');
    expect(r.stdout).toContain('disjoint S-A × S-B: no path matches both `work/S-A/**` and `work/S-B/**`');
  });

  it('blocks every later batch after a failure, and only the dependents with --keep-going', () => {
    const plan = planText([
      { id: 'S-A', batch: 1 },
      { id: 'S-B', batch: 1 },
      { id: 'S-C', batch: 2, dependsOn: ['S-A'] },
      { id: 'S-D', batch: 2, dependsOn: ['S-B'] },
    ]);
    const agents = { 'S-A': 'crash', 'S-B': 'ok', 'S-C': 'ok', 'S-D': 'ok' };
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, agents) });
    expect(r.status).toBe(1);
    const state = readState(dir).sessions;
    expect(Object.values(state).map((s) => [s.status, s.reason])).toEqual([
      ['Failed', 'exit 3 — S-A: something broke'],
      ['Done', null],
      ['Blocked', 'batch 1 had a failed session (S-A)'],
      ['Blocked', 'batch 1 had a failed session (S-A)'],
    ]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((r) => r[4])).toEqual([
      'Failed: exit 3 — S-A: something broke',
      'Done',
      'Blocked: batch 1 had a failed session (S-A)',
      'Blocked: batch 1 had a failed session (S-A)',
    ]);

    const again = repo(plan);
    const k = lanes(again, ['dispatch', '--yes', '--keep-going'], { env: dispatchEnv(again, agents) });
    expect(k.status).toBe(1);
    expect(Object.values(readState(again).sessions).map((s) => [s.status, s.reason])).toEqual([
      ['Failed', 'exit 3 — S-A: something broke'],
      ['Done', null],
      ['Blocked', 'S-A failed'],
      ['Done', null],
    ]);
    expect([...readRecord(again).starts.keys()].sort()).toEqual(['S-A', 'S-B', 'S-D']);
  });

  it('fails a session that exits 0 without its result event, and blocks its dependents', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 2, dependsOn: ['S-A'] }, { id: 'S-D', batch: 2, dependsOn: ['S-B'] }]));
    const r = lanes(dir, ['dispatch', '--yes', '--keep-going'], { env: dispatchEnv(dir, { 'S-A': 'no-result', 'S-B': 'ok', 'S-D': 'ok' }) });
    expect(r.status).toBe(1);
    expect(readRecord(dir).starts.has('S-C')).toBe(false);
    expect(Object.values(readState(dir).sessions).map((s) => [s.status, s.reason])).toEqual([
      ['Failed', 'exited 0 without a result event'],
      ['Done', null],
      ['Blocked', 'S-A failed'],
      ['Done', null],
    ]);
  });

  it('runs verify after every batch and stops before the next when it fails', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 2 }], { verify: 'test ! -e work/S-A/S-A.txt' }));
    const r = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, {}) });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('verify after batch 1: `test ! -e work/S-A/S-A.txt` FAILED (exit 1)');
    expect(Object.values(readState(dir).sessions).map((s) => [s.status, s.reason])).toEqual([
      ['Done', null],
      ['Blocked', 'verify failed after batch 1'],
    ]);
  });

  it('--only runs the named sessions and refuses one whose dependency is not Done', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 2, dependsOn: ['S-A'] }]));
    const env = dispatchEnv(dir, {});
    const refused = lanes(dir, ['dispatch', '--yes', '--only', 'S-C'], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('lanes: --only S-C: it depends on S-A, which is not Done; add it to --only\n');
    const r = lanes(dir, ['dispatch', '--yes', '--only', 'S-B'], { env });
    expect(r.status).toBe(0);
    expect([...readRecord(dir).starts.keys()]).toEqual(['S-B']);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((r) => r[4])).toEqual(['Planned', 'Done', 'Planned']);
  });
});

describe('lanes dispatch: before anything starts', () => {
  it('refuses a plan with uncommitted changes (exit 2) and leaves the last run\'s state as it was', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }]));
    expect(lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, { 'S-A': 'ok' }) }).status).toBe(0);
    const before = readFileSync(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/state.json'), 'utf8');
    writeFileSync(join(dir, planPath), `${readFileSync(join(dir, planPath), 'utf8')}\nAn edit.\n`);
    const r = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, { 'S-A': 'ok' }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lanes: ${planPath} has changes that are not committed (or is not in HEAD); the guard reads the plan at HEAD: commit it first\n`);
    expect(readFileSync(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/state.json'), 'utf8')).toBe(before);
    expect(readState(dir).sessions['S-A']!.status).toBe('Done');
  });

  it('--dry-run prints the table, every prompt and exact argv, and writes nothing', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1, run: 'echo hi' }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    const r = lanes(dir, ['dispatch', '--dry-run', '--no-cache'], { env: dispatchEnv(dir, {}) });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, '.lanes'))).toBe(false);
    expect(existsSync(join(dir, '.git', 'lanes'))).toBe(false);
    expect(git(dir, ['status', '--porcelain', '--ignored'])).toBe('');
    // Without --no-cache the checked plan is kept under the git dir, and the next run reads it from there with the same result.
    expect(lanes(dir, ['dispatch', '--dry-run'], { env: dispatchEnv(dir, {}) }).stdout).toBe(r.stdout);
    expect(readdirSync(join(dir, '.git', 'lanes', 'cache')).filter((n) => n.startsWith('dispatch-'))).toHaveLength(1);
    expect(git(dir, ['status', '--porcelain', '--ignored'])).toBe('');
    expect(lanes(dir, ['dispatch', '--dry-run'], { env: dispatchEnv(dir, {}) }).stdout).toBe(r.stdout);
    expect(r.stdout).toContain('Full plan at plans/2026-11-20-test-dispatch.md');
    expect(r.stdout).toContain('Do NOT touch files outside this list.');
    expect(r.stdout).toContain("Reply with 'Session started: S-A' before beginning work.");
    expect(r.stdout).toContain('argv: ["claude","-p","--output-format","stream-json","--verbose","--permission-mode","bypassPermissions","--session-id","<fresh uuid>"');
    // The prompt comes after `--`: plan text never stands where claude could read it as an option.
    expect(r.stdout).toMatch(/"--","Implement TEST-10 \(Work S-A\) from master plan TEST-1\./);
    const json = lanes(dir, ['dispatch', '--dry-run', '--json', '--agent', 'shell'], { env: dispatchEnv(dir, {}) });
    expect(json.status).toBe(2);
    const parsed = JSON.parse(json.stdout) as { blockers: string[]; batches: { sessions: { id: string; argv: string[] | null; workspace: string }[] }[] };
    expect(parsed.blockers).toEqual(['session S-B uses the `shell` agent but has no `Run` block; add `- **Run:**` with a fenced sh block']);
    expect(parsed.batches[0]!.sessions.map((s) => [s.id, s.argv, s.workspace])).toEqual([
      ['S-A', ['bash', '-e', '-c', 'echo hi', 'lanes-S-A'], 'shared'],
      ['S-B', null, 'shared'],
    ]);
  });

  it('refuses without a terminal and without --yes (exit 2), and refuses a plan that does not lint (exit 1)', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }]));
    const r = lanes(dir, ['dispatch'], { env: dispatchEnv(dir, {}) });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lanes: dispatch needs a terminal to confirm; add --yes to start without asking\n');
    const bad = repo(planText([{ id: 'S-A', batch: 1, owns: ['src/{a,b}.ts'] }]));
    const b = lanes(bad, ['dispatch', '--yes'], { env: dispatchEnv(bad, {}) });
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/^lanes: the plan has \d+ lint errors?\nlanes: dispatch refused: fix the lint errors above/);
    expect(existsSync(join(bad, '.lanes'))).toBe(false);
    // A plan read and cached while it linted, then changed so that it does not: refused all the same.
    expect(lanes(dir, ['dispatch', '--dry-run'], { env: dispatchEnv(dir, {}) }).status).toBe(0);
    writeFileSync(join(dir, planPath), readFileSync(join(dir, planPath), 'utf8').replace('`work/S-A/**`', '`src/{a,b}.ts`'));
    git(dir, ['commit', '-q', '-am', 'a bad pattern']);
    const changed = lanes(dir, ['dispatch', '--yes'], { env: dispatchEnv(dir, {}) });
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/^lanes: the plan has \d+ lint errors?\n/);
  });

  it('puts sessions that are not proven disjoint in their own worktrees under --workspace auto', () => {
    const dir = repo(planText([
      { id: 'S-A', batch: 1, owns: ['src/**'] },
      { id: 'S-B', batch: 1, owns: ['src/b/'] },
      { id: 'S-C', batch: 1, owns: ['docs/'] },
    ]));
    const r = lanes(dir, ['dispatch', '--dry-run', '--json'], { env: dispatchEnv(dir, {}) });
    const parsed = JSON.parse(r.stdout) as { batches: { disjoint: boolean; proof: { a: string; b: string; disjoint: boolean; reason: string }[]; sessions: { id: string; workspace: string; branch: string }[] }[] };
    expect(parsed.batches[0]!.proof.map((p) => [p.a, p.b, p.disjoint])).toEqual([
      ['S-A', 'S-B', false],
      ['S-A', 'S-C', true],
      ['S-B', 'S-C', true],
    ]);
    expect(parsed.batches[0]!.sessions.map((s) => [s.id, s.workspace, s.branch])).toEqual([
      ['S-A', 'worktree', 'command/test-10-work'],
      ['S-B', 'worktree', 'command/test-11-work'],
      ['S-C', 'shared', 'command/test-12-work'],
    ]);
  });

  it('--budget stops launching sessions once the reported costs reach it', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 1 }], { maxParallel: 1 }));
    const r = lanes(dir, ['dispatch', '--yes', '--budget', '0.5'], { env: dispatchEnv(dir, {}) });
    expect(r.status).toBe(1);
    expect(Object.values(readState(dir).sessions).map((s) => [s.status, s.reason, s.cost])).toEqual([
      ['Done', null, 0.25],
      ['Done', null, 0.25],
      ['Blocked', 'budget of $0.5 spent ($0.50)', null],
    ]);
  });
});

describe('lanes dispatch --demo', () => {
  it('dispatches the bundled example in a scratch repository: the guard blocks S-C, the registry is committed', () => {
    const tmp = tempDir('lanes-demo-parent-');
    removeLater(tmp);
    const r = lanes(workspaceRoot, ['dispatch', '--demo', '--yes'], { env: testEnv({ TMPDIR: tmp, CI: '1' }) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const scratch = /^Scratch repository: (.+)$/m.exec(r.stdout)![1]!;
    expect(scratch.startsWith(`${tmp}/lanes-demo-`)).toBe(true);
    expect(r.stdout).toContain('S-C Failed: exit 1 — lanes guard: commit blocked: S-C may commit only what its Owns covers');
    expect(r.stdout).toContain('verify after batch 2: `sh scripts/verify.sh` passed');
    expect(r.stdout).toMatch(/The demo ended as scripted/);
    const plan = readFileSync(join(scratch, 'plans/2026-11-20-demo-greetings.md'), 'utf8');
    expect(registryRows(plan).map((row) => [row[0], row[4]?.replace(/:.*/, '')])).toEqual([
      ['S-A', 'Done'],
      ['S-B', 'Done'],
      ['S-C', 'Failed'],
      ['S-D', 'Done'],
    ]);
    expect(git(scratch, ['log', '--format=%s', '--reverse']).trim().split('\n')).toEqual([
      'demo: a small project and its plan',
      'lanes: registry of 2026-11-20-demo-greetings.md (batch 1 starts)',
      'DEMO-2: greeting module',
      'DEMO-3: farewell module',
      'lanes: registry of 2026-11-20-demo-greetings.md (batch 1 ended, batch 2 starts)',
      'DEMO-5: command line',
      'lanes: registry of 2026-11-20-demo-greetings.md (end of run)',
    ]);
  });
});

