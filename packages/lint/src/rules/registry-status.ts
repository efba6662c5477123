import { registryStatuses } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

const allowed: readonly string[] = registryStatuses;

/** `registry-status`: every Session Registry status is one of the contract's statuses. */
const rule: PlanRule = {
  id: 'registry-status',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require Session Registry statuses from the allowed set',
    rationale:
      'The status decides what the runner reruns, what the guard treats as active and which sessions need `Owns` (decision 8); a status outside the set is read as none of them.',
    group: 'registry',
    messages: {
      unknown: 'Unexpected status `{{status}}` of {{session}} in the Session Registry, expected one of {{statuses}}',
      missing: 'Expected a status for {{session}} in the Session Registry, one of {{statuses}}',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const row of plan.registry?.rows ?? []) {
      if (allowed.includes(row.status)) continue;
      reports.push({
        messageId: row.status.trim() === '' ? 'missing' : 'unknown',
        data: { status: row.status, session: row.session === '' ? 'a row' : row.session, statuses: allowed.map((s) => `\`${s}\``).join(', ') },
        span: row.cellSpans.status ?? row.span,
      });
    }
    return reports;
  },
};

export default rule;
