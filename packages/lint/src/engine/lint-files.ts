import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPlanFile } from '@lanes/repo';
import { rules } from '../rules/index.ts';
import { LintCache } from './cache.ts';
import { digest } from './hash.ts';
import { lintMany } from './lint-many.ts';
import type { EngineOptions, FileResult } from './types.ts';

/** The version of `@lanes/lint`, part of the cache key. */
export const lanesVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** What a `lanes lint` run gave: a result per file, in the order given, and whether lanes itself failed on any. */
export interface LintRun {
  results: FileResult[];
  /** True when linting a file threw: a bug in lanes, reported in that file's result. */
  crashed: boolean;
  /** How many results came from the cache. */
  cached: number;
}

/** Lints plan files (absolute paths) with the cache and the worker threads the options allow. */
export async function lintFiles(paths: readonly string[], options: EngineOptions): Promise<LintRun> {
  const key = LintCache.keyOf({
    lanes: lanesVersion,
    rules: rules.map((r) => [r.id, r.meta.severity]),
    git: options.git,
    registry: options.registry,
    plans: options.planPatterns,
  });
  const cache = options.cache ? new LintCache(options.cacheLocation ?? join(options.root, '.lanescache'), key, options.root) : null;
  const results: (FileResult | undefined)[] = new Array<FileResult | undefined>(paths.length);
  const misses: number[] = [];
  paths.forEach((path, i) => {
    // Read as `lintFile` reads it (kind and size checked first); a file it refuses is never a cache hit.
    const read = cache === null ? null : readPlanFile(path, options.maxPlanBytes === undefined ? {} : { maxBytes: options.maxPlanBytes });
    const hit = read?.ok === true ? (cache?.lookup(path, digest(read.bytes), options.fix) ?? null) : null;
    if (hit === null) misses.push(i);
    else results[i] = hit;
  });
  const linted = await lintMany(
    misses.map((i) => paths[i]!),
    options,
  );
  let crashed = false;
  linted.forEach((file, k) => {
    const i = misses[k]!;
    results[i] = file.result;
    if (file.crashed) crashed = true;
    else cache?.store(paths[i]!, file.hash, file.deps, file.result);
  });
  cache?.save();
  return { results: results as FileResult[], crashed, cached: paths.length - misses.length };
}
