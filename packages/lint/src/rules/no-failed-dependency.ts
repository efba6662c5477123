import type { PlanRule, Report } from '../types.ts';
import { fieldSpan, registryRowOf } from '../plan-facts.ts';

/** `no-failed-dependency`: warns when a session depends on a session whose registry status is `Failed`. */
const rule: PlanRule = {
  id: 'no-failed-dependency',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about a dependency on a `Failed` session',
    rationale: 'A session that builds on failed work inherits its problems; its output needs review before the dependent session starts.',
    group: 'batches',
    messages: {
      failed: 'Unexpected dependency of {{session}} on {{dependency}}, which is `Failed`: its output needs review before {{session}} starts',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    const byId = new Map(plan.sessions.map((s) => [s.id, s]));
    for (const session of plan.sessions) {
      for (const id of session.dependsOn) {
        const other = byId.get(id);
        if (other === undefined || registryRowOf(plan, other)?.status !== 'Failed') continue;
        reports.push({ messageId: 'failed', data: { session: session.id, dependency: other.id }, span: fieldSpan(session, 'depends on') });
      }
    }
    return reports;
  },
};

export default rule;
