import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { isRunning, openAppendNoFollow, processStartTime, type ProcessRef } from '@lanes/repo';

export { isRunning, processStartTime, type ProcessRef };

const hasProc = existsSync('/proc/self/stat');

// The wrapper records the agent's exit status in a file, so that a runner that adopts the agent after a crash
// (it is then not the agent's parent) still learns how it ended. The agent's argv comes in as "$@", never parsed.
// The status is written in place (no `mv`, one process less per session): `readExitStatus` takes only a whole
// line, so a wrapper killed while writing leaves no status rather than a wrong one.
const wrapper = 'f=$1; shift; "$@"; c=$?; printf "%s\\n" "$c" > "$f"; exit $c';

/** The exit status the wrapper (or `--attach`) wrote, or null when there is none, or not a whole one. */
export function readExitStatus(file: string): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const m = /^(\d+)\n$/.exec(text);
  return m === null ? null : Number(m[1]);
}

/** Options of `spawnAgent`. */
export interface SpawnOptions {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go to this file (appended), which the runner reads: the agent outlives a crashed runner. */
  logFile: string;
  /** Where the wrapper writes the exit status. */
  exitFile: string;
}

/** Starts an agent in its own process group with its output in its log file. */
export function spawnAgent(options: SpawnOptions): { child: ChildProcess; ref: ProcessRef; forksAtStart: number | null } {
  const forksAtStart = forkCount();
  // Never through a link: a committed symlink in place of the log would send the agent's output anywhere.
  const fd = openAppendNoFollow(options.logFile);
  try {
    const child = spawn('sh', ['-c', wrapper, 'lanes-agent', options.exitFile, ...options.argv], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${options.argv[0] ?? 'the agent'} in ${options.cwd}`);
    return { child, ref: { pid, startTime: processStartTime(pid) ?? '' }, forksAtStart };
  } finally {
    closeSync(fd);
  }
}

interface ProcessRow {
  pid: number;
  ppid: number;
}

/** How many processes (and threads) the system has started since boot (`processes` in /proc/stat), or null. */
export function forkCount(): number | null {
  try {
    const m = /^processes (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}

function readNumber(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) ? n : null;
  } catch {
    return null;
  }
}

/**
 * The pids of /proc to look at: all of them, or only those above `root`, which is where the kernel puts the
 * processes started after it as long as pids have not wrapped around since. Wrapped is assumed when the last
 * pid given out is below the root's, or when the system has started enough processes since the root (counted
 * by `forkCount`) to have gone round: more than half the pids above the root's (the other half may be taken).
 */
function procPids(scope: 'all' | { root: number; forksAtStart: number }): number[] {
  let floor = 0;
  if (scope !== 'all') {
    const last = readNumber('/proc/sys/kernel/ns_last_pid');
    const max = readNumber('/proc/sys/kernel/pid_max');
    const forks = forkCount();
    if (last !== null && max !== null && forks !== null && last >= scope.root && forks - scope.forksAtStart < (max - scope.root) / 2) floor = scope.root;
  }
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid >= floor);
}

function listProcesses(pids: readonly number[] | null): ProcessRow[] {
  try {
    const rows: ProcessRow[] = [];
    for (const pid of pids ?? procPids('all')) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        rows.push({ pid, ppid: Number(fields[1]) });
      } catch {
        // The process ended while we looked.
      }
    }
    return rows;
  } catch {
    const r = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    return r.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((f) => f.length === 2 && f.every(Number.isInteger))
      .map(([pid, ppid]) => ({ pid: pid!, ppid: ppid! }));
  }
}

/** Pids among `pids` whose environment holds `LANES_DISPATCH_TOKEN=<token>` for one of the tokens (Linux): children that were re-parented to init. */
function pidsWithTokens(tokens: readonly string[], pids: readonly number[]): number[] {
  const needles = tokens.map((t) => `LANES_DISPATCH_TOKEN=${t}\0`);
  const found: number[] = [];
  for (const pid of pids) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (needles.some((n) => environ.includes(n))) found.push(pid);
    } catch {
      // Not ours to read, or gone.
    }
  }
  return found;
}

function safeProcPids(scope: 'all' | { root: number; forksAtStart: number }): number[] {
  try {
    return procPids(scope);
  } catch {
    return [];
  }
}

/** The given pids and all their descendants by parent pid, among `candidates` (null: every process). */
function withDescendants(start: readonly number[], candidates: readonly number[] | null): number[] {
  const tree = new Set(start);
  const children = new Map<number, number[]>();
  for (const r of listProcesses(candidates)) children.set(r.ppid, [...(children.get(r.ppid) ?? []), r.pid]);
  const queue = [...tree];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    for (const c of children.get(pid) ?? []) {
      if (!tree.has(c)) {
        tree.add(c);
        queue.push(c);
      }
    }
  }
  tree.delete(process.pid);
  return [...tree];
}

/**
 * Every process of an agent's tree: the root, its descendants by parent pid (agents run tools in their own
 * process groups, so a group kill misses them), and on Linux any process that carries the session's token in
 * its environment (a grandchild whose parent died is re-parented to init and leaves the tree). Given the
 * `forkCount` when the root started, only processes started after it are read (all of them when pids may have
 * wrapped around since): what an agent that has just ended can have left, without reading every process.
 */
export function processTree(root: ProcessRef, token: string | null, scope: 'all' | { forksAtStart: number } = 'all'): number[] {
  const start: number[] = [];
  if (isRunning(root)) start.push(root.pid);
  const candidates = hasProc ? safeProcPids(scope === 'all' ? 'all' : { root: root.pid, forksAtStart: scope.forksAtStart }) : null;
  if (token !== null && candidates !== null) for (const p of pidsWithTokens([token], candidates)) if (!start.includes(p)) start.push(p);
  // An agent that ended and left nothing behind (the usual end): no need to read every process's parent.
  if (start.length === 0) return [];
  return withDescendants(start, scope === 'all' ? null : candidates);
}

/** Every process that carries one of the tokens, with its descendants, over all of /proc (Linux; none elsewhere). */
export function strayProcesses(tokens: readonly string[]): number[] {
  if (!hasProc || tokens.length === 0) return [];
  const found = pidsWithTokens(tokens, safeProcPids('all'));
  return found.length === 0 ? [] : withDescendants(found, null);
}

/** Sends a signal to each pid (and each pid's process group when it leads one); gone processes are skipped. */
export function signalPids(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** The grace periods of a stop: SIGINT, then SIGTERM after `interruptMs`, then SIGKILL after `terminateMs` more. */
export interface StopGrace {
  interruptMs: number;
  terminateMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Stops an agent's whole tree: SIGINT to every process of it, then SIGTERM, then SIGKILL, each after its grace
 * period, re-reading the tree at each step. `force()` turning true (a second Ctrl-C) skips to SIGKILL. `scope`
 * is `processTree`'s.
 */
export async function stopTree(root: ProcessRef, token: string | null, grace: StopGrace, force: () => boolean = () => false, scope: 'all' | { forksAtStart: number } = 'all'): Promise<void> {
  await stopProcesses(() => processTree(root, token, scope), grace, force);
}

/** Stops what `list` names, as `stopTree` does, re-reading the list at each step. */
export async function stopProcesses(list: () => number[], grace: StopGrace, force: () => boolean = () => false): Promise<void> {
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', grace.interruptMs],
    ['SIGTERM', grace.terminateMs],
    ['SIGKILL', 2000],
  ];
  for (const [signal, wait] of steps) {
    const pids = list();
    if (pids.length === 0) return;
    signalPids(pids, force() ? 'SIGKILL' : signal);
    const until = Date.now() + wait;
    while (Date.now() < until) {
      await sleep(50);
      if (list().length === 0) return;
      if (force() && signal !== 'SIGKILL') break;
    }
  }
}
