import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertNoSymlinkBelow, FileLock, findGitDirs, git, readConfig, readFileAt, readPlanText, readRef, runGit, SymlinkError, writeFileAtomic, writeFileAtomicAsync } from '@lanes/repo';
import { agentCommand, shellQuote, splitTemplate, type AgentLaunch } from './agent-command.ts';
import { adoptAgentWorkspace, prepareAgentWorkspace, releaseAgentWorkspace } from './gemini-workspace.ts';
import { readAgentEvent, readableMessage } from './agent-events.ts';
import { readGuardRecords, type GuardRecord } from '@lanes/guard/records';
import { readStamp, verifyStamp, worktreeSessionFile } from '@lanes/guard/stamp';
import { sessionOutcome, type Observed } from './session-outcome.ts';
import { changedSince, cleanupCommands, readTreeChanges, unfinishedOperation, type TreeChanges } from './workspace-changes.ts';
import type { TableBatch, TableSession } from './dispatch-table.ts';
import { diffstatOf, ensureLanesIgnored, fromRoot, headCommit, hookPlaceOf, isCommittedClean, listWorktrees, prepareWorktree, type WorktreeEntry } from './git-work.ts';
import { loadGuard, rangeViolations, type GuardApi, type RangeReport } from './guard-api.ts';
import type { PreparedDispatch } from './prepare-dispatch.ts';
import { isRunning, processStartTime, readExitStatus, spawnAgent, stopProcesses, stopTree, strayProcesses, type ProcessRef, type StopGrace } from './process-tree.ts';
import type { RegistryUpdate } from './registry-splice.ts';
import { RegistryWriter, type RegistryWrite } from './registry-writer.ts';
import {
  clearStopRequests,
  readRunState,
  readStopRequests,
  runPaths,
  StateWriter,
  type BatchState,
  type RunPaths,
  type RunState,
  type SessionState,
  type SessionStatus,
} from './run-state.ts';
import { sessionPrompt } from './session-prompt.ts';
import { advanceTarget, checkoutWorkdir, conflictReason, landBranches, landingOrder, lanesOf, removeWorkdir, rootTarget, type LandStep, type Target } from './land-batch.ts';

/** How the run behaves, beyond what the plan says. */
export interface RunOptions {
  keepGoing: boolean;
  resume: boolean;
  /** Wall-clock timeout for sessions whose plan gives none, in seconds (`--timeout`). */
  timeoutSeconds: number | null;
  /** Idle timeout for agents that stream events, in seconds (`--idle-timeout`, default 15 minutes). */
  idleTimeoutSeconds: number;
  /** Stop launching new sessions once this many dollars are spent (`--budget`). */
  budget: number | null;
  grace: StopGrace;
  /** The environment sessions start from (the runner adds `LANES_SESSION`, `LANES_PLAN`). */
  env: NodeJS.ProcessEnv;
  /** Open a tmux window for each session that needs a person, when tmux is installed. */
  tmux: boolean;
  /** Receives every event of the run, for the progress display. */
  onEvent: (event: RunEvent) => void;
  /** The branch each batch's branches land on (`--integrate-into`), else the front matter's, else the root's. */
  integrateInto?: string | null;
  /** False: no batch lands (`--no-integrate`). */
  land?: boolean;
  /** A branch that conflicts when it lands: relaunch its agent once to rebase and resolve, then land it again (`--resolve`). */
  resolve?: boolean;
}

/** One row of a batch summary. */
export interface SessionSummary {
  id: string;
  status: SessionStatus;
  reason: string | null;
  commits: number;
  diffstat: string;
  audit: string;
  cost: number | null;
  estCost: number | null;
}

/** What the runner reports as it goes. */
export type RunEvent =
  | { type: 'run-start'; runId: string; resumed: boolean }
  | { type: 'batch-start'; batch: number; sessions: string[] }
  | { type: 'session'; id: string; status: SessionStatus; reason: string | null; state: SessionState }
  | { type: 'human'; id: string; command: string[]; tmux: string | null }
  | { type: 'adopted'; id: string; pid: number }
  | { type: 'verify'; batch: number; command: string; ok: boolean; exitCode: number; output: string; cwd: string }
  | { type: 'landed'; batch: number; target: string; tip: string; steps: LandStep[]; advanced: boolean; reason: string | null }
  | { type: 'batch-end'; batch: number; summary: SessionSummary[] }
  | { type: 'registry'; committed: boolean; path: string }
  | { type: 'note'; message: string }
  | { type: 'run-end'; outcome: NonNullable<RunState['outcome']>; exitCode: number; spent: number };

/** How a run ended. */
export interface RunResult {
  exitCode: number;
  state: RunState;
}

/** A usage or setup problem that keeps a run from starting (exit 2). */
export class DispatchSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchSetupError';
  }
}

interface Running {
  row: TableSession;
  state: SessionState;
  launch: AgentLaunch;
  child: ChildProcess | null;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null;
  logOffset: number;
  partial: string;
  lastActivity: number;
  startedMs: number;
  timeoutMs: number | null;
  killing: { kind: 'cancel' | 'timeout' | 'idle' | 'stop'; reason: string } | null;
  stopping: Promise<void> | null;
  result: { ok: boolean; message: string | null } | null;
  /** The last error event the agent printed (codex prints some while it retries). */
  lastError: string | null;
  costSum: number;
  exitFile: string;
  /** `forkCount()` when the agent started (null: not known, such as an adopted agent). */
  forksAtStart: number | null;
  /** For a session a person runs: the `lanes dispatch --attach` process, which writes the exit status after the agent. */
  attacher: ProcessRef | null;
}

const iso = (ms = Date.now()): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Runs a prepared dispatch to its end: batch by batch, sessions at most `max-parallel` at once. */
export class DispatchRun {
  private readonly paths: RunPaths;
  private readonly runLock: FileLock;
  private readonly registryLock: FileLock;
  private state!: RunState;
  private guard: GuardApi = loadGuard();
  private readonly running = new Map<string, Running>();
  private cancelling = false;
  private forced = false;
  private wake: (() => void) | null = null;
  private readonly planText: string;
  /** True while the batch that runs has a session in the repository's own working tree. */
  private batchHasShared = false;
  /** HEAD of the repository's own working tree when the batch started: where its shared sessions' audit ranges start. */
  private batchHead: string | null = null;
  /** The worktrees git knows, read once per run and kept up to date as the runner adds them. */
  private worktrees: WorktreeEntry[] | null = null;
  /** The commit `base` named when this batch's first worktree was made from it. */
  private baseCommit: string | null = null;
  /** Set when a child exits while no tick waits, so that the next tick does not sleep. */
  private woken = false;
  private readonly hooksReady = new Set<string>();
  /** The repository's common dir and `core.hooksPath`, once a tree with the repository's config was inspected. */
  private hookPlace: { commonDir: string; hooksPath: string | null } | null = null;
  /** Sessions whose registry row this run has written, and each row's status before the run. */
  private readonly touched = new Set<string>();
  private readonly originalStatus = new Map<string, string>();
  /** The registry's one writer; the markdown parser is given to it only when the table is not where the fast splice finds it (it costs ~200 ms to load). */
  private readonly registry: RegistryWriter;
  private parserLoaded = false;
  /** Set when a session's status changed since the registry was last written live. */
  private registryDirty = false;
  private readonly stateWriter: StateWriter;
  /** The repository's own working tree's uncommitted changes when the run started: the user's, not a session's. */
  private runBaseline: TreeChanges = new Map();
  /** The same when the batch started (after the runner's registry commit): what its shared sessions are judged against. */
  private batchBaseline: TreeChanges = new Map();
  /** Leftovers of the shared tree already put on a session, with their signature then: not put on the next one again. */
  private readonly attributed = new Map<string, string>();
  /** Each session's `Owns` as a pattern set, made when leftovers must be told apart. */
  private lanes: ((id: string, path: string) => boolean) | null = null;
  /** Why no later batch may start, whatever --keep-going says: the plan changed outside its registry, or done work was lost. */
  private haltReason: string | null = null;
  /** Who made each commit looked at, by its stamp (`madeBy`). */
  private readonly makers = new Map<string, string | null>();
  /** Each session's secret for this run (`LANES_SESSION_KEY`): its commit hooks stamp its commits with it. */
  private keys: Record<string, string> = {};
  /** Commits of the shared tree that no session can be shown to have made, already reported. */
  private readonly nobodys = new Set<string>();
  /** Where batches land (null: `integrate: none`). */
  private target: Target | null = null;
  /** What later batches' worktrees start from once a batch landed: the target (else the front matter's `base`). */
  private worktreeBase: string | null = null;

  constructor(
    private readonly prepared: PreparedDispatch,
    private readonly options: RunOptions,
  ) {
    const { root, planPath } = prepared.request;
    this.paths = runPaths(root, planPath);
    this.stateWriter = new StateWriter(this.paths);
    this.runLock = new FileLock(this.paths.runLock);
    this.registryLock = new FileLock(this.paths.registryLock);
    this.planText = prepared.text;
    this.registry = new RegistryWriter(root, planPath, prepared.plan, this.gitEnv(), readConfig(root).maxPlanBytes);
    for (const row of prepared.plan.registry?.rows ?? []) this.originalStatus.set(row.session, row.status);
  }

