import batchSize from './batch-size.ts';
import branchName from './branch-name.ts';
import branchOverlap from './branch-overlap.ts';
import checkpointOverCost from './checkpoint-over-cost.ts';
import dependencyOrder from './dependency-order.ts';
import estCostFormat from './est-cost-format.ts';
import failedReason from './failed-reason.ts';
import fieldAgreement from './field-agreement.ts';
import fieldValue from './field-value.ts';
import frontMatterKeys from './front-matter-keys.ts';
import frontMatter from './front-matter.ts';
import knownColumns from './known-columns.ts';
import knownDependencies from './known-dependencies.ts';
import knownFields from './known-fields.ts';
import knownAgent from './known-agent.ts';
import knownMode from './known-mode.ts';
import launchAsMode from './launch-as-mode.ts';
import mergeOrder from './merge-order.ts';
import noBatchOverlap from './no-batch-overlap.ts';
import noBatchReadOwned from './no-batch-read-owned.ts';
import nestingDepth from './nesting-depth.ts';
import noDependencyCycle from './no-dependency-cycle.ts';
import noDuplicateField from './no-duplicate-field.ts';
import noFailedDependency from './no-failed-dependency.ts';
import noOptionValue from './no-option-value.ts';
import noRedundantPattern from './no-redundant-pattern.ts';
import ownsRequired from './owns-required.ts';
import parentIssue from './parent-issue.ts';
import patternInCode from './pattern-in-code.ts';
import patternMatchesFiles from './pattern-matches-files.ts';
import planDate from './plan-date.ts';
import planFileName from './plan-file-name.ts';
import planSessions from './plan-sessions.ts';
import promptAgreement from './prompt-agreement.ts';
import promptBoundary from './prompt-boundary.ts';
import promptSession from './prompt-session.ts';
import promptTemplate from './prompt-template.ts';
import registryFileRows from './registry-file-rows.ts';
import registryPlanFile from './registry-plan-file.ts';
import registryRowInPlan from './registry-row-in-plan.ts';
import registryStatus from './registry-status.ts';
import runBlock from './run-block.ts';
import sessionIssue from './session-issue.ts';
import singleSharedInfraOwner from './single-shared-infra-owner.ts';
import tableHeader from './table-header.ts';
import tableRowCells from './table-row-cells.ts';
import uniqueBranches from './unique-branches.ts';
import uniqueIssues from './unique-issues.ts';
import uniquePhases from './unique-phases.ts';
import uniqueSessionIds from './unique-session-ids.ts';
import uniqueSessionNames from './unique-session-names.ts';
import uniqueWorktrees from './unique-worktrees.ts';
import validPattern from './valid-pattern.ts';
import type { PlanRule } from '../types.ts';

/** Every rule, sorted by ID. */
export const rules: readonly PlanRule[] = [
  batchSize,
  branchName,
  branchOverlap,
  checkpointOverCost,
  dependencyOrder,
  estCostFormat,
  failedReason,
  fieldAgreement,
  fieldValue,
  frontMatterKeys,
  frontMatter,
  knownColumns,
  knownDependencies,
  knownFields,
  knownAgent,
  knownMode,
  launchAsMode,
  mergeOrder,
  nestingDepth,
  noBatchOverlap,
  noBatchReadOwned,
  noDependencyCycle,
  noDuplicateField,
  noFailedDependency,
  noOptionValue,
  noRedundantPattern,
  ownsRequired,
  parentIssue,
  patternInCode,
  patternMatchesFiles,
  planDate,
  planFileName,
  planSessions,
  promptAgreement,
  promptBoundary,
  promptSession,
  promptTemplate,
  registryFileRows,
  registryPlanFile,
  registryRowInPlan,
  registryStatus,
  runBlock,
  sessionIssue,
  singleSharedInfraOwner,
  tableHeader,
  tableRowCells,
  uniqueBranches,
  uniqueIssues,
  uniquePhases,
  uniqueSessionIds,
  uniqueSessionNames,
  uniqueWorktrees,
  validPattern,
];
