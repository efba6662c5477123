import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
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

// The linting runs in child processes rather than worker threads because V8's flags are per process. Parsing
// markdown allocates a great deal of short-lived memory: a larger young generation than the default spends a
// third less time in the scavenger, and with one process per core, V8's own parallel GC threads only compete
// with the other processes (each about 15% faster with them off).
const childFlags = ['--max-semi-space-size=32', '--single-threaded-gc'];

/** Lints one file; an exception (a bug in lanes, never the plan's fault) becomes a fatal message that says so. */
export function lintFileSafely(path: string, env: FileEnvironment): LintOutcome {
  try {
    return lintFile(path, env);
  } catch (error) {
    const message = `Internal error while linting this file (a bug in lanes; please report it with the file): ${(error as Error).message}`;
    return { result: toResult(path, [fatalFinding(message)], []), hash: '', deps: {}, crashed: true };
  }
}

/** How many child processes lint `count` files; 0 means this process lints them. */
export function workerCount(count: number, options: EngineOptions): number {
  if (options.workers !== undefined) return Math.max(0, Math.min(options.workers, count));
  // Children run `dist/engine/lint-process.js`; from sources (tests) there is none.
  if (!import.meta.url.endsWith('.js') || count < minFilesForWorkers) return 0;
  return Math.min(availableParallelism(), Math.ceil(count / chunkSize));
}

/** Lints files (absolute paths), in child processes when there are enough of them; results in the order given. */
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
      const child = fork(fileURLToPath(new URL('./lint-process.js', import.meta.url)), [], {
        execArgv: childFlags,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.on('message', (batch: { index: number; file: LintOutcome }[]) => {
        for (const { index, file } of batch) results[index] = file;
        const job = paths.slice(next, next + chunkSize).map((path, k) => ({ index: next + k, path }));
        next += job.length;
        child.send(job);
      });
      child.once('error', (error) => {
        fail(new Error('a lint process failed', { cause: error }));
      });
      child.once('exit', (code, signal) => {
        if (code === 0) done();
        else fail(new Error(`a lint process ended with ${signal ?? `exit ${code}`}`));
      });
      child.send({ options });
    });
  await Promise.all(Array.from({ length: workers }, run));
  return results;
}
