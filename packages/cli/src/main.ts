import { Command, CommanderError } from 'commander';
import { ConfigError } from '@lanes/repo';
import { processIo, UsageError, type Io } from './io.ts';

/** Adds one command to the program; its action resolves to the exit code. */
export type CommandRegistrar = (program: Command, io: Io, exit: (code: number) => void) => void;

// Each command's module is loaded only when it runs (or for the full help): a command pays for its own
// imports only, so `lanes status` does not load the linter and `lanes --help` stays quick to show.
const commands: Record<string, () => Promise<CommandRegistrar>> = {
  init: async () => (await import('./commands/init.ts')).registerInit,
  plan: async () => (await import('./commands/plan.ts')).registerPlan,
  lint: async () => (await import('./commands/lint.ts')).registerLint,
  guard: async () => (await import('./commands/guard.ts')).registerGuard,
  check: async () => (await import('./commands/check.ts')).registerCheck,
  explain: async () => (await import('./commands/explain.ts')).registerExplain,
  doctor: async () => (await import('./commands/doctor.ts')).registerDoctor,
  dispatch: async () => (await import('./commands/dispatch.ts')).registerDispatch,
  status: async () => (await import('./commands/status.ts')).registerStatus,
  stop: async () => (await import('./commands/stop.ts')).registerStop,
};

/** The registrars a command line needs: its command's alone, or all of them for help and mistakes. */
async function registrarsFor(argv: readonly string[]): Promise<CommandRegistrar[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const load = name === undefined ? undefined : commands[name];
  if (load && name !== 'help') return [await load()];
  return Promise.all(Object.values(commands).map((l) => l()));
}

/** Runs `lanes` with the given arguments and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = new Command('lanes')
    .description('Plan-driven lanes for parallel AI coding-agent sessions: lint the plan, guard commits, dispatch sessions')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of await registrarsFor(argv)) {
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
