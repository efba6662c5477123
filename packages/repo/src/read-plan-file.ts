import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * The largest plan or registry file read, in bytes, unless `lanes.maxPlanBytes` says otherwise. Real plans
 * are tens of kilobytes; markdown parsing takes about 30 s and 900 MB per megabyte of plan (micromark), so
 * 256 KiB keeps every command within seconds and a few hundred MB.
 */
export const defaultMaxPlanBytes = 256 * 1024;

/** Why a plan or registry file was not read: its kind, and a message that says what it is and what to do. */
export interface PlanFileProblem {
  kind: 'missing' | 'not-a-file' | 'too-large' | 'binary' | 'not-utf8' | 'unreadable';
  message: string;
  /** The system error code (`ENOENT`, `EACCES`) for `missing` and `unreadable`. */
  code?: string;
}

/** What `readPlanFile` gives: the text (BOM removed) and the bytes read, or the problem. */
export type PlanFileRead = { ok: true; text: string; bytes: Buffer } | { ok: false; problem: PlanFileProblem };

/** Options of `readPlanFile`. */
export interface ReadPlanFileOptions {
  /** The size cap in bytes (`lanes.maxPlanBytes`); default `defaultMaxPlanBytes`. */
  maxBytes?: number;
  /** What the file is, for messages: `plan` (the default) or `registry`. */
  what?: string;
}

/**
 * Reads a plan or registry file, checking before it reads anything that it is a regular file (a FIFO, a
 * device such as `/dev/zero`, a directory or a socket is refused, and named) and within the size cap; then
 * refuses binary content and bytes that are not UTF-8, and drops a UTF-8 BOM. Never throws for the file's
 * sake: every refusal is a `PlanFileProblem`.
 */
export function readPlanFile(path: string, options: ReadPlanFileOptions = {}): PlanFileRead {
  const maxBytes = options.maxBytes ?? defaultMaxPlanBytes;
  const what = options.what ?? 'plan';
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the kind is checked on the open file below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENXIO') return refuse('not-a-file', `Unexpected socket at ${path}, expected a ${what} file (a regular file)`);
    return refuse(code === 'ENOENT' ? 'missing' : 'unreadable', `cannot read ${what} ${path}: ${code}; check the path`, code);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return refuse('not-a-file', `Unexpected ${kindOf(stats)} at ${path}, expected a ${what} file (a regular file)`);
    if (stats.size > maxBytes) return refuse('too-large', tooLargeMessage(what, stats.size, maxBytes));
    // Read at most one byte past the cap: a file that grows while it is read is still refused.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return refuse('too-large', tooLargeMessage(what, length, maxBytes));
    const bytes = buffer.subarray(0, length);
    const nul = bytes.subarray(0, 64 * 1024).indexOf(0);
    if (nul !== -1) return refuse('binary', `Unexpected binary content (a NUL byte at byte ${nul}), expected a markdown ${what}`);
    try {
      // The decoder drops a leading BOM (ignoreBOM: false), so a plan reads the same with or without one.
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), bytes };
    } catch {
      return refuse('not-utf8', `Unexpected bytes that are not UTF-8, expected a markdown ${what} in UTF-8`);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return refuse('unreadable', `cannot read ${what} ${path}: ${code}; check the file`, code);
  } finally {
    closeSync(fd);
  }
}

/** The message for a plan over the cap. */
export function tooLargeMessage(what: string, size: number, maxBytes: number): string {
  const mb = (n: number): string =>
    n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 10 * 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
  return `Unexpected ${what} of ${mb(size)}, expected at most ${mb(maxBytes)} (\`lanes.maxPlanBytes\`): a ${what} this large cannot be reviewed or linted in time; split it`;
}

function refuse(kind: PlanFileProblem['kind'], message: string, code?: string): PlanFileRead {
  return { ok: false, problem: code === undefined ? { kind, message } : { kind, message, code } };
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}

/** A plan or registry file that `readPlanText` refused: the problem, as `readPlanFile` gives it. */
export class PlanFileError extends Error {
  /** The system error code (`ENOENT`), else the message: callers that print `error.code` say what is wrong. */
  readonly code: string;

  constructor(readonly problem: PlanFileProblem) {
    super(problem.message);
    this.name = 'PlanFileError';
    this.code = problem.code ?? problem.message;
  }
}

/** `readPlanFile` for callers that read a plan in one line: its text, or a thrown `PlanFileError`. */
export function readPlanText(path: string, options: ReadPlanFileOptions = {}): string {
  const read = readPlanFile(path, options);
  if (!read.ok) throw new PlanFileError(read.problem);
  return read.text;
}
