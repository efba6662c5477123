import type { Problem, ProblemCode, ProblemData, ProblemKinds, Severity } from '@lanes/core';
import type { PlanRule, Report, RuleGroup } from '../types.ts';

/** What a rule that reports the parser's problems of one code says about itself, and how it words each kind. */
export interface ProblemRuleSpec<C extends ProblemCode, K extends ProblemKinds[C]> {
  id: string;
  code: C;
  severity: Severity;
  group: RuleGroup;
  description: string;
  rationale: string;
  /** The message of each kind of problem the rule reports (those of its severity), with `{{name}}` for the problem's data. */
  messages: Record<K, string>;
  /** The message's values from the problem's data, where a list is not the default `` `a`, `b` `` (or a label is looked up). */
  data?: (data: ProblemData) => Record<string, string | number>;
}

/** A rule that reports the parser's problems of one code (and severity) at their places, in its own words. */
export function problemRule<C extends ProblemCode, K extends ProblemKinds[C]>(spec: ProblemRuleSpec<C, K>): PlanRule<K> {
  return {
    id: spec.id,
    meta: {
      type: 'problem',
      severity: spec.severity,
      description: spec.description,
      rationale: spec.rationale,
      group: spec.group,
      messages: spec.messages,
      problemCodes: [spec.code],
    },
    check: (_plan, context) =>
      context
        .problems(spec.code)
        .filter((p) => p.severity === spec.severity)
        .map((p) => problemReport<K>(p, spec.data)),
  };
}

/** A parser problem as a report: its kind is the message id, its data the message's values. */
export function problemReport<K extends string>(problem: Problem, data: (data: ProblemData) => Record<string, string | number> = messageData): Report<K> {
  return { messageId: problem.kind as K, data: data(problem.data), span: problem.span };
}

/** A problem's data as message values: names and numbers as they are, a list as `` `a`, `b` ``. */
export function messageData(data: ProblemData): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(data)) values[name] = typeof value === 'string' || typeof value === 'number' ? value : codeList(value);
  return values;
}

/** Names in inline code, joined: `` `a`, `b` `` (or `` `a` and `b` `` with `' and '`). */
export function codeList(items: readonly string[], separator = ', '): string {
  return items.map((item) => `\`${item}\``).join(separator);
}
