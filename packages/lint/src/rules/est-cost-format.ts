import { parseCost } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { replaceValue } from '../source-text.ts';

/** `est-cost-format`: `Est. Cost` is written `~$N`. */
const rule: PlanRule = {
  id: 'est-cost-format',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require `Est. Cost` written as `~$N`',
    rationale: 'The estimate drives the cost rule (sessions over $10 run as `checkpoint`); one that cannot be read is no estimate at all.',
    group: 'fields',
    fixable: 'code',
    messages: { form: 'Unexpected `Est. Cost: {{value}}` for {{session}}, expected `~$N` such as `{{expected}}`' },
  },
  check(plan, context) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      for (const value of session.fields['est. cost'] ?? []) {
        const text = value.value.trim();
        if (/^~\$\d+(?:\.\d+)?$/.test(text)) continue;
        const dollars = parseCost(text);
        const expected = `~$${dollars ?? 4}`;
        const fix = dollars === null ? undefined : replaceValue(value.span, context.text, expected);
        reports.push({ messageId: 'form', data: { value: text, session: session.id, expected }, span: value.span, ...(fix ? { fix } : {}) });
      }
    }
    return reports;
  },
};

export default rule;
