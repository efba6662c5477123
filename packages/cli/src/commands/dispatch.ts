import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes dispatch`: being written in this session; replaced by its owner. */
export function registerDispatch(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('dispatch').action(() => {
    throw new UsageError('dispatch is not built yet');
  });
}
