import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createPatternSet, parsePattern, type OwnershipPattern, type PatternSet } from '@lanes/core/patterns';
import { writeFileAtomic } from '@lanes/repo';
import { compiledPlanFormat, type CompiledPlan, type CompiledSession } from './compiled-plan.ts';
import type { PlanSource } from './plan-sources.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import type { GitCall } from './run-git.ts';

/** A session of a loaded plan, with its `Owns` compiled. */
export interface LoadedSession extends CompiledSession {
  /** The plan's path from the repository root. */
  plan: string;
  set: PatternSet;
  /** The `Owns` line of each pattern of `set`, in order. */
  setLines: CompiledSession['owns'];
}

/** A plan ready for the guard's decisions. */
export interface LoadedPlan extends Omit<CompiledPlan, 'sessions'> {
  sessions: LoadedSession[];
}

/** FNV-1a of a path: the same blob at two paths compiles to two files. */
function pathKey(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function cacheFile(commonDir: string, source: PlanSource): string {
  return join(commonDir, 'lanes', 'cache', `plan-v${compiledPlanFormat}-${source.blob}-${pathKey(source.path)}.json`);
}

/**
 * The key the cache files are signed with: 32 random bytes in the user's cache folder, outside every
 * repository, made on first use (mode 0600). Null when there is none and none can be made: then no cache.
 */
function cacheKey(env: NodeJS.ProcessEnv): Buffer | null {
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lanes');
  const file = join(dir, 'plan-cache-key');
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
// key, does not verify and is compiled again.
function readCache(file: string, source: PlanSource, key: Buffer): CompiledPlan | null {
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
    const compiled = JSON.parse(json) as Partial<CompiledPlan> | null;
    return compiled?.format === compiledPlanFormat && compiled.blob === source.blob && compiled.path === source.path ? (compiled as CompiledPlan) : null;
  } catch {
    return null;
  }
}

function writeCache(file: string, compiled: CompiledPlan, key: Buffer): void {
  try {
    const json = JSON.stringify(compiled);
    writeFileAtomic(file, `${mac(key, json).toString('hex')}\n${json}`);
  } catch {
    // The cache only saves time; a read-only git dir still gets the right answer.
  }
}

/**
 * The compiled form of each plan: from the cache under `<git common dir>/lanes/cache` when one is there
 * for the plan's blob and its signature verifies, else parsed (the markdown parser is loaded only then) and
 * cached. With `commonDir` null the cache is neither read nor written.
 */
export async function compilePlans(call: GitCall, commonDir: string | null, sources: readonly PlanSource[]): Promise<CompiledPlan[]> {
  const key = commonDir === null ? null : cacheKey(call.env);
  const compiled: (CompiledPlan | null)[] = sources.map((s) => (commonDir === null || key === null ? null : readCache(cacheFile(commonDir, s), s, key)));
  const missing = sources.filter((_, i) => compiled[i] === null);
  if (missing.length === 0) return compiled as CompiledPlan[];
  const { compilePlan } = await import('./compile-plan.ts');
  const contents = readObjects(
    call,
    missing.map((s) => s.blob),
  );
  let next = 0;
  return sources.map((source, i) => {
    const cached = compiled[i];
    if (cached) return cached;
    const bytes = contents[next++];
    const text = bytes ? decodeUtf8(bytes) : null;
    const result: CompiledPlan =
      text === null
        ? {
            format: compiledPlanFormat,
            path: source.path,
            blob: source.blob,
            strict: false,
            unusable: [{ line: 1, message: bytes ? 'Unexpected bytes: the plan is not valid UTF-8' : 'Unexpected missing blob: git cannot read the plan' }],
            sessions: [],
            registryRows: [],
          }
        : compilePlan(text, source.path, source.blob);
    if (commonDir !== null && key !== null && bytes) writeCache(cacheFile(commonDir, source), result, key);
    return result;
  });
}

/** Compiles each session's `Owns`; a pattern that does not compile makes the plan unusable. */
export function loadPlan(compiled: CompiledPlan): LoadedPlan {
  const unusable = [...compiled.unusable];
  const sessions = compiled.sessions.map((session): LoadedSession => {
    const patterns: OwnershipPattern[] = [];
    const setLines: CompiledSession['owns'] = [];
    for (const line of session.owns) {
      const result = parsePattern(line.source);
      if (result.ok) {
        patterns.push(result.pattern);
        setLines.push(line);
      } else if (!unusable.some((u) => u.line === line.line)) unusable.push({ line: line.line, message: result.message });
    }
    return { ...session, plan: compiled.path, set: createPatternSet(patterns), setLines };
  });
  return { ...compiled, unusable, sessions };
}
