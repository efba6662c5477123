import { Command, CommanderError } from 'commander';
import { ConfigError } from '@lanes/repo';
import { registerPlan } from './commands/plan.ts';
import { registerLint } from './commands/lint.ts';
import { registerGuard } from './commands/guard.ts';
import { registerCheck } from './commands/check.ts';
import { registerExplain } from './commands/explain.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerDispatch } from './commands/dispatch.ts';
import { registerStatus } from './commands/status.ts';
import { registerStop } from './commands/stop.ts';
import { processIo, UsageError, type Io } from './io.ts';

/** Adds one command to the program; its action resolves to the exit code. */
export type CommandRegistrar = (program: Command, io: Io, exit: (code: number) => void) => void;

const registrars: CommandRegistrar[] = [
  registerPlan,
  registerLint,
  registerGuard,
  registerCheck,
  registerExplain,
  registerDoctor,
  registerDispatch,
  registerStatus,
  registerStop,
];

/** Runs `lanes` with the given arguments and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = new Command('lanes')
    .description('Plan-driven lanes for parallel AI coding-agent sessions: lint the plan, guard commits, dispatch sessions')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of registrars) {
    register(program, io, (c) => {
      code = c;
    });
  }
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`lanes: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
