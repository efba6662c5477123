import type { Command } from 'commander';
import { parseDuration } from '@lanes/core';
import { readRunStatus, stopRun } from '@lanes/dispatch';
import { UsageError, type Io } from '../io.ts';
import { resolvePlanPath, rootOf } from './plan-target.ts';

/** `lanes stop [ID]`: stop one session, or the whole dispatch, from another terminal. */
export function registerStop(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('stop')
    .description('Stop one session of a running dispatch, or the whole run (its running sessions become Cancelled)')
    .argument('[id]', 'the session to stop (default: the whole run)')
    .option('--plan <file>', 'the plan (default: LANES_PLAN, else the one plan under the configured locations)')
    .option('--grace <duration>', 'when no runner is alive: wait this long after SIGINT and after SIGTERM', '10s')
    .option('--wait', 'wait until the runner has stopped the sessions')
    .addHelpText('after', '\nExit status: 0 stopped or asked the runner to stop; 1 nothing was running; 2 usage.')
    .action(async (id: string | undefined, flags: { plan?: string; grace: string; wait?: boolean }) => {
      const root = rootOf(io);
      const planPath = resolvePlanPath(io, root, flags.plan);
      const grace = parseDuration(flags.grace);
      if (grace === null) throw new UsageError(`--grace ${flags.grace} is not a duration; use such as 10s`);
      let outcome;
      try {
        outcome = await stopRun(root, planPath, id ?? null, { interruptMs: grace * 1000, terminateMs: grace * 1000 });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (outcome.how === 'nothing') {
        io.stdout(`nothing to stop: no session of ${planPath} is running${id ? ` as ${id}` : ''}\n`);
        exit(1);
        return;
      }
      if (outcome.how === 'stopped') {
        io.stdout(`no runner was alive; stopped ${outcome.sessions.join(', ')} and marked ${outcome.sessions.length === 1 ? 'it' : 'them'} Cancelled\n`);
        exit(0);
        return;
      }
      io.stdout(`asked the runner to stop ${id ?? 'the run'}${outcome.sessions.length > 0 ? ` (${outcome.sessions.join(', ')})` : ''}\n`);
      if (flags.wait) {
        for (;;) {
          const status = readRunStatus(root, planPath);
          const still = status === null ? [] : outcome.sessions.filter((s) => status.state.sessions[s]?.status === 'Active');
          if (still.length === 0 || status?.runnerAlive === false) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        io.stdout('stopped\n');
      }
      exit(0);
    });
}
