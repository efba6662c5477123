// This file is also the lean entry of `bin/lanes.js` for `lanes guard`, which runs on every commit: built
// into one file with the guard it loads (dist/guard-hook.js), without commander (used through the `program`
// it is given) and without the markdown parser.
import type { Command } from 'commander';
import { hookAgents, hookAnswer, type HookAgent } from '@lanes/guard/agent-hooks';
import type { GuardRecord } from '@lanes/guard/records';
import { processIo, UsageError, type Io } from '../io.ts';

/** The options of `lanes guard`. */
export interface GuardCommandOptions {
  plan?: string;
  session?: string;
  json?: boolean;
  claudeHook?: boolean;
  /** `--hook <agent>`: answer that agent's pre-tool hook (`--claude-hook` is `--hook claude`). */
  hook?: string;
  prepareCommitMsg?: string;
  /** Git's other arguments to `prepare-commit-msg` (the message's source, and `HEAD` for `--amend`). */
  gitArgs?: string[];
  /**
   * The hook lines pipe the staged diff in (`stagedDiffPipe`); `bin/lanes.js` reads it before the guard loads. Without
   * that (any other way in), the guard runs the diff itself.
   */
  stagedFromStdin?: boolean;
}

/** Runs `lanes guard` with parsed options and returns its exit code; never throws (the guard fails closed). */
export async function guardCommand(options: GuardCommandOptions, io: Io): Promise<number> {
  const agent = options.hook ?? (options.claudeHook ? 'claude' : undefined);
  if (agent !== undefined) return agentHook(agent, options, io);
  try {
    const { guardReportText, prepareCommitMessage, runGuard } = await import('@lanes/guard/hook');
    if (options.prepareCommitMsg !== undefined) {
      const [source, sourceCommit] = options.gitArgs ?? [];
      await prepareCommitMessage({
        cwd: io.cwd,
        env: io.env,
        file: options.prepareCommitMsg,
        ...pick(options),
        ...(source ? { source } : {}),
        ...(sourceCommit ? { sourceCommit } : {}),
      });
      return 0;
    }
    const report = await runGuard({ cwd: io.cwd, env: io.env, ...pick(options), allPaths: options.json ?? false });
    if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stderr(await guardReportText(report));
    return report.exitCode; // runGuard has recorded a block where the dispatch runner reads it
  } catch (error) {
    io.stderr(`lanes guard: the guard failed, so the commit is blocked: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/**
 * `lanes guard --hook <agent>`: the agent's pre-tool hook. Prints its answer in the agent's own form and returns
 * the exit status; every failure, its own included, is a refusal in that form (for copilot, never a non-zero exit).
 */
async function agentHook(name: string, options: GuardCommandOptions, io: Io): Promise<number> {
  const agent = (hookAgents as readonly string[]).includes(name) ? (name as HookAgent) : null;
  let reason: string | null;
  let toolInput: Record<string, unknown> | undefined;
  if (agent === null) {
    // Unknown to us: no agent form to answer in, so the one every agent reads as a refusal or an error.
    io.stderr(`lanes guard: --hook takes one of ${hookAgents.join(', ')}, not ${JSON.stringify(name)}; the edit is refused\n`);
    return 2;
  }
  try {
    const { runAgentHook } = await import('@lanes/guard/hook');
    const decision = await runAgentHook({ agent, input: await io.readStdin(), env: io.env, cwd: io.cwd, ...pick(options) });
    reason = decision.exitCode === 0 ? null : decision.message;
    toolInput = decision.toolInput;
    if (decision.refused !== undefined) {
      const { session, path, owner } = decision.refused;
      await record(io, { kind: 'refused-edit', session, paths: [{ path, owner }], time: new Date().toISOString(), reason: decision.message.trim() });
    }
    if (decision.blocked !== undefined) {
      await record(io, { kind: 'blocked-commit', session: decision.blocked.session, paths: decision.blocked.paths, time: new Date().toISOString(), reason: decision.blocked.reason });
    }
  } catch (error) {
    reason = `lanes: the lane check failed (${error instanceof Error ? error.message : String(error)}), so the edit is refused; run \`lanes doctor\` in the repository\n`;
  }
  const answer = hookAnswer(agent, reason, toolInput);
  if (answer.stdout !== '') io.stdout(answer.stdout);
  if (answer.stderr !== '') io.stderr(answer.stderr);
  return answer.exitCode;
}

/** Leaves a record of a refusal where the dispatch runner reads it; a record that cannot be written changes no decision. */
async function record(io: Io, entry: GuardRecord): Promise<void> {
  try {
    const [{ appendGuardRecord }, { gitCommonDir }] = await Promise.all([import('@lanes/guard/records'), import('@lanes/repo')]);
    appendGuardRecord(gitCommonDir(io.cwd), entry);
  } catch {
    // not in a repository, or a read-only git dir: the refusal itself stands
  }
}

function pick(options: GuardCommandOptions): { plan?: string; session?: string } {
  return {
    ...(options.plan === undefined ? {} : { plan: options.plan }),
    ...(options.session === undefined ? {} : { session: options.session }),
  };
}

/**
 * Parses `lanes guard` arguments without commander, for the lean entry; null when they need the full CLI
 * (help, an unknown option, a missing value), which then reports them.
 */
export function parseGuardArgs(argv: readonly string[]): GuardCommandOptions | null {
  const options: GuardCommandOptions = {};
  const valued = { '--plan': 'plan', '--session': 'session', '--prepare-commit-msg': 'prepareCommitMsg', '--hook': 'hook' } as const;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      // `lanes guard --prepare-commit-msg "$@"`: the message file, then git's source and commit arguments.
      if (options.prepareCommitMsg === undefined || (options.gitArgs?.length ?? 0) >= 2) return null;
      (options.gitArgs ??= []).push(arg);
    } else if (arg === '--json') options.json = true;
    else if (arg === '--staged-from-stdin') options.stagedFromStdin = true;
    else if (arg === '--claude-hook') options.claudeHook = true;
    else {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (!(name in valued)) return null;
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) return null;
      options[valued[name as keyof typeof valued]] = value;
    }
  }
  return options;
}

