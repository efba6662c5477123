import type { Problem, ProblemCode, Severity } from '@lanes/core';
import type { PlanRule, Report, RuleGroup } from '../types.ts';

/** What a rule that reports the parser's problems of one code says about itself. */
export interface ProblemRuleSpec {
  id: string;
  code: ProblemCode;
  severity: Severity;
  group: RuleGroup;
  description: string;
  rationale: string;
}

/** A rule that reports the parser's problems of one code (and severity) at their places, as the parser wrote them. */
export function problemRule(spec: ProblemRuleSpec): PlanRule {
  return {
    id: spec.id,
    meta: {
      type: 'problem',
      severity: spec.severity,
      description: spec.description,
      rationale: spec.rationale,
      group: spec.group,
      messages: { problem: '{{message}}' },
      problemCodes: [spec.code],
    },
    check: (_plan, context) => context.problems(spec.code).filter((p) => p.severity === spec.severity).map(problemReport),
  };
}

/** A parser problem as a report. */
export function problemReport(problem: Problem): Report {
  return { messageId: 'problem', data: { message: problem.message }, span: problem.span };
}
