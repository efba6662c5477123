import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '../packages/actions/src/testing/fake-github.ts';
import { makeClonedRepo } from './helpers/actions.ts';
import { planText, registryRows, startLanes } from './helpers/dispatch.ts';
import { git, lanes, removeDir, testEnv, writeFiles } from './helpers/repo.ts';

const planPath = 'plans/2026-11-20-test-dispatch.md';
const file = '.github/workflows/lanes-2026-11-20-test-dispatch.yml';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function repo(plan = planText([{ id: 'S-A', batch: 1, run: 'true' }, { id: 'S-B', batch: 2, dependsOn: ['S-A'], run: 'true' }], { agent: 'shell' })) {
  const made = makeClonedRepo({ [planPath]: plan });
  cleanup.push(() => {
    removeDir(made.dir);
    removeDir(dirname(made.origin));
  });
  return made;
}

async function fakeGithub(options: Parameters<typeof startFakeGithub>[0] = {}): Promise<FakeGithub> {
  const github = await startFakeGithub(options);
  cleanup.push(() => github.close());
  return github;
}

/** Emits the workflow to its default place and commits it. */
function emitted(dir: string): void {
  expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--emit', file]).status).toBe(0);
  git(dir, ['add', '--', file]);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'ci: workflow']);
}

describe('lanes dispatch --engine github-actions: the command line', () => {
  it('says which options go with which engine', () => {
    const { dir } = repo();
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions'])).toMatchObject({
      status: 2,
      stderr: 'lanes: --engine github-actions needs --emit <file> (write the workflow), --run (start it and follow it) or --follow <run id>\n',
    });
    expect(lanes(dir, ['dispatch', '--emit', file])).toMatchObject({ status: 2, stderr: 'lanes: --emit goes with --engine github-actions; add --engine github-actions\n' });
    expect(lanes(dir, ['dispatch', '--engine', 'gitlab', '--emit', file])).toMatchObject({ status: 2, stderr: 'lanes: --engine gitlab is not an engine; use local or github-actions\n' });
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--emit', file, '--keep-going'])).toMatchObject({
      status: 2,
      stderr: 'lanes: --keep-going does not go with --engine github-actions (each session runs in a worktree on its branch, and a failed batch stops the run); leave it out\n',
    });
  });

  it('writes the workflow to a file or to standard output, the same either way', () => {
    const { dir } = repo();
    const r = lanes(dir, ['dispatch', '--engine', 'github-actions', '--emit', file]);
    expect(r.stdout).toBe(
      `Wrote ${file}: 2 jobs for 2 sessions, then the check job.\nCommit and push it, then start it with: lanes dispatch ${planPath} --engine github-actions --run\n`,
    );
    const out = lanes(dir, ['dispatch', '--engine', 'github-actions', '--emit', '-']);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(readFileSync(join(dir, file), 'utf8'));
    expect(out.stdout).toContain(`#   lanes dispatch ${planPath} --engine github-actions --emit ${file}\n`);
    // pnpm without a packageManager field: the version is given to pnpm/action-setup.
    expect(out.stdout).toContain('uses: pnpm/action-setup@v4\n        with:\n          version: "10"\n');
  });

  it('refuses a plan that does not lint (exit 1) and a session that needs a person (exit 2)', () => {
    const broken = repo(planText([{ id: 'S-A', batch: 1, run: 'true' }, { id: 'S-B', batch: 1, owns: ['work/S-A/**'], run: 'true' }], { agent: 'shell' }));
    const r = lanes(broken.dir, ['dispatch', '--engine', 'github-actions', '--emit', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('lanes: no workflow for a plan that does not lint: fix the lint errors above (lanes lint shows them with fixes)\n');
    const pair = repo(planText([{ id: 'S-A', batch: 1, mode: 'pair' }, { id: 'S-B', batch: 1, run: 'true' }], { agent: 'claude' }));
    expect(lanes(pair.dir, ['dispatch', '--engine', 'github-actions', '--emit', file])).toMatchObject({
      status: 2,
      stderr:
        'lanes: S-A runs in Plan mode, which needs a person, and a GitHub Actions runner has nobody to answer; leave it out (--only S-B) and run it here with lanes dispatch --only S-A, or give it an unattended mode\n',
    });
  });

  it('--run needs a token, a repository, and the workflow committed', () => {
    const { dir } = repo();
    const noToken = lanes(dir, ['dispatch', '--engine', 'github-actions', '--run'], { env: testEnv({ GITHUB_TOKEN: '' }) });
    expect(noToken).toMatchObject({
      status: 2,
      stderr:
        "lanes: --run needs GITHUB_TOKEN; set it to a token that may start and read this repository's workflow runs (actions: write, checks: read), such as GITHUB_TOKEN=$(gh auth token)\n",
    });
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--run'], { env: testEnv({ GITHUB_TOKEN: 't' }) })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^lanes: cannot tell the GitHub repository: origin is \/.*origin\.git, which names no owner\/repo; set GITHUB_REPOSITORY=owner\/repo\n$/) as unknown,
    });
    git(dir, ['remote', 'set-url', 'origin', 'git@github.com:octo/shop.git']);
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--run'], { env: testEnv({ GITHUB_TOKEN: 't' }) })).toMatchObject({
      status: 2,
      stderr: `lanes: ${file} is not committed as it is; GitHub runs the workflow that main has: commit it and push it, then --run\n`,
    });
    emitted(dir);
    // The repository comes from origin's URL; the dry run says what it would ask.
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--run', '--dry-run'], { env: testEnv({ GITHUB_TOKEN: 't' }) })).toMatchObject({
      status: 0,
      stdout: `Would POST https://api.github.com/repos/octo/shop/actions/workflows/lanes-2026-11-20-test-dispatch.yml/dispatches on main, follow the run and write the registry of ${planPath}.\n`,
    });
  });

  it('says what GitHub answered when it refuses', async () => {
    const { dir } = repo();
    emitted(dir);
    const github = await fakeGithub({ onRequest: (r) => (r.method === 'POST' ? { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event', status: '404' } } : undefined) });
    const env = testEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'octo/shop', GITHUB_API_URL: github.url });
    const r = await startLanes(dir, ['dispatch', '--engine', 'github-actions', '--run'], env).done;
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `lanes: note: origin/main does not have ${file} as committed here; push it, or GitHub runs what origin has\n` +
        `lanes: GitHub API POST /repos/octo/shop/actions/workflows/lanes-2026-11-20-test-dispatch.yml/dispatches: 404 Not Found (https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event); is ${file} pushed to main, and may the token see the repository?\n`,
    );
  });

  it('--follow picks up a run already started and writes its outcome into the registry', async () => {
    const { dir } = repo();
    const github = await fakeGithub();
    const api = `${github.url}/repos/octo/shop/actions/workflows/lanes.yml/dispatches`;
    await fetch(api, { method: 'POST', headers: { authorization: 'Bearer t' }, body: JSON.stringify({ ref: 'main', inputs: {} }) });
    const run = github.runs[0]!;
    Object.assign(run, { status: 'completed', conclusion: 'failure' });
    github.addJob(run, { name: 'S-A (batch 1)', status: 'completed', conclusion: 'failure', started_at: '2026-11-20T10:00:00Z', completed_at: '2026-11-20T10:03:00Z' }).annotations.push({
      path: '.github',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: 'lanes S-A',
      message: 'Failed: timed out after 30m\nlanes-report: {"session":"S-A","status":"Failed","reason":"timed out after 30m","cost":2.5}',
    });
    github.addJob(run, { name: '${{ matrix.session }} (batch 2)', status: 'completed', conclusion: 'skipped', completed_at: '2026-11-20T10:03:00Z' });
    const env = testEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'octo/shop', GITHUB_API_URL: github.url });
    const r = await startLanes(dir, ['dispatch', '--engine', 'github-actions', '--follow', String(run.id), '--poll-interval', '0.1s'], env).done;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row.slice(4))).toEqual([
      ['Failed: timed out after 30m', '$2.50 (est. $1)', '2026-11-20T10:00:00Z', '2026-11-20T10:03:00Z'],
      ['Blocked: batch 1 had a failed session (S-A)', '— (est. $1)', '—', '2026-11-20T10:03:00Z'],
    ]);
    expect(git(dir, ['log', '--format=%s', '-1'])).toBe('lanes: registry of 2026-11-20-test-dispatch.md (end of run)\n');
    expect(r.stdout).toMatch(/ S-A Failed: timed out after 30m \(https:\/\/github\.com\/octo\/shop\/actions\/runs\/\d+\/job\/1000\)\n/);
  });
});

