export { checkRange, CheckRangeError, type CommitReport, type RangeOptions, type RangeReport } from './check-range.ts';
export { runAgentHook, runClaudeHook, type AgentHookOptions, type ClaudeHookDecision } from './claude-hook.ts';
export { hookAgents, hookAnswer, patchTargets, toolWrites, type EditChange, type HookAgent, type HookAnswer, type ToolWrites, type WriteTarget } from './agent-hook-payload.ts';
export { compileParsedPlan, compilePlan } from './compile-plan.ts';
export type { CompiledPattern, CompiledPlan, CompiledRegistryRow, CompiledSession, PlanFinding } from './compiled-plan.ts';
export { diagnose, formatDoctor, type DoctorCheck, type DoctorReport } from './diagnose.ts';
export {
  emptyMessageCheck,
  ensureHooks,
  hookMarker,
  hookScript,
  HookInstallError,
  inspectHooks,
  optionalHooks,
  requiredHooks,
  type EnsureHooksOptions,
  type HookLayout,
  type HookStatus,
} from './ensure-hooks.ts';
export { explainPaths, formatExplanation, type DecidingLine, type Explanation, type ExplainOptions, type PathOwnership } from './explain-paths.ts';
export { formatRangeGithub, formatRangeText } from './format-range.ts';
export { GuardConfigError } from './guard-config.ts';
export { appendGuardRecord, guardRecordsDir, readGuardRecords, type GuardRecord } from './guard-record.ts';
export { formatGuardText } from './format-guard-report.ts';
export { listedPaths, type GuardReport, type PathReport } from './guard-report.ts';
export type { IdentitySource } from './identity.ts';
export type { PatternOwner } from './judge-changes.ts';
export { overrideLogPath, type OverrideEntry } from './override-log.ts';
export { checkOwnRowChange, type OwnRowContext } from './own-row-rule.ts';
export { prepareCommitMessage, type PrepareMessageOptions } from './prepare-commit-message.ts';
export type { ChangeKind, FileChange } from './raw-diff.ts';
export { runGuard, type GuardOptions } from './run-guard.ts';
export { computeStamp, readStamp, sessionKeyForm, sessionTrailer, stampTrailer, verifyStamp, worktreeSessionFile } from './stamp.ts';
export { readWorktreeSession } from './worktree-session.ts';
export { GitFailure } from './run-git.ts';
