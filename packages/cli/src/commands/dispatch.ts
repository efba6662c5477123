import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parseDuration, parsePlan } from '@lanes/core';
import {
  buildWorkflow,
  committedClean,
  followRun,
  GithubApi,
  GithubApiError,
  GithubUnreachableError,
  RegistryWriter,
  repoFromRemote,
  repoFromSlug,
  reportCommand,
  RunNotFoundError,
  runInput,
  sameWorkflow,
  triggerRun,
  workflowYaml,
  type FollowEvent,
  type RepoRef,
  type WorkflowOptions,
} from '@lanes/actions';
import { findPlanFiles, planPathFromRoot, readConfig, readFileAt, repoRoot, resolveRev, runGit } from '@lanes/repo';
import {
  attachSession,
  createDemoRepo,
  dispatchJson,
  DispatchRun,
  DispatchSetupError,
  formatDispatchTable,
  formatDryRun,
  formatEvent,
  formatLiveTable,
  prepareDispatch,
  readRunState,
  runPaths,
  shellQuote,
  type EventFormat,
  type PreparedDispatch,
  type RunEvent,
  type WorkspaceMode,
} from '@lanes/dispatch';
import { UsageError, type Io } from '../io.ts';

/** How this process calls `lanes` again (for the Claude Code hook and `--attach`): node and the bin shim. */
export function lanesCommand(): string[] {
  return [process.execPath, process.argv[1] ?? 'lanes'];
}

/** The repository root of the working directory; a usage error outside a git repository. */
export function rootOf(io: Io): string {
  try {
    return repoRoot(io.cwd);
  } catch {
    throw new UsageError(`${io.cwd} is not in a git repository; run lanes inside the repository that holds the plan`);
  }
}

/** The plan to act on, from the repository root: the argument, else `LANES_PLAN`, else the one plan the configured locations find. */
export function resolvePlanPath(io: Io, root: string, given: string | undefined): string {
  if (given !== undefined) return planPathFromRoot(root, given, io.cwd);
  const fromEnv = io.env.LANES_PLAN;
  if (fromEnv !== undefined && fromEnv !== '') return planPathFromRoot(root, fromEnv, root);
  const plans = findPlanFiles(root, readConfig(root));
  if (plans.length === 1) return plans[0]!;
  if (plans.length === 0) throw new UsageError('no plan found under the configured locations (lanes.plans, default plans/**/*.md); name one: lanes dispatch <plan>');
  throw new UsageError(`${plans.length} plans found (${plans.join(', ')}); name one: lanes dispatch <plan>`);
}

interface DispatchFlags {
  workspace: string;
  maxParallel?: string;
  only?: string;
  keepGoing?: boolean;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  resume?: boolean;
  timeout?: string;
  idleTimeout: string;
  budget?: string;
  agent?: string;
  command?: string;
  commandEvents?: string;
  grace: string;
  tmux: boolean;
  attach?: string;
  demo?: boolean;
  done?: string;
  skipVerify?: boolean;
  engine: string;
  emit?: string;
  run?: boolean;
  follow?: string;
  workflow?: string;
  ref?: string;
  pollInterval?: string;
  findTimeout?: string;
  followTimeout?: string;
  runsOn?: string;
  nodeVersion?: string;
  install?: string;
  secrets?: string;
  annotate?: string;
}

function seconds(text: string, flag: string): number {
  const s = parseDuration(text);
  if (s === null) throw new UsageError(`${flag} ${text} is not a duration; use a number with s, m or h, such as 90s or 15m`);
  return s;
}

