import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** A process, named so that a later look can tell it from a reused pid. */
export interface ProcessRef {
  pid: number;
  /** The process's start time as the system reports it (`/proc/<pid>/stat` field 22, or `ps -o lstart=`). */
  startTime: string;
}

const hasProc = existsSync('/proc/self/stat');

/** The start time of a running process, or null when there is none with that pid. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `comm` (field 2) is in parentheses and may hold spaces; the fields after the last `)` are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    if (hasProc) return null;
    const r = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
    const out = r.status === 0 ? r.stdout.trim() : '';
    return out === '' ? null : out;
  }
}

/** True when the process is still the one that was recorded (same pid, same start time). */
export function isRunning(ref: ProcessRef): boolean {
  if (!Number.isInteger(ref.pid) || ref.pid <= 0) return false;
  const now = processStartTime(ref.pid);
  if (now === null) return false;
  if (ref.startTime !== '' && now !== ref.startTime) return false;
  // A zombie has exited: its status is only waiting to be collected.
  try {
    const stat = readFileSync(`/proc/${ref.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** This process, as a `ProcessRef`. */
export function selfRef(): ProcessRef {
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
}
