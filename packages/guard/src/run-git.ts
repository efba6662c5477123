import { spawnSync } from 'node:child_process';

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
