import type { Plan, Problem, ProblemCode } from '@lanes/core';
import { formatMessage } from './format-message.ts';
import { rules } from './rules/index.ts';
import { narrowSpan } from './source-text.ts';
import type { Finding, LintContext, PlanRule, Report, RuleContext } from './types.ts';

/** The context of a lint with nothing known beyond the plan: the rules that need more are skipped. */
export function defaultLintContext(): LintContext {
  return { text: null, filesAtBase: null, readPlan: null, projects: [], severities: {} };
}

/** Whether a rule can run with what the context knows. */
export function canRun(rule: PlanRule, plan: Plan, context: LintContext): boolean {
  return (rule.meta.requires ?? []).every((need) =>
    need === 'filesAtBase' ? context.filesAtBase !== null : need === 'readPlan' ? context.readPlan !== null : plan.path !== null,
  );
}

/** The rule context of a plan: the lint context and the parser's problems by code. */
export function ruleContext(plan: Plan, context: LintContext): RuleContext {
  const byCode = new Map<ProblemCode, Problem[]>();
  for (const problem of plan.problems) {
    const list = byCode.get(problem.code);
    if (list === undefined) byCode.set(problem.code, [problem]);
    else list.push(problem);
  }
  return { ...context, problems: (code) => byCode.get(code) ?? [] };
}

/** A rule's report as a finding: its message filled in, its place narrowed to a table cell's text. */
export function toFinding(rule: PlanRule, severity: Finding['severity'], report: Report, text: string | null): Finding {
  const span = narrowSpan(report.span, text);
  const template = (rule.meta.messages as Record<string, string | undefined>)[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId ${report.messageId}`);
  return {
    ruleId: rule.id,
    messageId: report.messageId,
    severity,
    message: formatMessage(template, report.data),
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    ...(report.fix ? { fix: report.fix } : {}),
  };
}

/** Orders findings by place; a stable sort keeps rule order, then report order, at one place (as ESLint does). */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Runs every rule over a parsed plan. Pure: what it knows beyond the plan comes from `context` (files at
 * `base`, other plans, configured projects); a rule whose needs are unknown is skipped. The dispatch runner
 * refuses a plan with any finding of severity `error`.
 */
export function lintPlan(plan: Plan, context: Partial<LintContext> = {}): Finding[] {
  const full: LintContext = { ...defaultLintContext(), ...context };
  const ruleCtx = ruleContext(plan, full);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = full.severities[rule.id] ?? rule.meta.severity;
    if (severity === 'off' || !canRun(rule, plan, full)) continue;
    for (const report of checkRule(rule, plan, ruleCtx)) findings.push(toFinding(rule, severity, report, full.text));
  }
  return findings.sort(compareFindings);
}

/**
 * A rule's reports on a plan, one cause one finding, as `lanes lint` and the ESLint plugin both run it: a
 * document that is not a plan gets only the parser's finding that says so; and a table row with too few or
 * too many cells is reported as that, not again by every rule that reads a cell of it.
 */
export function checkRule<MessageId extends string>(rule: PlanRule<MessageId>, plan: Plan, context: RuleContext): Report<MessageId>[] {
  if (plan.kind === 'other' && rule.meta.problemCodes === undefined) return [];
  const reports = rule.check(plan, context);
  if (rule.meta.problemCodes?.includes('table-row-cells') === true) return reports;
  const rows = context.problems('table-row-cells').map((p) => p.span);
  if (rows.length === 0) return reports;
  return reports.filter((r) => !rows.some((row) => r.span.start.offset >= row.start.offset && r.span.start.offset <= row.end.offset));
}
