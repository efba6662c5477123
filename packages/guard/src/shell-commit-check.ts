import type { AgentHookOptions, ClaudeHookDecision } from './claude-hook.ts';
import { formatGuardText } from './format-guard-report.ts';
import { runGuard } from './run-guard.ts';
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
    const paths = report.paths.map((p) => ({ path: p.path, owner: p.owner?.session ?? null }));
    return { exitCode: 2, message: `lanes: this command commits, and the guard blocks a commit of what is staged:\n${formatGuardText(report)}`, blocked: { session, paths, reason: report.reason } };
  }
  if (verdict.kind === 'check-staged' || session === null) return allow;
  const message = [
    `lanes: ${session} may not run this command: ${verdict.why}. `,
    'Gemini runs git with its hooks off, so Lanes checks a commit before the command runs: ',
    'stage your files with `git add` in one command, then run `git commit -m "…"` (no -a, no paths) in the next\n',
  ].join('');
  return { exitCode: 2, message, blocked: { session, paths: [], reason: message.trim() } };
}
