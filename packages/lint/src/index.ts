export { lintPlan, defaultLintContext, compareFindings } from './lint-plan.ts';
export { lintText } from './lint-text.ts';
export { applyFixes } from './apply-fixes.ts';
export { rules } from './rules/index.ts';
export { ruleForProblem } from './rule-for-problem.ts';
export { formatMessage } from './format-message.ts';
export { rulesTable } from './rules-table.ts';
export { rulesReadme } from './rules-readme.ts';
export type { Finding, Fix, LintContext, PlanRule, Report, RuleContext, RuleGroup } from './types.ts';
