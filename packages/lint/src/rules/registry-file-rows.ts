import type { Plan, RegistryRow } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { baseName } from '../plan-facts.ts';

function sessionOfRow(target: Plan, row: RegistryRow): Plan['sessions'][number] | null {
  return (
    target.sessions.find((s) => s.id === row.session.trim()) ??
    (row.issue === null ? null : (target.sessions.find((s) => s.issue?.toUpperCase() === row.issue!.toUpperCase()) ?? null))
  );
}

/** `registry-file-rows`: each registry row that names another plan agrees with that plan. */
const rule: PlanRule = {
  id: 'registry-file-rows',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require each registry row whose `Plan File` names another plan to match a session of that plan, and agree with its registry',
    rationale:
      'A standalone registry file tracks many plans (contract §1); a row whose session, issue or phase its plan does not have, or whose status contradicts that plan’s own registry row, tracks work nobody is doing.',
    group: 'registry files',
    requires: ['readPlan'],
    messages: {
      session: 'Unexpected row {{session}} for `{{file}}`: that plan has no session `{{session}}` and none with issue {{issue}}',
      issue: 'Unexpected issue {{issue}} in the row of {{session}}: `{{file}}` gives {{session}} issue {{expected}}',
      phase: 'Unexpected phase {{phase}} in the row of {{session}}: `{{file}}` gives {{session}} phase {{expected}}',
      status: 'Unexpected status `{{status}}` of {{session}}: the registry of `{{file}}` says `{{expected}}` (line {{line}}); make them agree',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    if (context.readPlan === null) return reports;
    const own = plan.path === null ? null : baseName(plan.path);
    for (const row of plan.registry?.rows ?? []) {
      if (row.planFile === null || (own !== null && baseName(row.planFile) === own)) continue;
      const target = context.readPlan(row.planFile);
      if (target === null) continue;
      const file = row.planFile;
      const name = row.session.trim();
      const at = (cell: string): Report['span'] => row.cellSpans[cell] ?? row.span;
      const session = sessionOfRow(target, row);
      if (session === null) {
        reports.push({ messageId: 'session', data: { session: name, file, issue: row.issue ?? 'none' }, span: at('session name') });
        continue;
      }
      if (row.issue !== null && session.issue !== null && row.issue.toUpperCase() !== session.issue.toUpperCase()) {
        reports.push({ messageId: 'issue', data: { issue: row.issue, session: session.id, file, expected: session.issue }, span: at('issue') });
      }
      if (row.phase !== null && row.phase.toUpperCase() !== session.phase.toUpperCase()) {
        reports.push({ messageId: 'phase', data: { phase: row.phase, session: session.id, file, expected: session.phase }, span: at('phase') });
      }
      const theirs = session.registryRow === null ? null : target.registry?.rows[session.registryRow];
      if (theirs && theirs.status !== row.status) {
        reports.push({
          messageId: 'status',
          data: { status: row.status, session: session.id, file, expected: theirs.status, line: theirs.span.start.line },
          span: at('status'),
        });
      }
    }
    return reports;
  },
};

export default rule;
