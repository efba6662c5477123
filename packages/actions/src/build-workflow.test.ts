import { readFileSync } from 'node:fs';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { buildWorkflow, literal, type WorkflowOptions } from './build-workflow.ts';
import { testPlan, type TestSession } from './testing/plan-text.ts';
import { actionlintErrors, workflowParserErrors } from './testing/validate-workflow.ts';
import { workflowYaml } from './workflow-yaml.ts';

const planPath = 'plans/2026-11-20-test-plan.md';
const root = new URL('../../../', import.meta.url);

function build(sessions: TestSession[], front: Parameters<typeof testPlan>[1] = {}, options: Partial<WorkflowOptions> = {}) {
  return buildWorkflow(parsePlan(testPlan(sessions, front), { path: planPath }), { planPath, ...options });
}

function fixture(path: string, file: string) {
  return parsePlan(readFileSync(new URL(file, root), 'utf8'), { path });
}

async function expectValid(text: string): Promise<void> {
  expect(await workflowParserErrors('lanes.yml', text)).toEqual([]);
  expect(await actionlintErrors('lanes.yml', text)).toEqual([]);
}

describe('buildWorkflow', () => {
  it('makes a job per batch with a matrix leg per session, a landing job after each, and the check job last', () => {
    const { workflow, problems } = build(
      [
        { id: 'S-A', batch: 1 },
        { id: 'S-B', batch: 1 },
        { id: 'S-C', batch: 2, dependsOn: ['S-A'] },
        { id: 'S-D', batch: 3, dependsOn: ['S-C'] },
      ],
      { maxParallel: 2, verify: 'npm test' },
    );
    expect(problems).toEqual([]);
    expect(Object.values(workflow.jobs).map((j) => [j.name, j.needs ?? []])).toEqual([
      ['${{ matrix.session }} (batch 1)', []],
      ['land batch-1', ['batch-1']],
      ['${{ matrix.session }} (batch 2)', ['land-batch-1']],
      ['land batch-2', ['batch-2']],
      ['${{ matrix.session }} (batch 3)', ['land-batch-2']],
      ['land batch-3', ['batch-3']],
      ['check', ['land-batch-3']],
    ]);
    expect(Object.keys(workflow.jobs)).toEqual(['batch-1', 'land-batch-1', 'batch-2', 'land-batch-2', 'batch-3', 'land-batch-3', 'check']);
    // S-D starts from what landed (S-C's work and, before it, S-A's): nothing to merge in.
    expect(workflow.jobs['batch-3']!.strategy!.matrix.include).toEqual([{ session: 'S-D', agent: 'shell', branch: 'shell/test-13-work', done: 'S-C', merge: '' }]);
    expect(workflow.jobs['batch-1']!.env.LANES_FROM).toBe('main');
    expect(workflow.jobs['batch-3']!.env.LANES_FROM).toBe('lanes/integration/2026-11-20-test-plan');
    expect(workflow.jobs['land-batch-1']!.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs['land-batch-1']!.env).toEqual({
      LANES_PLAN: planPath,
      LANES_BASE: 'main',
      LANES_INTEGRATION: 'lanes/integration/2026-11-20-test-plan',
      LANES_FIRST: '1',
      LANES_LAND: 'S-A,S-B',
      LANES_SESSION_BRANCHES: 'S-A shell/test-10-work\nS-B shell/test-11-work',
      // What each leg started from and pushed, from the legs' job outputs: the landing lands only that.
      LANES_PUSHED: 'S-A ${{ needs.batch-1.outputs.start-0 }} ${{ needs.batch-1.outputs.head-0 }}\nS-B ${{ needs.batch-1.outputs.start-1 }} ${{ needs.batch-1.outputs.head-1 }}',
      LANES_VERIFY: 'npm test',
    });
    expect(workflow.jobs['batch-1']!.outputs).toEqual({
      'start-0': '${{ steps.prepare.outputs.start-0 }}',
      'head-0': '${{ steps.push.outputs.head-0 }}',
      'start-1': '${{ steps.prepare.outputs.start-1 }}',
      'head-1': '${{ steps.push.outputs.head-1 }}',
    });
    expect(workflow.jobs['land-batch-1']!.steps.slice(4).map((st) => [st.name, st.run!.split('\n').at(-2) ?? st.run])).toEqual([
      ['Land S-A, S-B', 'lanes dispatch "$LANES_PLAN" --engine github-actions --land "$LANES_LAND" --integrate-into "$LANES_INTEGRATION"'],
      ['verify on the landed tree', 'sh -c "$LANES_VERIFY"'],
      ['Push lanes/integration/2026-11-20-test-plan', 'git push -q --force origin "refs/heads/$LANES_INTEGRATION:refs/heads/$LANES_INTEGRATION"'],
    ]);
    expect(workflow.jobs['land-batch-2']!.env.LANES_FIRST).toBe('');
    expect(workflow.jobs['land-batch-2']!.steps.at(-1)!.run).toBe('git push -q origin "refs/heads/$LANES_INTEGRATION:refs/heads/$LANES_INTEGRATION"');
    expect(workflow.jobs.check!.env).toEqual({ LANES_BASE: 'main', LANES_INTEGRATION: 'lanes/integration/2026-11-20-test-plan', LANES_VERIFY: 'npm test' });
  });

  it('with integrate: none, makes a job per batch with a matrix leg per session, chained by needs, and the check job last', () => {
    const { workflow, problems } = build(
      [
        { id: 'S-A', batch: 1 },
        { id: 'S-B', batch: 1 },
        { id: 'S-C', batch: 2, dependsOn: ['S-A'] },
        { id: 'S-D', batch: 3, dependsOn: ['S-C'] },
      ],
      { maxParallel: 2, verify: 'npm test', integrate: 'none' },
    );
    expect(problems).toEqual([]);
    expect(Object.keys(workflow.jobs)).toEqual(['batch-1', 'batch-2', 'batch-3', 'check']);
    expect(Object.values(workflow.jobs).map((j) => [j.name, j.needs ?? []])).toEqual([
      ['${{ matrix.session }} (batch 1)', []],
      ['${{ matrix.session }} (batch 2)', ['batch-1']],
      ['${{ matrix.session }} (batch 3)', ['batch-2']],
      ['check', ['batch-1', 'batch-2', 'batch-3']],
    ]);
    expect(workflow.jobs['batch-1']!.strategy).toEqual({
      'fail-fast': false,
      'max-parallel': 2,
      matrix: {
        include: [
          { session: 'S-A', agent: 'shell', branch: 'shell/test-10-work', done: '', merge: '' },
          { session: 'S-B', agent: 'shell', branch: 'shell/test-11-work', done: '', merge: '' },
        ],
      },
    });
    // No landing job reads what the legs pushed.
    expect(workflow.jobs['batch-1']!.outputs).toBeUndefined();
    // S-D takes in S-C's branch and, through it, S-A's.
    expect(workflow.jobs['batch-3']!.strategy!.matrix.include).toEqual([
      { session: 'S-D', agent: 'shell', branch: 'shell/test-13-work', done: 'S-C', merge: 'shell/test-10-work\nshell/test-12-work' },
    ]);
    expect(workflow.on.workflow_dispatch.inputs).toEqual({
      lanes_run: { description: 'Set by `lanes dispatch --run` to find its run; leave it empty', required: false, default: '', type: 'string' },
    });
    expect(workflow['run-name']).toBe(`lanes ${planPath} \${{ inputs.lanes_run }}`);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs['batch-1']!.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs.check!.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.check!.env).toEqual({
      LANES_PLAN: planPath,
      LANES_BASE: 'main',
      // Each session, its branch, then the branches it merged first: left out of its check (`--exclude`).
      LANES_SESSION_BRANCHES: 'S-A shell/test-10-work\nS-B shell/test-11-work\nS-C shell/test-12-work shell/test-10-work\nS-D shell/test-13-work shell/test-10-work shell/test-12-work',
      LANES_VERIFY: 'npm test',
    });
  });

  it('runs the session with the same lanes dispatch as a local run, pushes its branch and uploads its logs', () => {
    const { workflow } = build([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 2, dependsOn: ['S-A'] }], {}, { timeoutSeconds: 1800, idleTimeout: '5m' });
    const steps = workflow.jobs['batch-2']!.steps;
    expect(steps.map((s) => s.name)).toEqual([
      'Check out',
      'Set up pnpm',
      'Set up Node',
      'Install (lanes and the guard’s hooks)',
      'Prepare ${{ matrix.branch }}',
      'lanes dispatch --only ${{ matrix.session }}',
      'Report ${{ matrix.session }}',
      'Push ${{ matrix.branch }}',
      'Upload the logs',
    ]);
    expect(steps[0]).toEqual({ name: 'Check out', uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(steps[5]).toEqual({
      name: 'lanes dispatch --only ${{ matrix.session }}',
      id: 'dispatch',
      env: { LANES_DONE: '${{ matrix.done }}' },
      run: 'lanes dispatch "$LANES_PLAN" --only "$LANES_JOB_SESSION" --agent "$LANES_AGENT" ${LANES_DONE:+--done "$LANES_DONE"} --workspace worktree --skip-verify --no-integrate --yes --timeout 1800s --idle-timeout 5m',
    });
    expect([steps[4]!.id, steps[7]!.id, steps[7]!.run]).toEqual([
      'prepare',
      'push',
      'head=$(git rev-parse "refs/heads/$LANES_BRANCH")\ngit push origin "$head:refs/heads/$LANES_BRANCH"\necho "head-$LANES_LEG=$head" >> "$GITHUB_OUTPUT"',
    ]);
    expect(steps[4]!.run!.split('\n').at(-1)).toBe('echo "start-$LANES_LEG=$(git rev-parse "refs/heads/$LANES_BRANCH")" >> "$GITHUB_OUTPUT"');
    expect(steps[8]).toEqual({
      name: 'Upload the logs',
      if: '${{ always() }}',
      uses: 'actions/upload-artifact@v4',
      with: { name: 'lanes-${{ matrix.session }}', path: '.lanes/dispatch/', 'include-hidden-files': true, 'if-no-files-found': 'ignore' },
    });
    expect(workflow.jobs['batch-2']!.env).toEqual({
      LANES_PLAN: planPath,
      LANES_BASE: 'main',
      LANES_JOB_SESSION: '${{ matrix.session }}',
      LANES_AGENT: '${{ matrix.agent }}',
      LANES_BRANCH: '${{ matrix.branch }}',
      LANES_LEG: '${{ strategy.job-index }}',
      LANES_FROM: 'lanes/integration/2026-11-20-test-plan',
    });
  });

  it('gives each job the minutes of its sessions’ timeouts and the setup', () => {
    const { workflow } = build([
      { id: 'S-A', batch: 1, timeout: '30m' },
      { id: 'S-B', batch: 1, timeout: '2h' },
      { id: 'S-C', batch: 1 },
      { id: 'S-D', batch: 2, timeout: '90s' },
      { id: 'S-E', batch: 2, timeout: '90s' },
      { id: 'S-F', batch: 3 },
    ]);
    expect(workflow.jobs['batch-1']!['timeout-minutes']).toBe('${{ matrix.timeout-minutes }}');
    expect(workflow.jobs['batch-1']!.strategy!.matrix.include.map((l) => l['timeout-minutes'])).toEqual([50, 140, 360]);
    expect(workflow.jobs['batch-2']!['timeout-minutes']).toBe(22);
    expect(workflow.jobs['batch-2']!.strategy!.matrix.include.map((l) => l['timeout-minutes'])).toEqual([undefined, undefined]);
    expect(workflow.jobs['batch-3']!['timeout-minutes']).toBeUndefined();
    // --timeout covers the sessions without one.
    expect(build([{ id: 'S-A', batch: 1 }], {}, { timeoutSeconds: 600 }).workflow.jobs['batch-1']!['timeout-minutes']).toBe(30);
  });

  it('references the secrets each leg’s agent needs and installs the agent, never writing a secret', () => {
    const { workflow } = build(
      [
        { id: 'S-A', batch: 1, agent: 'claude' },
        { id: 'S-B', batch: 1, agent: 'codex' },
        { id: 'S-C', batch: 2, agent: 'claude' },
      ],
      {},
      { secrets: ['DEEPSEEK_API_KEY'] },
    );
    const batch1 = workflow.jobs['batch-1']!.steps;
    expect(batch1.filter((s) => s.name.startsWith('Install ')).map((s) => [s.name, s.if, s.run])).toEqual([
      ['Install (lanes and the guard’s hooks)', undefined, expect.stringContaining('pnpm install --frozen-lockfile')],
      ['Install claude', "matrix.agent == 'claude'", 'npm install -g @anthropic-ai/claude-code'],
      ['Install codex', "matrix.agent == 'codex'", 'npm install -g @openai/codex'],
    ]);
    expect(batch1.find((s) => s.id === 'dispatch')!.env).toEqual({
      LANES_DONE: '${{ matrix.done }}',
      ANTHROPIC_API_KEY: "${{ (matrix.agent == 'claude') && secrets.ANTHROPIC_API_KEY || '' }}",
      CODEX_API_KEY: "${{ (matrix.agent == 'codex') && secrets.OPENAI_API_KEY || '' }}",
      OPENAI_API_KEY: "${{ (matrix.agent == 'codex') && secrets.OPENAI_API_KEY || '' }}",
      DEEPSEEK_API_KEY: '${{ secrets.DEEPSEEK_API_KEY }}',
    });
    const batch2 = workflow.jobs['batch-2']!.steps;
    expect(batch2.find((s) => s.name === 'Install claude')).toEqual({ name: 'Install claude', run: 'npm install -g @anthropic-ai/claude-code' });
    expect(batch2.find((s) => s.id === 'dispatch')!.env).toEqual({
      LANES_DONE: '${{ matrix.done }}',
      ANTHROPIC_API_KEY: '${{ secrets.ANTHROPIC_API_KEY }}',
      DEEPSEEK_API_KEY: '${{ secrets.DEEPSEEK_API_KEY }}',
    });
    // Only the agent's own step sees a secret: not the install, which runs the repository's scripts.
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) if (step.id !== 'dispatch') expect(JSON.stringify(step)).not.toContain('secrets.');
    }
    const text = workflowYaml(workflow, { planPath, command: 'lanes dispatch' });
    expect(text.match(/secrets\.[A-Z_]+/g)!.every((m) => ['secrets.ANTHROPIC_API_KEY', 'secrets.OPENAI_API_KEY', 'secrets.DEEPSEEK_API_KEY'].includes(m))).toBe(true);
  });

  it('splits a batch whose sessions depend on each other into stages', () => {
    const { workflow, layout } = build([
      { id: 'S-A', batch: 1 },
      { id: 'S-B', batch: 1, dependsOn: ['S-A'] },
      { id: 'S-C', batch: 1, dependsOn: ['S-B'] },
      { id: 'S-D', batch: 1 },
      { id: 'S-E', batch: 2, dependsOn: ['S-C'] },
    ]);
    expect(layout.jobs.map((j) => [j.id, j.needs, j.sessions.map((s) => s.id)])).toEqual([
      ['batch-1', null, ['S-A', 'S-D']],
      ['batch-1-stage-2', 'batch-1', ['S-B']],
      ['batch-1-stage-3', 'batch-1-stage-2', ['S-C']],
      ['batch-2', 'batch-1-stage-3', ['S-E']],
    ]);
    expect(workflow.jobs['batch-1-stage-2']!.name).toBe('${{ matrix.session }} (batch 1)');
    // Each stage lands before the next starts from it.
    expect(workflow.jobs['batch-1-stage-3']!.needs).toEqual(['land-batch-1-stage-2']);
    expect(workflow.jobs['batch-1-stage-3']!.strategy!.matrix.include[0]).toMatchObject({ done: 'S-B', merge: '' });
  });

  it('writes plan text so that GitHub never evaluates it', () => {
    expect(literal('echo ${{ secrets.X }} and ${{')).toBe("echo ${{ '${{' }} secrets.X }} and ${{ '${{' }}");
    const { workflow } = build([{ id: 'S-A', batch: 1, branch: 'shell/test-10-${{' }], { verify: 'test "${{ github.token }}" = ""' });
    expect(workflow.jobs.check!.env.LANES_VERIFY).toBe(`test "\${{ '\${{' }} github.token }}" = ""`);
    expect(workflow.jobs['batch-1']!.strategy!.matrix.include[0]!.branch).toBe("shell/test-10-${{ '${{' }}");
    // Plan text reaches a script through the environment only.
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toContain('github.token');
  });

  it('leaves out the sessions not in --only, counting those Done in the registry', () => {
    const { layout, workflow, problems } = build(
      [
        { id: 'S-A', batch: 1, status: 'Done' },
        { id: 'S-B', batch: 1 },
        { id: 'S-C', batch: 2, dependsOn: ['S-A', 'S-B'] },
      ],
      {},
      { only: ['S-B', 'S-C'] },
    );
    expect(problems).toEqual([]);
    expect([...layout.left]).toEqual([['S-A', 'not in --only']]);
    expect(workflow.jobs['batch-2']!.strategy!.matrix.include).toEqual([
      { session: 'S-C', agent: 'shell', branch: 'shell/test-12-work', done: 'S-B', merge: '' },
    ]);
  });

  it('refuses sessions that need a person, and names what to do', () => {
    const plan = fixture('plans/2026-11-20-shop-checkout-split.md', 'test/fixtures/plans/2026-11-20-shop-checkout-split.md');
    expect(buildWorkflow(plan, { planPath: plan.path! }).problems).toEqual([
      {
        session: 'S-C',
        message:
          'S-C runs in Plan mode, which needs a person, and a GitHub Actions runner has nobody to answer; leave it out (--only S-A,S-B) and run it here with lanes dispatch --only S-C, or give it an unattended mode',
      },
    ]);
    const { workflow, problems } = buildWorkflow(plan, { planPath: plan.path!, only: ['S-A', 'S-B'] });
    expect(problems).toEqual([]);
    expect(Object.keys(workflow.jobs)).toEqual(['batch-1', 'land-batch-1', 'check']);
    expect(build([{ id: 'S-A', batch: 1 }], {}, { secrets: ['GITHUB_TOKEN', '1X'] }).problems.map((p) => p.message)).toEqual([
      '--secret GITHUB_TOKEN is not a secret name; use letters, digits and _, not starting with a digit or GITHUB_ (such as DEEPSEEK_API_KEY)',
      '--secret 1X is not a secret name; use letters, digits and _, not starting with a digit or GITHUB_ (such as DEEPSEEK_API_KEY)',
    ]);
  });

  it('sets up npm instead of pnpm when told', () => {
    const { workflow } = build([{ id: 'S-A', batch: 1 }], {}, { packageManager: 'npm', nodeVersion: '20', runsOn: 'self-hosted' });
    const job = workflow.jobs['batch-1']!;
    expect(job['runs-on']).toBe('self-hosted');
    expect(job.steps.slice(0, 3).map((s) => [s.name, s.with ?? null, s.run?.split('\n')[0] ?? null])).toEqual([
      ['Check out', { 'fetch-depth': 0 }, null],
      ['Set up Node', { 'node-version': '20', cache: 'npm' }, null],
      ['Install (lanes and the guard’s hooks)', null, 'npm ci'],
    ]);
    expect(build([{ id: 'S-A', batch: 1 }], {}, { pnpmVersion: '10' }).workflow.jobs['batch-1']!.steps[1]).toEqual({ name: 'Set up pnpm', uses: 'pnpm/action-setup@v4', with: { version: '10' } });
  });
});

