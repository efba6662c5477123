import type { WorkflowJobRun, WorkflowRun } from './github-api.ts';
import type { SessionReport } from './session-report.ts';
import { sessionJobName, type LayoutSession, type WorkflowLayout } from './workflow-layout.ts';

/** A session's state as the run shows it, in the registry's terms. */
export interface SessionOutcome {
  /** `Queued`, `Active`, `Done`, `Failed`, `Blocked`, `Cancelled`. */
  status: string;
  reason: string | null;
  started: string | null;
  ended: string | null;
  cost: number | null;
  /** The job's page, when it has one. */
  url: string | null;
}

/** The last job: `lanes check` of every branch and `verify`. */
export interface CheckOutcome {
  /** `waiting` (not created or queued), `running`, `passed`, `failed`, `skipped`, `cancelled`. */
  status: string;
  url: string | null;
}

/** What a run shows: each session that has an outcome yet, the check job, and whether the run ended. */
export interface RunSnapshot {
  sessions: Map<string, SessionOutcome>;
  check: CheckOutcome;
  completed: boolean;
  /** The run's own conclusion once completed. */
  conclusion: string | null;
}

const waiting = new Set(['queued', 'waiting', 'pending', 'requested']);

const iso = (t: string | null): string | null => (t === null ? null : t.replace(/\.\d+Z$/, 'Z'));

/**
 * The job of each session's leg, by session ID: a job named `<ID> (batch N)` (its `name:` with the matrix filled
 * in). GitHub appends the matrix values to a name that uses no matrix expression; a name of that form followed
 * by them counts too, so that a hand-edited name still maps.
 */
export function legsOf(layout: WorkflowLayout, jobs: readonly WorkflowJobRun[]): Map<string, WorkflowJobRun> {
  const legs = new Map<string, WorkflowJobRun>();
  for (const job of layout.jobs) {
    for (const s of job.sessions) {
      const name = sessionJobName(s.id, s.batch);
      const leg = jobs.find((j) => j.name === name) ?? jobs.find((j) => j.name.startsWith(`${name} (`));
      if (leg !== undefined) legs.set(s.id, leg);
    }
  }
  return legs;
}

/**
 * The sessions' states from the run's jobs, as a local run would write them: a waiting leg is `Queued`, a
 * running one `Active`; a finished one takes the runner's own report when it filed one (status, reason, cost),
 * else its job's conclusion. A session whose job never ran because an earlier one failed is `Blocked` with the
 * reason a local run gives; one not started when the run was cancelled keeps its status (no outcome).
 */
export function runSnapshot(layout: WorkflowLayout, run: WorkflowRun, jobs: readonly WorkflowJobRun[], reports: ReadonlyMap<number, SessionReport[]>): RunSnapshot {
  const completed = run.status === 'completed';
  const legs = legsOf(layout, jobs);
  const sessions = new Map<string, SessionOutcome>();
  const ordered = layout.jobs.flatMap((j) => j.sessions);
  for (const s of ordered) {
    const leg = legs.get(s.id);
    if (leg !== undefined) {
      const outcome = legOutcome(s, leg, reports.get(leg.id) ?? []);
      if (outcome !== null) sessions.set(s.id, outcome);
    }
  }
  // Legs that did not run: their job was skipped (its matrix never expanded, so it shows under its own name),
  // or the run ended without it.
  for (const job of layout.jobs) {
    const unexpanded = jobs.find((j) => j.name === job.id || j.name === `\${{ matrix.session }} (batch ${job.batch})`);
    for (const s of job.sessions) {
      if (sessions.has(s.id) && sessions.get(s.id)!.status !== 'Blocked') continue;
      const skipped = (unexpanded?.status === 'completed' && unexpanded.conclusion === 'skipped') || sessions.get(s.id)?.status === 'Blocked';
      const ranOut = completed && !legs.has(s.id) && run.conclusion !== 'cancelled';
      if (!skipped && !ranOut) continue;
      const ended = iso(unexpanded?.completed_at ?? legs.get(s.id)?.completed_at ?? null);
      const reason = jobs.length === 0 ? `the run ended (${run.conclusion ?? 'without a conclusion'}) before any job started: ${run.html_url}` : heldReason(s, layout, sessions);
      sessions.set(s.id, { status: 'Blocked', reason, started: null, ended, cost: null, url: null });
    }
  }
  const checkJob = jobs.find((j) => j.name === 'check');
  return { sessions, check: checkOutcome(checkJob), completed, conclusion: completed ? run.conclusion : null };
}

