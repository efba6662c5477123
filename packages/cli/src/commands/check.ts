import type { Command } from 'commander';
import { checkRange, CheckRangeError, formatRangeGithub, formatRangeText, GuardConfigError, GitFailure } from '@lanes/guard';
import { UsageError, type Io } from '../io.ts';

interface CheckOptions {
  range: string;
  session?: string;
  branch?: string;
  exclude: string[];
  plan?: string;
  allowOverrides?: boolean;
  format: string;
}

/** `lanes check --range A..B`: the backstop of the hooks, for CI. */
export function registerCheck(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('check')
    .description('Check every commit of a range against the plan as it is at the range start: the CI backstop of the hooks')
    .requiredOption('--range <A..B>', 'the commits to check, such as origin/main..HEAD; the rules are the plan at A')
    .option('--session <id>', 'judge every commit as this session, whatever its trailer says (the runner\'s registry commits, recognised by their content, excepted)')
    .option('--branch <name>', 'without --session: the branch of the range (default: the ref B names); every commit on a session\'s Branch is that session\'s')
    .option('--exclude <rev>', 'leave out the commits reachable from rev, such as another session\'s branch this one merged (repeatable)', (rev: string, all: string[]) => [...all, rev], [])
    .option('--plan <file>', 'one plan file instead of the configured plan locations')
    .option('--allow-overrides', 'accept commits with a Lanes-Override trailer instead of failing')
    .option('--format <format>', 'text, json or github (annotations)', 'text')
    .addHelpText('after', '\nExit status: 0 every commit is in its lane, 1 a commit is not (or carries an override), 2 usage, or a commit\nwhose session or plan cannot be read.')
    .action(async (options: CheckOptions) => {
      if (!['text', 'json', 'github'].includes(options.format)) {
        throw new UsageError(`unknown --format ${options.format}; use text, json or github`);
      }
      let report;
      try {
        report = await checkRange({
          cwd: io.cwd,
          env: io.env,
          range: options.range,
          ...(options.session === undefined ? {} : { judgeAs: options.session }),
          exclude: options.exclude,
          ...(options.branch === undefined ? {} : { branch: options.branch }),
          ...(options.plan === undefined ? {} : { planPath: options.plan }),
          allowOverrides: options.allowOverrides ?? false,
        });
      } catch (error) {
        if (error instanceof CheckRangeError || error instanceof GuardConfigError || error instanceof GitFailure) throw new UsageError(error.message);
        throw error;
      }
      const allow = options.allowOverrides ?? false;
      if (options.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else io.stdout(options.format === 'github' ? formatRangeGithub(report, allow) : formatRangeText(report, allow));
      exit(report.exitCode);
    });
}
