import type { PlanRule, Report } from '../types.ts';
import { fileStart, isRealDate } from '../plan-facts.ts';

/** `plan-date`: the plan header has a `**Date:**` that is a real date. */
const rule: PlanRule = {
  id: 'plan-date',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require a `**Date:**` line with a real `YYYY-MM-DD` date in the plan header',
    rationale: 'The date orders plans and names their files; `2026-02-30` or `Nov 20` cannot be compared with the file name or sorted.',
    group: 'file and header',
    messages: {
      missing: 'Expected a `**Date:** YYYY-MM-DD` line under the plan title',
      invalid: 'Unexpected `**Date:** {{date}}`, expected a real date written `YYYY-MM-DD` such as `2026-11-20`',
    },
  },
  check(plan) {
    if (!plan.hasSessions) return [];
    const { date, dateSpan, titleSpan } = plan.header;
    if (date === null) return [{ messageId: 'missing', span: dateSpan ?? titleSpan ?? fileStart }];
    if (!isRealDate(date)) return [{ messageId: 'invalid', data: { date }, span: dateSpan ?? fileStart }] satisfies Report[];
    return [];
  },
};

export default rule;