  /** Ctrl-C: stop launching, stop every running agent's tree (SIGINT, SIGTERM, SIGKILL); `force` kills at once. */
  cancel(force = false): void {
    if (force) this.forced = true;
    this.cancelling = true;
    this.wake?.();
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private stopped(): boolean {
    return this.cancelling;
  }

  /** Runs the dispatch; resolves with the exit code of decision 19 and the final state. */
  async run(): Promise<RunResult> {
    const { root, planPath } = this.prepared.request;
    const refused = claudeRefusesAsRoot(this.prepared, this.options.env);
    if (refused !== null) throw new DispatchSetupError(refused);
    // Never through a link: a committed `.lanes` symlink would send the lock, state, logs and worktrees elsewhere.
    try {
      for (const dir of [this.paths.logs, this.paths.exits, this.paths.prompts, this.paths.attach, this.paths.requests]) assertNoSymlinkBelow(root, dir);
    } catch (error) {
      if (error instanceof SymlinkError) throw new DispatchSetupError(error.message);
      throw error;
    }
    const lock = this.runLock.tryAcquire();
    if (!lock.ok) {
      throw new DispatchSetupError(`a dispatch of ${planPath} is already running (pid ${lock.holder.pid}, since ${lock.holder.since}); watch it with \`lanes status\`, stop it with \`lanes stop\``);
    }
    try {
      // The registry is the runner's alone (decision 17): its lock is held from start to end.
      this.registryLock.acquireSync();
      try {
        return await this.runLocked(root, planPath);
      } finally {
        // Every change was saved when it was made: wait until the last copy is on disk.
        await this.stateWriter.idle().catch(() => undefined); // a run that failed: its own error says why
        this.registryLock.release();
      }
    } finally {
      this.runLock.release();
    }
  }

  private async runLocked(root: string, planPath: string): Promise<RunResult> {
    if (isCommittedClean(root, planPath)) this.registry.knowCommitted(this.planText);
    else if (!(this.options.resume && (await onlyRegistryDiffers(root, planPath)))) {
      throw new DispatchSetupError(`${planPath} has changes that are not committed (or is not in HEAD); the guard reads the plan at HEAD: commit it first`);
    }
    ensureLanesIgnored(root);
    mkdirSync(this.paths.logs, { recursive: true });
    this.runBaseline = readTreeChanges(root, this.gitEnv());
    clearStopRequests(this.paths);
    this.state = this.initialState();
    this.target = this.landingTarget();
    this.state.target = this.target === null ? null : targetName(this.target);
    this.keys = this.sessionKeys();
    this.emit({ type: 'run-start', runId: this.state.runId, resumed: this.options.resume });
    if (this.options.resume) await this.adoptOrphans();
    this.save();

    let held: string | null = null;
    const failedIds = new Set<string>();
    for (const batch of this.prepared.table.batches) {
      if (this.cancelling) break;
      const bs = this.batchState(batch.number);
      const toRun = batch.sessions.filter((r) => r.skip === null && this.session(r.id).status !== 'Done');
      if (toRun.length === 0) {
        // Done in an earlier run whose landing did not finish (the root was in the way): it lands now.
        const landing: { verifyIn: string; held: string | null } | null = held === null ? await this.landBatch(batch) : null;
        if (landing?.held) held = landing.held;
        bs.status = 'done';
        continue;
      }
      if (held !== null) {
        for (const r of toRun) this.setStatus(r.id, 'Blocked', held);
        bs.status = 'held';
        continue;
      }
      // No batch starts on an earlier session's leftovers: a shared session's `git add -A` would sweep them in.
      const left = this.leftoversInTree();
      let runnable = toRun;
      if (left !== null) {
        this.emit({ type: 'note', message: `${left.reason}; nothing is deleted: to put them aside, ${cleanupCommands(root, left.paths, 'lanes: leftovers').join('; ')}` });
        if (!this.options.keepGoing) {
          for (const r of toRun) this.setStatus(r.id, 'Blocked', left.reason);
          bs.status = 'held';
          held = left.reason;
          continue;
        }
        // --keep-going: the batch's sessions in other worktrees go on; those in the shared tree are held.
        runnable = toRun.filter((r) => r.workspace !== 'shared');
        for (const r of toRun.filter((x) => x.workspace === 'shared')) this.setStatus(r.id, 'Blocked', left.reason);
        if (runnable.length === 0) {
          bs.status = 'held';
          continue;
        }
      }
      await this.runBatch(batch, runnable, failedIds);
      if (this.stopped()) break;
      this.checkDoneWork();
      const landing = this.haltReason === null ? await this.landBatch(batch) : { verifyIn: root, held: null };
      const failed = batch.sessions.filter((r) => ['Failed', 'Blocked', 'Cancelled'].includes(this.session(r.id).status) && r.skip === null);
      for (const f of failed) failedIds.add(f.id);
      const summary = this.summarize(batch);
      this.emit({ type: 'batch-end', batch: batch.number, summary });
      const verify = this.prepared.plan.frontMatter.verify;
      let verifyOk = true;
      if (verify !== null) {
        // verify may take minutes: `lanes status` shows the batch as it ended meanwhile
        this.save();
        await this.stateWriter.idle();
        const v = this.runVerify(batch.number, verify, landing.verifyIn);
        bs.verify = v;
        verifyOk = v.ok;
      }
      bs.status = failed.length > 0 || !verifyOk ? 'failed' : 'done';
      // The batch's results reach the registry with the next batch's start (or the end of the run), which
      // writes and commits it at once: one runner commit per boundary.
      if (!verifyOk) held = `verify failed after batch ${batch.number}`;
      else if (this.haltReason !== null) held = this.haltReason;
      else if (landing.held !== null) held = landing.held;
      else if (failed.some((f) => this.session(f.id).status === 'Failed') && !this.options.keepGoing) {
        held = `batch ${batch.number} had a failed session (${failed.filter((f) => this.session(f.id).status === 'Failed').map((f) => f.id).join(', ')})`;
      }
      this.save();
    }

    const sessions = Object.values(this.state.sessions);
    const outcome: RunState['outcome'] = this.cancelling
      ? 'cancelled'
      : sessions.some((s) => s.status === 'Failed' || s.status === 'Blocked') || this.state.batches.some((b) => b.verify?.ok === false) || this.haltReason !== null
        ? 'failed'
        : 'done';
    this.state.outcome = outcome;
    this.state.endedAt = iso();
    // The landing worktree goes, unless it holds landed work the target could not take (the note names its commit).
    if (!this.state.batches.some((b) => b.landing?.advanced === false)) removeWorkdir(this.landingDir(), root, this.gitEnv());
    this.state.runner = null;
    await this.spliceReady();
    this.writeRegistry(true, 'end of run');
    this.save();
    await this.stateWriter.idle();
    const exitCode = outcome === 'cancelled' ? 130 : outcome === 'failed' ? 1 : 0;
    this.emit({ type: 'run-end', outcome, exitCode, spent: this.state.spent });
    return { exitCode, state: this.state };
  }

  private initialState(): RunState {
    const previous = this.options.resume ? readRunState(this.paths) : null;
    const runId = randomUUID();
    const sessions: Record<string, SessionState> = {};
    for (const batch of this.prepared.table.batches) {
      for (const row of batch.sessions) {
        const old = previous?.sessions[row.id];
        // The previous run's states are the truth the registry must show, whether or not they run again.
        if (old !== undefined && (old.status !== 'Planned' || old.attempts > 0)) this.touched.add(row.id);
        sessions[row.id] = old ?? {
          id: row.id,
          status: row.skip === 'Done' ? 'Done' : 'Planned',
          reason: null,
          attempts: 0,
          agent: row.agent,
          agentSessionId: null,
          process: null,
          token: null,
          workspace: row.workspace,
          cwd: null,
          branch: row.branch,
          startCommit: null,
          startedAt: null,
          endedAt: null,
          exitCode: null,
          cost: null,
          estCost: row.estCost,
          log: join(this.paths.logs, `${row.id}.log`),
          logStart: 0,
          human: null,
          review: null,
        };
      }
    }
    return {
      version: 1,
      planPath: this.prepared.request.planPath,
      runId,
      runner: { pid: process.pid, startTime: '' },
      startedAt: iso(),
      endedAt: null,
      outcome: 'running',
      workspaceMode: this.prepared.table.workspaceMode,
      spent: previous?.spent ?? 0,
      sessions,
      batches: this.prepared.table.batches.map((b) => ({ number: b.number, status: 'pending', verify: null })),
    };
  }

  /**
   * `--resume`: an agent a crashed runner left running is adopted; one that finished meanwhile (its exit status is
   * on disk) is finished now, its commits audited, and never run again; one that was being started when the runner
   * died (a token, no pid yet) has its processes found by the token and stopped; every other session that is not
   * Done runs again.
   */
  private async adoptOrphans(): Promise<void> {
    for (const s of Object.values(this.state.sessions)) {
      if (s.status === 'Done') continue;
      const row = this.row(s.id);
      const ref = s.process;
      const exitFile = join(this.paths.exits, `${s.id}.${s.attempts}`);
      const exited = s.status === 'Active' && s.attempts > 0 ? readExitStatus(exitFile) : null;
      const alive = ref !== null && s.human === null && isRunning(ref);
      if (row !== null && row.skip === null && s.status === 'Active' && (alive || exited !== null)) {
        const started = this.launchOf(row);
        const launch: AgentLaunch = { argv: [], events: started?.events ?? null, interactive: false, ...(started?.workspaceHook ? { workspaceHook: started.workspaceHook } : {}) };
        adoptAgentWorkspace(launch, s.cwd, this.gitEnv());
        const tracker = this.tracker(row, s, launch, null, exitFile, Date.now());
        tracker.logOffset = s.logStart;
        if (!alive) tracker.exited = { code: exited, signal: null };
        this.running.set(s.id, tracker);
        if (alive) this.emit({ type: 'adopted', id: s.id, pid: ref.pid });
        else this.emit({ type: 'note', message: `${s.id} ended (exit ${exited}) while no runner watched it: it is audited, not run again` });
        continue;
      }
      if (alive) await stopTree(ref, s.token, this.options.grace);
      else if (ref === null && s.token !== null) await stopProcesses(() => strayProcesses([s.token!]), this.options.grace);
      s.status = 'Planned';
      s.reason = null;
      s.process = null;
    }
  }

  private async runBatch(batch: TableBatch, toRun: TableSession[], failedBefore: Set<string>): Promise<void> {
    this.batchState(batch.number).status = 'running';
    this.emit({ type: 'batch-start', batch: batch.number, sessions: toRun.map((r) => r.id) });
    const pending = toRun.filter((r) => !this.running.has(r.id));
    const inBatch = new Set(toRun.map((r) => r.id));
    // Sessions held by an earlier failure (--keep-going holds only the failure's dependents).
    for (const r of [...pending]) {
      const blocker = r.session.dependsOn.find((d) => failedBefore.has(d) || ['Failed', 'Blocked', 'Cancelled'].includes(this.session(d).status));
      if (blocker !== undefined && !inBatch.has(blocker)) {
        this.setStatus(r.id, 'Blocked', `${blocker} ${this.session(blocker).status === 'Failed' ? 'failed' : `is ${this.session(blocker).status.toLowerCase()}`}`);
        pending.splice(pending.indexOf(r), 1);
      }
    }
    const maxParallel = this.prepared.table.maxParallel;
    const first = pending.slice(0, maxParallel).filter((r) => r.session.dependsOn.every((d) => !inBatch.has(d)));
    for (const r of pending) this.setStatus(r.id, first.includes(r) ? 'Active' : 'Queued', null, false);
    await this.spliceReady();
    this.writeRegistry(true, batch.number === this.firstBatch() ? `batch ${batch.number} starts` : `batch ${batch.number - 1} ended, batch ${batch.number} starts`);
    if (this.haltReason !== null) {
      for (const r of pending) this.setStatus(r.id, 'Blocked', this.haltReason, false);
      return;
    }
    this.batchHasShared = toRun.some((r) => r.workspace === 'shared');
    this.batchHead = headCommit(this.prepared.request.root);
    this.batchBaseline = this.batchHasShared ? readTreeChanges(this.prepared.request.root, this.gitEnv()) : new Map();
    this.attributed.clear();
    // `base` may have moved (the runner's own registry commit): worktrees of this batch start from where it is now.
    this.baseCommit = null;
    try {
      while (pending.length > 0 || this.running.size > 0) {
        if (!this.cancelling) {
          for (const r of [...pending]) {
            const deps = r.session.dependsOn.filter((d) => inBatch.has(d));
            const bad = deps.find((d) => ['Failed', 'Blocked', 'Cancelled'].includes(this.session(d).status));
            if (bad !== undefined) {
              pending.splice(pending.indexOf(r), 1);
              this.setStatus(r.id, 'Blocked', `${bad} ${this.session(bad).status === 'Failed' ? 'failed' : `is ${this.session(bad).status.toLowerCase()}`}`);
              continue;
            }
            if (this.running.size >= maxParallel) break;
            if (!deps.every((d) => this.session(d).status === 'Done')) continue;
            if (this.options.budget !== null && this.state.spent >= this.options.budget) {
              pending.splice(pending.indexOf(r), 1);
              this.setStatus(r.id, 'Blocked', `budget of $${this.options.budget} spent ($${this.state.spent.toFixed(2)})`);
              continue;
            }
            pending.splice(pending.indexOf(r), 1);
            await this.launch(r);
          }
        } else if (pending.length > 0) {
          // Ctrl-C: sessions not started keep their status.
          for (const r of pending.splice(0)) this.setStatus(r.id, this.session(r.id).status === 'Queued' || this.session(r.id).status === 'Active' ? 'Planned' : this.session(r.id).status, null, false);
        }
        if (this.running.size === 0 && pending.length > 0 && !this.cancelling) {
          // Nothing runs and nothing can start: what is left waits on a session outside the batch order.
          for (const r of pending.splice(0)) this.setStatus(r.id, 'Blocked', `waits on ${r.session.dependsOn.join(', ')}`);
        }
        if (this.running.size === 0) continue;
        await this.tick();
      }
      // Anything a session of the batch left running that the quick look at its end missed (pids wrapped around).
      const tokens = toRun.map((r) => this.session(r.id).token).filter((t): t is string => t !== null);
      await stopProcesses(() => strayProcesses(tokens), { interruptMs: 0, terminateMs: 0 });
    } finally {
      this.batchHasShared = false;
      this.batchHead = null;
    }
  }

  /** Starts a session's agent. `again` (--resolve): another attempt with its own prompt, audited from `start`. */
  private async launch(row: TableSession, again: { prompt: string; start: string } | null = null): Promise<void> {
    const s = this.session(row.id);
    const { root, planPath } = this.prepared.request;
    if (row.external !== null) {
      // No adapter launches this agent: its prompt is ready to hand over, and the registry says so.
      const planned = this.prepared.launches.find((l) => l.row.id === row.id)!;
      writeFileAtomic(planned.promptFile, planned.prompt);
      this.setStatus(row.id, 'Blocked', `external agent ${row.external}: Lanes does not launch it; hand it the prompt in ${fromRoot(root, planned.promptFile)}`);
      return;
    }
    s.attempts += 1;
    s.token = `${this.state.runId}.${row.id}.${s.attempts}`;
    s.reason = null;
    s.exitCode = null;
    s.review = null;
    s.human = null;
    s.endedAt = null;
    try {
      let cwd = root;
      let start = row.workspace === 'shared' ? this.batchHead : null;
      let made: { path: string; created: boolean } | null = null;
      if (row.workspace === 'worktree') {
        const base = this.worktreeBase ?? this.prepared.plan.frontMatter.base;
        this.worktrees ??= listWorktrees(root);
        assertNoSymlinkBelow(root, join(root, row.worktreePath!));
        made = prepareWorktree(root, row.worktreePath!, row.branch!, base, this.worktrees);
        cwd = made.path;
        // The worktree's own session, where the guard reads it ahead of LANES_SESSION.
        writeWorktreeSession(cwd, row.id);
        if (made.created) {
          this.worktrees = [...this.worktrees, { path: made.path, branch: row.branch, prunable: false }];
          start = (this.baseCommit ??= headCommit(cwd));
        }
      }
      this.ensureHooks(cwd, cwd === root || made?.created === true);
      s.cwd = cwd;
      s.workspace = row.workspace;
      s.branch = row.branch;
      s.startCommit = again?.start ?? start ?? headCommit(cwd);
    } catch (error) {
      this.setStatus(row.id, 'Failed', `workspace: ${(error as Error).message}`);
      return;
    }
    const prompt = again?.prompt ?? sessionPrompt(this.prepared.plan, row.session, { planPath, launchAs: row.launchAs, branch: row.workspace === 'worktree' ? row.branch : null });
    const promptFile = join(this.paths.prompts, `${row.id}${again === null ? '' : '.resolve'}.md`);
    s.agentSessionId = row.agent === 'claude' ? randomUUID() : null;
    let launch: AgentLaunch;
    try {
      launch = this.launchOf(row, s.agentSessionId ?? '', prompt, promptFile) as AgentLaunch;
    } catch (error) {
      writeFileAtomic(promptFile, prompt);
      this.setStatus(row.id, 'Failed', (error as Error).message);
      return;
    }
    // The agent reads the prompt file only when its command names it (a template's {promptFile}, aider's
    // --read): then it is there before the agent starts. Otherwise it is for people, and written off the main thread.
    if (launch.argv.some((a) => a.includes(promptFile))) writeFileAtomic(promptFile, prompt);
    else {
      writeFileAtomicAsync(promptFile, prompt).catch((error: unknown) => {
        this.emit({ type: 'note', message: `could not write ${promptFile}: ${(error as Error).message}` });
      });
    }
    const exitFile = join(this.paths.exits, `${row.id}.${s.attempts}`);
    mkdirSync(this.paths.exits, { recursive: true });
    rmSync(exitFile, { force: true });
    const now = Date.now();
    s.startedAt = iso(now);
    if (launch.interactive) {
      const request = this.prepared.request;
      const command = [
        ...request.lanesCommand,
        'dispatch',
        planPath,
        '--attach',
        row.id,
        ...(request.agent ? ['--agent', request.agent] : []),
        ...(request.command ? ['--command', request.command] : []),
        ...(request.commandEvents ? ['--command-events', request.commandEvents] : []),
      ];
      s.human = { command, tmux: null };
      this.running.set(row.id, this.tracker(row, s, launch, null, exitFile, now));
      // Saved before the window opens: `--attach` reads the state to find the session waiting for it.
      this.setStatus(row.id, 'Active', 'waiting for a person to attach', false);
      await this.stateWriter.idle();
      // A tmux server that was already running gives its windows its own environment, not this one: `--attach`
      // reads the dispatch's from a file only this user can read, and removes it.
      writeFileAtomic(join(this.paths.attach, `${row.id}.env.json`), JSON.stringify(this.sessionEnv(row.id, s.token)), { mode: 0o600 });
      s.human.tmux = this.options.tmux ? openTmuxWindow(row.id, root, command) : null;
      this.save();
      this.emit({ type: 'human', id: row.id, command, tmux: s.human.tmux });
      return;
    }
    const env = this.sessionEnv(row.id, s.token);
    // On disk before the agent starts: a runner killed right after the spawn leaves a state whose token finds the agent.
    this.setStatus(row.id, 'Active', null, false);
    await this.stateWriter.idle();
    try {
      s.logStart = existsSync(s.log) ? statSync(s.log).size : 0;
      prepareAgentWorkspace(launch, s.cwd, this.prepared.request.lanesCommand, this.gitEnv());
      const { child, ref, forksAtStart } = spawnAgent({ argv: launch.argv, cwd: s.cwd, env: { ...env, ...launch.env }, logFile: s.log, exitFile });
      s.process = ref;
      const tracker = this.tracker(row, s, launch, child, exitFile, now);
      tracker.forksAtStart = forksAtStart;
      tracker.logOffset = s.logStart;
      child.on('exit', (code, signal) => {
        tracker.exited = { code, signal };
        this.nudge();
      });
      child.on('error', () => {
        tracker.exited = { code: 127, signal: null };
        this.nudge();
      });
      this.running.set(row.id, tracker);
      // Saved with the pid (off the main thread, done while the next session's worktree is made): a runner that
      // dies now leaves an agent `--resume` can adopt.
      this.setStatus(row.id, 'Active', null);
    } catch (error) {
      releaseAgentWorkspace(launch, s.cwd);
      this.setStatus(row.id, 'Failed', `could not start ${launch.argv[0] ?? 'the agent'}: ${(error as Error).message}`);
    }
  }

  /** The environment a session's agent gets: the dispatch's, with the session, its key, the plan and the token that finds its processes. */
  private sessionEnv(id: string, token: string): NodeJS.ProcessEnv {
    return { ...this.options.env, LANES_SESSION: id, LANES_SESSION_KEY: this.keys[id], LANES_PLAN: this.prepared.request.planPath, LANES_DISPATCH_TOKEN: token };
  }

  /**
   * A secret per session, kept for `--resume` in a file only this user can read (the state file, which `lanes
   * status --json` prints, never holds them). A session that reads that file, or another agent's environment
   * under /proc, can stamp as another session: docs/guard.md says what the stamp does not hold against.
   */
  private sessionKeys(): Record<string, string> {
    let keys: Record<string, string> = {};
    if (this.options.resume) {
      try {
        keys = JSON.parse(readFileSync(this.paths.keys, 'utf8')) as Record<string, string>;
      } catch {
        keys = {};
      }
    }
    for (const id of Object.keys(this.state.sessions)) keys[id] ??= randomBytes(32).toString('hex');
    writeFileAtomic(this.paths.keys, JSON.stringify(keys), { mode: 0o600 });
    return keys;
  }

  private launchOf(row: TableSession, agentSessionId = '', prompt = '', promptFile = ''): AgentLaunch | null {
    const planned = this.prepared.launches.find((l) => l.row.id === row.id);
    if (prompt === '') return planned?.launch ?? null;
    const request = this.prepared.request;
    return agentCommand({
      agent: row.agent,
      sessionId: row.id,
      issue: row.session.issue,
      prompt,
      promptFile,
      launchAs: row.launchAs,
      model: row.session.model,
      agentSessionId,
      run: row.session.run?.code ?? null,
      lanesCommand: request.lanesCommand,
      commandTemplate: request.command ? splitTemplate(request.command) : null,
      commandEvents: request.commandEvents ?? null,
      interactive: row.needsHuman,
    });
  }

  private tracker(row: TableSession, state: SessionState, launch: AgentLaunch, child: ChildProcess | null, exitFile: string, now: number): Running {
    const timeoutSeconds = row.session.timeoutSeconds ?? this.options.timeoutSeconds;
    return {
      row,
      state,
      launch,
      child,
      exited: null,
      logOffset: 0,
      partial: '',
      lastActivity: now,
      startedMs: now,
      timeoutMs: timeoutSeconds === null ? null : timeoutSeconds * 1000,
      killing: null,
      stopping: null,
      result: null,
      lastError: null,
      costSum: 0,
      exitFile,
      forksAtStart: null,
      attacher: null,
    };
  }

  /**
   * Decision 15: the guard's hooks active in a working tree before an agent starts there (the fix is thrown
   * otherwise). `shared` says the tree has the repository's own config (the main tree, or a worktree the runner
   * has just made): its hooks are found from the common dir and `core.hooksPath`, read once per run.
   */
  private ensureHooks(cwd: string, shared: boolean): void {
    if (this.hooksReady.has(cwd)) return;
    const { root, lanesCommand } = this.prepared.request;
    // Hooks find `lanes` in node_modules/.bin; a repository without it (the demo's scratch one) gets this lanes.
    const command = existsSync(join(root, 'node_modules/.bin/lanes')) ? undefined : lanesCommand.map(shellQuote).join(' ');
    if (shared) this.hookPlace ??= hookPlaceOf(root, this.gitEnv());
    const known = shared && this.hookPlace !== null ? { top: cwd, ...this.hookPlace } : undefined;
    this.guard.ensureHooks(cwd, { env: this.gitEnv(), ...(command === undefined ? {} : { command }), ...(known === undefined ? {} : { known }) });
    this.hooksReady.add(cwd);
  }

  /** One turn of the loop: read logs, enforce timeouts and stop requests, finish the sessions that ended. */
  private async tick(): Promise<void> {
    if (!this.woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.wake = null;
    this.woken = false;
    const now = Date.now();
    const requests = readStopRequests(this.paths);
    if (requests.includes('all')) this.cancelling = true;
    for (const t of this.running.values()) {
      this.readLog(t, now);
      if (t.launch.interactive) this.pollHuman(t);
      if (t.killing === null) {
        if (this.cancelling) t.killing = { kind: 'cancel', reason: 'cancelled' };
        else if (requests.includes(t.row.id)) t.killing = { kind: 'stop', reason: 'stopped by lanes stop' };
        else if (t.timeoutMs !== null && now - t.startedMs > t.timeoutMs) t.killing = { kind: 'timeout', reason: `timed out after ${formatSeconds(t.timeoutMs / 1000)}` };
        else if (t.launch.events !== null && now - t.lastActivity > this.options.idleTimeoutSeconds * 1000) {
          t.killing = { kind: 'idle', reason: `idle for ${formatSeconds(this.options.idleTimeoutSeconds)} (no output)` };
        }
      }
      if (t.killing !== null && t.stopping === null && t.state.process !== null) {
        const ref = t.state.process;
        t.stopping = stopTree(ref, t.state.token, this.options.grace, () => this.forced).then(() => this.wake?.());
      }
      if (t.killing !== null && t.state.process === null && t.launch.interactive) t.exited = { code: null, signal: 'SIGTERM' };
    }
    for (const t of [...this.running.values()]) {
      // A person's session has ended when its exit status is written, or when the `--attach` process that writes it
      // is gone (its agent ends a moment before the status is written: the agent's end alone is not enough).
      const gone = t.launch.interactive && t.attacher !== null ? !isRunning(t.attacher) : t.child === null && t.state.process !== null && !isRunning(t.state.process);
      const ended = t.exited !== null || gone;
      if (!ended) continue;
      if (t.stopping !== null) await t.stopping;
      // Stray children of a finished agent: those started after it now, and the rest at the batch's end.
      else if (t.state.process !== null) {
        await stopTree(t.state.process, t.state.token, { interruptMs: 0, terminateMs: 0 }, undefined, t.forksAtStart === null ? 'all' : { forksAtStart: t.forksAtStart });
      }
      this.readLog(t, Date.now());
      this.running.delete(t.row.id);
      await this.finish(t);
    }
    // The statuses that changed in this turn reach the registry at once (never while a shared session runs).
    if (this.registryDirty) this.writeRegistry(false, 'live');
  }

  private readLog(t: Running, now: number): void {
    let size: number;
    let fd: number;
    try {
      // Most ticks find nothing new: a stat, and the file is opened only when it grew.
      size = statSync(t.state.log).size;
      if (size <= t.logOffset) return;
      fd = openSync(t.state.log, 'r');
    } catch {
      return;
    }
    try {
      const buffer = Buffer.alloc(size - t.logOffset);
      readSync(fd, buffer, 0, buffer.length, t.logOffset);
      t.logOffset = size;
      t.lastActivity = now;
      if (t.launch.events === null) return;
      const lines = (t.partial + buffer.toString('utf8')).split('\n');
      t.partial = lines.pop() ?? '';
      for (const line of lines) {
        const event = readAgentEvent(t.launch.events, line);
        if (event === null) continue;
        if (event.agentSessionId !== undefined) t.state.agentSessionId = event.agentSessionId;
        if (event.result !== undefined) t.result = event.result;
        if (event.error !== undefined) t.lastError = event.error;
        if (event.cost !== undefined) {
          if (event.cost.cumulative) t.state.cost = event.cost.usd;
          else t.state.cost = (t.state.cost ?? 0) + event.cost.usd;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  private pollHuman(t: Running): void {
    const attachFile = join(this.paths.attach, `${t.row.id}.json`);
    if (t.state.process === null && existsSync(attachFile)) {
      try {
        const attached = JSON.parse(readFileSync(attachFile, 'utf8')) as ProcessRef & { attacher?: ProcessRef };
        t.state.process = { pid: attached.pid, startTime: attached.startTime };
        t.attacher = attached.attacher ?? null;
        this.setStatus(t.row.id, 'Active', null);
      } catch {
        // Being written.
      }
    }
    const status = readExitStatus(t.exitFile);
    if (status !== null) t.exited = { code: status, signal: null };
  }

  private async finish(t: Running): Promise<void> {
    const s = t.state;
    releaseAgentWorkspace(t.launch, s.cwd);
    if (t.launch.interactive) rmSync(join(this.paths.attach, `${s.id}.env.json`), { force: true });
    s.endedAt = iso();
    const code = t.exited?.code ?? readExitStatus(t.exitFile);
    s.exitCode = code;
    if (s.cost !== null) this.state.spent = Math.round((this.state.spent + s.cost) * 10000) / 10000;
    const records = this.guardRecords(s);
    const observed: Observed = {
      ended: t.killing === null ? null : { by: t.killing.kind, reason: t.killing.reason },
      exit: { code, signal: t.exited?.signal ?? null },
      streams: t.launch.events !== null,
      result: t.result,
      lastError: t.lastError ?? failureLine(s.log, s.logStart),
      blockedCommits: records
        .filter((r) => r.kind === 'blocked-commit')
        .map((r) => ({ path: r.paths[0]?.path ?? null, owner: r.paths[0]?.owner ?? null, count: r.paths.length })),
      refusedEdits: records.filter((r) => r.kind === 'refused-edit').flatMap((r) => r.paths.map((p) => p.path)),
      audit: await this.audit(s),
      leftovers: this.leftoversOf(s),
    };
    const outcome = sessionOutcome(observed);
    const { paths: left, unfinished = null } = observed.leftovers;
    if (left.length > 0 || unfinished !== null) {
      const commands = cleanupCommands(s.cwd ?? this.prepared.request.root, left, `lanes: leftovers of ${s.id}`, unfinished).join('; ');
      this.emit({
        type: 'note',
        message:
          unfinished === null
            ? `${s.id} left uncommitted changes; to put them aside: ${commands}`
            : `${s.id} left a ${unfinished} stopped; look at it, then end it where it began (what it did so far is dropped; its commits stay in git reflog): ${commands}`,
      });
    }
    this.setStatus(s.id, outcome.status, outcome.reason);
  }

  /** The guard's records of this session's attempt: commits it blocked and edits it refused since the attempt started. */
  private guardRecords(s: SessionState): GuardRecord[] {
    const commonDir = findGitDirs(this.prepared.request.root, this.gitEnv())?.commonDir;
    if (commonDir === undefined || s.startedAt === null) return [];
    return readGuardRecords(commonDir, [s.id], s.startedAt);
  }

  /**
   * What a finished session left uncommitted. In its own worktree, every change there. In the shared tree, the
   * changes since its batch started that are not another running session's work in progress (a path in that
   * session's lane) nor already put on a session that ended before; a path in nobody's lane while other sessions
   * still run there may be theirs, and the reason says so.
   */
  private leftoversOf(s: SessionState): Observed['leftovers'] {
    if (s.cwd === null) return { paths: [], alsoMaybe: [] };
    let now: TreeChanges;
    try {
      now = readTreeChanges(s.cwd, this.gitEnv());
    } catch {
      return { paths: [], alsoMaybe: [] }; // a worktree that is gone left nothing behind
    }
    if (s.workspace === 'worktree') return { paths: changedSince(new Map(), now), alsoMaybe: [], unfinished: unfinishedOperation(s.cwd, this.gitEnv()) };
    const others = [...this.running.values()].filter((t) => t.state.workspace === 'shared' && t.state.id !== s.id).map((t) => t.state.id);
    const paths = changedSince(this.batchBaseline, now).filter((path) => {
      if (this.attributed.get(path) === now.get(path)) return false;
      if (this.owns(s.id, path)) return true;
      return !others.some((o) => this.owns(o, path));
    });
    for (const path of paths) this.attributed.set(path, now.get(path)!);
    // Another session still at work in the same tree may have written any of them, in this lane or not.
    const alsoMaybe = others;
    s.leftovers = paths;
    return { paths, alsoMaybe, unfinished: unfinishedOperation(s.cwd, this.gitEnv()) };
  }

  private owns(id: string, path: string): boolean {
    this.lanes ??= lanesOf(this.prepared.plan);
    return this.lanes(id, path);
  }

  /**
   * The guard's range check over a finished session's commits: the commits out of its lane, or why it could not
   * check. In a worktree every commit on its branch is the session's. In the shared tree a commit is a session's
   * when its stamp verifies with that session's key; a commit no session can be shown to have made is named and
   * halts the run, and no innocent session is blamed for it.
   */
  private async audit(s: SessionState): Promise<Observed['audit']> {
    const { root, planPath } = this.prepared.request;
    if (s.startCommit === null || s.cwd === null) return { violations: [] };
    const worktree = s.workspace === 'worktree';
    s.review = { commits: 0, diffstat: 'no commits', audit: 'clean', commitIds: [] };
    // Most often nothing moved: the ref is read from git's files, and no `git log` runs.
    if (readRef(root, worktree ? { branch: s.branch! } : 'HEAD', this.gitEnv()) === s.startCommit) return { violations: [] };
    const env = this.gitEnv();
    let report: RangeReport;
    try {
      report = worktree
        ? await this.guard.checkRange({ cwd: root, range: `${s.startCommit}..${s.branch!}`, branch: s.branch!, planPath, env })
        : await this.guard.checkRange({ cwd: root, range: `${s.startCommit}..HEAD`, sessionKeys: this.keys, planPath, env });
    } catch (error) {
      s.review.audit = `audit failed: ${(error as Error).message}`;
      return { error: (error as Error).message };
    }
    const mine = worktree ? report.commits : report.commits.filter((c) => c.session === s.id);
    const ids = mine.map((c) => c.commit);
    s.review.commits = ids.length;
    s.review.commitIds = ids;
    s.review.diffstat = ids.length > 0 ? diffstatOf(root, ids) : 'no commits';
    if (!worktree) this.nameNobodysCommits(report);
    const violations = rangeViolations({ ...report, commits: mine }, null);
    s.review.audit = violations.length === 0 ? 'clean' : `${violations.length} commit${violations.length === 1 ? '' : 's'} out of lane`;
    return { violations: violations.map((v) => v.message) };
  }

  /** Commits in the shared tree that no session can be shown to have made: each named once, with its paths; the run fails. */
  private nameNobodysCommits(report: RangeReport): void {
    for (const c of report.commits) {
      if (!c.unattributed || this.nobodys.has(c.commit)) continue;
      this.nobodys.add(c.commit);
      const paths = c.paths.map((p) => p.path);
      const named = `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`;
      const reason = `commit ${c.commit.slice(0, 7)} ("${c.subject}"), made during the dispatch, is no session's: ${c.reason}${named === '' ? '' : ` (${named})`}`;
      this.haltReason ??= reason;
      this.emit({ type: 'note', message: `${reason}; no session is blamed for it. Look at it with \`git show ${c.commit.slice(0, 7)}\`` });
    }
  }

  /**
   * The target batches land on (decision 19a): `--integrate-into`, else the front matter's `integrate-into`, else the
   * branch the repository root has checked out (its HEAD when detached); null with `integrate: none`. A named branch
   * that does not exist yet is made at the root's HEAD.
   */
  private landingTarget(): Target | null {
    if (this.prepared.plan.frontMatter.integrate === 'none' || this.options.land === false) return null;
    const { root } = this.prepared.request;
    const env = this.gitEnv();
    const named = this.options.integrateInto ?? this.prepared.plan.frontMatter.integrateInto;
    if (named === null) return rootTarget(root, env);
    if (runGit(['check-ref-format', '--branch', named], { cwd: root, env }).status !== 0) {
      throw new DispatchSetupError(`--integrate-into ${named}: not a branch name git accepts`);
    }
    if (runGit(['rev-parse', '--verify', '-q', `refs/heads/${named}`], { cwd: root, env }).status !== 0) runGit(['branch', '--', named, 'HEAD'], { cwd: root, env });
    return { kind: 'branch', name: named };
  }

  private landingDir(): string {
    return join(this.paths.dir, 'landing');
  }

  /**
   * Lands a batch (decision 19a): the branches of its Done sessions that worked on their own branch go onto the
   * target in merge order, without touching a user's tree (see `landBranches`). A branch that conflicts, or would
   * bring paths outside its lane, fails its session with every path; the others land. The target then moves: the
   * root fast-forwards when it is on the target and its working tree allows; otherwise nothing of the user's is
   * touched, `verify` runs on the landed tree in the runner's own worktree, and no later batch starts.
   */
  private async landBatch(batch: TableBatch): Promise<{ verifyIn: string; held: string | null }> {
    const { root } = this.prepared.request;
    const target = this.target;
    if (target === null) return { verifyIn: root, held: null };
    const rows = batch.sessions.filter((r) => {
      const s = this.session(r.id);
      return s.status === 'Done' && s.workspace === 'worktree' && s.branch !== null && s.startCommit !== null && !s.landed && !(target.kind === 'branch' && s.branch === target.name);
    });
    if (rows.length === 0) return { verifyIn: root, held: null };
    let result = this.landOnce(batch.number, target, rows);
    // Which session landed each path, so that a resolved branch that conflicts again names it.
    const landedBy = new Map(result.landedBy);
    // --resolve: a session whose branch conflicts rebases onto what landed and resolves those paths itself, once.
    for (const conflict of this.options.resolve && result.held === null ? result.conflicts : []) {
      const row = this.row(conflict.id)!;
      const s = this.session(conflict.id);
      const onto = this.targetTip(target);
      const prompt = resolvePrompt(this.prepared, row, conflict, targetName(target), onto);
      this.emit({ type: 'note', message: `${s.id}: ${s.reason ?? 'conflicts'}; --resolve: its agent rebases onto ${onto.slice(0, 7)} and resolves ${listPaths(conflict.paths)}` });
      await this.launch(row, { prompt, start: onto });
      while (this.running.size > 0) await this.tick();
      if (s.status !== 'Done') {
        this.setStatus(s.id, s.status, `${s.reason ?? s.status} (relaunched by --resolve after: ${conflictReason(conflict, targetName(target))})`);
        continue;
      }
      const again = this.landOnce(batch.number, target, [row], ' after --resolve', landedBy);
      for (const [path, id] of again.landedBy) landedBy.set(path, id);
      result = { ...again, conflicts: [] };
      if (again.held !== null) break;
    }
    return { verifyIn: result.verifyIn, held: result.held };
  }

  private targetTip(target: Target): string {
    return git(['rev-parse', '--verify', target.kind === 'branch' ? `refs/heads/${target.name}` : 'HEAD'], { cwd: this.prepared.request.root, env: this.gitEnv() }).trim();
  }

  /** One landing pass over `rows` (see `landBatch`): statuses, the target moved, the event; where verify runs. */
  private landOnce(
    batchNumber: number,
    target: Target,
    rows: TableSession[],
    after = '',
    landedBy: ReadonlyMap<string, string> = new Map(),
  ): { verifyIn: string; held: string | null; conflicts: Extract<LandStep, { kind: 'conflict' }>[]; landedBy: Map<string, string> } {
    const { root } = this.prepared.request;
    const name = targetName(target);
    const env = this.gitEnv();
    const bs = this.batchState(batchNumber);
    let landing: ReturnType<typeof landBranches>;
    try {
      const ordered = landingOrder(
        rows.map((r) => ({ id: r.id, branch: this.session(r.id).branch!, start: this.session(r.id).startCommit!, mergeOrder: r.mergeOrder, endedAt: this.session(r.id).endedAt })),
      );
      landing = landBranches(ordered, { root, workdir: this.landingDir(), tip: this.targetTip(target), mode: this.prepared.plan.frontMatter.integrate === 'merge' ? 'merge' : 'rebase', env, owns: (id, path) => this.owns(id, path), landedBy });
    } catch (error) {
      const held = `batch ${batchNumber} could not land on ${name}: ${(error as Error).message}`;
      bs.landing = { tip: '', advanced: false, reason: held };
      return { verifyIn: root, held, conflicts: [], landedBy: new Map() };
    }
    const conflicts: Extract<LandStep, { kind: 'conflict' }>[] = [];
    for (const step of landing.steps) {
      if (step.kind === 'conflict') {
        conflicts.push(step);
        this.setStatus(step.id, 'Failed', `${conflictReason(step, name)}${after}; its branch ${this.session(step.id).branch} is as it was`);
      }
      if (step.kind === 'outside-lane') this.setStatus(step.id, 'Failed', `its branch would land paths outside its lane on ${name}${after}: ${listPaths(step.paths)}`);
      if (step.kind === 'nothing') {
        const claim = this.claimOf(step.id, name, after);
        if (claim !== null) this.setStatus(step.id, 'Failed', claim);
      }
      // A branch that landed only commits other sessions made (by their stamps) brought no work of its own.
      if (step.kind === 'landed') {
        const taken = this.takenCommit(step.id);
        if (taken !== null) this.setStatus(step.id, 'Failed', `its branch ${this.session(step.id).branch ?? ''} holds ${taken.by}'s commit ${taken.commit.slice(0, 7)}${after}, not work of its own: it landed as ${taken.by}'s`);
      }
    }
    const moved = advanceTarget(root, target, landing.from, landing.tip, env);
    const advanced = !('reason' in moved);
    const reason = advanced
      ? null
      : `batch ${batchNumber} landed as ${landing.tip.slice(0, 7)} but ${name} was not moved: ${moved.reason}; commit or stash them (nothing was touched), then \`lanes dispatch --resume\``;
    bs.landing = { tip: landing.tip, advanced, reason };
    if (advanced) {
      for (const step of landing.steps) {
        // Only work that is now on the target is recorded: a branch with no commits of its own landed nothing, nor
        // does one whose commits are only copies of what is there (their changes landed as another's commits).
        const s = this.session(step.id);
        if (s.status !== 'Done' || (step.kind !== 'landed' && step.kind !== 'nothing')) continue;
        if (step.kind === 'nothing') {
          const ids = s.review?.commitIds ?? [];
          if (ids.length === 0) continue;
          if (!ids.every((c) => runGit(['merge-base', '--is-ancestor', c, landing.tip], { cwd: root, env }).status === 0)) {
            this.setStatus(step.id, 'Done', `nothing of it landed on ${name}${after}: its changes were there already`);
            continue;
          }
        }
        s.landed = step.commit;
        this.touched.add(step.id);
      }
      this.registryDirty = true;
      this.worktreeBase = target.kind === 'branch' ? target.name : 'HEAD';
    }
    this.save();
    this.emit({ type: 'landed', batch: batchNumber, target: name, tip: landing.tip, steps: landing.steps, advanced, reason });
    let verifyIn = root;
    if (!advanced || !('where' in moved) || moved.where !== 'root') {
      verifyIn = this.landingDir();
      checkoutWorkdir(verifyIn, root, landing.tip, env);
    }
    const landedHere = new Map<string, string>();
    for (const step of landing.steps) if (step.kind === 'landed') for (const p of step.paths) landedHere.set(p, step.id);
    return { verifyIn, held: reason, conflicts, landedBy: landedHere };
  }

  /**
   * Why a branch that brings nothing onto the target is not a session's work that landed, or null when it is (its
   * commits landed before): it holds commits another session of the run made (moved onto that session's work), or,
   * after `--resolve`, it lost the work that conflicted (moved onto what landed).
   */
  private claimOf(id: string, target: string, after: string): string | null {
    const s = this.session(id);
    const taken = this.takenCommit(id);
    if (taken !== null) return `its branch ${s.branch ?? ''} holds ${taken.by}'s commit ${taken.commit.slice(0, 7)}${after}, not work of its own: nothing of it landed`;
    if (after === '') return null;
    if ((s.review?.commitIds ?? []).some((c) => this.madeBy(c) === id)) return null; // its own work, landed through another's branch
    return `its branch ${s.branch ?? ''} brings nothing onto ${target}${after}: its own work was dropped, nothing of it landed`;
  }

  /**
   * A commit of this session's branch that another session of the run made (its stamp verifies with that session's
   * key; the commit is on that session's branch too), when the branch has no commit this session made: it took
   * another's work. A commit no key verifies proves nothing either way.
   */
  private takenCommit(id: string): { commit: string; by: string } | null {
    const ids = this.session(id).review?.commitIds ?? [];
    if (ids.some((c) => this.madeBy(c) === id)) return null;
    for (const commit of ids) {
      const by = this.madeBy(commit);
      if (by !== null && by !== id && (this.state.sessions[by]?.review?.commitIds ?? []).includes(commit)) return { commit, by };
    }
    return null;
  }

  /** The session whose key verifies a commit's `Lanes-Stamp` (provenance, not its trailer's claim), or null; read once a commit. */
  private madeBy(commit: string): string | null {
    if (!this.makers.has(commit)) this.makers.set(commit, this.readMaker(commit));
    return this.makers.get(commit)!;
  }

  private readMaker(commit: string): string | null {
    // "<tree>\n<parents>\n<message>": the stamp is a MAC over the session, the tree and the parents.
    const r = runGit(['show', '-s', '--format=%T%n%P%n%B', commit, '--'], { cwd: this.prepared.request.root, env: this.gitEnv() });
    if (r.status !== 0) return null;
    const [tree = '', parents = '', ...message] = r.stdout.split('\n');
    const stamp = readStamp(message.join('\n'));
    const key = stamp === undefined ? undefined : this.keys[stamp.session];
    if (stamp === undefined || key === undefined) return null;
    return verifyStamp(key, stamp.session, tree, parents.split(' ').filter((p) => p !== ''), stamp.stamp) ? stamp.session : null;
  }

  /**
   * Done work stays done: every commit of a session this run found `Done` must still be reachable from where it
   * landed (its branch, or HEAD of the shared tree). A later session in the same tree that dropped one (`git reset
   * --hard`, a rebase) fails, named with the session whose work it dropped.
   */
  private checkDoneWork(): void {
    const { root } = this.prepared.request;
    const env = this.gitEnv();
    for (const s of Object.values(this.state.sessions)) {
      if (s.status !== 'Done' || !this.touched.has(s.id)) continue;
      const where = s.workspace === 'worktree' ? s.branch! : 'HEAD';
      const lost = (s.review?.commitIds ?? []).find((sha) => runGit(['merge-base', '--is-ancestor', sha, where], { cwd: root, env }).status !== 0);
      if (lost === undefined) continue;
      const after = Object.values(this.state.sessions).filter(
        (o) => o.id !== s.id && o.cwd === s.cwd && o.startedAt !== null && (o.endedAt === null || (s.endedAt !== null && o.endedAt >= s.endedAt)),
      );
      const place = s.workspace === 'worktree' ? `branch ${where}` : `HEAD of ${fromRoot(root, s.cwd ?? root)}`;
      const reason = `${s.id}'s commit ${lost.slice(0, 7)} is no longer on ${place}`;
      for (const o of after) this.setStatus(o.id, 'Failed', `${reason}: ${o.id} ran in the same tree after it and dropped it (a reset or rebase?)`);
      if (after.length === 0) this.haltReason ??= `${reason}, and no session of this run ran there since: someone else moved it`;
      this.emit({ type: 'note', message: `${reason}; recover it with \`git cherry-pick ${lost.slice(0, 7)}\` or \`git reset --hard ${lost.slice(0, 7)}\` once you know what else would be lost` });
      s.review!.audit = `commit ${lost.slice(0, 7)} dropped later`;
    }
  }

  /** Uncommitted changes in the repository's own tree that were not there when the run started (the plan file aside: the runner writes it), and who left them. */
  private leftoversInTree(): { paths: string[]; reason: string } | null {
    const { root, planPath } = this.prepared.request;
    const paths = changedSince(this.runBaseline, readTreeChanges(root, this.gitEnv())).filter((p) => p !== planPath);
    if (paths.length === 0) return null;
    const who = Object.values(this.state.sessions).filter((x) => x.leftovers?.some((p) => paths.includes(p))).map((x) => x.id);
    const by = who.length > 0 ? `of ${who.join(', ')}` : 'of an earlier session';
    return { paths, reason: `the working tree holds uncommitted changes ${by}: ${paths[0]!}${paths.length > 1 ? ` and ${paths.length - 1} more` : ''}` };
  }

  private gitEnv(): NodeJS.ProcessEnv {
    const env = { ...this.options.env };
    delete env.LANES_SESSION;
    delete env.LANES_DISPATCH_TOKEN;
    return env;
  }

  private summarize(batch: TableBatch): SessionSummary[] {
    return batch.sessions
      .filter((r) => r.skip === null)
      .map((r) => {
        const s = this.session(r.id);
        return {
          id: r.id,
          status: s.status,
          reason: s.reason,
          commits: s.review?.commits ?? 0,
          diffstat: s.review?.diffstat ?? '—',
          audit: s.review?.audit ?? '—',
          cost: s.cost,
          estCost: s.estCost,
        };
      });
  }

  private runVerify(batch: number, command: string, cwd: string): { command: string; exitCode: number; ok: boolean } {
    const env = { ...this.options.env };
    delete env.LANES_SESSION;
    const r = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const exitCode = r.status ?? 1;
    const output = `${r.stdout}${r.stderr}`.trim();
    this.emit({ type: 'verify', batch, command, ok: exitCode === 0, exitCode, output, cwd: fromRoot(this.prepared.request.root, cwd) });
    return { command, exitCode, ok: exitCode === 0 };
  }

  private setStatus(id: string, status: SessionStatus, reason: string | null, writeLive = true): void {
    const s = this.session(id);
    const changed = s.status !== status || s.reason !== reason;
    s.status = status;
    s.reason = reason;
    this.touched.add(id);
    if ((status === 'Blocked' || status === 'Cancelled') && s.endedAt === null && s.startedAt !== null) s.endedAt = iso();
    this.save();
    if (changed) this.emit({ type: 'session', id, status, reason, state: s });
    if (writeLive) this.registryDirty = true;
  }

  /**
   * Writes the plan's `Session Registry` (decision 18): while a session runs in the repository's own working
   * tree, never (its `git add -A` would sweep the edit in); otherwise live, and committed as the runner's own
   * commit at batch boundaries and at the end.
   */
  private writeRegistry(commit: boolean, when: string): void {
    this.registryDirty = false;
    if ([...this.running.values()].some((t) => t.state.workspace === 'shared')) return;
    if ((!commit && this.batchHasShared) || this.haltReason !== null) return;
    const { planPath } = this.prepared.request;
    const updates = new Map<string, RegistryUpdate>();
    for (const s of Object.values(this.state.sessions)) {
      if (!this.touched.has(s.id)) continue;
      updates.set(s.id, {
        status: s.status === 'Planned' ? (this.originalStatus.get(s.id) ?? 'Planned') : s.status,
        reason: s.reason,
        cost: formatCost(s.cost, s.estCost),
        started: s.startedAt,
        ended: s.endedAt,
        agentSession: s.agentSessionId,
        ...(s.landed ? { landed: `${s.landed.slice(0, 7)} on ${this.state.target ?? 'HEAD'}` } : {}),
      });
    }
    if (updates.size === 0) return;
    let result: RegistryWrite;
    try {
      result = this.registry.write(updates, commit ? when : null);
    } catch (error) {
      this.emit({ type: 'note', message: `could not commit the registry: ${(error as Error).message}` });
      return;
    }
    if (result.kind === 'moved') {
      // The registry moved under the runner (the plan was edited): written once the parser is loaded.
      void this.spliceReady();
      if (commit) this.emit({ type: 'note', message: `the registry of ${planPath} was not where the runner left it; it is written at the next update` });
    } else if (result.kind === 'drift') {
      this.haltReason = `${result.message}; the runner committed nothing of it and starts no later batch`;
      const diff = result.diff.split('\n').slice(0, 40).join('\n');
      this.emit({ type: 'note', message: `${this.haltReason}. Review the change (\`git diff -- ${planPath}\`), commit it or undo it, then \`lanes dispatch --resume\`:\n${diff}` });
    } else if (commit) this.emit({ type: 'registry', committed: result.committed, path: planPath });
  }

  /** Loads the markdown parser when the registry is not where the fast splice looks (a plan without one, or edited since). */
  private async spliceReady(): Promise<void> {
    if (this.parserLoaded) return;
    const { request } = this.prepared;
    let text: string;
    try {
      text = readPlanText(join(request.root, request.planPath), { maxBytes: readConfig(request.root).maxPlanBytes });
    } catch {
      text = this.planText;
    }
    if (this.registry.findsTable(text)) return;
    this.registry.useParser((await import('@lanes/core')).parsePlan);
    this.parserLoaded = true;
  }

  private firstBatch(): number {
    return this.prepared.table.batches.find((b) => b.sessions.some((r) => r.skip === null))?.number ?? 1;
  }

  private row(id: string): TableSession | null {
    for (const b of this.prepared.table.batches) for (const r of b.sessions) if (r.id === id) return r;
    return null;
  }

  private session(id: string): SessionState {
    const s = this.state.sessions[id];
    if (s === undefined) throw new Error(`no session ${id} in the run state`);
    return s;
  }

  private batchState(n: number): BatchState {
    return this.state.batches.find((b) => b.number === n)!;
  }

  /**
   * Saves the state: a copy is taken now and written off the main thread, the newest copy winning
   * (`stateWriter.idle()` waits until it is on disk: before something outside the runner reads it, and at the end).
   */
  private save(): void {
    this.stateWriter.write(this.state);
  }

  private emit(event: RunEvent): void {
    this.options.onEvent(event);
  }
}

/**
 * Claude Code refuses `--permission-mode bypassPermissions` when it runs as root, unless `IS_SANDBOX=1` says the
 * machine is a sandbox (claude 2.1.332 exits 1 at once). Said before anything starts, with the sessions it concerns.
 */
export function claudeRefusesAsRoot(prepared: PreparedDispatch, env: NodeJS.ProcessEnv): string | null {
  if (process.getuid?.() !== 0 || env.IS_SANDBOX === '1') return null;
  const ids = prepared.launches.filter((l) => l.launch !== null && l.launch.argv[0] === 'claude' && l.launch.argv.includes('bypassPermissions')).map((l) => l.row.id);
  if (ids.length === 0) return null;
  return `claude refuses to bypass permissions as root, and ${ids.join(', ')} would run it so; run the dispatch as another user, or set IS_SANDBOX=1 if this machine is a sandbox you can lose`;
}

/** True when the plan in the working tree differs from HEAD only inside its `Session Registry` table (a crashed run's live write). */
async function onlyRegistryDiffers(root: string, planPath: string): Promise<boolean> {
  const head = readFileAt(root, 'HEAD', planPath);
  if (head === null) return false;
  const { parsePlan } = await import('@lanes/core');
  const work = readPlanText(join(root, planPath), { maxBytes: readConfig(root).maxPlanBytes });
  const strip = (text: string): string => {
    const registry = parsePlan(text, { path: planPath }).registry;
    return registry === null ? text : text.slice(0, registry.span.start.offset) + text.slice(registry.span.end.offset);
  };
  return strip(head) === strip(work);
}

function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function formatCost(cost: number | null, est: number | null): string {
  const actual = cost === null ? '—' : `$${cost.toFixed(2)}`;
  return est === null ? actual : `${actual} (est. $${est})`;
}

/** What a failed attempt said last: its last `lanes…:` message (a guard block says why) or else its last line; null when it said nothing. */
function failureLine(log: string, from: number): string | null {
  let text: string;
  try {
    text = readFileSync(log).subarray(from).toString('utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const at = lines.findLastIndex((l) => /^lanes[\w -]*:/.test(l));
  let line = at === -1 ? (lines.at(-1) ?? '') : lines[at]!;
  // A block that goes on to list paths ("… is outside it:") names its first one, so the reason says which file.
  const next = at === -1 ? undefined : lines[at + 1];
  if (line.endsWith(':') && next !== undefined) line = `${line} ${next.replace(/\s+/g, ' ')}`;
  // An agent's own JSON event is no reason a person can read: its stream's error or result says more.
  if (line === '' || line.startsWith('{')) return null;
  return readableMessage(line);
}

/** The terminal's own variables, which a window's process keeps: the rest of the environment is the dispatch's. */
const terminalVariables = ['TERM', 'COLORTERM', 'TERM_PROGRAM', 'TMUX', 'TMUX_PANE', 'COLUMNS', 'LINES', 'DISPLAY'];

/** The dispatch's environment saved for a session that a person attaches to (read once, then removed), or nothing. */
function dispatchEnvFor(paths: RunPaths, id: string, here: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = join(paths.attach, `${id}.env.json`);
  let saved: NodeJS.ProcessEnv;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.ProcessEnv;
  } catch {
    return {};
  }
  rmSync(file, { force: true });
  const terminal = Object.fromEntries(terminalVariables.map((name) => [name, here[name]]));
  return { ...Object.fromEntries(Object.entries(saved).filter(([name]) => !terminalVariables.includes(name))), ...terminal };
}

/** Writes a worktree's session into its own git dir (`<git dir>/lanes-session`), found from the worktree's `.git` file. */
function writeWorktreeSession(worktree: string, id: string): void {
  // A linked worktree's `.git` is a file "gitdir: <path>\n" naming its git dir under the common dir's `worktrees/`.
  const dotGit = readFileSync(join(worktree, '.git'), 'utf8');
  const m = /^gitdir: (.+)$/m.exec(dotGit);
  if (m === null) throw new Error(`${worktree}/.git does not name a git dir: is it a linked worktree?`);
  writeFileAtomic(resolve(worktree, m[1]!.trim(), worktreeSessionFile), `${id}\n`);
}

/** Opens a tmux window that runs `lanes dispatch --attach` for a session; null when tmux is not there. */
function openTmuxWindow(id: string, cwd: string, command: string[]): string | null {
  if (spawnSync('tmux', ['-V']).status !== 0) return null;
  const name = `lanes-${id}`;
  const inside = process.env.TMUX !== undefined && process.env.TMUX !== '';
  const args = inside ? ['new-window', '-d', '-n', name, '-c', cwd, '--', ...command] : ['new-session', '-d', '-s', name, '-c', cwd, '--', ...command];
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  return r.status === 0 ? (inside ? name : `tmux attach -t ${name}`) : null;
}

/** `lanes dispatch --attach ID`: runs a session that needs a person in this terminal, for the runner to track. */
export async function attachSession(prepared: PreparedDispatch, id: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { root, planPath } = prepared.request;
  const paths = runPaths(root, planPath);
  const state = readRunState(paths);
  const s = state?.sessions[id];
  const planned = prepared.launches.find((l) => l.row.id === id);
  if (state === null || s === undefined || planned === undefined) throw new DispatchSetupError(`no dispatch of ${planPath} is waiting for ${id}; start one with \`lanes dispatch ${planPath}\``);
  if (s.human === null || s.status !== 'Active') throw new DispatchSetupError(`${id} is ${s.status} and is not waiting for a person`);
  const prompt = sessionPrompt(prepared.plan, planned.row.session, { planPath, launchAs: planned.row.launchAs, branch: planned.row.workspace === 'worktree' ? planned.row.branch : null });
  const launch = agentCommand({
    agent: planned.row.agent,
    sessionId: id,
    issue: planned.row.session.issue,
    prompt,
    promptFile: join(paths.prompts, `${id}.md`),
    launchAs: planned.row.launchAs,
    model: planned.row.session.model,
    agentSessionId: s.agentSessionId ?? randomUUID(),
    run: planned.row.session.run?.code ?? null,
    lanesCommand: prepared.request.lanesCommand,
    commandTemplate: prepared.request.command ? splitTemplate(prepared.request.command) : null,
    commandEvents: prepared.request.commandEvents ?? null,
    interactive: true,
  });
  prepareAgentWorkspace(launch, s.cwd ?? root, prepared.request.lanesCommand, env);
  const child = spawn(launch.argv[0]!, launch.argv.slice(1), {
    cwd: s.cwd ?? root,
    env: { ...env, ...dispatchEnvFor(paths, id, env), ...launch.env, LANES_SESSION: id, LANES_PLAN: planPath, LANES_DISPATCH_TOKEN: s.token ?? '' },
    stdio: 'inherit',
  });
  if (child.pid !== undefined) {
    const attacher = { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
    writeFileAtomic(join(paths.attach, `${id}.json`), JSON.stringify({ pid: child.pid, startTime: processStartTime(child.pid) ?? '', attacher }));
  }
  const code = await new Promise<number>((resolve) => {
    child.on('exit', (c, signal) => {
      resolve(c ?? (signal ? 128 : 1));
    });
    child.on('error', () => {
      resolve(127);
    });
  });
  releaseAgentWorkspace(launch, s.cwd ?? root);
  writeFileAtomic(join(paths.exits, `${id}.${s.attempts}`), `${code}\n`);
  return code;
}

function targetName(target: Target): string {
  return target.kind === 'branch' ? target.name : 'HEAD';
}

/** At most 20 paths, then the count. */
function listPaths(paths: readonly string[]): string {
  return `${paths.slice(0, 20).join(', ')}${paths.length > 20 ? ` and ${paths.length - 20} more` : ''}`;
}

/** The prompt of a `--resolve` attempt: the session's own prompt, then what to rebase onto and which paths to resolve. */
function resolvePrompt(prepared: PreparedDispatch, row: TableSession, conflict: Extract<LandStep, { kind: 'conflict' }>, target: string, onto: string): string {
  const own = sessionPrompt(prepared.plan, row.session, { planPath: prepared.request.planPath, launchAs: row.launchAs, branch: row.branch });
  return [
    own.trimEnd(),
    '',
    '## Resolve a conflict (lanes dispatch --resolve)',
    '',
    `Your work is committed on branch \`${row.branch ?? ''}\`, but it did not land on \`${target}\`: it ${conflictReason(conflict, target)}.`,
    '',
    `1. Rebase your branch onto what landed: \`git rebase ${onto}\``,
    `2. Resolve exactly these paths, keeping what landed and adding your change to it: ${conflict.paths.map((p) => `\`${p}\``).join(', ')}`,
    '3. `git add` them and `git rebase --continue` until the rebase is done. Change nothing else, and stay inside your lane.',
    '',
    `Rebase onto: ${onto}`,
    `Conflicted paths: ${conflict.paths.join(' ')}`,
    '',
  ].join('\n');
}
