import type { PlanRule, Report } from '../types.ts';
import { fieldSpan } from '../plan-facts.ts';

/** `unique-phases`: no two sessions, and no two Phase Map rows, share a phase. */
const rule: PlanRule = {
  id: 'unique-phases',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two sessions or two Phase Map rows with the same phase',
    rationale: 'Phases name sessions in `Depends on` and in the registry; a phase that names two sessions makes both ambiguous.',
    group: 'fields',
    messages: {
      session: 'Unexpected phase {{phase}} for {{session}}: {{first}} already has it; give each session its own phase',
      row: 'Unexpected second Phase Map row for phase {{phase}}: give each phase one row',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    const holder = new Map<string, string>();
    for (const session of plan.sessions) {
      const key = session.phase.toUpperCase();
      const first = holder.get(key);
      if (first === undefined) holder.set(key, session.id);
      else reports.push({ messageId: 'session', data: { phase: session.phase, session: session.id, first }, span: fieldSpan(session, 'phase') });
    }
    const rows = new Set<string>();
    for (const row of plan.phases) {
      const key = row.phase.toUpperCase();
      if (rows.has(key)) reports.push({ messageId: 'row', data: { phase: row.phase }, span: row.span });
      rows.add(key);
    }
    return reports;
  },
};

export default rule;
