import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes check`: being written in this session; replaced by its owner. */
export function registerCheck(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('check').action(() => {
    throw new UsageError('check is not built yet');
  });
}
