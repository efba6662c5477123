import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fatalFinding } from '../lint-text.ts';
import { FileEnvironment } from './file-environment.ts';
import { lintFile, toResult, type LintedFile } from './lint-file.ts';
import type { EngineOptions } from './types.ts';

/** A linted file, and whether linting it threw (a bug in lanes). */
export type LintOutcome = LintedFile & { crashed?: true };

/** Below this many files, the main thread alone is faster than starting workers (each loads the parser anew). */
const minFilesForWorkers = 8;

/** Files handed to a worker at a time: small enough to balance the load, large enough to keep messages few. */
const chunkSize = 4;

// Parsing markdown allocates a great deal of short-lived memory; a larger young generation than V8's default
// halves the time spent in the scavenger (about a third faster overall on 10 KB plans).
const youngGenerationMb = 96;

/** Lints one file; an exception (a bug in lanes, never the plan's fault) becomes a fatal message that says so. */
export function lintFileSafely(path: string, env: FileEnvironment): LintOutcome {
  try {
    return lintFile(path, env);
  } catch (error) {
    const message = `Internal error while linting this file (a bug in lanes; please report it with the file): ${(error as Error).message}`;
    return { result: toResult(path, [fatalFinding(message)], []), hash: '', deps: {}, crashed: true };
  }
}

/** How many worker threads lint `count` files; 0 means the main thread lints them. */
export function workerCount(count: number, options: EngineOptions): number {
  if (options.workers !== undefined) return Math.max(0, Math.min(options.workers, count));
  // Workers run `dist/engine/worker.js`; from sources (tests) there is none.
  if (!import.meta.url.endsWith('.js') || count < minFilesForWorkers) return 0;
  return Math.min(availableParallelism(), Math.ceil(count / chunkSize));
}

/** Lints files (absolute paths), in worker threads when there are enough of them; results in the order given. */
export async function lintMany(paths: readonly string[], options: EngineOptions): Promise<LintOutcome[]> {
  const workers = workerCount(paths.length, options);
  if (workers === 0) {
    const env = new FileEnvironment(options);
    return paths.map((p) => lintFileSafely(p, env));
  }
  const results: LintOutcome[] = new Array<LintOutcome>(paths.length);
  let next = 0;
  const run = (): Promise<void> =>
    new Promise((done, fail) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { options },
        resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
      });
      worker.on('message', (batch: { index: number; file: LintOutcome }[]) => {
        for (const { index, file } of batch) results[index] = file;
        const job = paths.slice(next, next + chunkSize).map((path, k) => ({ index: next + k, path }));
        next += job.length;
        worker.postMessage(job);
      });
      worker.once('error', (error) => {
        fail(new Error('a lint worker failed', { cause: error }));
      });
      worker.once('exit', () => {
        done();
      });
    });
  await Promise.all(Array.from({ length: workers }, run));
  return results;
}
