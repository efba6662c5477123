import { randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isRunning, selfRef, type ProcessRef } from './processes.ts';

const tempName = (file: string): string => `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Writes a file atomically (a temp file beside it, renamed over it), making its folder: a reader sees the old or the new file, never half. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = tempName(file);
  try {
    writeFileSync(temp, data, options.mode === undefined ? undefined : { mode: options.mode });
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    throw error;
  }
}

/** `writeFileAtomic` off the main thread. */
export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempName(file);
  await writeFile(temp, data);
  await rename(temp, file);
}

/** A path that leads out through a symbolic link: where it is, and where the link points. */
export class SymlinkError extends Error {
  constructor(
    readonly path: string,
    readonly link: string,
  ) {
    super(`${link} is a symbolic link; Lanes writes its state, logs and worktrees only inside the repository, never through a link (remove it or make it a folder)`);
    this.name = 'SymlinkError';
  }
}

/**
 * Throws `SymlinkError` when a folder or file at or above `path`, below `root`, is a symbolic link (so that writing
 * there could land outside the repository). Parts that do not exist yet are fine: they are made as folders.
 * `root` itself is taken as it is (a user may well keep a repository behind a link).
 */
export function assertNoSymlinkBelow(root: string, path: string): void {
  const rel = relative(root, resolve(root, path));
  if (rel === '' ) return;
  if (rel.startsWith('..') || isAbsolute(rel)) return; // outside root: a plan's own choice (a sibling worktree); its parent is the user's
  let at = root;
  for (const part of rel.split(sep)) {
    at = `${at}${sep}${part}`;
    let isLink: boolean;
    try {
      isLink = lstatSync(at).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (isLink) throw new SymlinkError(path, at);
  }
}

/** Opens a file for appending without following a symbolic link at its own name (`O_NOFOLLOW`); returns the fd. */
export function openAppendNoFollow(file: string): number {
  return openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
}

/** Who holds a lock, and since when. */
export interface LockHolder extends ProcessRef {
  /** ISO time the lock was taken. */
  since: string;
  /** Unique per taking, so that a holder's release never removes a lock someone else took over. */
  nonce: string;
}

/**
 * A lock file held by a live process. It is made whole first and then linked into place (`link(2)` fails when the
 * name exists), so no process ever sees a lock without its holder and exactly one of several takers wins.
 *
 * A lock whose holder has died is removed, never moved: a taker that reads a dead holder's bytes at `<file>` takes
 * the guard `<file>.takeover` (linked the same way, holding its pid and a nonce), reads `<file>` again, unlinks it
 * only when it still holds exactly those bytes, and releases the guard. That read and that unlink cannot be split by
 * a change: a new taker's link fails while the dead lock is there, a dead holder never releases, and every other
 * remover would need the guard. Once the dead lock is gone, its bytes (they carry a nonce) never come back, so a late
 * taker that saw them finds something else and leaves it. Nothing ever moves or removes a live holder's file.
 *
 * A guard whose holder died (killed between taking and releasing it) is removed the same way, under its own guard
 * `<file>.takeover.takeover`, and so on up: each level needs one more death inside the few system calls a guard is
 * held for, and each is cleared by the next taker, so no guard is left behind for good and no case is left in which
 * two takers remove at once. A taker that finds a guard held by a live process waits for it (it is held for one read
 * and one unlink), up to ten seconds.
 */
export class FileLock {
  private nonce: string | null = null;

  constructor(readonly file: string) {}

  /** Takes the lock, or returns its live holder. */
  tryAcquire(): { ok: true } | { ok: false; holder: LockHolder } {
    mkdirSync(dirname(this.file), { recursive: true });
    for (let attempt = 0; attempt < 20; attempt++) {
      const mine = linkHolder(this.file);
      if (mine !== null) {
        this.nonce = mine.nonce;
        return { ok: true };
      }
      const seen = readText(this.file);
      if (seen === null) continue; // released meanwhile
      const holder = parseHolder(seen);
      if (holder !== null && isRunning(holder)) return { ok: false, holder };
      this.removeDead(this.file, seen, 1);
    }
    throw new Error(`cannot take the lock ${this.file}: it changed hands 20 times`);
  }

  /** Unlinks `name` if it still holds `dead` (bytes whose holder has died), under the guard `<name>.takeover`. */
  private removeDead(name: string, dead: string, level: number): void {
    // Each level is one more guard holder killed inside its few system calls; past 8 something else is wrong.
    if (level > 8) throw new Error(`cannot take over the lock ${this.file}: ${name} is left by a dead holder`);
    const guard = `${name}.takeover`;
    const until = Date.now() + 10_000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      if (readText(name) !== dead) return; // removed by another taker meanwhile
      const mine = linkHolder(guard);
      if (mine !== null) {
        try {
          if (readText(name) === dead) unlinkIfPresent(name);
        } finally {
          if (readText(guard) === mine.text) unlinkIfPresent(guard);
        }
        return;
      }
      const seen = readText(guard);
      if (seen === null) continue; // released meanwhile
      const holder = parseHolder(seen);
      if (holder !== null && isRunning(holder)) {
        if (Date.now() > until) throw new Error(`cannot take over the lock ${this.file}: ${guard} is held by pid ${holder.pid} since ${holder.since}`);
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      this.removeDead(guard, seen, level + 1);
    }
  }

  /** Waits for the lock (other writers hold it for milliseconds). */
  async acquire(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = this.tryAcquire();
      if (r.ok) return;
      if (Date.now() > until) throw new Error(lockHeldMessage(this.file, r.holder));
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  /** Waits for the lock without yielding (writers hold it for the time of one file write). */
  acquireSync(timeoutMs = 10_000): void {
    const until = Date.now() + timeoutMs;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      const r = this.tryAcquire();
      if (r.ok) return;
      if (Date.now() > until) throw new Error(lockHeldMessage(this.file, r.holder));
      Atomics.wait(pause, 0, 0, 10);
    }
  }

  /** The process that holds the lock, or null. */
  holder(): LockHolder | null {
    const text = readText(this.file);
    return text === null ? null : parseHolder(text);
  }

  /** Releases the lock when this object holds it. */
  release(): void {
    if (this.nonce === null) return;
    if (this.holder()?.nonce === this.nonce) {
      try {
        unlinkSync(this.file);
      } catch {
        // gone
      }
    }
    this.nonce = null;
  }
}

/** "the lock X is held by pid N (since T)". */
function lockHeldMessage(file: string, holder: LockHolder): string {
  return `the lock ${file} is held by pid ${holder.pid} since ${holder.since}`;
}

/** Links a whole holder file (this process, a fresh nonce) at `file`; its bytes and nonce, or null when the name exists. */
function linkHolder(file: string): { text: string; nonce: string } | null {
  const nonce = randomBytes(8).toString('hex');
  const text = JSON.stringify({ ...selfRef(), since: new Date().toISOString(), nonce } satisfies LockHolder);
  const temp = tempName(file);
  writeFileSync(temp, text);
  try {
    linkSync(temp, file);
    return { text, nonce };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  } finally {
    unlinkIfPresent(temp);
  }
}

function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function readText(file: string): string | null {
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number') return null;
    return { pid: value.pid, startTime: typeof value.startTime === 'string' ? value.startTime : '', since: typeof value.since === 'string' ? value.since : 'an unknown time', nonce: typeof value.nonce === 'string' ? value.nonce : '' };
  } catch {
    return null;
  }
}
