import { isRunning, stopTree, type StopGrace } from './process-tree.ts';
import { FileLock } from '@lanes/repo';
import { readRunState, runPaths, writeRunState, writeStopRequest, type RunState } from './run-state.ts';

/** A run's state as `lanes status` shows it, with whether its runner and agents still live. */
export interface RunStatus {
  state: RunState;
  /** True when a runner holds the plan's run lock. */
  runnerAlive: boolean;
  runnerPid: number | null;
  /** Session IDs whose agent process still runs. */
  alive: string[];
}

/** The state of the last dispatch of a plan, or null when it was never dispatched. */
export function readRunStatus(root: string, planPath: string): RunStatus | null {
  const paths = runPaths(root, planPath);
  const state = readRunState(paths);
  if (state === null) return null;
  const holder = new FileLock(paths.runLock).holder();
  const runnerAlive = holder !== null && isRunning(holder);
  const alive = Object.values(state.sessions)
    .filter((s) => s.process !== null && isRunning(s.process))
    .map((s) => s.id);
  return { state, runnerAlive, runnerPid: runnerAlive ? holder.pid : null, alive };
}

/** What `lanes stop` did. */
export interface StopOutcome {
  /** `requested`: the live runner was asked and stops the sessions itself; `stopped`: no runner lives, the orphans were stopped here. */
  how: 'requested' | 'stopped' | 'nothing';
  sessions: string[];
}

/**
 * Stops a whole run (`target` null) or one session. With a live runner, it leaves a request that the runner acts
 * on within a tick (so the registry and state stay the runner's to write); without one, it stops the orphaned
 * agents' trees itself and marks them Cancelled in the state file.
 */
export async function stopRun(root: string, planPath: string, target: string | null, grace: StopGrace): Promise<StopOutcome> {
  const status = readRunStatus(root, planPath);
  if (status === null) return { how: 'nothing', sessions: [] };
  const { state } = status;
  if (target !== null && state.sessions[target] === undefined) {
    throw new Error(`the plan has no session ${target}; it has ${Object.keys(state.sessions).join(', ')}`);
  }
  const paths = runPaths(root, planPath);
  const targets = Object.values(state.sessions).filter((s) => (target === null || s.id === target) && s.status === 'Active');
  if (status.runnerAlive) {
    writeStopRequest(paths, target ?? 'all');
    return { how: 'requested', sessions: targets.map((s) => s.id) };
  }
  const stopped: string[] = [];
  for (const s of targets) {
    if (s.process !== null && isRunning(s.process)) await stopTree(s.process, s.token, grace);
    s.status = 'Cancelled';
    s.reason = 'stopped by lanes stop';
    stopped.push(s.id);
  }
  if (stopped.length > 0) writeRunState(paths, state);
  return { how: stopped.length > 0 ? 'stopped' : 'nothing', sessions: stopped };
}
