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
 * name exists), so no process ever sees a lock without its holder and exactly one of several takers wins. A lock
 * whose holder has died is taken over by renaming it away (atomic: one taker gets it) and checking that what was
 * moved is still the dead holder's.
 */
export class FileLock {
  private nonce: string | null = null;

  constructor(readonly file: string) {}

  /** Takes the lock, or returns its live holder. */
  tryAcquire(): { ok: true } | { ok: false; holder: LockHolder } {
    mkdirSync(dirname(this.file), { recursive: true });
    const nonce = randomBytes(8).toString('hex');
    const mine: LockHolder = { ...selfRef(), since: new Date().toISOString(), nonce };
    const temp = tempName(this.file);
    writeFileSync(temp, JSON.stringify(mine));
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          linkSync(temp, this.file);
          this.nonce = nonce;
          return { ok: true };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const seen = readText(this.file);
        if (seen === null) continue; // released meanwhile
        const holder = parseHolder(seen);
        if (holder !== null && isRunning(holder)) return { ok: false, holder };
        this.takeOver(seen);
      }
      throw new Error(`cannot take the lock ${this.file}: it changed hands 20 times`);
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // linked and gone is fine
      }
    }
  }

  /** Moves a dead holder's lock away; puts back a live one that was taken between the look and the move. */
  private takeOver(seen: string): void {
    const moved = `${this.file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(this.file, moved);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (readText(moved) !== seen) {
      try {
        linkSync(moved, this.file);
      } catch {
        // someone took it meanwhile: theirs stands
      }
    }
    try {
      unlinkSync(moved);
    } catch {
      // gone
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
