import { findDependencyCycles } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `no-dependency-cycle`: the sessions' dependencies form no cycle. */
const rule: PlanRule<'cycle'> = {
  id: 'no-dependency-cycle',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow dependency cycles between sessions',
    rationale: 'Sessions in a cycle each wait for the other: no order runs them, and the runner would have to break the cycle by a guess.',
    group: 'batches',
    messages: {
      cycle: 'Unexpected dependency cycle {{cycle}}: no order can run these sessions; remove one of the dependencies',
    },
  },
  check(plan) {
    const reports: Report<'cycle'>[] = [];
    for (const cycle of findDependencyCycles(plan.sessions)) {
      const first = plan.sessions.find((s) => s.id === cycle[0])!;
      reports.push({
        messageId: 'cycle',
        data: { cycle: [...cycle, cycle[0]!].join(' → ') },
        span: fieldSpan(first, 'depends on'),
      });
    }
    return reports;
  },
};

export default rule;
