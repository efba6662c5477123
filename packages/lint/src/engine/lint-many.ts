import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fatalFinding } from '../lint-text.ts';
import { FileEnvironment } from './file-environment.ts';
import { lintFile, toResult, type LintedFile } from './lint-file.ts';
import type { EngineOptions } from './types.ts';

/** Below this many files, one thread is faster than starting workers (each loads the parser anew). */
const filesPerWorker = 12;

/** Lints one file; an exception (a bug in lanes, never the plan's fault) becomes a fatal message that says so. */
export function lintFileSafely(path: string, env: FileEnvironment): LintedFile & { crashed?: true } {
  try {
    return lintFile(path, env);
  } catch (error) {
    const message = `Internal error while linting this file (a bug in lanes; please report it with the file): ${(error as Error).message}`;
    return { result: toResult(path, [fatalFinding(message)], []), hash: '', deps: {}, crashed: true };
  }
}

/** How many worker threads to use for `count` files besides the main thread. */
export function workerCount(count: number, options: EngineOptions): number {
  if (options.workers !== undefined) return Math.max(0, Math.min(options.workers, count - 1));
  // Workers run `dist/engine/worker.js`; from sources (tests) there is none.
  if (!import.meta.url.endsWith('.js')) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1, Math.floor(count / filesPerWorker) - 1));
}

/** Lints files (absolute paths) in the main thread and in worker threads, in the order given. */
export async function lintMany(paths: readonly string[], options: EngineOptions): Promise<(LintedFile & { crashed?: true })[]> {
  const workers = workerCount(paths.length, options);
  if (workers === 0) {
    const env = new FileEnvironment(options);
    return paths.map((p) => lintFileSafely(p, env));
  }
  // Interleaved shares: plans of one folder tend to be alike in size, so each thread gets a similar load.
  const shares = Array.from({ length: workers + 1 }, (_, k) => paths.filter((_p, i) => i % (workers + 1) === k));
  const pending = shares.slice(1).map(
    (files) =>
      new Promise<(LintedFile & { crashed?: true })[]>((done, fail) => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { options, files } });
        worker.once('message', (results: (LintedFile & { crashed?: true })[]) => {
          done(results);
          void worker.terminate();
        });
        worker.once('error', (error) => {
          fail(new Error('a lint worker failed', { cause: error }));
        });
      }),
  );
  const env = new FileEnvironment(options);
  const own = shares[0]!.map((p) => lintFileSafely(p, env));
  const others = await Promise.all(pending);
  const all = [own, ...others];
  return paths.map((_p, i) => all[i % (workers + 1)]![Math.floor(i / (workers + 1))]!);
}
