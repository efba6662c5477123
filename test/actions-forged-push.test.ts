import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planText } from './helpers/dispatch.ts';
import { emitAndPush, makeClonedRepo, registryOf, runOnFake, simulateActions } from './helpers/actions.ts';
import { git, removeDir, testEnv } from './helpers/repo.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const planPath = 'plans/2026-11-20-test-dispatch.md';
const file = '.github/workflows/lanes-test.yml';
const integration = 'lanes/integration/2026-11-20-test-dispatch';
const victim = 'shell/test-11-work';

/**
 * S-A's scripted agent does its own work, then waits until S-B's job has pushed S-B's branch and pushes one more
 * commit onto it that writes `path` (a job's token may push to any branch; here the clone's `origin` is the bare
 * repository). S-B only does its own work. With `early`, S-A pushes the branch before S-B's job starts (one leg at
 * a time), and S-B's job takes it up from origin.
 */
function forgingPlan(path: string, early = false): string {
  const forge = [
    'mkdir -p work/S-A && echo a > work/S-A/a.txt && git add -A && git commit -q -m "S-A: work"',
    early
      ? 'base=$(git rev-parse HEAD~1)'
      : `for i in $(seq 1 300); do git ls-remote --exit-code origin refs/heads/${victim} >/dev/null && break; sleep 0.1; done; git fetch -q origin ${victim}; base=$(git rev-parse FETCH_HEAD)`,
    'forge="$RUNNER_TEMP/forge"; git worktree add -q --detach "$forge" "$base"',
    `mkdir -p "$forge/$(dirname ${path})" && echo forged > "$forge/${path}"`,
    'git -C "$forge" add -A && git -C "$forge" -c core.hooksPath=/dev/null commit -q -m "S-B: more"',
    `git -C "$forge" push -q origin HEAD:refs/heads/${victim}`,
    'git worktree remove --force "$forge"',
  ].join('\n');
  return planText(
    [
      { id: 'S-A', batch: 1, mergeOrder: '1', run: forge },
      { id: 'S-B', batch: 1, mergeOrder: '2', run: 'mkdir -p work/S-B && echo b > work/S-B/b.txt && git add -A && git commit -q -m "S-B: work"' },
    ],
    { agent: 'shell', maxParallel: early ? 1 : 2 },
  );
}

/** Runs the plan on the stand-in runner; the legs, and the landing job of batch 1. */
async function runForged(path: string, early = false) {
  const remote = makeClonedRepo({ [planPath]: forgingPlan(path, early) });
  cleanup.push(() => {
    removeDir(remote.dir);
    removeDir(dirname(remote.origin));
  });
  await emitAndPush(remote.dir, planPath, file);
  const actions = await simulateActions(remote.origin, testEnv(), { returnRunDetails: true });
  cleanup.push(() => actions.github.close());
  const r = await runOnFake(remote.dir, planPath, file, actions);
  const legs = await actions.finished;
  const land = legs.find((l) => l.name === 'land batch-1')!;
  return { remote, r, legs, land };
}

/** The files S-B's branch on origin has that main has not, and the subjects of its commits beyond main. */
function victimBranch(origin: string): { files: string; subjects: string } {
  return { files: git(origin, ['diff', '--name-only', 'main', victim]), subjects: git(origin, ['log', '--format=%s', `main..${victim}`]) };
}

/** What the landing job says and did, and that nothing reached the integration branch. */
function expectNothingLanded(run: Awaited<ReturnType<typeof runForged>>): void {
  const { remote, r, legs, land } = run;
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(legs.map((l) => [l.name, l.conclusion])).toEqual([
    ['S-A (batch 1)', 'success'],
    ['S-B (batch 1)', 'success'],
    ['land batch-1', 'failure'],
  ]);
  expect(land.steps.map((s) => [s.name, s.outcome]).slice(-2)).toEqual([
    ['Land S-A, S-B', 'failure'],
    ['Push lanes/integration/2026-11-20-test-dispatch', 'skipped'],
  ]);
  expect(land.output).not.toContain('landed on');
  expect(git(remote.origin, ['branch', '--list', integration])).toBe('');
  // The sessions' own runs were clean; the registry `--run` writes tells how each session ended, not the landing
  // (the run's exit status and the landing job's annotations do).
  expect(registryOf(remote.dir, planPath).map((row) => row[1])).toEqual(['Done', 'Done']);
}

