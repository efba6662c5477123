import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan } from '@lanes/core';
import { afterEach, describe, expect, it } from 'vitest';
import { followRun, type Clock, type FollowEvent } from './follow-run.ts';
import { GithubApi, GithubApiError } from './github-api.ts';
import { RegistryWriter } from './registry-writer.ts';
import { reportCommand, type SessionReport } from './session-report.ts';
import { startFakeGithub, type FakeGithub, type FakeJob, type FakeRun, type ForcedAnswer } from './testing/fake-github.ts';
import { testPlan } from './testing/plan-text.ts';
import { workflowLayout } from './workflow-layout.ts';

const planPath = 'plans/2026-11-20-test-plan.md';
const plan = parsePlan(
  testPlan([
    { id: 'S-A', batch: 1 },
    { id: 'S-B', batch: 1 },
    { id: 'S-C', batch: 2, dependsOn: ['S-A'] },
  ]),
  { path: planPath },
);
const { layout } = workflowLayout(plan, { planPath });
const estCost = new Map(plan.sessions.map((s) => [s.id, s.estCost]));
const repo = { owner: 'octo', repo: 'shop' };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...args: string[]): string => {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** A repository with the plan committed, for the registry writes. */
function planRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-follow-')));
  cleanup.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, planPath), testPlan(plan.sessions.map((s) => ({ id: s.id, batch: s.batch, dependsOn: s.dependsOn }))));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  return dir;
}

/** A clock whose sleeps return at once and move time on. */
function fastClock(): Clock {
  let now = Date.parse('2026-11-20T10:00:00Z');
  return {
    now: () => now,
    sleep: (ms, signal) => {
      now += ms;
      return Promise.resolve(signal?.aborted !== true);
    },
  };
}

/** An annotation as GitHub stores the one a Report step files. */
function annotation(report: SessionReport): FakeJob['annotations'][number] {
  const m = /^::(\w+) title=([^:]*)::(.*)$/.exec(reportCommand(report))!;
  const decode = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return { path: '.github', start_line: 1, end_line: 1, annotation_level: m[1] === 'error' ? 'failure' : m[1]!, title: decode(m[2]!), message: decode(m[3]!) };
}

type Frame = (run: FakeRun, job: (name: string, change?: Partial<FakeJob>) => FakeJob) => void;

/** A fake whose run moves one frame on each time the follower asks for it. */
async function scripted(frames: Frame[], force?: (request: { method: string; path: string }) => ForcedAnswer | undefined): Promise<{ github: FakeGithub; api: GithubApi; runId: number }> {
  let frame = 0;
  const holder: { github?: FakeGithub } = {};
  const job = (name: string, change: Partial<FakeJob> = {}): FakeJob => {
    const fake = holder.github!;
    const found = fake.jobs.find((j) => j.name === name) ?? fake.addJob(fake.runs[0]!, { name });
    return Object.assign(found, change);
  };
  const github = await startFakeGithub({
    onRequest: (r) => {
      const forced = force?.(r);
      if (forced !== undefined) return forced;
      if (r.method === 'GET' && /\/actions\/runs\/\d+$/.test(r.path) && frame < frames.length) frames[frame++]!(holder.github!.runs[0]!, job);
      return undefined;
    },
  });
  holder.github = github;
  cleanup.push(() => github.close());
  const api = new GithubApi({ baseUrl: github.url, token: 't' });
  await api.dispatchWorkflow(repo, 'lanes.yml', 'main', { lanes_run: 'x' });
  return { github, api, runId: github.runs[0]!.id };
}

const started = { status: 'in_progress', started_at: '2026-11-20T10:01:00Z' };
const ended = (conclusion: string): Partial<FakeJob> => ({ status: 'completed', conclusion, completed_at: '2026-11-20T10:09:00Z' });
const happy: Frame[] = [
  (_, job) => {
    job('S-A (batch 1)');
    job('S-B (batch 1)');
  },
  (run, job) => {
    run.status = 'in_progress';
    job('S-A (batch 1)', started);
  },
  (_, job) => {
    job('S-A (batch 1)', { ...ended('success'), annotations: [annotation({ session: 'S-A', status: 'Done', reason: null, cost: 0.5 })] });
    job('S-B (batch 1)', started);
  },
  (_, job) => {
    job('S-B (batch 1)', { ...ended('success'), annotations: [annotation({ session: 'S-B', status: 'Done', reason: null, cost: null })] });
    job('S-C (batch 2)', started);
  },
  (run, job) => {
    job('S-C (batch 2)', { ...ended('failure'), annotations: [annotation({ session: 'S-C', status: 'Failed', reason: 'exit 3 — S-C: something broke', cost: 1 })] });
    job('check', ended('skipped'));
    run.status = 'completed';
    run.conclusion = 'failure';
  },
];

