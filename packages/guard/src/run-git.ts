import { spawn, spawnSync } from 'node:child_process';

/** What git printed, as raw bytes, and how it ended. */
export interface GitOutput {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Where and how to run git. The environment is passed through: hooks get `GIT_INDEX_FILE` from git. */
export interface GitCall {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input?: string | Buffer;
}

/**
 * The settings of git's environment that change what every pathspec matches (`GIT_LITERAL_PATHSPECS` aside,
 * which the guard's own `--literal-pathspecs` agrees with): git refuses `--literal-pathspecs` beside them.
 */
export const pathspecMagicVars = ['GIT_ICASE_PATHSPECS', 'GIT_GLOB_PATHSPECS', 'GIT_NOGLOB_PATHSPECS'] as const;

/**
 * The environment for the guard's own git reads: the user's, without `pathspecMagicVars`, and with replace refs
 * off (`GIT_NO_REPLACE_OBJECTS`): a `git replace` in the repository, which any process that can write the git dir
 * can add, would otherwise change the trees, plans and diffs the guard reads.
 */
export function gitEnvOf(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = pathspecMagicVars.some((name) => env[name] !== undefined)
    ? Object.fromEntries(Object.entries(env).filter(([name]) => !(pathspecMagicVars as readonly string[]).includes(name)))
    : { ...env };
  own.GIT_NO_REPLACE_OBJECTS = '1';
  return own;
}

/** A git command that could not run or failed; the guard fails closed on it. */
export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly status: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim().split('\n')[0] || 'no message'}`);
    this.name = 'GitFailure';
  }
}

/** Runs git and returns its raw output whatever its exit status; throws `GitFailure` when git cannot start. */
export function runGitBytes(args: readonly string[], call: GitCall): GitOutput {
  const result = spawnSync('git', args, {
    cwd: call.cwd,
    env: call.env,
    input: call.input,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.error) throw new GitFailure(args, -1, result.error.message);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** Runs git and returns its stdout as raw bytes; throws `GitFailure` on a non-zero exit. */
export function gitBytes(args: readonly string[], call: GitCall): Buffer {
  const result = runGitBytes(args, call);
  if (result.status !== 0) throw new GitFailure(args, result.status, result.stderr);
  return result.stdout;
}

/** Runs git and returns its stdout as text; throws `GitFailure` on a non-zero exit. */
export function gitText(args: readonly string[], call: GitCall): string {
  return gitBytes(args, call).toString('utf8');
}

/**
 * Starts git without waiting for it: the guard starts its reads before the rest of it loads, so that git
 * works while node compiles modules. `cancel` ends a read that turned out not to be needed.
 */
export function spawnGit(
  args: readonly string[],
  call: GitCall,
  /** Takes stdout as it comes instead (the result's `stdout` is then empty). */
  onStdout?: (chunk: Buffer) => void,
  /** `ignore`: no pipe for git's messages (each pipe costs the spawn time); the result's `stderr` is then empty. */
  stderr: 'pipe' | 'ignore' = 'pipe',
): { result: Promise<GitOutput>; cancel: () => void } {
  const child = spawn('git', args, { cwd: call.cwd, env: call.env, stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', stderr] });
  const result = new Promise<GitOutput>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', onStdout ?? ((chunk: Buffer) => out.push(chunk)));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      resolve({ status: -1, stdout: Buffer.alloc(0), stderr: error.message });
    });
    child.on('close', (code) => {
      resolve({ status: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  if (call.input !== undefined) child.stdin?.end(call.input);
  return {
    result,
    cancel: () => {
      child.kill();
    },
  };
}
