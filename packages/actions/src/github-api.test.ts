import { afterEach, describe, expect, it } from 'vitest';
import { realClock, RunNotFoundError, triggerRun, type Clock } from './follow-run.ts';
import { GithubApi, GithubApiError, GithubUnreachableError, repoFromRemote, repoFromSlug } from './github-api.ts';
import { startFakeGithub, type FakeGithub, type FakeGithubOptions } from './testing/fake-github.ts';

const repo = { owner: 'octo', repo: 'shop' };
const fakes: FakeGithub[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function fake(options: FakeGithubOptions = {}): Promise<{ github: FakeGithub; api: GithubApi }> {
  const github = await startFakeGithub(options);
  fakes.push(github);
  return { github, api: new GithubApi({ baseUrl: github.url, token: 't0ken' }) };
}

/** A clock whose sleeps return at once and move time on. */
function fastClock(): Clock & { slept: number[] } {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms, signal) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve(signal?.aborted !== true);
    },
  };
}

describe('GithubApi', () => {
  it('dispatches a workflow with the documented body and headers, and reads the run id GitHub returns', async () => {
    const { github, api } = await fake({ returnRunDetails: true });
    const answer = await api.dispatchWorkflow(repo, 'lanes-demo.yml', 'main', { lanes_run: 'abc123' });
    expect(answer).toEqual({ runId: 7000001, htmlUrl: 'https://github.com/octo/shop/actions/runs/7000001' });
    const [request] = github.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/repos/octo/shop/actions/workflows/lanes-demo.yml/dispatches');
    expect(request!.body).toEqual({ ref: 'main', inputs: { lanes_run: 'abc123' }, return_run_details: true });
    expect(request!.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      authorization: 'Bearer t0ken',
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
    });
  });

  it('takes a 204 without a run id, and sends the dispatch again without return_run_details where it is refused', async () => {
    const { api } = await fake();
    expect(await api.dispatchWorkflow(repo, 'lanes-demo.yml', 'main', {})).toEqual({ runId: null, htmlUrl: null });
    let refused = 0;
    const ghes = await fake({
      onRequest: (r) => {
        if (r.method !== 'POST' || (r.body as { return_run_details?: boolean }).return_run_details !== true) return undefined;
        refused++;
        return { status: 422, body: { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.', documentation_url: 'https://docs.github.com/enterprise-server/rest' } };
      },
    });
    expect(await ghes.api.dispatchWorkflow(repo, 'lanes-demo.yml', 'main', { lanes_run: 'x' })).toEqual({ runId: null, htmlUrl: null });
    expect(refused).toBe(1);
    expect(ghes.github.requests.map((r) => r.body)).toEqual([
      { ref: 'main', inputs: { lanes_run: 'x' }, return_run_details: true },
      { ref: 'main', inputs: { lanes_run: 'x' } },
    ]);
  });

  it('says what GitHub answered: the status, its message and its documentation', async () => {
    const { api } = await fake();
    await expect(api.getRun(repo, 99)).rejects.toThrow(new GithubApiError('GET', '/repos/octo/shop/actions/runs/99', 404, 'Not Found', 'https://docs.github.com/rest'));
    await expect(api.getRun(repo, 99)).rejects.toThrow('GitHub API GET /repos/octo/shop/actions/runs/99: 404 Not Found (https://docs.github.com/rest)');
    const plain = await fake({ onRequest: () => ({ status: 502, body: 'Bad gateway' }) });
    await expect(plain.api.getRun(repo, 1)).rejects.toThrow('GitHub API GET /repos/octo/shop/actions/runs/1: 502 Bad gateway');
    const noAuth = new GithubApi({ baseUrl: (await fake()).github.url, token: '' });
    await expect(noAuth.getRun(repo, 1)).rejects.toThrow('GitHub API GET /repos/octo/shop/actions/runs/1: 401 Requires authentication (https://docs.github.com/rest)');
  });

  it('says when GitHub cannot be reached at all', async () => {
    const { github } = await fake();
    const url = github.url;
    await github.close();
    fakes.splice(fakes.indexOf(github), 1);
    const api = new GithubApi({ baseUrl: url, token: 't' });
    const error = await api.getRun(repo, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GithubUnreachableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot reach ${url}: fetch failed \\(ECONNREFUSED\\)$`));
  });

  it('reads every page of a run’s jobs', async () => {
    const { github, api } = await fake();
    await api.dispatchWorkflow(repo, 'w.yml', 'main', {});
    const run = github.runs[0]!;
    for (let i = 0; i < 150; i++) github.addJob(run, { name: `S-${i} (batch 1)` });
    const jobs = await api.listJobs(repo, run.id);
    expect(jobs.map((j) => j.name)).toEqual(Array.from({ length: 150 }, (_, i) => `S-${i} (batch 1)`));
    expect(github.requests.filter((r) => r.path.endsWith('/jobs')).map((r) => [r.query.get('page'), r.query.get('per_page'), r.query.get('filter')])).toEqual([
      ['1', '100', 'latest'],
      ['2', '100', 'latest'],
    ]);
  });
});

describe('triggerRun', () => {
  it('finds the run by the nonce in its title when GitHub returns no id', async () => {
    let polls = 0;
    const { github, api } = await fake({
      onRequest: (r) => {
        if (r.method === 'GET' && r.path.endsWith('/runs')) polls++;
        return undefined;
      },
    });
    // Someone else's run of the same workflow, a moment before.
    await api.dispatchWorkflow(repo, 'lanes-demo.yml', 'main', { lanes_run: 'other' });
    const clock = fastClock();
    const found = await triggerRun(api, repo, 'lanes-demo.yml', 'main', { name: 'lanes_run', nonce: 'n0nce' }, { pollMs: 1000, findTimeoutMs: 60_000, clock });
    expect(found).toEqual({ runId: github.runs[1]!.id, htmlUrl: github.runs[1]!.html_url });
    expect(polls).toBe(1);
    const list = github.requests.find((r) => r.path.endsWith('/runs'))!;
    expect(list.path).toBe('/repos/octo/shop/actions/workflows/lanes-demo.yml/runs');
    expect([list.query.get('event'), list.query.get('created')]).toEqual(['workflow_dispatch', '>=2026-11-20T09:55:00Z']);
  });

  it('gives up after --find-timeout when the run never shows up', async () => {
    const { api } = await fake({ displayTitle: () => 'lanes something else' });
    const clock = fastClock();
    await expect(triggerRun(api, repo, 'lanes-demo.yml', 'main', { name: 'lanes_run', nonce: 'n0nce' }, { pollMs: 5000, findTimeoutMs: 20_000, clock })).rejects.toThrow(
      new RunNotFoundError("the run did not show up within 20s of the dispatch; it may still start: look at the workflow's runs on GitHub, then follow it with --follow <run id>"),
    );
    expect(clock.slept).toEqual([5000, 5000, 5000, 5000]);
  });

  it('waits for real on the real clock, and stops when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => {
      controller.abort();
    }, 20);
    expect(await realClock.sleep(10_000, controller.signal)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await realClock.sleep(5)).toBe(true);
  });
});

describe('the repository of a remote', () => {
  it('reads owner and repo from the usual remote URLs', () => {
    expect(
      [
        'git@github.com:octo/shop.git',
        'git@github.com:octo/shop',
        'https://github.com/octo/shop.git',
        'https://github.com/octo/shop/',
        'https://user:token@github.com/octo/shop',
        'ssh://git@github.com/octo/shop.git',
        'ssh://git@ghe.example.com:2222/octo/shop.git',
        'git://github.com/octo/shop.git',
      ].map(repoFromRemote),
    ).toEqual(Array(8).fill({ owner: 'octo', repo: 'shop' }));
    expect(repoFromRemote('/tmp/origin.git')).toBeNull();
    expect(repoFromRemote('https://github.com/octo')).toBeNull();
    expect(repoFromSlug('octo/shop')).toEqual({ owner: 'octo', repo: 'shop' });
    expect(repoFromSlug('octo')).toBeNull();
  });
});
