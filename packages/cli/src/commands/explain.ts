import type { Command } from 'commander';
import { explainPaths, formatExplanation, GitFailure, GuardConfigError } from '@lanes/guard';
import { UsageError, type Io } from '../io.ts';

/** `lanes explain <path>...`: which session owns each path, in which batch, by which pattern line. */
export function registerExplain(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('explain')
    .description('Say which session owns each path, in which batch, by which pattern line of the plan; or that nobody does')
    .argument('<path...>', 'paths, from the current directory')
    .option('--plan <file>', 'a plan file as it is on disk (default: the plans as committed at HEAD, as the guard reads them)')
    .option('--json', 'print the answer as JSON')
    .action(async (paths: string[], options: { plan?: string; json?: boolean }) => {
      let explanation;
      try {
        explanation = await explainPaths({ cwd: io.cwd, env: io.env, paths, ...(options.plan === undefined ? {} : { plan: options.plan }) });
      } catch (error) {
        if (error instanceof GuardConfigError || error instanceof GitFailure) throw new UsageError(error.message);
        throw error;
      }
      io.stdout(options.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
      exit(0);
    });
}
