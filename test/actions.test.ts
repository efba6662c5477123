import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planText, startLanes } from './helpers/dispatch.ts';
import { demoFiles, emitAndPush, makeClonedRepo, registryOf, runOnFake, simulateActions } from './helpers/actions.ts';
import { git, removeDir, testEnv } from './helpers/repo.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function track(dir: string): string {
  cleanup.push(() => {
    removeDir(dir);
  });
  return dir;
}

describe('lanes dispatch --engine github-actions, end to end on a stand-in runner', () => {
  it('runs the demo plan the way a local dispatch does: same registry, the same guard block, the dependent held', async () => {
    const planPath = 'plans/2026-11-20-demo-greetings.md';
    const file = '.github/workflows/lanes-demo.yml';

    const local = makeClonedRepo(demoFiles());
    track(local.dir);
    track(dirname(local.origin));
    // The local dispatch runs beside the simulated one.
    const here = startLanes(local.dir, ['dispatch', planPath, '--yes'], testEnv({ CI: '1' })).done;

    const remote = makeClonedRepo(demoFiles());
    track(remote.dir);
    track(dirname(remote.origin));
    await emitAndPush(remote.dir, planPath, file);
    const actions = await simulateActions(remote.origin, testEnv());
    cleanup.push(() => actions.github.close());
    const r = await runOnFake(remote.dir, planPath, file, actions);
    const legs = await actions.finished;
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect((await here).status).toBe(1);

    expect(registryOf(remote.dir, planPath)).toEqual(registryOf(local.dir, planPath));
    expect(registryOf(remote.dir, planPath).map((row) => row[1]!.replace(/ — .*/, ''))).toEqual([
      'Done',
      'Done',
      'Failed: exit 1',
      'Blocked: batch 1 had a failed session (S-C)',
    ]);
    expect(legs.map((l) => [l.name, l.conclusion])).toEqual([
      ['S-A (batch 1)', 'success'],
      ['S-B (batch 1)', 'success'],
      ['S-C (batch 1)', 'failure'],
    ]);
    // What each leg did: its branch on origin, its logs uploaded; S-D's job never ran.
    expect(git(remote.origin, ['show', '--name-only', '--format=%s', 'shell/demo-2-greeting'])).toBe('DEMO-2: greeting module\n\nsrc/greeting.js\n');
    expect(git(remote.origin, ['rev-parse', 'shell/demo-4-user-guide'])).toBe(git(remote.origin, ['rev-parse', 'main']));
    expect(git(remote.origin, ['branch', '--list', 'shell/demo-5-command-line'])).toBe('');
    expect(legs[0]!.artifacts['lanes-S-A']).toContain('.lanes/dispatch/plans__2026-11-20-demo-greetings/logs/S-A.log');
    expect(actions.github.jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ['S-A (batch 1)', 'success'],
      ['S-B (batch 1)', 'success'],
      ['S-C (batch 1)', 'failure'],
      ['land batch-1', 'skipped'],
      ['${{ matrix.session }} (batch 2)', 'skipped'],
      ['land batch-2', 'skipped'],
      ['check', 'skipped'],
    ]);
    expect(r.stdout).toMatch(/S-D Blocked: batch 1 had a failed session \(S-C\)\n/);
  });

  it('lands each batch on the integration branch, the same history as a local run, and starts the next batch from it', async () => {
    const planPath = 'plans/2026-11-20-test-dispatch.md';
    const file = '.github/workflows/lanes-test.yml';
    // Sessions of a shared working tree take turns with git's index lock (as the demo's do).
    const commit = (id: string, text: string): string =>
      [
        `mkdir -p work/${id}`,
        `${text} > work/${id}/${id}.txt`,
        `until out=$(git add work/${id} 2>&1 && git commit -q -m "${id}: work" -- work/${id} 2>&1); do`,
        '  case "$out" in *index.lock*) sleep 0.2 ;; *) echo "$out" >&2; exit 1 ;; esac',
        'done',
      ].join('\n');
    const plan = planText(
      [
        // A Merge order makes the landing order the same here and there (without one, a local run lands in the
        // order the sessions finish, which the workflow cannot see).
        { id: 'S-A', batch: 1, mergeOrder: '1', run: commit('S-A', 'echo a') },
        { id: 'S-B', batch: 1, mergeOrder: '2', run: commit('S-B', 'echo b') },
        { id: 'S-C', batch: 2, dependsOn: ['S-A', 'S-B'], run: commit('S-C', 'cat work/S-A/S-A.txt work/S-B/S-B.txt') },
      ],
      { agent: 'shell', verify: 'test -f work/S-A/S-A.txt && test -f work/S-B/S-B.txt' },
    );

    const local = makeClonedRepo({ [planPath]: plan });
    track(local.dir);
    track(dirname(local.origin));
    // Locally in worktrees, as the legs run: each batch lands on main.
    const here = startLanes(local.dir, ['dispatch', '--yes', '--workspace', 'worktree'], testEnv({ CI: '1' })).done;

    const remote = makeClonedRepo({ [planPath]: plan });
    track(remote.dir);
    track(dirname(remote.origin));
    await emitAndPush(remote.dir, planPath, file);
    const actions = await simulateActions(remote.origin, testEnv(), { returnRunDetails: true });
    cleanup.push(() => actions.github.close());
    const r = await runOnFake(remote.dir, planPath, file, actions);
    const legs = await actions.finished;
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const localRun = await here;
    expect(localRun.status, localRun.stdout + localRun.stderr).toBe(0);

    expect(registryOf(remote.dir, planPath).map((row) => row[1])).toEqual(['Done', 'Done', 'Done']);
    expect(legs.map((l) => [l.name, l.conclusion])).toEqual([
      ['S-A (batch 1)', 'success'],
      ['S-B (batch 1)', 'success'],
      ['land batch-1', 'success'],
      ['S-C (batch 2)', 'success'],
      ['land batch-2', 'success'],
      ['check', 'success'],
    ]);
    // S-C started from what batch 1 landed, and saw both files.
    const integration = 'lanes/integration/2026-11-20-test-dispatch';
    expect(git(remote.origin, ['show', 'shell/test-12-work:work/S-C/S-C.txt'])).toBe('a\nb\n');
    expect(git(local.dir, ['show', 'HEAD:work/S-C/S-C.txt'])).toBe('a\nb\n');
    // The same history lands on the integration branch as on the local run's main (the sessions' commits; the
    // runner's registry commits and the workflow's own commit aside),
    // with the same work in it.
    const sessionsOf = (dir: string, ref: string): string[] =>
      git(dir, ['log', '--reverse', '--format=%s', `${git(dir, ['rev-list', '--max-parents=0', ref]).trim()}..${ref}`])
        .trim()
        .split('\n')
        .filter((l) => /^S-[A-Z]: /.test(l));
    const landedThere = sessionsOf(remote.origin, integration);
    expect(landedThere).toEqual(sessionsOf(local.dir, 'main'));
    expect(landedThere).toEqual(['S-A: work', 'S-B: work', 'S-C: work']);
    git(local.dir, ['fetch', '-q', remote.origin, `${integration}:refs/remotes/there/landed`]);
    expect(git(local.dir, ['diff', '--stat', 'main', 'there/landed', '--', 'work'])).toBe('');
    const land1 = legs.find((l) => l.name === 'land batch-1')!;
    expect(land1.output).toContain('lanes check S-A (shell/test-10-work)');
    expect(land1.output).toMatch(/S-A landed on lanes\/integration\/2026-11-20-test-dispatch \((fast-forward|rebase)\) as [0-9a-f]{7}: 1 path\n/);
    expect(land1.steps.map((s) => [s.name, s.outcome]).slice(-3)).toEqual([
      ['Land S-A, S-B', 'success'],
      ['verify on the landed tree', 'success'],
      ['Push lanes/integration/2026-11-20-test-dispatch', 'success'],
    ]);
    const check = legs.find((l) => l.name === 'check')!;
    expect(check.steps.map((s) => [s.name, s.outcome]).slice(-2)).toEqual([
      ['The landed branch', 'success'],
      ['verify on the landed branch', 'success'],
    ]);
    // The run was found by the id GitHub returned; the registry was committed like a local run's.
    const dispatch = actions.github.requests.find((q) => q.method === 'POST')!;
    expect(dispatch.path).toBe('/repos/octo/shop/actions/workflows/lanes-test.yml/dispatches');
    expect(dispatch.headers.authorization).toBe('Bearer test-token');
    expect(dispatch.headers['x-github-api-version']).toBe('2022-11-28');
    expect(dispatch.body).toEqual({ ref: 'main', inputs: { lanes_run: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown }, return_run_details: true });
    expect(actions.github.requests.some((q) => q.path.endsWith('/runs') && q.method === 'GET')).toBe(false);
    expect(git(remote.dir, ['log', '--format=%s', '-3']).trim().split('\n')).toEqual([
      'lanes: registry of 2026-11-20-test-dispatch.md (end of run)',
      'lanes: registry of 2026-11-20-test-dispatch.md (batch 1 ended, batch 2 starts)',
      'lanes: registry of 2026-11-20-test-dispatch.md (batch 1 starts)',
    ]);
    expect(git(remote.dir, ['status', '--porcelain'])).toBe('');
  });
});
