// The model's types and the pure functions over it (also `@lanes/core/model`, which loads no parser).
export * from './model-index.ts';
export { compilePatternRefs, type CompiledPatterns } from './compile-pattern-refs.ts';
export { defaultPlanPatterns, LanesConfigError, parseLanesConfig, type LanesConfigField } from './lanes-config.ts';
export {
  describeSource,
  findDeepNesting,
  maxNesting,
  normalizeFieldName,
  parseMarkdown,
  parsePlan,
  sessionFieldNames,
  sessionIdPattern,
  splitStatus,
  type ParseOptions,
} from './parse-plan.ts';
export { SourceMap } from './source-map.ts';
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