const short = (origin: string, rev: string, n = 7): string => git(origin, ['rev-parse', `--short=${n}`, rev]).trim();

describe('GitHub Actions: a leg that pushes onto another session’s branch', () => {
  it('a commit outside the branch’s own lane: judged as S-B, the landing job’s lanes check blocks it; nothing lands', async () => {
    const run = await runForged('work/S-A/evil.txt');
    expectNothingLanded(run);
    const { origin } = run.remote;
    expect(victimBranch(origin)).toEqual({ files: 'work/S-A/evil.txt\nwork/S-B/b.txt\n', subjects: 'S-B: more\nS-B: work\n' });
    expect(run.land.annotations).toEqual([
      // S-B's job pushed "S-B: work"; the commit on top of it is not its job's.
      {
        annotation_level: 'failure',
        title: 'lanes S-B',
        message: `origin/${victim} is at ${short(origin, victim)}, not at ${short(origin, `${victim}~1`)}, the commit S-B's job pushed: someone else pushed to it; nothing of S-B lands`,
      },
      {
        annotation_level: 'failure',
        title: `lanes: ${short(origin, victim, 12)} by S-B (--session)`,
        message: `added work/S-A/evil.txt: owned by S-A (${planPath}:24 \`work/S-A/**\`)`,
      },
    ]);
  });

  it('a commit inside the branch’s own lane, pushed after S-B’s job pushed: the lanes check cannot see it, the pushed commit can; nothing lands', async () => {
    // Before the landing compared origin's branch with what S-B's job pushed, this run landed "S-B: more"
    // (work/S-B/forged.txt) on the integration branch as S-B's work: every commit of the range was in S-B's lane.
    const run = await runForged('work/S-B/forged.txt');
    expectNothingLanded(run);
    const { origin } = run.remote;
    expect(victimBranch(origin)).toEqual({ files: 'work/S-B/b.txt\nwork/S-B/forged.txt\n', subjects: 'S-B: more\nS-B: work\n' });
    expect(run.land.annotations).toEqual([
      {
        annotation_level: 'failure',
        title: 'lanes S-B',
        message: `origin/${victim} is at ${short(origin, victim)}, not at ${short(origin, `${victim}~1`)}, the commit S-B's job pushed: someone else pushed to it; nothing of S-B lands`,
      },
    ]);
    expect(run.land.output).toMatch(/lanes check [0-9a-f]{40}\.\.origin\/shell\/test-11-work: 2 commit\(s\), 0 blocked, 0 overridden, 0 failed\n/);
  });

  it('a commit inside the branch’s own lane, pushed before S-B’s job started: S-B’s job takes it up, and the landing refuses what its job did not make', async () => {
    const run = await runForged('work/S-B/forged.txt', true);
    expectNothingLanded(run);
    const { origin } = run.remote;
    // S-B's job started on the forged commit and pushed its own work on top: origin's branch is where it pushed it.
    expect(victimBranch(origin)).toEqual({ files: 'work/S-B/b.txt\nwork/S-B/forged.txt\n', subjects: 'S-B: work\nS-B: more\n' });
    expect(run.land.annotations).toEqual([
      {
        annotation_level: 'failure',
        title: 'lanes S-B',
        message: `S-B's job started from ${short(origin, `${victim}~1`)} on origin/${victim}, which is not on ${integration}: the branch held commits its job did not make; nothing of S-B lands (delete the branch on origin and run the job again)`,
      },
    ]);
  });
});