describe('followRun', () => {
  it('follows the run to its end and writes the registry like a local run: live, and committed when a batch starts and at the end', async () => {
    const dir = planRepo();
    const { github, api, runId } = await scripted(happy);
    const events: FollowEvent[] = [];
    const result = await followRun({ api, repo, runId, layout, registry: new RegistryWriter(dir, planPath, plan, env), estCost, pollMs: 10_000, timeoutMs: null, clock: fastClock(), onEvent: (e) => events.push(e) });

    expect(result.exitCode).toBe(1);
    expect(result.stopped).toBeNull();
    const said = events.map((e) =>
      e.type === 'session' ? `${e.id} ${e.outcome.status}${e.outcome.reason ? `: ${e.outcome.reason}` : ''}` : e.type === 'run' ? `run ${e.run.status ?? ''}` : e.type === 'registry' ? `registry (${e.when})` : e.type === 'check' ? `check ${e.outcome.status}` : e.type === 'job-start' ? `${e.job} starts` : e.message,
    );
    expect(said).toEqual([
      'run queued',
      'S-A Queued',
      'S-B Queued',
      'check waiting',
      'run in_progress',
      'batch-1 starts',
      'S-A Active',
      'registry (batch 1 starts)',
      'S-A Done',
      'S-B Active',
      'batch-2 starts',
      'S-B Done',
      'S-C Active',
      'registry (batch 1 ended, batch 2 starts)',
      'run completed',
      'S-C Failed: exit 3 — S-C: something broke',
      'check skipped',
      'registry (end of run)',
    ]);
    const text = readFileSync(join(dir, planPath), 'utf8');
    expect(text.slice(text.indexOf('## Session Registry'))).toBe(
      [
        '## Session Registry',
        '',
        '| Session Name | Issue | Phase | Plan File | Status | Cost | Started | Ended |',
        '|---|---|---|---|---|---|---|---|',
        '| S-A | TEST-10 | 1A | 2026-11-20-test-plan.md | Done | $0.50 (est. $2) | 2026-11-20T10:01:00Z | 2026-11-20T10:09:00Z |',
        '| S-B | TEST-11 | 1B | 2026-11-20-test-plan.md | Done | — (est. $2) | 2026-11-20T10:01:00Z | 2026-11-20T10:09:00Z |',
        '| S-C | TEST-12 | 2A | 2026-11-20-test-plan.md | Failed: exit 3 — S-C: something broke | $1.00 (est. $2) | 2026-11-20T10:01:00Z | 2026-11-20T10:09:00Z |',
        '',
      ].join('\n'),
    );
    expect(git(dir, 'log', '--format=%s%n%b', '-3').trim().split('\n').filter((l) => l !== '')).toEqual([
      'lanes: registry of 2026-11-20-test-plan.md (end of run)',
      'Lanes-Dispatch: registry',
      'lanes: registry of 2026-11-20-test-plan.md (batch 1 ended, batch 2 starts)',
      'Lanes-Dispatch: registry',
      'lanes: registry of 2026-11-20-test-plan.md (batch 1 starts)',
      'Lanes-Dispatch: registry',
    ]);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // Each finished leg's annotations are read once.
    expect(github.requests.filter((r) => r.path.endsWith('/annotations')).map((r) => r.path)).toEqual(
      github.jobs.filter((j) => j.name !== 'check').map((j) => `/repos/octo/shop/check-runs/${j.id}/annotations`),
    );
  });

  it('exits 0 when every session is Done and the check passed', async () => {
    const frames: Frame[] = [
      (run, job) => {
        run.status = 'in_progress';
        for (const name of ['S-A (batch 1)', 'S-B (batch 1)']) job(name, { ...ended('success') });
      },
      (run, job) => {
        job('S-C (batch 2)', ended('success'));
        job('check', ended('success'));
        run.status = 'completed';
        run.conclusion = 'success';
      },
    ];
    const { api, runId } = await scripted(frames);
    const result = await followRun({ api, repo, runId, layout, registry: null, estCost, pollMs: 1000, timeoutMs: null, clock: fastClock(), onEvent: () => undefined });
    expect([...result.snapshot!.sessions.values()].map((o) => o.status)).toEqual(['Done', 'Done', 'Done']);
    expect(result.snapshot!.check.status).toBe('passed');
    expect(result.exitCode).toBe(0);
  });

  it('asks again when GitHub fails for a moment, and gives up after four failures in a row', async () => {
    let failures = 2;
    const flaky = await scripted(happy, (r) => (r.method === 'GET' && r.path.endsWith('/jobs') && failures-- > 0 ? { status: 502, body: { message: 'Server Error' } } : undefined));
    const events: FollowEvent[] = [];
    const result = await followRun({ api: flaky.api, repo, runId: flaky.runId, layout, registry: null, estCost, pollMs: 1000, timeoutMs: null, clock: fastClock(), onEvent: (e) => events.push(e) });
    expect(result.exitCode).toBe(1);
    expect(events.flatMap((e) => (e.type === 'retry' ? [e.message] : []))).toEqual([
      `GitHub API GET /repos/octo/shop/actions/runs/${flaky.runId}/jobs?filter=latest&per_page=100&page=1: 502 Server Error; trying again`,
      `GitHub API GET /repos/octo/shop/actions/runs/${flaky.runId}/jobs?filter=latest&per_page=100&page=1: 502 Server Error; trying again`,
    ]);
    const down = await scripted(happy, (r) => (r.method === 'GET' && r.path.endsWith('/jobs') ? { status: 503, body: { message: 'Unavailable' } } : undefined));
    await expect(followRun({ api: down.api, repo, runId: down.runId, layout, registry: null, estCost, pollMs: 1000, timeoutMs: null, clock: fastClock(), onEvent: () => undefined })).rejects.toBeInstanceOf(GithubApiError);
  });

  it('falls back to the jobs’ conclusions when the token may not read annotations', async () => {
    const { api, runId } = await scripted(happy, (r) => (r.path.endsWith('/annotations') ? { status: 403, body: { message: 'Resource not accessible by personal access token' } } : undefined));
    const events: FollowEvent[] = [];
    const result = await followRun({ api, repo, runId, layout, registry: null, estCost, pollMs: 1000, timeoutMs: null, clock: fastClock(), onEvent: (e) => events.push(e) });
    expect([...result.snapshot!.sessions].map(([id, o]) => [id, o.status, o.reason])).toEqual([
      ['S-A', 'Done', null],
      ['S-B', 'Done', null],
      ['S-C', 'Failed', 'the job ended failure on GitHub Actions'],
    ]);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
  });

  it('stops following at its timeout or when aborted, the run going on, and commits what it saw', async () => {
    const dir = planRepo();
    const stuck: Frame[] = [
      (run, job) => {
        run.status = 'in_progress';
        job('S-A (batch 1)', started);
      },
    ];
    const slow = await scripted(stuck);
    const timedOut = await followRun({ api: slow.api, repo, runId: slow.runId, layout, registry: new RegistryWriter(dir, planPath, plan, env), estCost, pollMs: 10_000, timeoutMs: 30_000, clock: fastClock(), onEvent: () => undefined });
    expect([timedOut.exitCode, timedOut.stopped]).toEqual([1, 'timeout']);
    // What it saw is committed (here by the commit of the batch's start, with nothing new since).
    expect(git(dir, 'log', '--format=%s', '-1')).toBe('lanes: registry of 2026-11-20-test-plan.md (batch 1 starts)\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(dir, planPath), 'utf8')).toContain('| S-A | TEST-10 | 1A | 2026-11-20-test-plan.md | Active | — (est. $2) | 2026-11-20T10:01:00Z | — |');

    const controller = new AbortController();
    const again = await scripted(stuck);
    const aborted = followRun({ api: again.api, repo, runId: again.runId, layout, registry: null, estCost, pollMs: 10_000, timeoutMs: null, signal: controller.signal, clock: fastClock(), onEvent: () => { controller.abort(); } });
    expect(await aborted.then((r) => [r.exitCode, r.stopped])).toEqual([130, 'aborted']);
  });
});
