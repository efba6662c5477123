import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes stop`: being written in this session; replaced by its owner. */
export function registerStop(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('stop').action(() => {
    throw new UsageError('stop is not built yet');
  });
}
