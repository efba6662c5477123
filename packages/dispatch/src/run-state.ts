import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicAsync, type ProcessRef } from '@lanes/repo';

/** A session's status in the run: the registry's words (Planned when the run has not touched it). */
export type SessionStatus = 'Planned' | 'Queued' | 'Active' | 'Done' | 'Failed' | 'Blocked' | 'Cancelled';

/** What the runner knows about one session. */
export interface SessionState {
  id: string;
  status: SessionStatus;
  reason: string | null;
  attempts: number;
  agent: string;
  /** The agent's own session id (a fresh uuid for claude, or what its events report). */
  agentSessionId: string | null;
  process: ProcessRef | null;
  /** The token in the agent's environment that finds its re-parented descendants. */
  token: string | null;
  workspace: 'shared' | 'worktree';
  /** Absolute path of the session's working tree. */
  cwd: string | null;
  branch: string | null;
  /** The commit the session started from (the start of its audit range). */
  startCommit: string | null;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  /** Dollars the agent reported, or null when it reports none. */
  cost: number | null;
  estCost: number | null;
  /** The log file, absolute (every attempt appends to it). */
  log: string;
  /** Where the latest attempt's output starts in the log. */
  logStart: number;
  /** For a session that needs a person: the command that attaches to it, and the tmux window when one was opened. */
  human: { command: string[]; tmux: string | null } | null;
  /** Commits and audit after the session ended. */
  review: { commits: number; diffstat: string; audit: string; commitIds?: string[] } | null;
  /** Uncommitted changes it left behind (paths), found when it ended. */
  leftovers?: string[];
  /** Where its branch's work landed on the dispatch's target (decision 19a): the commit that holds it, or null. */
  landed?: string | null;
}

/** One batch's outcome. */
export interface BatchState {
  number: number;
  status: 'pending' | 'running' | 'done' | 'failed' | 'held';
  verify: { command: string; exitCode: number; ok: boolean } | null;
  /** The batch's landing: the target's tip after it, whether the target reached it, and what stood in the way. */
  landing?: { tip: string; advanced: boolean; reason: string | null } | null;
}

/** The state file of a plan's dispatch run. */
export interface RunState {
  version: 1;
  planPath: string;
  runId: string;
  runner: ProcessRef | null;
  startedAt: string;
  endedAt: string | null;
  outcome: 'running' | 'done' | 'failed' | 'cancelled' | null;
  workspaceMode: string;
  /** Where each batch's branches land: a branch, or `HEAD` when the root's HEAD is detached (null: they do not land). */
  target?: string | null;
  spent: number;
  sessions: Record<string, SessionState>;
  batches: BatchState[];
}

/** The folders and files of one plan's runs under `.lanes/dispatch/<plan>/` (git-ignored). */
export interface RunPaths {
  dir: string;
  state: string;
  logs: string;
  prompts: string;
  exits: string;
  requests: string;
  attach: string;
  runLock: string;
  registryLock: string;
  /** The sessions' keys of the run (mode 0600). */
  keys: string;
}

/** The run folder of a plan, from the repository root and the plan's path from it. */
export function runPaths(root: string, planPath: string): RunPaths {
  const slug = planPath.replace(/\.md$/i, '').replace(/[^A-Za-z0-9._-]+/g, '__');
  const dir = join(root, '.lanes', 'dispatch', slug);
  return {
    dir,
    state: join(dir, 'state.json'),
    logs: join(dir, 'logs'),
    prompts: join(dir, 'prompts'),
    exits: join(dir, 'exit'),
    requests: join(dir, 'requests'),
    attach: join(dir, 'attach'),
    runLock: join(dir, 'runner.lock'),
    registryLock: join(dir, 'registry.lock'),
    keys: join(dir, 'keys.json'),
  };
}

/** Reads the state file, or null when there is none. */
export function readRunState(paths: RunPaths): RunState | null {
  try {
    return JSON.parse(readFileSync(paths.state, 'utf8')) as RunState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${paths.state}`, { cause: error });
  }
}

/** Writes the state file atomically (a reader never sees half of it). */
export function writeRunState(paths: RunPaths, state: RunState): void {
  writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Writes a run's state file off the main thread (file writes cost about a millisecond each here, and the
 * runner saves after every launch and every end): each `write` takes a copy of the state as it is, the newest
 * copy wins, one write at a time, each atomic (a temp file renamed). `idle()` resolves once the newest copy is
 * on disk.
 */
export class StateWriter {
  private pending: string | null = null;
  private draining: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(private readonly paths: RunPaths) {}

  write(state: RunState): void {
    this.pending = `${JSON.stringify(state, null, 2)}\n`;
    this.draining ??= this.drain();
  }

  /** Resolves when every copy written so far is on disk; rejects with the first write that failed. */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
    if (this.failure !== null) throw new Error(`cannot write ${this.paths.state}`, { cause: this.failure });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending !== null) {
        const text = this.pending;
        this.pending = null;
        await writeFileAtomicAsync(this.paths.state, text);
      }
    } catch (error) {
      this.failure ??= error;
    } finally {
      this.draining = null;
    }
  }
}

/** Stop requests written by `lanes stop` for the runner: `all`, or session IDs. */
export function readStopRequests(paths: RunPaths): string[] {
  try {
    return readdirSync(paths.requests).filter((n) => !n.endsWith('.tmp'));
  } catch {
    return [];
  }
}

/** Records a stop request for the runner to act on (`all` stops the run). */
export function writeStopRequest(paths: RunPaths, target: string): void {
  writeFileAtomic(join(paths.requests, target), `${new Date().toISOString()}\n`);
}

/** Removes the stop requests (at the start of a run). */
export function clearStopRequests(paths: RunPaths): void {
  rmSync(paths.requests, { recursive: true, force: true });
}
