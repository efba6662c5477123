import type { PlanRule, Report } from '../types.ts';
import { isToBeDispatched, registryRowOf } from '../plan-facts.ts';

/** `owns-required`: every session still to be dispatched declares `Owns` (decision 8). */
const rule: PlanRule = {
  id: 'owns-required',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require `Owns` for every session still to be dispatched that is not analysis-only',
    rationale:
      'Without `Owns` nothing can be checked: neither overlaps between sessions of a batch nor, at commit time, what the session changed. Sessions that are analysis-only, or whose registry status is `Done`, `In Review` or `Cancelled`, need none (decision 8).',
    group: 'fields',
    messages: {
      missing:
        'Expected `Owns` for {{session}} ({{status}}): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      if (session.analysisOnly || session.owns.length > 0 || !isToBeDispatched(plan, session)) continue;
      const status = registryRowOf(plan, session)?.status;
      reports.push({ messageId: 'missing', data: { session: session.id, status: status === undefined ? 'no registry row' : status }, span: session.span });
    }
    return reports;
  },
};

export default rule;
