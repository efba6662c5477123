import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `unique-issues`: no issue is held by two sessions. */
const rule: PlanRule = {
  id: 'unique-issues',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow one issue held by two sessions',
    rationale: 'Two sessions on one issue race for the same work and the same branch name; registry rows matched by issue become ambiguous.',
    group: 'fields',
    messages: { duplicate: 'Unexpected issue {{issue}} for {{session}}: {{first}} already holds it; give each session its own issue' },
  },
  check(plan) {
    const reports: Report[] = [];
    const holder = new Map<string, string>();
    for (const session of plan.sessions) {
      if (session.issue === null) continue;
      const key = session.issue.toUpperCase();
      const first = holder.get(key);
      if (first === undefined) holder.set(key, session.id);
      else reports.push({ messageId: 'duplicate', data: { issue: session.issue, session: session.id, first }, span: fieldSpan(session, 'issue') });
    }
    return reports;
  },
};

export default rule;