function legOutcome(s: LayoutSession, leg: WorkflowJobRun, reports: readonly SessionReport[]): SessionOutcome | null {
  const base = { started: iso(leg.started_at), ended: null, cost: null, url: leg.html_url };
  if (waiting.has(leg.status)) return { ...base, status: 'Queued', reason: null, started: null };
  if (leg.status !== 'completed') return { ...base, status: 'Active', reason: null };
  const ended = iso(leg.completed_at);
  const report = [...reports].reverse().find((r) => r.session === s.id) ?? null;
  if (leg.conclusion === 'skipped') return { ...base, status: 'Blocked', reason: null, started: null, ended };
  if (report !== null && report.status !== 'Planned' && !(report.status === 'Done' && leg.conclusion !== 'success')) {
    return { ...base, ended, status: report.status, reason: report.reason, cost: report.cost };
  }
  const cost = report?.cost ?? null;
  switch (leg.conclusion) {
    case 'success':
      return { ...base, ended, cost, status: 'Done', reason: null };
    case 'cancelled':
      return { ...base, ended, cost, status: 'Cancelled', reason: null };
    case 'timed_out':
      return { ...base, ended, cost, status: 'Failed', reason: 'the job timed out (timeout-minutes)' };
    default: {
      const step = leg.steps?.find((x) => x.conclusion === 'failure');
      const where = step === undefined ? `the job ended ${leg.conclusion ?? 'without a conclusion'}` : `step "${step.name}" failed`;
      return { ...base, ended, cost, status: 'Failed', reason: `${where} on GitHub Actions` };
    }
  }
}

/** Why a session that never ran was held, in the words of a local run (decision 16). */
function heldReason(s: LayoutSession, layout: WorkflowLayout, known: ReadonlyMap<string, SessionOutcome>): string {
  const bad = s.dependsInBatch.find((d) => ['Failed', 'Blocked', 'Cancelled'].includes(known.get(d)?.status ?? ''));
  if (bad !== undefined) {
    const status = known.get(bad)!.status;
    return `${bad} ${status === 'Failed' ? 'failed' : `is ${status.toLowerCase()}`}`;
  }
  const batches = [...new Set(layout.jobs.map((j) => j.batch))].filter((b) => b < s.batch);
  for (const b of batches) {
    const ids = layout.jobs.filter((j) => j.batch === b).flatMap((j) => j.sessions.map((x) => x.id));
    const failed = ids.filter((id) => known.get(id)?.status === 'Failed');
    if (failed.length > 0) return `batch ${b} had a failed session (${failed.join(', ')})`;
    const stopped = ids.filter((id) => known.get(id)?.status === 'Cancelled');
    if (stopped.length > 0) return `batch ${b} had a cancelled session (${stopped.join(', ')})`;
  }
  return 'an earlier job of the run did not succeed';
}

function checkOutcome(job: WorkflowJobRun | undefined): CheckOutcome {
  if (job === undefined || waiting.has(job.status)) return { status: 'waiting', url: job?.html_url ?? null };
  if (job.status !== 'completed') return { status: 'running', url: job.html_url };
  const status = job.conclusion === 'success' ? 'passed' : job.conclusion === 'skipped' ? 'skipped' : job.conclusion === 'cancelled' ? 'cancelled' : 'failed';
  return { status, url: job.html_url };
}
