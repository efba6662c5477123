import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes guard`: being written in this session; replaced by its owner. */
export function registerGuard(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('guard').action(() => {
    throw new UsageError('guard is not built yet');
  });
}
