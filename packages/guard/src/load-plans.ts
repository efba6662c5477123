import { join } from 'node:path';
import { createPatternSet, parsePattern, type OwnershipPattern, type PatternSet } from '@lanes/core/patterns';
import { compiledPlanFormat, type CompiledPlan, type CompiledSession } from './compiled-plan.ts';
import type { PlanSource } from './plan-sources.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import type { GitCall } from './run-git.ts';
import { cacheSigningKey, readSigned, shortHash, writeSigned } from './signed-cache.ts';

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

function cacheFile(commonDir: string, source: PlanSource): string {
  return join(commonDir, 'lanes', 'cache', `plan-v${compiledPlanFormat}-${source.blob}-${shortHash(source.path)}.json`);
}

/** The compiled plan a cache file holds for a source, when it verifies and is of this format, blob and path. */
function readCache(file: string, source: PlanSource, key: Buffer): CompiledPlan | null {
  const compiled = readSigned(file, key) as Partial<CompiledPlan> | null;
  return compiled?.format === compiledPlanFormat && compiled.blob === source.blob && compiled.path === source.path ? (compiled as CompiledPlan) : null;
}

/**
 * The compiled form of each plan: from the cache under `<git common dir>/lanes/cache` when one is there
 * for the plan's blob and its signature verifies, else parsed (the markdown parser is loaded only then) and
 * cached. With `commonDir` null the cache is neither read nor written.
 */
export async function compilePlans(call: GitCall, commonDir: string | null, sources: readonly PlanSource[]): Promise<CompiledPlan[]> {
  const key = commonDir === null ? null : cacheSigningKey(call.env);
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
    if (commonDir !== null && key !== null && bytes) writeSigned(cacheFile(commonDir, source), result, key);
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
