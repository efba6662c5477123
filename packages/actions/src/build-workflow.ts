import type { Plan } from '@lanes/core';
import { workflowLayout, type LayoutJob, type LayoutOptions, type LayoutProblem, type WorkflowLayout } from './workflow-layout.ts';

/** One step of a job. */
export interface WorkflowStep {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  run?: string;
}

/** One job of the workflow. */
export interface WorkflowJob {
  name: string;
  needs?: string[];
  'runs-on': string;
  permissions: Record<string, 'read' | 'write'>;
  'timeout-minutes'?: number | string;
  strategy?: {
    'fail-fast': boolean;
    'max-parallel': number;
    matrix: { include: Record<string, string | number>[] };
  };
  /** What later jobs read as `needs.<job>.outputs.<name>`: a matrix job's are combined from its legs. */
  outputs?: Record<string, string>;
  env: Record<string, string>;
  steps: WorkflowStep[];
}

/** A GitHub Actions workflow, as the object its YAML is written from. */
export interface Workflow {
  name: string;
  'run-name': string;
  on: { workflow_dispatch: { inputs: Record<string, { description: string; required: boolean; default: string; type: 'string' }> } };
  permissions: Record<string, 'read' | 'write'>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  defaults: { run: { shell: string } };
  jobs: Record<string, WorkflowJob>;
}

/** How the workflow is made, beyond what the plan says. */
export interface WorkflowOptions extends LayoutOptions {
  /** The runner label (`runs-on`), default `ubuntu-latest`. */
  runsOn?: string;
  /** `actions/setup-node`'s `node-version`, default `22` (Claude Code needs 22). */
  nodeVersion?: string;
  /** The repository's package manager (default `pnpm`): how Node is set up and what installs `lanes`. */
  packageManager?: 'pnpm' | 'npm';
  /** `pnpm/action-setup`'s `version`; null (default) reads the `packageManager` field of `package.json`. */
  pnpmVersion?: string | null;
  /** The install command (default `pnpm install --frozen-lockfile`, or `npm ci`): it must install `lanes` and the guard's hooks. */
  install?: string;
  /** More repository secrets every session gets in its environment, by name (for the `command` agent). */
  secrets?: readonly string[];
  /** The `command` agent's template and event format, given to the runner as `LANES_AGENT_COMMAND`/`LANES_AGENT_EVENTS`. */
  command?: string | null;
  commandEvents?: string | null;
  /** `--idle-timeout` for the runner's dispatch, when not the default. */
  idleTimeout?: string | null;
}

/** The input a `--run` fills in so that it can tell its run from any other (`run-name` carries it). */
export const runInput = 'lanes_run';

/** Minutes a job gets beyond its session's timeout, for checkout, install, the push and the logs. */
export const setupMinutes = 20;

/** What each agent needs on a runner: the command that installs it, and its secrets (environment name → secret name). */
export const agentNeeds: Record<string, { install: string | null; secrets: Record<string, string> }> = {
  claude: { install: 'npm install -g @anthropic-ai/claude-code', secrets: { ANTHROPIC_API_KEY: 'ANTHROPIC_API_KEY' } },
  codex: { install: 'npm install -g @openai/codex', secrets: { OPENAI_API_KEY: 'OPENAI_API_KEY', CODEX_API_KEY: 'OPENAI_API_KEY' } },
  gemini: { install: 'npm install -g @google/gemini-cli', secrets: { GEMINI_API_KEY: 'GEMINI_API_KEY' } },
  opencode: { install: 'npm install -g opencode-ai', secrets: { ANTHROPIC_API_KEY: 'ANTHROPIC_API_KEY', OPENAI_API_KEY: 'OPENAI_API_KEY' } },
  aider: { install: 'pipx install aider-chat', secrets: { ANTHROPIC_API_KEY: 'ANTHROPIC_API_KEY', OPENAI_API_KEY: 'OPENAI_API_KEY' } },
  command: { install: null, secrets: {} },
  shell: { install: null, secrets: {} },
};

