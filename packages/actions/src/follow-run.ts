import type { RegistryUpdate } from '@lanes/dispatch';
import { GithubApiError, GithubUnreachableError, type GithubApi, type RepoRef, type WorkflowJobRun, type WorkflowRun } from './github-api.ts';
import type { RegistryWriter } from './registry-writer.ts';
import { readReport, type SessionReport } from './session-report.ts';
import { legsOf, runSnapshot, type CheckOutcome, type RunSnapshot, type SessionOutcome } from './run-snapshot.ts';
import type { WorkflowLayout } from './workflow-layout.ts';

/** Waiting and the clock, so that tests can drive time. */
export interface Clock {
  now: () => number;
  /** Resolves after `ms`, or early (false) when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/** The real clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', stop);
        resolve(true);
      }, ms);
      const stop = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      signal?.addEventListener('abort', stop, { once: true });
    }),
};

/** The run a dispatch started did not show up in the list of runs in time. */
export class RunNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotFoundError';
  }
}

/** Starts the workflow on `ref` and finds its run: the id GitHub returns, else the run whose title carries `nonce`. */
export async function triggerRun(
  api: GithubApi,
  repo: RepoRef,
  workflow: string,
  ref: string,
  input: { name: string; nonce: string },
  options: { pollMs: number; findTimeoutMs: number; clock?: Clock; signal?: AbortSignal },
): Promise<{ runId: number; htmlUrl: string | null }> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const answer = await api.dispatchWorkflow(repo, workflow, ref, { [input.name]: input.nonce });
  if (answer.runId !== null) return { runId: answer.runId, htmlUrl: answer.htmlUrl };
  // Without run details, the run is found by its `run-name`, which ends with the nonce; `created` is matched
  // with a margin for the difference between this clock and GitHub's.
  const since = new Date(started - 5 * 60_000);
  for (;;) {
    const runs = await retrying(() => api.listDispatchRuns(repo, workflow, since), clock, options);
    const run = runs.find((r) => r.display_title.endsWith(` ${input.nonce}`) || r.display_title === input.nonce);
    if (run !== undefined) return { runId: run.id, htmlUrl: run.html_url };
    if (clock.now() - started >= options.findTimeoutMs) {
      throw new RunNotFoundError(`the run did not show up within ${Math.round(options.findTimeoutMs / 1000)}s of the dispatch; it may still start: look at the workflow's runs on GitHub, then follow it with --follow <run id>`);
    }
    if (!(await clock.sleep(options.pollMs, options.signal))) throw new RunNotFoundError('stopped before the run showed up');
  }
}

/** What the follower tells as it goes. */
export type FollowEvent =
  | { type: 'run'; run: WorkflowRun }
  | { type: 'session'; id: string; outcome: SessionOutcome }
  | { type: 'job-start'; job: string; batch: number }
  | { type: 'check'; outcome: CheckOutcome }
  | { type: 'registry'; committed: boolean; when: string }
  | { type: 'retry'; message: string };

/** How a followed run ended. */
export interface FollowResult {
  /** 0 every session Done and the check passed; 1 not; 130 stopped following (the run goes on). */
  exitCode: number;
  snapshot: RunSnapshot | null;
  run: WorkflowRun | null;
  /** Why following stopped early: aborted, or the follow timeout. */
  stopped: 'aborted' | 'timeout' | null;
}

/** What `followRun` needs. */
export interface FollowOptions {
  api: GithubApi;
  repo: RepoRef;
  runId: number;
  layout: WorkflowLayout;
  /** Writes the registry; null to only watch. */
  registry: RegistryWriter | null;
  /** Estimated cost of each session, for the Cost cell (`— (est. $4)`). */
  estCost: ReadonlyMap<string, number | null>;
  pollMs: number;
  /** Stop following after this long (the run goes on), or null for never. */
  timeoutMs: number | null;
  signal?: AbortSignal;
  clock?: Clock;
  onEvent: (event: FollowEvent) => void;
}

/**
 * Follows a run until it completes: polls the run and its jobs, reads the report each finished leg filed, and
 * writes every change of a session's state into the registry like a local run: live, committed when a job of a
 * new batch starts and at the end.
 */
