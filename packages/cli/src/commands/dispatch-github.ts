// `lanes dispatch --engine github-actions`, loaded only with that engine (it brings the GitHub client and the
// workflow builder).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
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
import { readFileAt, resolveRev, runGit } from '@lanes/repo';
import { conflictReason, landFromOrigin, lanesOf, prepareDispatch, readRunState, runPaths, shellQuote, type EventFormat, type PreparedDispatch } from '@lanes/dispatch';
import { UsageError, type Io } from '../io.ts';
import { githubOnlyFlags, seconds, type DispatchFlags } from './dispatch-flags.ts';
import { lanesCommand, resolvePlanPath, rootOf } from './plan-target.ts';

/** `lanes dispatch --engine github-actions`: write the plan's workflow, start it and follow it, or report a session on the runner. */
export async function githubActionsAction(io: Io, planArg: string | undefined, flags: DispatchFlags): Promise<number> {
  const given = githubOnlyFlags(flags);
  if (!given['--emit'] && !given['--run'] && !given['--follow'] && !given['--annotate'] && !given['--land']) {
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
  if (flags.land !== undefined) {
    if (given['--emit'] || given['--run'] || given['--follow'] || given['--annotate']) throw new UsageError('--land runs on its own, in the workflow’s landing job; leave out --emit, --run, --follow and --annotate');
    if (flags.integrateInto === undefined) throw new UsageError('--land needs --integrate-into <branch>: the branch the sessions land on');
    return landOnRunner(io, root, planPath, flags.land, flags.integrateInto);
  }
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
  const prepared = await prepareDispatch({
    root,
    planPath,
    workspace: 'worktree',
    maxParallel,
    only,
    agent: flags.agent ?? null,
    command,
    commandEvents: (events ?? null) as EventFormat | null,
    lanesCommand: lanesCommand(),
    cache: flags.cache,
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

/**
 * `--land IDS --integrate-into BRANCH`: the workflow's landing job lands these sessions' branches, as pushed to
 * origin, on the local BRANCH in merge order (the job pushes it). Each outcome is printed; a session that did not
 * land is an error annotation, and the exit is 1.
 */
async function landOnRunner(io: Io, root: string, planPath: string, ids: string, into: string): Promise<number> {
  const prepared = await prepareDispatch({ root, planPath, workspace: 'worktree', lanesCommand: lanesCommand(), cache: false });
  const rows = new Map(prepared.table.batches.flatMap((b) => b.sessions).map((r) => [r.id, r]));
  const wanted = ids.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = wanted.filter((id) => !rows.has(id));
  if (unknown.length > 0) throw new UsageError(`--land names ${unknown.join(', ')}, which ${planPath} does not have`);
  const env = { ...io.env };
  const tip = runGit(['rev-parse', '-q', '--verify', `refs/heads/${into}^{commit}`], { cwd: root, env });
  if (tip.status !== 0) throw new UsageError(`--integrate-into ${into}: there is no such branch here; make it first (the workflow makes it from base)`);
  const mode = prepared.plan.frontMatter.integrate === 'merge' ? 'merge' : 'rebase';
  const { landing, missing } = landFromOrigin(
    wanted.map((id) => ({ id, branch: rows.get(id)!.branch!, mergeOrder: rows.get(id)!.mergeOrder })),
    { root, workdir: join(runPaths(root, planPath).dir, 'landing'), tip: tip.stdout.trim(), into, mode, env, owns: lanesOf(prepared.plan) },
  );
  let failed = missing.length > 0;
  for (const id of missing) io.stdout(`::error title=${id} did not land::${id} pushed no branch ${rows.get(id)!.branch!} to origin\n`);
  for (const step of landing.steps) {
    if (step.kind === 'landed') io.stdout(`${step.id} landed on ${into} (${step.how}) as ${step.commit.slice(0, 7)}: ${step.paths.length} path${step.paths.length === 1 ? '' : 's'}\n`);
    else if (step.kind === 'nothing') io.stdout(`${step.id}: nothing to land\n`);
    else {
      failed = true;
      const why = step.kind === 'conflict' ? conflictReason(step, into) : `its branch would land paths outside its lane: ${step.paths.join(', ')}`;
      io.stdout(`::error title=${step.id} did not land::${why}\n`);
    }
  }
  io.stdout(`${into} is at ${landing.tip.slice(0, 7)}\n`);
  return failed ? 1 : 0;
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
