import { parentPort, workerData } from 'node:worker_threads';
import { FileEnvironment } from './file-environment.ts';
import { lintFileSafely } from './lint-many.ts';
import type { EngineOptions } from './types.ts';

// A worker thread of `lanes lint`: asks for files, lints them with its own view of the repository and
// posts the results back with their indexes, until it is told there are no more (an empty list).
const { options } = workerData as { options: EngineOptions };
const env = new FileEnvironment(options);
const port = parentPort!;
port.on('message', (job: { index: number; path: string }[]) => {
  if (job.length === 0) {
    port.close();
    return;
  }
  port.postMessage(job.map(({ index, path }) => ({ index, file: lintFileSafely(path, env) })));
});
port.postMessage([]);