export async function followRun(options: FollowOptions): Promise<FollowResult> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const reports = new Map<number, SessionReport[]>();
  const written = new Map<string, string>();
  const startedJobs = new Set<string>();
  let snapshot: RunSnapshot | null = null;
  let run: WorkflowRun | null = null;
  let checkStatus = '';
  for (;;) {
    const current = await retrying(() => options.api.getRun(options.repo, options.runId), clock, options);
    if (run === null || run.status !== current.status) options.onEvent({ type: 'run', run: current });
    run = current;
    const jobs = await retrying(() => options.api.listJobs(options.repo, options.runId), clock, options);
    await readReports(options, jobs, reports, clock);
    snapshot = runSnapshot(options.layout, run, jobs, reports);

    let commit: string | null = null;
    for (const job of options.layout.jobs) {
      if (startedJobs.has(job.id) || !job.sessions.some((s) => ['Active', 'Done', 'Failed', 'Cancelled'].includes(snapshot!.sessions.get(s.id)?.status ?? ''))) continue;
      startedJobs.add(job.id);
      options.onEvent({ type: 'job-start', job: job.id, batch: job.batch });
      const previous = options.layout.jobs[options.layout.jobs.indexOf(job) - 1];
      commit = previous === undefined ? `batch ${job.batch} starts` : `${previous.batch === job.batch ? `batch ${job.batch} stage ${job.stage - 1}` : `batch ${previous.batch}`} ended, batch ${job.batch}${job.stage > 1 ? ` stage ${job.stage}` : ''} starts`;
    }
    const changed: string[] = [];
    for (const [id, outcome] of snapshot.sessions) {
      const key = JSON.stringify(outcome);
      if (written.get(id) === key) continue;
      written.set(id, key);
      changed.push(id);
      options.onEvent({ type: 'session', id, outcome });
    }
    if (snapshot.check.status !== checkStatus) {
      checkStatus = snapshot.check.status;
      options.onEvent({ type: 'check', outcome: snapshot.check });
    }
    const done = snapshot.completed;
    if (done) commit = 'end of run';
    if (changed.length > 0 || commit !== null) writeRegistry(options, snapshot, commit);
    if (done) break;
    if (options.timeoutMs !== null && clock.now() - started >= options.timeoutMs) return stop(options, snapshot, run, 'timeout');
    if (!(await clock.sleep(options.pollMs, options.signal))) return stop(options, snapshot, run, 'aborted');
  }
  const ids = options.layout.jobs.flatMap((j) => j.sessions.map((s) => s.id));
  const allDone = ids.every((id) => snapshot.sessions.get(id)?.status === 'Done');
  const checkOk = snapshot.check.status === 'passed';
  return { exitCode: allDone && checkOk && run.conclusion === 'success' ? 0 : 1, snapshot, run, stopped: null };
}

function stop(options: FollowOptions, snapshot: RunSnapshot, run: WorkflowRun, why: 'aborted' | 'timeout'): FollowResult {
  writeRegistry(options, snapshot, why === 'aborted' ? 'stopped following' : 'follow timed out');
  return { exitCode: why === 'aborted' ? 130 : 1, snapshot, run, stopped: why };
}

function writeRegistry(options: FollowOptions, snapshot: RunSnapshot, commit: string | null): void {
  if (options.registry === null) return;
  const updates = new Map<string, RegistryUpdate>();
  for (const [id, o] of snapshot.sessions) {
    updates.set(id, { status: o.status, reason: o.reason, cost: formatCost(o.cost, options.estCost.get(id) ?? null), started: o.started, ended: o.ended });
  }
  if (updates.size === 0 && commit === null) return;
  const written = options.registry.write(updates, commit);
  if (commit !== null) options.onEvent({ type: 'registry', committed: written.kind === 'written' && written.committed, when: commit });
}

/** Reads the report annotations of every finished leg once (a job's id is its check run's id). */
async function readReports(options: FollowOptions, jobs: readonly WorkflowJobRun[], reports: Map<number, SessionReport[]>, clock: Clock): Promise<void> {
  for (const [id, leg] of legsOf(options.layout, jobs)) {
    if (leg.status !== 'completed' || leg.conclusion === 'skipped' || reports.has(leg.id)) continue;
    try {
      const annotations = await retrying(() => options.api.listAnnotations(options.repo, leg.id), clock, options);
      reports.set(leg.id, annotations.map(readReport).filter((r): r is SessionReport => r !== null && r.session === id));
    } catch (error) {
      // Without `checks: read` the follower still has the job's conclusion.
      if (!(error instanceof GithubApiError) || ![403, 404].includes(error.status)) throw error;
      reports.set(leg.id, []);
      options.onEvent({ type: 'retry', message: `no report for ${id}: ${error.message}` });
    }
  }
}

/** Calls the API again after a pause when GitHub is unreachable or answers 5xx or 429, three times at most. */
async function retrying<T>(call: () => Promise<T>, clock: Clock, options: { pollMs: number; signal?: AbortSignal; onEvent?: (e: FollowEvent) => void }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const transient = error instanceof GithubUnreachableError || (error instanceof GithubApiError && (error.status >= 500 || error.status === 429));
      if (!transient || attempt >= 4) throw error;
      options.onEvent?.({ type: 'retry', message: `${error.message}; trying again` });
      if (!(await clock.sleep(options.pollMs * attempt, options.signal))) throw error;
    }
  }
}

function formatCost(cost: number | null, est: number | null): string {
  const actual = cost === null ? '—' : `$${cost.toFixed(2)}`;
  return est === null ? actual : `${actual} (est. $${est})`;
}
