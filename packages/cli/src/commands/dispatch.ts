import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { readConfig, readPlanText, runGit } from '@lanes/repo';
import {
  attachSession,
  createDemoRepo,
  DispatchRun,
  DispatchSetupError,
  dispatchJson,
  formatDispatchTable,
  formatDryRun,
  formatEvent,
  formatLiveTable,
  prepareDispatch,
  readRunState,
  runPaths,
  shellQuote,
  type EventFormat,
  type RunEvent,
  type WorkspaceMode,
} from '@lanes/dispatch';
import { UsageError, type Io } from '../io.ts';
import { githubOnlyFlags, seconds, type DispatchFlags } from './dispatch-flags.ts';
import { lanesCommand, resolvePlanPath, rootOf } from './plan-target.ts';

export { lanesCommand, resolvePlanPath, rootOf } from './plan-target.ts';

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
    .option('--no-integrate', "leave each session's branch where it is: no batch lands (the GitHub Actions workflow lands them in a job of its own)")
    .option('--resolve', "when a session's branch conflicts with what its batch landed first, relaunch its agent once to rebase and resolve those paths, then land it again")
    .option('--integrate-into <branch>', "land each batch's branches on this branch (default: the front matter's integrate-into, else the branch checked out in the repository root)")
    .option('--dry-run', 'print the table, every prompt and exact command line; start nothing, write nothing in the working tree (the checked plan is cached under .git/lanes/cache unless --no-cache)')
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
    .option('--no-cache', 'parse and lint the plan even when it was read before, and keep nothing under .git/lanes/cache')
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
    .option('--land <ids>', "github-actions: in the workflow's landing job, land these sessions' pushed branches on --integrate-into, in merge order")
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
  if (flags.engine === 'github-actions') return (await import('./dispatch-github.ts')).githubActionsAction(io, planArg, flags);
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
    if (flags.done !== undefined) await markDone(root, planPath, flags, env);
  }
  const prepared = await prepareDispatch({
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
    cache: flags.cache,
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
    integrateInto: flags.integrate === false ? null : (flags.integrateInto ?? null),
    land: flags.integrate !== false,
    resolve: flags.resolve === true,
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

/** `--done`: writes the named sessions' registry rows Done and commits the plan, so that `--only` may run what depends on them. */
async function markDone(root: string, planPath: string, flags: DispatchFlags, env: NodeJS.ProcessEnv): Promise<void> {
  if (flags.dryRun) throw new UsageError('--done writes the registry, and --dry-run writes nothing; leave one out');
  const ids = (flags.done ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const text = readPlanText(join(root, planPath), { maxBytes: readConfig(root).maxPlanBytes });
  const [{ parsePlan }, { committedClean, RegistryWriter }] = await Promise.all([import('@lanes/core'), import('@lanes/actions')]);
  const plan = parsePlan(text, { path: planPath });
  const unknown = ids.filter((id) => !plan.sessions.some((s) => s.id === id));
  if (unknown.length > 0) throw new UsageError(`--done names ${unknown.join(', ')}, which ${planPath} does not have (it has ${plan.sessions.map((s) => s.id).join(', ')})`);
  const rows = new Map((plan.registry?.rows ?? []).map((r) => [r.session, r.status]));
  const updates = new Map(ids.filter((id) => rows.get(id) !== 'Done').map((id) => [id, { status: 'Done' }]));
  if (updates.size === 0) return;
  if (!committedClean(root, planPath, env)) throw new UsageError(`${planPath} has changes that are not committed (or is not in HEAD); the guard reads the plan at HEAD: commit it first`);
  new RegistryWriter(root, planPath, plan, env).write(updates, `done before this dispatch: ${[...updates.keys()].join(', ')}`);
}

