// The lean entry of the hooks (`lanes guard` on every commit): it loads the pattern engine and git
// plumbing only; the markdown parser is imported on demand, when a plan is not in the cache yet, and the
// Claude Code hook and the trailer writer only when they are asked for.
import type { ClaudeHookDecision } from './claude-hook.ts';
import type { GuardReport } from './guard-report.ts';
import type { PrepareMessageOptions } from './prepare-commit-message.ts';

export type { GuardReport, PathReport } from './guard-report.ts';
export { runGuard, type GuardOptions } from './run-guard.ts';
export type { ClaudeHookDecision, PrepareMessageOptions };

/** The report as plain text (`formatGuardText`), the formatting loaded only when there is something to say. */
export async function guardReportText(report: GuardReport): Promise<string> {
  if (report.decision === 'allowed' && report.override === null && report.warnings.length === 0) return '';
  return (await import('./format-guard-report.ts')).formatGuardText(report);
}

/** `runClaudeHook` of `claude-hook.ts`, loaded when called. */
export async function runClaudeHook(options: Parameters<typeof import('./claude-hook.ts').runClaudeHook>[0]): Promise<ClaudeHookDecision> {
  return (await import('./claude-hook.ts')).runClaudeHook(options);
}

/** `runAgentHook` of `claude-hook.ts` (any agent's pre-tool hook), loaded when called. */
export async function runAgentHook(options: Parameters<typeof import('./claude-hook.ts').runAgentHook>[0]): Promise<ClaudeHookDecision> {
  return (await import('./claude-hook.ts')).runAgentHook(options);
}

/** `prepareCommitMessage` of `prepare-commit-message.ts`, loaded when called. */
export async function prepareCommitMessage(options: PrepareMessageOptions): Promise<string[]> {
  return (await import('./prepare-commit-message.ts')).prepareCommitMessage(options);
}
