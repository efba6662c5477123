// The lean entry of the hooks (`lanes guard` on every commit): it loads the pattern engine and git
// plumbing only; the markdown parser is imported on demand, when a plan is not in the cache yet.
export { runClaudeHook, type ClaudeHookDecision } from './claude-hook.ts';
export { formatGuardText, type GuardReport, type PathReport } from './guard-report.ts';
export { prepareCommitMessage, type PrepareMessageOptions } from './prepare-commit-message.ts';
export { runGuard, type GuardOptions } from './run-guard.ts';
