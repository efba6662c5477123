// The lean entry of the hooks (`lanes guard` on every commit): it loads the pattern engine and git
// plumbing only; the markdown parser is imported on demand, when a plan is not in the cache yet, and the
// Claude Code hook and the trailer writer only when they are asked for.
import type { ClaudeHookDecision } from './claude-hook.ts';
import type { PrepareMessageOptions } from './prepare-commit-message.ts';

export { formatGuardText, type GuardReport, type PathReport } from './guard-report.ts';
export { runGuard, type GuardOptions } from './run-guard.ts';
export type { ClaudeHookDecision, PrepareMessageOptions };

/** `runClaudeHook` of `claude-hook.ts`, loaded when called. */
export async function runClaudeHook(options: Parameters<typeof import('./claude-hook.ts').runClaudeHook>[0]): Promise<ClaudeHookDecision> {
  return (await import('./claude-hook.ts')).runClaudeHook(options);
}

/** `prepareCommitMessage` of `prepare-commit-message.ts`, loaded when called. */
export async function prepareCommitMessage(options: PrepareMessageOptions): Promise<string[]> {
  return (await import('./prepare-commit-message.ts')).prepareCommitMessage(options);
}
