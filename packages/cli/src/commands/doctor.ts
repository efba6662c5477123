import type { Command } from 'commander';
import { diagnose, ensureHooks, formatDoctor, HookInstallError } from '@lanes/guard';
import { UsageError, type Io } from '../io.ts';

/** `lanes doctor [--fix]`: are the guard's hooks active in this worktree, is the plan usable, who is this session. */
export function registerDoctor(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('doctor')
    .description('Check this worktree: the guard hooks really active, the plan found and usable, who this session is')
    .option('--fix', "make the guard's hooks active in this worktree (installs what is missing, chains to existing hooks)")
    .option('--plan <file>', 'the plan file (default: LANES_PLAN, else the configured plan locations)')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', '\nExit status: 0 no gap, 1 a gap (each comes with its fix), 2 usage.')
    .action(async (options: { fix?: boolean; plan?: string; json?: boolean }) => {
      const plan = options.plan === undefined ? {} : { plan: options.plan };
      if (options.fix) {
        const first = await diagnose({ cwd: io.cwd, env: io.env, ...plan });
        if (first.worktree === null) throw new UsageError(`${first.checks[0]!.detail}; ${first.checks[0]!.fix ?? ''}`);
        try {
          const { installed } = ensureHooks(first.worktree, { env: io.env });
          if (!options.json) io.stdout(installed.length === 0 ? 'hooks: nothing to install\n' : `hooks: installed ${installed.join(', ')}\n`);
        } catch (error) {
          if (!(error instanceof HookInstallError)) throw error;
          io.stderr(`lanes doctor: ${error.message}\n`);
        }
      }
      const report = await diagnose({ cwd: io.cwd, env: io.env, ...plan });
      io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
      exit(report.ok ? 0 : 1);
    });
}
