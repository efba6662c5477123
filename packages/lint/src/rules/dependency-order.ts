import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `dependency-order`: a session depends only on sessions of earlier batches. */
const rule: PlanRule = {
  id: 'dependency-order',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow a dependency on a session of the same or a later batch',
    rationale:
      'Batch N+1 starts when batch N is done; a session that depends on one of its own or a later batch would start before the work it needs exists.',
    group: 'batches',
    messages: {
      sameBatch:
        'Unexpected dependency of {{session}} on {{dependency}}, both in batch {{batch}}: sessions of one batch run at once; move {{session}} to a later batch',
      laterBatch:
        'Unexpected dependency of {{session}} (batch {{batch}}) on {{dependency}} (batch {{other}}): batch {{other}} runs later; move {{session}} after it',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    const byId = new Map(plan.sessions.map((s) => [s.id, s]));
    for (const session of plan.sessions) {
      for (const id of session.dependsOn) {
        const other = byId.get(id);
        if (other === undefined || other === session || other.batch < session.batch) continue;
        const data = { session: session.id, dependency: other.id, batch: session.batch, other: other.batch };
        reports.push({ messageId: other.batch === session.batch ? 'sameBatch' : 'laterBatch', data, span: fieldSpan(session, 'depends on') });
      }
    }
    return reports;
  },
};

export default rule;
