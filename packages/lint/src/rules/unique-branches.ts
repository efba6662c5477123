import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `unique-branches`: no two sessions share a branch. */
const rule: PlanRule = {
  id: 'unique-branches',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two sessions with the same branch',
    rationale: 'A commit on a session’s branch is that session’s commit (contract §5); two sessions on one branch cannot be told apart by the guard.',
    group: 'fields',
    messages: { duplicate: 'Unexpected branch `{{branch}}` for {{session}}: {{first}} already uses it; give each session its own branch' },
  },
  check(plan) {
    const reports: Report[] = [];
    const holder = new Map<string, string>();
    for (const session of plan.sessions) {
      if (session.branch === null) continue;
      const first = holder.get(session.branch);
      if (first === undefined) holder.set(session.branch, session.id);
      else reports.push({ messageId: 'duplicate', data: { branch: session.branch, session: session.id, first }, span: fieldSpan(session, 'branch') });
    }
    return reports;
  },
};

export default rule;