/** The lean entry: runs `lanes guard <argv>`, or returns null when the full CLI must parse the arguments. */
export async function runGuardEntry(argv: readonly string[], io: Io = processIo()): Promise<number | null> {
  const options = parseGuardArgs(argv);
  if (options === null) return null;
  return guardCommand(options, io);
}

/** `lanes guard`: the pre-commit check of the staged changes against the plan's lanes. */
export function registerGuard(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('guard')
    .description("Check the staged changes against the plan's lanes: the pre-commit hook")
    .option('--plan <file>', 'the plan file (default: LANES_PLAN, else the configured plan locations), read as committed at HEAD')
    .option('--session <id>', 'the committing session (default: LANES_SESSION, else the session whose Branch is the branch)')
    .option('--json', 'print the decision as JSON on stdout')
    .option('--hook <agent>', `act as an agent's pre-tool hook (${hookAgents.join(', ')}): read its JSON on stdin, refuse an edit outside the lane in that agent's form`)
    .option('--claude-hook', 'the same as --hook claude')
    .addOption(program.createOption('--prepare-commit-msg <file>', "add the Lanes-Session trailer to a commit message (husky's prepare-commit-msg)").hideHelp())
    .addOption(program.createOption('--staged-from-stdin', "read the staged diff the hook lines of `lanes init` pipe in (git's output, then its exit status)").hideHelp())
    .addHelpText(
      'after',
      '\nExit status: 0 the commit may go ahead, 1 it is blocked by the rules, 2 the guard fails closed (the plan, the\nsession or git cannot be read). LANES_OVERRIDE="<reason>" lets a blocked commit through and records it.',
    )
    .argument('[git-args...]', "with --prepare-commit-msg: git's other arguments to the hook (pass \"$@\")")
    .action(async (gitArgs: string[], options: GuardCommandOptions) => {
      if (gitArgs.length > 0 && options.prepareCommitMsg === undefined) throw new UsageError(`unexpected argument ${gitArgs[0]!}; lanes guard takes paths only from git, with --prepare-commit-msg`);
      exit(await guardCommand({ ...options, ...(gitArgs.length > 0 ? { gitArgs } : {}) }, io));
    });
}