describe('the workflows, checked by GitHub’s parser and by actionlint', () => {
  const cases: [string, () => ReturnType<typeof buildWorkflow>][] = [
    ['the demo plan', () => {
      const plan = fixture('plans/2026-11-20-demo-greetings.md', 'examples/demo/plans/2026-11-20-demo-greetings.md');
      return buildWorkflow(plan, { planPath: plan.path! });
    }],
    ['the canonical plan without its Plan mode session', () => {
      const plan = fixture('plans/2026-11-20-shop-checkout-split.md', 'test/fixtures/plans/2026-11-20-shop-checkout-split.md');
      return buildWorkflow(plan, { planPath: plan.path!, only: ['S-A', 'S-B'] });
    }],
    ['mixed agents, timeouts, stages, secrets and escaped plan text', () =>
      build(
        [
          { id: 'S-A', batch: 1, agent: 'claude', timeout: '45m' },
          { id: 'S-B', batch: 1, agent: 'gemini', dependsOn: ['S-A'] },
          { id: 'S-C', batch: 1, agent: 'opencode', timeout: '1h' },
          { id: 'S-D', batch: 2, agent: 'aider', dependsOn: ['S-B', 'S-C'] },
          { id: 'S-E', batch: 2, agent: 'command', branch: 'team/${{ x }}' },
        ],
        { verify: 'echo "${{ github.sha }}" && npm test', maxParallel: 1 },
        { secrets: ['DEEPSEEK_API_KEY'], command: 'my-agent --file {promptFile}', commandEvents: 'claude', timeoutSeconds: 600 },
      )],
    ['npm on a self-hosted runner', () => build([{ id: 'S-A', batch: 1 }], {}, { packageManager: 'npm', runsOn: 'self-hosted', install: 'npm ci --ignore-scripts' })],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const { workflow, problems } = make();
      expect(problems).toEqual([]);
      await expectValid(workflowYaml(workflow, { planPath, command: 'lanes dispatch --engine github-actions --emit lanes.yml' }));
    });
  }

  it('are not valid for nothing: both report a broken workflow', async () => {
    const { workflow } = build([{ id: 'S-A', batch: 1 }]);
    const text = workflowYaml(workflow, { planPath, command: 'lanes dispatch' }).replace('fail-fast: false', 'fail-fast: sometimes').replace('${{ matrix.session }} (batch 1)', '${{ matrix.sesion }} (batch 1)');
    expect(await workflowParserErrors('lanes.yml', text)).toEqual(["lanes.yml (Line: 31, Col: 18): Unexpected value 'sometimes'"]);
    expect(await actionlintErrors('lanes.yml', text)).toEqual(expect.arrayContaining([expect.stringContaining('property "sesion" is not defined')]));
  });

  it('writes the demo workflow as expected', async () => {
    const plan = fixture('plans/2026-11-20-demo-greetings.md', 'examples/demo/plans/2026-11-20-demo-greetings.md');
    const text = workflowYaml(buildWorkflow(plan, { planPath: plan.path! }).workflow, { planPath: plan.path!, command: 'lanes dispatch plans/2026-11-20-demo-greetings.md --engine github-actions --emit .github/workflows/lanes-demo.yml' });
    await expect(text).toMatchFileSnapshot('fixtures/lanes-demo.yml');
  });
});
