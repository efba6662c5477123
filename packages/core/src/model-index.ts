// `@lanes/core/model`: the plan model's types and the pure functions over it, for code that gets a parsed
// plan (or its JSON) and never parses markdown. Nothing here may import parse-plan.ts: that loads unified,
// micromark and yaml; model-index.test.ts checks it.
export type {
  FieldSource,
  FrontMatter,
  IssueRow,
  LaunchMode,
  LiteralPrompt,
  PatternRef,
  PhaseRow,
  Plan,
  PlanHeader,
  Point,
  PatternErrorKind,
  Problem,
  ProblemCode,
  ProblemData,
  ProblemKinds,
  ProblemOf,
  ProjectRow,
  Registry,
  RegistryRow,
  RelatedPlace,
  RunBlock,
  Section,
  Session,
  Severity,
  Sourced,
  Span,
} from './model.ts';
export { registryStatuses } from './model.ts';
export { agentIdOf, isLaunchableAgent, launchableAgents, ownBranch, readWorktree } from './agents.ts';
export { planToJson, type PlanJson } from './plan-json.ts';
export { dependentsOf, findDependencyCycles, planBatches, scheduleWaves, type Batch } from './schedule.ts';
export {
  batchOfPhase,
  inlineText,
  isBranchName,
  isEmptyValue,
  launchModeByExecMode,
  launchModeFor,
  launchModes,
  parseCost,
  parseDuration,
  parseExecMode,
  parseIssueRef,
  parseLaunchMode,
  parsePositiveInt,
  splitList,
} from './values.ts';