/** `lanes dispatch [plan]`: lint, show the dispatch table, then run the plan's sessions batch by batch. */
export function registerDispatch(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('dispatch')
    .description("Run a plan's sessions: lint, show the dispatch table and its proof, then run batch by batch and write the registry")
    .argument('[plan]', 'the plan (default: LANES_PLAN, else the one plan under the configured locations)')
    .option('--workspace <mode>', 'shared | worktree | auto (proven disjoint → the shared working tree, else a worktree on its Branch)', 'auto')
    .option('--max-parallel <n>', "sessions at once (default: the plan's max-parallel)")
    .option('--only <ids>', 'run only these sessions (comma-separated); their dependencies must be Done')
    .option('--keep-going', 'after a failure, hold only its dependents instead of every later batch')
    .option('--dry-run', 'print the table, every prompt and exact command line; start and write nothing')
    .option('--json', 'machine output: the table as JSON (with --dry-run), else one JSON event per line')
    .option('-y, --yes', 'start without asking (required without a terminal)')
    .option('--resume', 'adopt agents a crashed run left running, skip Done sessions, rerun the rest')
    .option('--timeout <duration>', 'wall-clock timeout of a session whose plan sets none (90s, 30m, 2h)')
    .option('--idle-timeout <duration>', 'fail an agent that streams events when it prints nothing this long', '15m')
    .option('--budget <usd>', 'stop launching sessions once this many dollars are spent')
    .option('--agent <name>', "run every session with this agent (claude, codex, gemini, opencode, aider, command, shell)")
    .option('--command <template>', "the command agent's template: argv words with {prompt} {promptFile} {session} {issue} {model} {launchAs}")
    .option('--command-events <format>', 'the event stream the command agent prints: claude, codex, gemini or opencode')
    .option('--grace <duration>', 'on Ctrl-C or a timeout, wait this long after SIGINT and again after SIGTERM', '10s')
    .option('--no-tmux', 'do not open tmux windows for sessions that need a person; print the command instead')
    .option('--attach <id>', 'run a session that needs a person (Plan mode, Ask permissions) in this terminal')
    .option('--demo', 'make a scratch repository from the bundled example and dispatch its plan there')
    .option('--done <ids>', 'count these sessions Done: their registry rows are written Done and committed first (the workflow passes the sessions of earlier jobs)')
    .option('--skip-verify', "do not run the plan's verify after each batch (the GitHub Actions workflow runs it once, on the merged branches)")
    .option('--engine <engine>', 'local (run the sessions here) or github-actions (a workflow that runs them on GitHub Actions)', 'local')
    .option('--emit <file>', 'github-actions: write the workflow of the plan to this file (- for standard output)')
    .option('--run', 'github-actions: start the workflow through the REST API (GITHUB_TOKEN), follow its run and write the registry')
    .option('--follow <run-id>', 'github-actions: follow a run already started and write the registry')
    .option('--workflow <file>', 'github-actions: the workflow file --run starts (default: --emit, else .github/workflows/lanes-<plan>.yml)')
    .option('--ref <ref>', "github-actions: the branch or tag --run runs the workflow on (default: the plan's base)")
    .option('--poll-interval <duration>', 'github-actions: how often --run asks GitHub about the run (default 10s)')
    .option('--find-timeout <duration>', 'github-actions: how long --run looks for the run it started (default 2m)')
    .option('--follow-timeout <duration>', 'github-actions: stop following after this long, the run going on (default: until it ends)')
    .option('--runs-on <label>', 'github-actions: the runner label of the jobs (default ubuntu-latest)')
    .option('--node-version <version>', 'github-actions: the Node version on the runner (default 22)')
    .option('--install <command>', 'github-actions: the command that installs the repository (default pnpm install --frozen-lockfile, or npm ci)')
    .option('--secrets <names>', "github-actions: more repository secrets for every session's environment, comma-separated")
    .option('--annotate <id>', "github-actions: on the runner, file the session's outcome as an annotation of its job (the workflow's Report step)")
    .addHelpText(
      'after',
      '\nExit status: 0 every session Done and verify passed; 1 the plan does not lint, a session failed or verify failed;\n2 usage (and no terminal without --yes); 130 after Ctrl-C or `lanes stop`.\n\nWith --engine github-actions: --emit writes the workflow (exit 0); --run and --follow exit 0 when every session is\nDone and the check job passed, 1 when not, 2 for usage and GitHub API errors, 130 after Ctrl-C (the run goes on).',
    )
    .action(async (planArg: string | undefined, flags: DispatchFlags) => {
      exit(await dispatchAction(io, planArg, flags));
    });
}

