import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import type { WorkflowJobRun, WorkflowRun } from './github-api.ts';
import type { SessionReport } from './session-report.ts';
import { runSnapshot } from './run-snapshot.ts';
import { testPlan } from './testing/plan-text.ts';
import { workflowLayout } from './workflow-layout.ts';

const planPath = 'plans/2026-11-20-test-plan.md';
const { layout } = workflowLayout(
  parsePlan(
    testPlan([
      { id: 'S-A', batch: 1 },
      { id: 'S-B', batch: 1 },
      { id: 'S-C', batch: 1, dependsOn: ['S-A'] },
      { id: 'S-D', batch: 2, dependsOn: ['S-B'] },
    ]),
    { path: planPath },
  ),
  { planPath },
);

const run = (status: string, conclusion: string | null = null): WorkflowRun => ({
  id: 42,
  display_title: 'lanes x',
  event: 'workflow_dispatch',
  status,
  conclusion,
  html_url: 'https://github.com/octo/shop/actions/runs/42',
  created_at: '2026-11-20T10:00:00Z',
});

let nextId = 1;
const job = (name: string, status: string, conclusion: string | null = null, steps: WorkflowJobRun['steps'] = []): WorkflowJobRun => ({
  id: nextId++,
  run_id: 42,
  name,
  status,
  conclusion,
  started_at: status === 'queued' ? null : '2026-11-20T10:01:00.000Z',
  completed_at: status === 'completed' ? '2026-11-20T10:05:00Z' : null,
  html_url: `https://github.com/octo/shop/actions/runs/42/job/${nextId}`,
  steps,
});

const reports = (entries: [WorkflowJobRun, SessionReport][]): Map<number, SessionReport[]> => new Map(entries.map(([j, r]) => [j.id, [r]]));

describe('runSnapshot', () => {
  it('maps waiting and running legs to Queued and Active, and jobs not created yet to nothing', () => {
    const jobs = [job('S-A (batch 1)', 'in_progress'), job('S-B (batch 1) (S-B, shell, shell/test-11-work)', 'queued'), job('S-C (batch 1)', 'waiting')];
    const snap = runSnapshot(layout, run('in_progress'), jobs, new Map());
    expect([...snap.sessions].map(([id, o]) => [id, o.status, o.started])).toEqual([
      ['S-A', 'Active', '2026-11-20T10:01:00Z'],
      ['S-B', 'Queued', null],
      ['S-C', 'Queued', null],
    ]);
    expect(snap.check).toEqual({ status: 'waiting', url: null });
    expect(snap.completed).toBe(false);
  });

  it('takes a finished leg’s own report, and its job’s conclusion when it filed none', () => {
    const a = job('S-A (batch 1)', 'completed', 'success');
    const b = job('S-B (batch 1)', 'completed', 'failure', [
      { name: 'Check out', number: 1, status: 'completed', conclusion: 'success' },
      { name: 'Prepare shell/test-11-work', number: 2, status: 'completed', conclusion: 'failure' },
    ]);
    const c = job('S-C (batch 1)', 'completed', 'failure');
    const snap = runSnapshot(
      layout,
      run('in_progress'),
      [a, b, c],
      reports([
        [a, { session: 'S-A', status: 'Done', reason: null, cost: 1.25 }],
        [c, { session: 'S-C', status: 'Failed', reason: 'exit 3 — S-C: something broke', cost: null }],
      ]),
    );
    expect(Object.fromEntries([...snap.sessions].map(([id, o]) => [id, [o.status, o.reason, o.cost, o.ended]]))).toEqual({
      'S-A': ['Done', null, 1.25, '2026-11-20T10:05:00Z'],
      'S-B': ['Failed', 'step "Prepare shell/test-11-work" failed on GitHub Actions', null, '2026-11-20T10:05:00Z'],
      'S-C': ['Failed', 'exit 3 — S-C: something broke', null, '2026-11-20T10:05:00Z'],
    });
  });

  it('fails a Done report whose job failed after it (the push), and maps timeouts and cancels', () => {
    const a = job('S-A (batch 1)', 'completed', 'failure', [{ name: 'Push shell/test-10-work', number: 9, status: 'completed', conclusion: 'failure' }]);
    const b = job('S-B (batch 1)', 'completed', 'timed_out');
    const c = job('S-C (batch 1)', 'completed', 'cancelled');
    const snap = runSnapshot(layout, run('in_progress'), [a, b, c], reports([[a, { session: 'S-A', status: 'Done', reason: null, cost: 0.5 }]]));
    expect([...snap.sessions].map(([id, o]) => [id, o.status, o.reason, o.cost])).toEqual([
      ['S-A', 'Failed', 'step "Push shell/test-10-work" failed on GitHub Actions', 0.5],
      ['S-B', 'Failed', 'the job timed out (timeout-minutes)', null],
      ['S-C', 'Cancelled', null, null],
    ]);
  });

  it('holds the sessions of a job that never ran with the reason a local run gives', () => {
    const jobs = [
      job('S-A (batch 1)', 'completed', 'success'),
      job('S-B (batch 1)', 'completed', 'failure'),
      job('S-C (batch 1)', 'completed', 'success'),
      job('${{ matrix.session }} (batch 2)', 'completed', 'skipped'),
      job('check', 'completed', 'skipped'),
    ];
    const snap = runSnapshot(layout, run('completed', 'failure'), jobs, new Map());
    expect(snap.sessions.get('S-D')).toEqual({ status: 'Blocked', reason: 'batch 1 had a failed session (S-B)', started: null, ended: '2026-11-20T10:05:00Z', cost: null, url: null });
    expect(snap.check).toEqual({ status: 'skipped', url: jobs[4]!.html_url });
    expect(snap.completed).toBe(true);
    expect(snap.conclusion).toBe('failure');
  });

  it('holds a later stage of a batch behind the session of its batch that failed', () => {
    const { layout: staged } = workflowLayout(
      parsePlan(testPlan([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1, dependsOn: ['S-A'] }]), { path: planPath }),
      { planPath },
    );
    const jobs = [job('S-A (batch 1)', 'completed', 'failure'), job('batch-1-stage-2', 'completed', 'skipped')];
    const snap = runSnapshot(staged, run('completed', 'failure'), jobs, reports([[jobs[0]!, { session: 'S-A', status: 'Failed', reason: 'exit 1', cost: null }]]));
    expect(snap.sessions.get('S-B')!.reason).toBe('S-A failed');
  });

  it('leaves the sessions a cancelled run never started as they were, and says when no job started at all', () => {
    const cancelled = runSnapshot(layout, run('completed', 'cancelled'), [job('S-A (batch 1)', 'completed', 'cancelled')], new Map());
    expect([...cancelled.sessions.keys()]).toEqual(['S-A']);
    const broken = runSnapshot(layout, run('completed', 'failure'), [], new Map());
    expect([...broken.sessions.values()].map((o) => [o.status, o.reason])).toEqual(
      Array(4).fill(['Blocked', 'the run ended (failure) before any job started: https://github.com/octo/shop/actions/runs/42']),
    );
  });
});
