import type { Command } from 'commander';
import { UsageError, type Io } from '../io.ts';

/** `lanes explain`: being written in this session; replaced by its owner. */
export function registerExplain(program: Command, _io: Io, _exit: (code: number) => void): void {
  program.command('explain').action(() => {
    throw new UsageError('explain is not built yet');
  });
}
