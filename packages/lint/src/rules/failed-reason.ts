import type { PlanRule, Report } from '../types.ts';

/** `failed-reason`: a `Failed` registry row says why. */
const rule: PlanRule = {
  id: 'failed-reason',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require a reason on every `Failed` registry row',
    rationale:
      'The next person (or `--resume`) decides what to do with a failed session from its reason; it goes after the status word (`Failed: tests time out`) or in a `Note` or `Reason` column (decision 6).',
    group: 'registry',
    messages: {
      missing: 'Expected a reason for `Failed` {{session}}, such as `Failed: tests time out` or a `Note` column',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const row of plan.registry?.rows ?? []) {
      if (row.status !== 'Failed' || row.reason !== null) continue;
      reports.push({ messageId: 'missing', data: { session: row.session === '' ? 'row' : row.session }, span: row.cellSpans.status ?? row.span });
    }
    return reports;
  },
};

export default rule;
