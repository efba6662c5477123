import type { PlanRule } from '../types.ts';
import { fileStart } from '../plan-facts.ts';

/** `parent-issue`: the plan header names its parent issue. */
const rule: PlanRule = {
  id: 'parent-issue',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require a `**Parent issue:**` line in the plan header',
    rationale: 'Every prompt names the master issue its session belongs to; without one, the sessions’ results have nowhere to be reported.',
    group: 'file and header',
    messages: { missing: 'Expected a `**Parent issue:**` line under the plan title, such as `**Parent issue:** [SHOP-120](https://…)`' },
  },
  check(plan) {
    if (!plan.hasSessions || plan.header.parentIssue !== null) return [];
    return [{ messageId: 'missing', span: plan.header.titleSpan ?? fileStart }];
  },
};

export default rule;