describe('the runner’s side: --done and --annotate', () => {
  it('--done writes the sessions of earlier jobs Done so that --only may run what depends on them', () => {
    const { dir } = repo(planText([{ id: 'S-A', batch: 1, run: 'true' }, { id: 'S-B', batch: 2, dependsOn: ['S-A'], run: 'mkdir -p work/S-B && echo b > work/S-B/b.txt && git add work/S-B && git commit -q -m "S-B: b"' }], { agent: 'shell' }));
    const env = testEnv({ CI: '1' });
    expect(lanes(dir, ['dispatch', '--only', 'S-B', '--yes'], { env })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('lanes: --only S-B: it depends on S-A, which is not Done; add it to --only\n') as unknown,
    });
    expect(lanes(dir, ['dispatch', '--only', 'S-B', '--done', 'S-X', '--yes'], { env })).toMatchObject({
      status: 2,
      stderr: `lanes: --done names S-X, which ${planPath} does not have (it has S-A, S-B)\n`,
    });
    // As the workflow's leg runs it: its branch lands in the workflow's landing job, not here.
    const r = lanes(dir, ['dispatch', '--only', 'S-B', '--done', 'S-A', '--yes', '--workspace', 'worktree', '--skip-verify', '--no-integrate'], { env });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(git(dir, ['log', '--format=%s', '--reverse', 'main~3..main']).trim().split('\n')).toEqual([
      'lanes: registry of 2026-11-20-test-dispatch.md (done before this dispatch: S-A)',
      'lanes: registry of 2026-11-20-test-dispatch.md (batch 2 starts)',
      'lanes: registry of 2026-11-20-test-dispatch.md (end of run)',
    ]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row[4])).toEqual(['Done', 'Done']);
    expect(git(dir, ['show', '--name-only', '--format=%s', 'shell/test-11-work'])).toBe('S-B: b\n\nwork/S-B/b.txt\n');
    expect(lanes(dir, ['dispatch', '--only', 'S-B', '--done', 'S-A', '--dry-run'], { env })).toMatchObject({
      status: 2,
      stderr: 'lanes: --done writes the registry, and --dry-run writes nothing; leave one out\n',
    });
  });

  it('--annotate files the session’s outcome from the run state, or says that it never started', () => {
    const { dir } = repo();
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--annotate', 'S-A'])).toMatchObject({
      status: 0,
      stdout:
        '::error title=lanes S-A::Failed: lanes dispatch did not start it; the job’s log says why%0Alanes-report: {"session":"S-A","status":"Failed","reason":"lanes dispatch did not start it; the job’s log says why","cost":null}\n',
    });
    writeFiles(dir, { 'work/S-A/.keep': '' });
    expect(lanes(dir, ['dispatch', '--only', 'S-A', '--yes'], { env: testEnv({ CI: '1' }) }).status).toBe(0);
    expect(lanes(dir, ['dispatch', '--engine', 'github-actions', '--annotate', 'S-A']).stdout).toBe(
      '::notice title=lanes S-A::Done%0Alanes-report: {"session":"S-A","status":"Done","reason":null,"cost":null}\n',
    );
  });
});
