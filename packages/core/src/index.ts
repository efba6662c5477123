export type {
  Batch,
} from './schedule.ts';
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
  Problem,
  ProblemCode,
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
export { compilePatternRefs, type CompiledPatterns } from './compile-pattern-refs.ts';
export { defaultPlanPatterns, LanesConfigError, parseLanesConfig, type LanesConfigField } from './lanes-config.ts';
export {
  describeSource,
  normalizeFieldName,
  parseMarkdown,
  parsePlan,
  sessionFieldNames,
  sessionIdPattern,
  splitStatus,
  type ParseOptions,
} from './parse-plan.ts';
export { planToJson, type PlanJson } from './plan-json.ts';
export { dependentsOf, findDependencyCycles, planBatches, scheduleWaves } from './schedule.ts';
export { SourceMap } from './source-map.ts';
export {
  batchOfPhase,
  inlineText,
  isEmptyValue,
  launchModeByExecMode,
  launchModeFor,
  launchModes,
  parseCost,
  parseDuration,
  parseExecMode,
  parseIssueRef,
  parseLaunchMode,
} from './values.ts';
export {
  createPatternSet,
  explainPath,
  findOverlap,
  matchesPattern,
  OwnershipIndex,
  parsePattern,
  patternCovers,
  setCovers,
  setMatches,
  type OwnershipPattern,
  type Overlap,
  type PatternResult,
  type PatternSet,
} from './patterns/index.ts';
