import { FileEnvironment } from './file-environment.ts';
import { lintFileSafely } from './lint-many.ts';
import type { EngineOptions } from './types.ts';

// A child process of `lanes lint`: receives the options, then asks for files, lints them with its own view of
// the repository and sends the results back with their indexes, until it is sent an empty list.
let env: FileEnvironment | null = null;
process.on('message', (message: { options: EngineOptions } | { index: number; path: string }[]) => {
  if (!Array.isArray(message)) {
    env = new FileEnvironment(message.options);
    process.send!([]);
    return;
  }
  if (message.length === 0 || env === null) {
    process.disconnect();
    return;
  }
  const current = env;
  process.send!(message.map(({ index, path }) => ({ index, file: lintFileSafely(path, current) })));
});
