import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes doctor`: being written in this session; replaced by its owner. */
export function registerDoctor(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('doctor').action(() => {
    throw new UsageError('doctor is not built yet');
  });
}
