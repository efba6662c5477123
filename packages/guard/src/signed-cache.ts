import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@lanes/repo';

/** FNV-1a of a text, 8 hex digits: a short, stable part of a cache file's name. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * The key the guard's cache files are signed with: 32 random bytes in the user's cache folder, outside every
 * repository, made on first use (mode 0600). Null when there is none and none can be made: then no cache.
 */
export function cacheSigningKey(env: NodeJS.ProcessEnv): Buffer | null {
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lanes');
  const file = join(dir, 'plan-cache-key');
  if (!keys.has(file)) keys.set(file, readOrMakeKey(dir, file));
  return keys.get(file)!;
}

// Read once a process: a commit's check asks for it for the plan listing and again for the plans.
const keys = new Map<string, Buffer | null>();

function readOrMakeKey(dir: string, file: string): Buffer | null {
  try {
    const key = readFileSync(file);
    if (key.length === 32) return key;
  } catch {
    // made below
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, randomBytes(32), { mode: 0o600 });
    const key = readFileSync(file); // another process may have won the race: its key is the one
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

function mac(key: Buffer, json: string): Buffer {
  return createHmac('sha256', key).update(json, 'utf8').digest();
}

// A cache file is "<HMAC-SHA256 of the JSON, hex>\n<JSON>": a file edited by hand, or written without the
// key, does not verify and is read again from git.

/** The value a cache file holds, when its signature verifies; null when it is missing, changed or unsigned. */
export function readSigned(file: string, key: Buffer): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const nl = text.indexOf('\n');
  const json = text.slice(nl + 1);
  const given = Buffer.from(text.slice(0, nl), 'hex');
  if (nl !== 64 || given.length !== 32 || !timingSafeEqual(given, mac(key, json))) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** The most files a cache folder keeps: past it, the least recently written are removed down to `keptAfterPrune`. */
export const cacheFilesKept = 256;
const keptAfterPrune = 192;

/**
 * Writes a signed cache file; a cache that cannot be written only costs time (a read-only git dir still gets the
 * right answer). Each plan change makes new files (a compiled plan per blob, a listing per plan folder), so the
 * folder is pruned as it is written: a reader that loses a file to the pruning reads from git.
 */
export function writeSigned(file: string, value: unknown, key: Buffer): void {
  try {
    const json = JSON.stringify(value);
    writeFileAtomic(file, `${mac(key, json).toString('hex')}\n${json}`);
    pruneCache(dirname(file));
  } catch {
    // no cache this time
  }
}

function pruneCache(dir: string): void {
  const names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (names.length <= cacheFilesKept) return;
  const byAge = names.map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
  for (const { name } of byAge.slice(0, byAge.length - keptAfterPrune)) rmSync(join(dir, name), { force: true });
}
