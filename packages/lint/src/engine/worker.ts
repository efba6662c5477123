import { parentPort, workerData } from 'node:worker_threads';
import { FileEnvironment } from './file-environment.ts';
import { lintFileSafely } from './lint-many.ts';
import type { EngineOptions } from './types.ts';

// A worker thread of `lanes lint`: lints the files it is given with its own view of the repository and
// posts the results back in the same order.
const { options, files } = workerData as { options: EngineOptions; files: string[] };
const env = new FileEnvironment(options);
parentPort!.postMessage(files.map((file) => lintFileSafely(file, env)));