/**
 * Text from the plan made safe inside a workflow: GitHub evaluates `${{ … }}` in almost every string of a
 * workflow, so a literal `${{` is written as an expression that yields it. Plan text reaches scripts only
 * through environment variables, never spliced into a `run:` block.
 */
export function literal(text: string): string {
  return text.replace(/\$\{\{/g, "${{ '${{' }}");
}

/** The workflow of a plan: its layout as jobs, with the problems that keep it from running on Actions. */
export function buildWorkflow(plan: Plan, options: WorkflowOptions): { workflow: Workflow; layout: WorkflowLayout; problems: LayoutProblem[] } {
  const { layout, problems } = workflowLayout(plan, options);
  for (const name of options.secrets ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) {
      problems.push({ session: null, message: `--secret ${name} is not a secret name; use letters, digits and _, not starting with a digit or GITHUB_ (such as DEEPSEEK_API_KEY)` });
    }
  }
  if (layout.jobs.length === 0) problems.push({ session: null, message: `${options.planPath} has no session to run` });
  const jobs: Record<string, WorkflowJob> = {};
  const landing = layout.integrate !== 'none';
  layout.jobs.forEach((job, i) => {
    const session = sessionJob(job, layout, options, i === 0);
    // Landing, each job waits for the one before it to land, and starts from what landed.
    if (landing && job.needs !== null) session.needs = [`land-${job.needs}`];
    jobs[job.id] = session;
    if (landing) jobs[`land-${job.id}`] = landJob(job, layout, options, i === 0);
  });
  if (layout.jobs.length > 0) jobs.check = checkJob(layout, options);
  const plan_ = literal(options.planPath);
  const workflow: Workflow = {
    name: `lanes: ${plan_}`,
    'run-name': `lanes ${plan_} \${{ inputs.${runInput} }}`,
    on: {
      workflow_dispatch: {
        inputs: {
          [runInput]: { description: 'Set by `lanes dispatch --run` to find its run; leave it empty', required: false, default: '', type: 'string' },
        },
      },
    },
    permissions: { contents: 'read' },
    // Two runs of one plan would race on its session branches: the second waits.
    concurrency: { group: `lanes ${plan_}`, 'cancel-in-progress': false },
    defaults: { run: { shell: 'bash' } },
    jobs,
  };
  return { workflow, layout, problems };
}

function setupSteps(options: WorkflowOptions): WorkflowStep[] {
  const manager = options.packageManager ?? 'pnpm';
  const pnpm: WorkflowStep = { name: 'Set up pnpm', uses: 'pnpm/action-setup@v4' };
  if (options.pnpmVersion) pnpm.with = { version: options.pnpmVersion };
  return [
    // The whole history: the session's branch is made from `base`, and `lanes check` reads the ranges.
    { name: 'Check out', uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
    ...(manager === 'pnpm' ? [pnpm] : []),
    { name: 'Set up Node', uses: 'actions/setup-node@v4', with: { 'node-version': options.nodeVersion ?? '22', cache: manager } },
    {
      name: 'Install (lanes and the guard’s hooks)',
      id: 'install',
      run: [
        literal(options.install ?? (manager === 'pnpm' ? 'pnpm install --frozen-lockfile' : 'npm ci')),
        'if [ ! -x node_modules/.bin/lanes ]; then',
        '  echo "::error::the install did not provide lanes: add lanes to the devDependencies of the repository root"',
        '  exit 1',
        'fi',
        'echo "$PWD/node_modules/.bin" >> "$GITHUB_PATH"',
      ].join('\n'),
    },
  ];
}

function sessionJob(job: LayoutJob, layout: WorkflowLayout, options: WorkflowOptions, first: boolean): WorkflowJob {
  const agents = [...new Set(job.sessions.map((s) => s.agent))];
  const timeouts = job.sessions.map((s) => (s.timeoutSeconds === null ? null : Math.ceil(s.timeoutSeconds / 60) + setupMinutes));
  const sameTimeout = timeouts.every((t) => t === timeouts[0]);
  const include = job.sessions.map((s, i) => {
    const leg: Record<string, string | number> = {
      session: s.id,
      agent: s.agent,
      branch: literal(s.branch),
      done: s.done.join(','),
      merge: literal(s.merge.join('\n')),
    };
    if (!sameTimeout) leg['timeout-minutes'] = timeouts[i] ?? 360;
    return leg;
  });
  const env: Record<string, string> = {
    LANES_PLAN: literal(layout.planPath),
    LANES_BASE: literal(layout.base),
    LANES_JOB_SESSION: '${{ matrix.session }}',
    LANES_AGENT: '${{ matrix.agent }}',
    LANES_BRANCH: '${{ matrix.branch }}',
    // The leg's place in the matrix: it names the leg's outputs (`start-0`, `head-0`), which its landing job reads.
    LANES_LEG: '${{ strategy.job-index }}',
    // Where the session's branch starts: `base` for the first job, else what the jobs before it landed.
    LANES_FROM: literal(first || layout.integrate === 'none' ? layout.base : layout.integrationBranch),
  };
  if (options.command) env.LANES_AGENT_COMMAND = literal(options.command);
  if (options.commandEvents) env.LANES_AGENT_EVENTS = literal(options.commandEvents);

  const installs = agents.filter((a) => agentNeeds[a]?.install);
  const agentSteps = installs.map((a): WorkflowStep => {
    const step: WorkflowStep = { name: `Install ${a}`, run: agentNeeds[a]!.install! };
    if (agents.length > 1) step.if = `matrix.agent == '${a}'`;
    return step;
  });

  // `verify` runs once, in the check job, where every branch meets; the root of a leg has none of them.
  // The leg's branch lands in the job's own landing job, with the others of its job, not on the leg's runner.
  const flags = ['--workspace worktree', '--skip-verify', '--no-integrate', '--yes'];
  if (options.timeoutSeconds != null) flags.push(`--timeout ${options.timeoutSeconds}s`);
  if (options.idleTimeout) flags.push(`--idle-timeout ${options.idleTimeout}`);
  const result: WorkflowJob = {
    name: `\${{ matrix.session }} (batch ${job.batch})`,
    'runs-on': options.runsOn ?? 'ubuntu-latest',
    // The job pushes its session's branch.
    permissions: { contents: 'write' },
    strategy: { 'fail-fast': false, 'max-parallel': layout.maxParallel, matrix: { include } },
    env,
    steps: [
      ...setupSteps(options),
      ...agentSteps,
      {
        name: 'Prepare ${{ matrix.branch }}',
        id: 'prepare',
        env: { LANES_MERGE: '${{ matrix.merge }}' },
        run: prepareScript,
      },
      {
        name: 'lanes dispatch --only ${{ matrix.session }}',
        id: 'dispatch',
        env: { LANES_DONE: '${{ matrix.done }}', ...secretEnv(agents, options.secrets ?? []) },
        run: `lanes dispatch "$LANES_PLAN" --only "$LANES_JOB_SESSION" --agent "$LANES_AGENT" \${LANES_DONE:+--done "$LANES_DONE"} ${flags.join(' ')}`,
      },
      {
        name: 'Report ${{ matrix.session }}',
        if: "${{ always() && steps.dispatch.outcome != 'skipped' }}",
        run: 'lanes dispatch "$LANES_PLAN" --engine github-actions --annotate "$LANES_JOB_SESSION"',
      },
      {
        name: 'Push ${{ matrix.branch }}',
        id: 'push',
        if: "${{ !cancelled() && steps.dispatch.outcome != 'skipped' }}",
        run: pushScript,
      },
      {
        name: 'Upload the logs',
        if: '${{ always() }}',
        uses: 'actions/upload-artifact@v4',
        with: { name: 'lanes-${{ matrix.session }}', path: '.lanes/dispatch/', 'include-hidden-files': true, 'if-no-files-found': 'ignore' },
      },
    ],
  };
  if (job.needs !== null) result.needs = [job.needs];
  // Provenance for the landing job: the commit each leg's session started from and the one its job pushed. Each
  // leg writes only its own names, and GitHub combines a matrix job's outputs from all its legs.
  if (layout.integrate !== 'none') {
    result.outputs = Object.fromEntries(
      job.sessions.flatMap((_, i) => [
        [`start-${i}`, `\${{ steps.prepare.outputs.start-${i} }}`],
        [`head-${i}`, `\${{ steps.push.outputs.head-${i} }}`],
      ]),
    );
  }
  const timeout = timeouts[0];
  if (!sameTimeout) result['timeout-minutes'] = '${{ matrix.timeout-minutes }}';
  else if (timeout !== null && timeout !== undefined) result['timeout-minutes'] = timeout;
  return sortJob(result);
}

/** The session's secrets by environment name; a secret that only some legs' agents need is empty for the others. */
function secretEnv(agents: readonly string[], extra: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  const names = new Map<string, { secret: string; agents: string[] }>();
  for (const a of agents) {
    for (const [name, secret] of Object.entries(agentNeeds[a]?.secrets ?? {})) {
      const entry = names.get(name) ?? { secret, agents: [] };
      entry.agents.push(a);
      names.set(name, entry);
    }
  }
  for (const [name, { secret, agents: users }] of [...names.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    env[name] =
      users.length === agents.length ? `\${{ secrets.${secret} }}` : `\${{ (${users.map((a) => `matrix.agent == '${a}'`).join(' || ')}) && secrets.${secret} || '' }}`;
  }
  for (const name of extra) env[name] = `\${{ secrets.${name} }}`;
  return env;
}

/**
 * The job that lands a job's branches on the integration branch (decision 19a): `lanes check` of each branch
 * (the range from where it met the integration branch), then `lanes dispatch --land` in merge order, `verify`
 * on the landed tree, and the push. The first landing job starts the integration branch again from `base`.
 */
function landJob(job: LayoutJob, layout: WorkflowLayout, options: WorkflowOptions, first: boolean): WorkflowJob {
  const env: Record<string, string> = {
    LANES_PLAN: literal(layout.planPath),
    LANES_BASE: literal(layout.base),
    LANES_INTEGRATION: literal(layout.integrationBranch),
    LANES_FIRST: first ? '1' : '',
    LANES_LAND: job.sessions.map((s) => s.id).join(','),
    LANES_SESSION_BRANCHES: literal(job.sessions.map((s) => `${s.id} ${s.branch}`).join('\n')),
    // Each session, the commit its leg started from and the one its leg pushed (the legs' job outputs).
    LANES_PUSHED: job.sessions.map((s, i) => `${s.id} \${{ needs.${job.id}.outputs.start-${i} }} \${{ needs.${job.id}.outputs.head-${i} }}`).join('\n'),
  };
  const steps: WorkflowStep[] = [...setupSteps(options), { name: `Land ${job.sessions.map((s) => s.id).join(', ')}`, run: landScript }];
  if (layout.verify !== null) {
    env.LANES_VERIFY = literal(layout.verify);
    steps.push({ name: 'verify on the landed tree', run: 'sh -c "$LANES_VERIFY"' });
  }
  steps.push({ name: `Push ${literal(layout.integrationBranch)}`, run: `git push -q ${first ? '--force ' : ''}origin "refs/heads/$LANES_INTEGRATION:refs/heads/$LANES_INTEGRATION"` });
  return sortJob({
    name: `land ${job.id}`,
    needs: [job.id],
    'runs-on': options.runsOn ?? 'ubuntu-latest',
    // The job pushes the integration branch.
    permissions: { contents: 'write' },
    env,
    steps,
  });
}

function checkJob(layout: WorkflowLayout, options: WorkflowOptions): WorkflowJob {
  if (layout.integrate !== 'none') {
    // Every branch was checked and verified as it landed: the run's result is the landed branch.
    const env: Record<string, string> = { LANES_BASE: literal(layout.base), LANES_INTEGRATION: literal(layout.integrationBranch) };
    const steps: WorkflowStep[] = [...setupSteps(options), { name: 'The landed branch', run: landedScript }];
    if (layout.verify !== null) {
      env.LANES_VERIFY = literal(layout.verify);
      steps.push({ name: 'verify on the landed branch', run: 'sh -c "$LANES_VERIFY"' });
    }
    return sortJob({ name: 'check', needs: [`land-${layout.jobs.at(-1)!.id}`], 'runs-on': options.runsOn ?? 'ubuntu-latest', permissions: { contents: 'read' }, env, steps });
  }
  const sessions = layout.jobs.flatMap((j) => j.sessions);
  const env: Record<string, string> = {
    LANES_PLAN: literal(layout.planPath),
    LANES_BASE: literal(layout.base),
    // Each line: the session, its branch, then the branches it merged first (`prepareScript`).
    LANES_SESSION_BRANCHES: literal(sessions.map((s) => [s.id, s.branch, ...s.merge].join(' ')).join('\n')),
  };
  const steps: WorkflowStep[] = [
    ...setupSteps(options),
    { name: 'lanes check every session’s branch', run: checkScript },
  ];
  if (layout.verify !== null) {
    env.LANES_VERIFY = literal(layout.verify);
    steps.push({ name: 'verify on the merged branches', run: verifyScript });
  }
  return sortJob({
    name: 'check',
    needs: layout.jobs.map((j) => j.id),
    'runs-on': options.runsOn ?? 'ubuntu-latest',
    permissions: { contents: 'read' },
    env,
    steps,
  });
}

/** The keys of a job in the order people write them. */
function sortJob(job: WorkflowJob): WorkflowJob {
  const order = ['name', 'needs', 'runs-on', 'permissions', 'timeout-minutes', 'strategy', 'outputs', 'env', 'steps'];
  return Object.fromEntries(order.filter((k) => k in job).map((k) => [k, job[k as keyof WorkflowJob]])) as unknown as WorkflowJob;
}

// The root stays on the commit the run started from (it has the plan and this workflow) with `base` as a
// local branch; `lanes dispatch --workspace worktree` then runs the session in a worktree on its branch, so
// the runner's own registry commits in the root never reach the branch that is pushed.
const prepareScript = `git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git checkout -q --detach
if git rev-parse -q --verify "refs/remotes/origin/$LANES_BASE" >/dev/null; then
  git branch -q -f --no-track "$LANES_BASE" "origin/$LANES_BASE"
fi
if git rev-parse -q --verify "refs/remotes/origin/$LANES_BRANCH" >/dev/null; then
  git branch -q -f --no-track "$LANES_BRANCH" "origin/$LANES_BRANCH"
elif git rev-parse -q --verify "refs/remotes/origin/$LANES_FROM" >/dev/null; then
  git branch -q -f --no-track "$LANES_BRANCH" "origin/$LANES_FROM"
else
  git branch -q -f --no-track "$LANES_BRANCH" "$LANES_BASE"
fi
# What the session depends on is on the branches of earlier jobs: it starts with their work in.
if [ -n "$LANES_MERGE" ]; then
  work="$RUNNER_TEMP/lanes-merge-$LANES_JOB_SESSION"
  git worktree add -q "$work" "$LANES_BRANCH"
  while IFS= read -r dep; do
    [ -n "$dep" ] || continue
    if git rev-parse -q --verify "refs/remotes/origin/$dep" >/dev/null; then
      git -C "$work" -c core.hooksPath=/dev/null merge -q --no-edit --no-verify -m "lanes: take in $dep" "origin/$dep"
    else
      echo "::warning::$dep is not on origin: $LANES_JOB_SESSION starts without it"
    fi
  done <<< "$LANES_MERGE"
  git worktree remove "$work"
fi
echo "start-$LANES_LEG=$(git rev-parse "refs/heads/$LANES_BRANCH")" >> "$GITHUB_OUTPUT"`;

// The commit pushed is the one recorded: the landing job lands the branch only while origin still has it there.
const pushScript = `head=$(git rev-parse "refs/heads/$LANES_BRANCH")
git push origin "$head:refs/heads/$LANES_BRANCH"
echo "head-$LANES_LEG=$head" >> "$GITHUB_OUTPUT"`;

// \`--session\` judges every commit of the range as that session: the commits of the branches it merged
// first are left out with \`--exclude\`, each checked as its own session on its own line.
const checkScript = `status=0
while read -r session branch merged; do
  [ -n "$session" ] || continue
  exclude=()
  for dep in $merged; do
    if git rev-parse -q --verify "refs/remotes/origin/$dep" >/dev/null; then exclude+=(--exclude "origin/$dep"); fi
  done
  echo "::group::lanes check $session ($branch)"
  lanes check --range "origin/$LANES_BASE..origin/$branch" --session "$session" "\${exclude[@]}" --plan "$LANES_PLAN" --format github || status=1
  echo "::endgroup::"
done <<< "$LANES_SESSION_BRANCHES"
exit "$status"`;

// Locally every session of a shared working tree commits on one branch and \`verify\` sees all of it; here
// each session has its own branch, so \`verify\` runs where they all meet.
const verifyScript = `git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
if git rev-parse -q --verify "refs/remotes/origin/$LANES_BASE" >/dev/null; then
  git checkout -q --detach "origin/$LANES_BASE"
else
  git checkout -q --detach "$LANES_BASE"
fi
while read -r session branch _; do
  [ -n "$session" ] || continue
  git -c core.hooksPath=/dev/null merge -q --no-edit --no-verify -m "lanes: verify with $session" "origin/$branch"
done <<< "$LANES_SESSION_BRANCHES"
sh -c "$LANES_VERIFY"`;

// The integration branch starts from \`base\` at the first landing job, else from what was pushed before; each
// session's commits are those its branch has beyond where it met the integration branch.
const landScript = `git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git checkout -q --detach
if [ -z "$LANES_FIRST" ] && git rev-parse -q --verify "refs/remotes/origin/$LANES_INTEGRATION" >/dev/null; then
  from="origin/$LANES_INTEGRATION"
elif git rev-parse -q --verify "refs/remotes/origin/$LANES_BASE" >/dev/null; then
  from="origin/$LANES_BASE"
else
  from="$LANES_BASE"
fi
git branch -q -f --no-track "$LANES_INTEGRATION" "$from"
status=0
while read -r session branch; do
  [ -n "$session" ] || continue
  git rev-parse -q --verify "refs/remotes/origin/$branch" >/dev/null || continue
  # Only what the session's own leg made lands: origin's branch must be where its leg pushed it, and the leg must
  # have started from what landed (its run audited every commit since); any job may push to any branch. The
  # branch is checked all the same, so that the annotations say what the other commits would have brought.
  read -r began pushed <<< "$(awk -v s="$session" '$1 == s { print $2, $3 }' <<< "$LANES_PUSHED")" || true
  at=$(git rev-parse "refs/remotes/origin/$branch")
  if [ -z "$pushed" ]; then
    echo "::error title=lanes $session::origin/$branch is at \${at:0:7}, but $session's job recorded no push; nothing of $session lands"
    status=1
  elif [ "$at" != "$pushed" ]; then
    echo "::error title=lanes $session::origin/$branch is at \${at:0:7}, not at \${pushed:0:7}, the commit $session's job pushed: someone else pushed to it; nothing of $session lands"
    status=1
  fi
  if [ -z "$began" ] || ! git merge-base --is-ancestor "$began" "$LANES_INTEGRATION"; then
    echo "::error title=lanes $session::$session's job started from \${began:0:7} on origin/$branch, which is not on $LANES_INTEGRATION: the branch held commits its job did not make; nothing of $session lands (delete the branch on origin and run the job again)"
    status=1
  fi
  start=$(git merge-base "$LANES_INTEGRATION" "origin/$branch")
  echo "::group::lanes check $session ($branch)"
  lanes check --range "$start..origin/$branch" --session "$session" --plan "$LANES_PLAN" --format github || status=1
  echo "::endgroup::"
done <<< "$LANES_SESSION_BRANCHES"
[ "$status" = 0 ] || exit 1
lanes dispatch "$LANES_PLAN" --engine github-actions --land "$LANES_LAND" --integrate-into "$LANES_INTEGRATION"
git checkout -q "$LANES_INTEGRATION"`;

const landedScript = `if git rev-parse -q --verify "refs/remotes/origin/$LANES_BASE" >/dev/null; then base="origin/$LANES_BASE"; else base="$LANES_BASE"; fi
git checkout -q --detach "origin/$LANES_INTEGRATION"
git log --oneline "$base..HEAD"`;
