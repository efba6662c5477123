import type { Command } from 'commander';
import { formatStatus, readRunStatus } from '@lanes/dispatch';
import type { Io } from '../io.ts';
import { resolvePlanPath, rootOf } from './plan-target.ts';

/** `lanes status [plan]`: the live state of a plan's dispatch, from its state file (works from any terminal). */
export function registerStatus(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('status')
    .description("Show the state of a plan's dispatch: each session's status, time, cost, pid and reason")
    .argument('[plan]', 'the plan (default: LANES_PLAN, else the one plan under the configured locations)')
    .option('--json', 'print the state file with liveness')
    .addHelpText('after', '\nExit status: 0 the plan has a dispatch state; 1 it was never dispatched; 2 usage.')
    .action((planArg: string | undefined, flags: { json?: boolean }) => {
      const root = rootOf(io);
      const planPath = resolvePlanPath(io, root, planArg);
      const status = readRunStatus(root, planPath);
      if (status === null) {
        io.stdout(flags.json ? 'null\n' : `${planPath} has not been dispatched here (no .lanes/dispatch state)\n`);
        exit(1);
        return;
      }
      io.stdout(flags.json ? `${JSON.stringify({ ...status.state, runnerAlive: status.runnerAlive, alive: status.alive }, null, 2)}\n` : formatStatus(status));
      exit(0);
    });
}
