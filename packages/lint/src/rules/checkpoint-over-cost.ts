import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `checkpoint-over-cost`: warns about a session estimated over $10 that is not `checkpoint`. */
const rule: PlanRule = {
  id: 'checkpoint-over-cost',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about a session estimated over $10 whose mode is not `checkpoint`',
    rationale: 'The cost rule: a session expected to cost more than $10 runs as `checkpoint`, so that a person approves its steps before the money is spent.',
    group: 'fields',
    messages: { overCost: 'Unexpected mode `{{mode}}` for {{session}} estimated at ~${{cost}}: a session over $10 should be `checkpoint` (the cost rule)' },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      if (session.estCost === null || session.estCost <= 10 || session.mode === 'checkpoint') continue;
      reports.push({
        messageId: 'overCost',
        data: { mode: session.mode ?? 'none', session: session.id, cost: session.estCost },
        span: fieldSpan(session, 'est. cost'),
      });
    }
    return reports;
  },
};

export default rule;
