import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes lint`: being written in this session; replaced by its owner. */
export function registerLint(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('lint').action(() => {
    throw new UsageError('lint is not built yet');
  });
}
