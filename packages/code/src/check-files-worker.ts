import { parentPort, workerData } from 'node:worker_threads';
import { lintFiles, type CheckJob } from './check-files.ts';

// A worker thread of `lintCode`: lints the files of its job and posts the reads back.
parentPort!.postMessage(lintFiles(workerData as CheckJob));