async function dispatchAction(io: Io, planArg: string | undefined, flags: DispatchFlags): Promise<number> {
  if (flags.engine === 'github-actions') return githubActionsAction(io, planArg, flags);
  if (flags.engine !== 'local') throw new UsageError(`--engine ${flags.engine} is not an engine; use local or github-actions`);
  for (const [flag, given] of Object.entries(githubOnlyFlags(flags))) {
    if (given) throw new UsageError(`${flag} goes with --engine github-actions; add --engine github-actions`);
  }
  if (!['shared', 'worktree', 'auto'].includes(flags.workspace)) throw new UsageError(`--workspace ${flags.workspace} is not a mode; use shared, worktree or auto`);
  const maxParallel = flags.maxParallel === undefined ? null : Number(flags.maxParallel);
  if (maxParallel !== null && (!Number.isInteger(maxParallel) || maxParallel < 1)) throw new UsageError(`--max-parallel ${flags.maxParallel} is not a positive whole number; use such as 3`);
  const budget = flags.budget === undefined ? null : Number(flags.budget.replace(/^\$/, ''));
  if (budget !== null && !(budget >= 0)) throw new UsageError(`--budget ${flags.budget} is not an amount of dollars; use such as 20`);
  const events = flags.commandEvents ?? io.env.LANES_AGENT_EVENTS;
  if (events !== undefined && !['claude', 'codex', 'gemini', 'opencode'].includes(events)) throw new UsageError(`--command-events ${events} is not known; use claude, codex, gemini or opencode`);
  const grace = seconds(flags.grace, '--grace') * 1000;
  const env: NodeJS.ProcessEnv = { ...io.env };
  delete env.LANES_SESSION;

  let root: string;
  let planPath: string;
  let expected: Record<string, string> | null = null;
  if (flags.demo) {
    const demo = createDemoRepo(env);
    root = demo.root;
    planPath = demo.planPath;
    expected = demo.expected;
    io.stdout(`Scratch repository: ${root}\n\n`);
  } else {
    root = rootOf(io);
    planPath = resolvePlanPath(io, root, planArg);
    if (flags.done !== undefined) markDone(root, planPath, flags, env);
  }
  const prepared = prepareDispatch({
    root,
    planPath,
    workspace: flags.workspace as WorkspaceMode,
    maxParallel,
    only: flags.only === undefined ? null : flags.only.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    resume: flags.resume === true,
    agent: flags.agent ?? null,
    command: flags.command ?? io.env.LANES_AGENT_COMMAND ?? null,
    commandEvents: (events ?? null) as EventFormat | null,
    lanesCommand: lanesCommand(),
  });

  if (flags.attach !== undefined) {
    try {
      return await attachSession(prepared, flags.attach, env);
    } catch (error) {
      if (error instanceof DispatchSetupError) throw new UsageError(error.message);
      throw error;
    }
  }
  // The runner reads `verify` from the plan model; without it, no batch runs it.
  if (flags.skipVerify) prepared.plan.frontMatter.verify = null;
  const lintErrors = prepared.findings.some((f) => f.severity === 'error');
  if (flags.json && flags.dryRun) {
    io.stdout(`${JSON.stringify(dispatchJson(prepared), null, 2)}\n`);
    return prepared.blockers.length > 0 ? (lintErrors ? 1 : 2) : 0;
  }
  if (!flags.json) io.stdout(flags.dryRun ? formatDryRun(prepared) : formatDispatchTable(prepared));
  if (prepared.blockers.length > 0) {
    for (const b of prepared.blockers) io.stderr(`lanes: ${b}\n`);
    if (lintErrors) {
      io.stderr('lanes: dispatch refused: fix the lint errors above (lanes lint shows them with fixes)\n');
      return 1;
    }
    return 2;
  }
  if (flags.dryRun) return 0;
  if (!flags.yes) {
    if (!io.isTTY || !process.stdin.isTTY) throw new UsageError('dispatch needs a terminal to confirm; add --yes to start without asking');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question('Start this dispatch? [y/N] ');
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout('Not started.\n');
      return 0;
    }
  }

  const live = io.isTTY && !flags.json && io.env.CI === undefined;
  const progress = live ? new LiveTable(io, root, planPath) : null;
  const onEvent = (event: RunEvent): void => {
    if (flags.json) {
      const { type } = event;
      io.stdout(`${JSON.stringify(type === 'session' ? { type, id: event.id, status: event.status, reason: event.reason } : event)}\n`);
      return;
    }
    const line = formatEvent(event);
    if (progress !== null) progress.event(line);
    else if (line !== null) io.stdout(`${line}\n`);
  };
  const run = new DispatchRun(prepared, {
    keepGoing: flags.keepGoing === true || flags.demo === true,
    resume: flags.resume === true,
    timeoutSeconds: flags.timeout === undefined ? null : seconds(flags.timeout, '--timeout'),
    idleTimeoutSeconds: seconds(flags.idleTimeout, '--idle-timeout'),
    budget,
    grace: { interruptMs: grace, terminateMs: grace },
    env,
    tmux: flags.tmux,
    onEvent,
  });
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts === 1) io.stderr('\nlanes: stopping the sessions (SIGINT, then SIGTERM, then SIGKILL); press Ctrl-C again to kill them now\n');
    run.cancel(interrupts > 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  progress?.start();
  try {
    const result = await run.run();
    progress?.stop();
    if (expected === null) return result.exitCode;
    io.stdout(demoEpilogue(root, planPath, lanesCommand().map(shellQuote).join(' ')));
    // The demo succeeds when it ends as scripted: one session strays and the guard stops it, the rest are Done.
    const off = Object.entries(expected).filter(([id, status]) => result.state.sessions[id]?.status !== status);
    if (result.exitCode === 130 || off.length > 0) {
      if (off.length > 0) io.stderr(`lanes: the demo did not end as scripted: ${off.map(([id, status]) => `${id} is ${result.state.sessions[id]?.status ?? 'missing'}, expected ${status}`).join('; ')}\n`);
      return result.exitCode === 0 ? 1 : result.exitCode;
    }
    io.stdout('The demo ended as scripted: S-C strayed out of its lane and the guard blocked its commit; the others are Done.\n');
    return 0;
  } catch (error) {
    progress?.stop();
    if (error instanceof DispatchSetupError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function demoEpilogue(root: string, planPath: string, lanes: string): string {
  const log = runGit(['log', '--format=%h %s', '--reverse'], { cwd: root }).stdout.trim();
  const status = runGit(['status', '--short'], { cwd: root }).stdout.trimEnd();
  return [
    '',
    `The scratch repository is ${root}`,
    `Its history:\n${log.split('\n').map((l) => `  ${l}`).join('\n')}`,
    status === '' ? '' : `Left uncommitted (the session the guard blocked):\n${status.split('\n').map((l) => `  ${l}`).join('\n')}`,
    `The registry is at the end of ${planPath}; look around:`,
    `  cd ${root} && tail -n 6 ${planPath} && ${lanes} status ${planPath}`,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}

/** The live table on a terminal: event lines scroll above, the sessions' table is redrawn below them. */
class LiveTable {
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly io: Io,
    private readonly root: string,
    private readonly planPath: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.draw();
    }, 1000);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }

  event(line: string | null): void {
    this.clear();
    if (line !== null) this.io.stdout(`${line}\n`);
    this.draw();
  }

  private clear(): void {
    // Move up over the last frame and erase to the end of the screen.
    if (this.drawn > 0) this.io.stdout(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    const state = readRunState(runPaths(this.root, this.planPath));
    if (state === null) return;
    const width = process.stdout.columns > 0 ? process.stdout.columns : 120;
    const lines = formatLiveTable(state).map((l) => (l.length >= width ? `${l.slice(0, width - 2)}…` : l));
    this.clear();
    this.io.stdout(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

/** The options that only mean something with `--engine github-actions`, and whether each was given. */
function githubOnlyFlags(flags: DispatchFlags): Record<string, boolean> {
  return {
    '--emit': flags.emit !== undefined,
    '--run': flags.run === true,
    '--follow': flags.follow !== undefined,
    '--workflow': flags.workflow !== undefined,
    '--ref': flags.ref !== undefined,
    '--poll-interval': flags.pollInterval !== undefined,
    '--find-timeout': flags.findTimeout !== undefined,
    '--follow-timeout': flags.followTimeout !== undefined,
    '--runs-on': flags.runsOn !== undefined,
    '--node-version': flags.nodeVersion !== undefined,
    '--install': flags.install !== undefined,
    '--secrets': flags.secrets !== undefined,
    '--annotate': flags.annotate !== undefined,
  };
}

/** `--done`: writes the named sessions' registry rows Done and commits the plan, so that `--only` may run what depends on them. */
function markDone(root: string, planPath: string, flags: DispatchFlags, env: NodeJS.ProcessEnv): void {
  if (flags.dryRun) throw new UsageError('--done writes the registry, and --dry-run writes nothing; leave one out');
  const ids = (flags.done ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const text = readFileSync(join(root, planPath), 'utf8');
  const plan = parsePlan(text, { path: planPath });
  const unknown = ids.filter((id) => !plan.sessions.some((s) => s.id === id));
  if (unknown.length > 0) throw new UsageError(`--done names ${unknown.join(', ')}, which ${planPath} does not have (it has ${plan.sessions.map((s) => s.id).join(', ')})`);
  const rows = new Map((plan.registry?.rows ?? []).map((r) => [r.session, r.status]));
  const updates = new Map(ids.filter((id) => rows.get(id) !== 'Done').map((id) => [id, { status: 'Done' }]));
  if (updates.size === 0) return;
  if (!committedClean(root, planPath, env)) throw new UsageError(`${planPath} has changes that are not committed (or is not in HEAD); the guard reads the plan at HEAD: commit it first`);
  new RegistryWriter(root, planPath, plan, env).write(updates, `done before this dispatch: ${[...updates.keys()].join(', ')}`);
}

/** `lanes dispatch --engine github-actions`: write the plan's workflow, start it and follow it, or report a session on the runner. */
async function githubActionsAction(io: Io, planArg: string | undefined, flags: DispatchFlags): Promise<number> {
  const given = githubOnlyFlags(flags);
  if (!given['--emit'] && !given['--run'] && !given['--follow'] && !given['--annotate']) {
    throw new UsageError('--engine github-actions needs --emit <file> (write the workflow), --run (start it and follow it) or --follow <run id>');
  }
  if (given['--run'] && given['--follow']) throw new UsageError('--run starts a new run and --follow follows one already started; give one of them');
  const local: [string, boolean][] = [
    ['--keep-going', flags.keepGoing === true],
    ['--resume', flags.resume === true],
    ['--budget', flags.budget !== undefined],
    ['--attach', flags.attach !== undefined],
    ['--demo', flags.demo === true],
    ['--done', flags.done !== undefined],
    ['--skip-verify', flags.skipVerify === true],
    ['--json', flags.json === true],
    ['--workspace', flags.workspace !== 'auto'],
  ];
  for (const [flag, on] of local) {
    if (on) throw new UsageError(`${flag} does not go with --engine github-actions (each session runs in a worktree on its branch, and a failed batch stops the run); leave it out`);
  }
  const root = rootOf(io);
  const planPath = resolvePlanPath(io, root, planArg);
  if (flags.annotate !== undefined) {
    if (given['--emit'] || given['--run'] || given['--follow']) throw new UsageError('--annotate runs on its own, in the workflow’s Report step; leave out --emit, --run and --follow');
    return annotateSession(io, root, planPath, flags.annotate);
  }

  const maxParallel = flags.maxParallel === undefined ? null : Number(flags.maxParallel);
  if (maxParallel !== null && (!Number.isInteger(maxParallel) || maxParallel < 1)) throw new UsageError(`--max-parallel ${flags.maxParallel} is not a positive whole number; use such as 3`);
  const timeoutSeconds = flags.timeout === undefined ? null : seconds(flags.timeout, '--timeout');
  if (flags.idleTimeout !== '15m') seconds(flags.idleTimeout, '--idle-timeout');
  const events = flags.commandEvents ?? io.env.LANES_AGENT_EVENTS;
  if (events !== undefined && !['claude', 'codex', 'gemini', 'opencode'].includes(events)) throw new UsageError(`--command-events ${events} is not known; use claude, codex, gemini or opencode`);
  const only = flags.only === undefined ? null : flags.only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const command = flags.command ?? io.env.LANES_AGENT_COMMAND ?? null;
  const prepared = prepareDispatch({
    root,
    planPath,
    workspace: 'worktree',
    maxParallel,
    only,
    agent: flags.agent ?? null,
    command,
    commandEvents: (events ?? null) as EventFormat | null,
    lanesCommand: lanesCommand(),
  });
  if (prepared.blockers.length > 0) {
    const lintErrors = prepared.findings.filter((f) => f.severity === 'error');
    for (const f of lintErrors) io.stderr(`${planPath}:${f.line}:${f.column} ${f.message} (${f.ruleId})\n`);
    for (const b of prepared.blockers) io.stderr(`lanes: ${b}\n`);
    if (lintErrors.length > 0) {
      io.stderr('lanes: no workflow for a plan that does not lint: fix the lint errors above (lanes lint shows them with fixes)\n');
      return 1;
    }
    return 2;
  }
  const manager = existsSync(join(root, 'pnpm-lock.yaml')) || !existsSync(join(root, 'package-lock.json')) ? 'pnpm' : 'npm';
  const options: WorkflowOptions = {
    planPath,
    only,
    agent: flags.agent ?? null,
    maxParallel,
    timeoutSeconds,
    packageManager: manager,
    pnpmVersion: manager === 'pnpm' && !/^pnpm@/.test(packageManagerField(root)) ? '10' : null,
    ...(flags.runsOn === undefined ? {} : { runsOn: flags.runsOn }),
    ...(flags.nodeVersion === undefined ? {} : { nodeVersion: flags.nodeVersion }),
    ...(flags.install === undefined ? {} : { install: flags.install }),
    secrets: flags.secrets === undefined ? [] : flags.secrets.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    command,
    commandEvents: events ?? null,
    idleTimeout: flags.idleTimeout === '15m' ? null : flags.idleTimeout,
  };
  const built = buildWorkflow(prepared.plan, options);
  if (built.problems.length > 0) {
    for (const p of built.problems) io.stderr(`lanes: ${p.message}\n`);
    return 2;
  }
  const stem = basename(planPath).replace(/\.md$/i, '');
  const defaultFile = `.github/workflows/lanes-${stem}.yml`;
  const emitted = flags.emit === undefined || flags.emit === '-' ? null : relative(root, resolve(io.cwd, flags.emit));
  const text = workflowYaml(built.workflow, { planPath, command: emitCommand(planPath, emitted ?? defaultFile, flags) });
  if (flags.emit === '-' || (flags.dryRun && emitted !== null)) io.stdout(text);
  else if (emitted !== null) {
    const file = join(root, emitted);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const legs = built.layout.jobs.reduce((n, j) => n + j.sessions.length, 0);
    io.stdout(`Wrote ${emitted}: ${built.layout.jobs.length} job${built.layout.jobs.length === 1 ? '' : 's'} for ${legs} session${legs === 1 ? '' : 's'}, then the check job.\n`);
    if (!given['--run']) {
      io.stdout(`Commit and push it, then start it with: lanes dispatch ${planPath} --engine github-actions --run${emitted === defaultFile ? '' : ` --workflow ${emitted}`}\n`);
    }
  }
  if (!given['--run'] && !given['--follow']) return 0;
  const workflowFile = flags.workflow === undefined ? (emitted ?? defaultFile) : relative(root, resolve(io.cwd, flags.workflow));
  return followOnGithub(io, root, planPath, prepared, built.layout, { workflowFile, text, flags });
}

/** The `lanes dispatch` line that makes the workflow again, for its header. */
function emitCommand(planPath: string, file: string, flags: DispatchFlags): string {
  const words = ['lanes', 'dispatch', planPath, '--engine', 'github-actions', '--emit', file];
  const pairs: [string, string | undefined][] = [
    ['--only', flags.only],
    ['--agent', flags.agent],
    ['--max-parallel', flags.maxParallel],
    ['--timeout', flags.timeout],
    ['--idle-timeout', flags.idleTimeout === '15m' ? undefined : flags.idleTimeout],
    ['--runs-on', flags.runsOn],
    ['--node-version', flags.nodeVersion],
    ['--install', flags.install],
    ['--secrets', flags.secrets],
    ['--command', flags.command],
    ['--command-events', flags.commandEvents],
  ];
  for (const [flag, value] of pairs) if (value !== undefined) words.push(flag, value);
  return words.map(shellQuote).join(' ');
}

function packageManagerField(root: string): string {
  try {
    const field = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager?: unknown }).packageManager;
    return typeof field === 'string' ? field : '';
  } catch {
    return '';
  }
}

/** `--annotate ID`: the session's outcome from this runner's dispatch state, as the annotation the follower reads. */
function annotateSession(io: Io, root: string, planPath: string, id: string): number {
  const s = readRunState(runPaths(root, planPath))?.sessions[id];
  const report =
    s === undefined || (s.status === 'Planned' && s.attempts === 0)
      ? { session: id, status: 'Failed', reason: 'lanes dispatch did not start it; the job’s log says why', cost: null }
      : { session: id, status: s.status, reason: s.reason, cost: s.cost };
  io.stdout(`${reportCommand(report)}\n`);
  return 0;
}

/** The repository the API is asked about: `GITHUB_REPOSITORY`, else the `origin` remote's URL. */
function githubRepo(io: Io, root: string): RepoRef {
  const slug = io.env.GITHUB_REPOSITORY;
  if (slug !== undefined && slug !== '') {
    const repo = repoFromSlug(slug);
    if (repo === null) throw new UsageError(`GITHUB_REPOSITORY is ${slug}, expected owner/repo`);
    return repo;
  }
  const remote = runGit(['remote', 'get-url', 'origin'], { cwd: root });
  const repo = remote.status === 0 ? repoFromRemote(remote.stdout) : null;
  if (repo === null) throw new UsageError(`cannot tell the GitHub repository: ${remote.status === 0 ? `origin is ${remote.stdout.trim()}, which names no owner/repo` : 'there is no origin remote'}; set GITHUB_REPOSITORY=owner/repo`);
  return repo;
}

/** `--run` and `--follow`: start the workflow (or take a run already started), follow it, and write the registry. */
async function followOnGithub(
  io: Io,
  root: string,
  planPath: string,
  prepared: PreparedDispatch,
  layout: ReturnType<typeof buildWorkflow>['layout'],
  context: { workflowFile: string; text: string; flags: DispatchFlags },
): Promise<number> {
  const { workflowFile, text, flags } = context;
  const token = io.env.GITHUB_TOKEN;
  if (token === undefined || token === '') {
    throw new UsageError(`${flags.run ? '--run' : '--follow'} needs GITHUB_TOKEN; set it to a token that may start and read this repository's workflow runs (actions: write, checks: read), such as GITHUB_TOKEN=$(gh auth token)`);
  }
  const repo = githubRepo(io, root);
  const ref = flags.ref ?? prepared.plan.frontMatter.base;
  const pollMs = seconds(flags.pollInterval ?? '10s', '--poll-interval') * 1000;
  if (pollMs <= 0) throw new UsageError(`--poll-interval ${flags.pollInterval ?? ''} is no time at all; use such as 10s (GitHub counts every request against the token's rate limit)`);
  const findTimeoutMs = seconds(flags.findTimeout ?? '2m', '--find-timeout') * 1000;
  const timeoutMs = flags.followTimeout === undefined ? null : seconds(flags.followTimeout, '--follow-timeout') * 1000;
  let runId: number | null = null;
  if (flags.follow !== undefined) {
    runId = /^\d+$/.test(flags.follow) ? Number(flags.follow) : null;
    if (runId === null) throw new UsageError(`--follow ${flags.follow} is not a run id; use the number in the run's address (…/actions/runs/<id>)`);
  } else {
    if (!committedClean(root, workflowFile)) {
      throw new UsageError(`${workflowFile} is not committed as it is; GitHub runs the workflow that ${ref} has: commit it and push it, then --run`);
    }
    const committed = readFileAt(root, 'HEAD', workflowFile) ?? '';
    if (!sameWorkflow(committed, text)) {
      io.stderr(`lanes: note: ${workflowFile} is not the workflow this plan makes now; make it again with --emit ${workflowFile}, commit and push it if the plan changed\n`);
    }
    if (resolveRev(root, `refs/remotes/origin/${ref}`) !== null && readFileAt(root, `refs/remotes/origin/${ref}`, workflowFile) !== committed) {
      io.stderr(`lanes: note: origin/${ref} does not have ${workflowFile} as committed here; push it, or GitHub runs what origin has\n`);
    }
  }
  if (!committedClean(root, planPath)) throw new UsageError(`${planPath} has changes that are not committed (or is not in HEAD); the run writes its registry there: commit it first`);
  const workflow = basename(workflowFile);
  const api = new GithubApi({ token, ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}) });
  if (flags.dryRun) {
    io.stdout(
      runId === null
        ? `Would POST ${api.baseUrl}/repos/${repo.owner}/${repo.repo}/actions/workflows/${workflow}/dispatches on ${ref}, follow the run and write the registry of ${planPath}.\n`
        : `Would follow run ${runId} of ${repo.owner}/${repo.repo} and write the registry of ${planPath}.\n`,
    );
    return 0;
  }
  const controller = new AbortController();
  const onSignal = (): void => {
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const time = (): string => new Date().toISOString().slice(11, 19);
  try {
    if (runId === null) {
      const nonce = randomUUID().slice(0, 8);
      const started = await triggerRun(api, repo, workflow, ref, { name: runInput, nonce }, { pollMs, findTimeoutMs, signal: controller.signal });
      runId = started.runId;
      io.stdout(`${time()} started ${workflow} on ${ref}: run ${runId}${started.htmlUrl ? ` ${started.htmlUrl}` : ''}\n`);
    }
    const estCost = new Map(prepared.plan.sessions.map((s) => [s.id, s.estCost]));
    const result = await followRun({
      api,
      repo,
      runId,
      layout,
      registry: new RegistryWriter(root, planPath, prepared.plan),
      estCost,
      pollMs,
      timeoutMs,
      signal: controller.signal,
      onEvent: (event) => {
        const line = formatFollowEvent(event);
        if (line !== null) io.stdout(`${time()} ${line}\n`);
      },
    });
    if (result.stopped !== null) {
      io.stderr(`lanes: ${result.stopped === 'aborted' ? 'stopped following' : `stopped following after ${flags.followTimeout ?? ''}`}; run ${runId} goes on${result.run ? ` (${result.run.html_url})` : ''}: follow it again with lanes dispatch ${planPath} --engine github-actions --follow ${runId}\n`);
    } else {
      io.stdout(`${time()} run ${runId} ${result.run?.conclusion ?? 'ended'}, exit ${result.exitCode}\n`);
    }
    return result.exitCode;
  } catch (error) {
    if (error instanceof GithubApiError) throw new UsageError(`${error.message}${apiHint(error, workflowFile, ref)}${runId === null ? '' : `; follow run ${runId} again with --follow ${runId}`}`);
    if (error instanceof GithubUnreachableError || error instanceof RunNotFoundError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function apiHint(error: GithubApiError, workflowFile: string, ref: string): string {
  if (error.status === 401) return '; GITHUB_TOKEN is not a valid token';
  if (error.status === 403) return '; the token may not do this (it needs actions: write to start runs, actions: read and checks: read to follow them)';
  if (error.status === 404) return `; is ${workflowFile} pushed to ${ref}, and may the token see the repository?`;
  if (error.status === 422) return `; does ${ref} exist on GitHub with ${workflowFile} (on: workflow_dispatch) in it?`;
  return '';
}

function formatFollowEvent(event: FollowEvent): string | null {
  switch (event.type) {
    case 'run':
      return `run ${event.run.id} ${event.run.status ?? ''}${event.run.status === 'completed' ? ` (${event.run.conclusion ?? 'no conclusion'})` : ''} ${event.run.html_url}`;
    case 'job-start':
      return `${event.job} (batch ${event.batch}) started`;
    case 'session': {
      const o = event.outcome;
      return `${event.id} ${o.status}${o.reason ? `: ${o.reason}` : ''}${o.status === 'Failed' && o.url ? ` (${o.url})` : ''}`;
    }
    case 'check':
      return event.outcome.status === 'waiting' ? null : `check ${event.outcome.status}${event.outcome.url ? ` (${event.outcome.url})` : ''}`;
    case 'registry':
      return event.committed ? `registry written and committed (${event.when})` : null;
    case 'retry':
      return `note: ${event.message}`;
  }
}
