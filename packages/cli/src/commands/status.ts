import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes status`: being written in this session; replaced by its owner. */
export function registerStatus(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('status').action(() => {
    throw new UsageError('status is not built yet');
  });
}
