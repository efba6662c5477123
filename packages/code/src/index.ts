export { lintCode, type CodeFinding, type CodeLocation, type LintCodeOptions } from './lint-code.ts';
export {
  createNoCrossLaneImport,
  docsUrl,
  noCrossLaneImport,
  type ImportRead,
  type NoCrossLaneImportOptions,
  type RuleHooks,
} from './rules/no-cross-lane-import.ts';
export { PlanLanes, type CrossLaneRead, type Lane, type LaneOwner } from './plan-lanes.ts';
export { FallbackResolver, resolveExports, type ImportKind, type ModuleResolver } from './fallback-resolver.ts';
export { ProjectResolver, TypeScriptResolver } from './typescript-resolver.ts';
export type { TypeInformation } from './check-files.ts';
export { rules } from './rules/index.ts';
