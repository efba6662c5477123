import { spawnSync } from 'node:child_process';
import type { AgentHookOptions, ClaudeHookDecision } from './claude-hook.ts';
import { formatGuardText } from './format-guard-report.ts';
import { runGuard } from './run-guard.ts';
import { gitEnvOf } from './run-git.ts';
import { judgeShellCommits, type ShellCommit } from './shell-commits.ts';

const allow: ClaudeHookDecision = { exitCode: 0, message: '' };

/**
 * A shell command that commits, from an agent whose shell turns git's hooks off (gemini): the pre-commit check
 * (`runGuard`) of what is staged, run before the command does. A commit the guard blocks is refused with the
 * guard's own report; a session's command that commits in a form the staged changes cannot speak for
 * (`judgeShellCommits`) is refused with why. Nobody's commit is let through as the pre-commit hook would.
 */
export async function decideShellCommits(commands: readonly ShellCommit[], cwd: string, options: AgentHookOptions): Promise<ClaudeHookDecision> {
  const verdict = judgeShellCommits(commands);
  if (verdict.kind === 'none') return allow;
  const report = await runGuard({
    cwd,
    env: options.env,
    ...(options.plan === undefined ? {} : { plan: options.plan }),
    ...(options.session === undefined ? {} : { session: options.session }),
  });
  const session = report.session;
  if (report.exitCode !== 0) {
    // `runGuard` has recorded the blocked commit itself, as it does for the pre-commit hook: no second record.
    return { exitCode: 2, message: `lanes: this command commits, and the guard blocks a commit of what is staged:\n${formatGuardText(report)}` };
  }
  if (verdict.kind === 'check-staged' || session === null) return allow;
  const message = [
    `lanes: ${session} may not run this command: ${verdict.why}. `,
    'Gemini runs git with its hooks off, so Lanes checks a commit before the command runs: ',
    'stage your files with `git add` in one command, then run `git commit -m "…"` (no -a, no paths) in the next\n',
  ].join('');
  return { exitCode: 2, message, blocked: { session, paths: [], reason: message.trim() } };
}

const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The line put before a gemini shell command so that git runs the repository's own hooks in it again: gemini
 * gives its shell `core.hooksPath=""` through GIT_CONFIG_COUNT/KEY/VALUE, and a `-c` setting (which git keeps in
 * GIT_CONFIG_PARAMETERS, as `'key'='value'`) wins over those (git 2.39). Every git the command starts, however it
 * is reached, then runs the guard's pre-commit and the session's trailer. Null outside a repository.
 */
export function gitHooksPrefix(cwd: string, env: NodeJS.ProcessEnv): string | null {
  // `--git-path hooks` is core.hooksPath when set (a relative one from the top of the worktree), else <common dir>/hooks.
  const r = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], { cwd, env: gitEnvOf(env), encoding: 'utf8' });
  if (r.status !== 0) return null;
  return `export GIT_CONFIG_PARAMETERS=${sq(`'core.hookspath'=${sq(r.stdout.replace(/\n$/, ''))}`)}\n`;
}
