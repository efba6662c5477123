import type { PlanRule, Report } from '../types.ts';
import { baseName } from '../plan-facts.ts';

/** `registry-row-in-plan`: every registry row of this plan names an issue and a phase of the plan. */
const rule: PlanRule = {
  id: 'registry-row-in-plan',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require every Session Registry row’s issue and phase to be in the plan',
    rationale:
      'A row whose issue or phase the plan does not have tracks work the plan no longer describes, usually a renamed or removed session; the runner and `lanes status` cannot link it to a session. Rows whose `Plan File` names another plan are checked against that plan by `registry-file-rows`.',
    group: 'registry',
    messages: {
      issue: 'Unexpected issue {{issue}} in the Session Registry row of {{session}}: no session of the plan has it',
      phase: 'Unexpected phase {{phase}} in the Session Registry row of {{session}}: no session of the plan has it (phases here: {{phases}})',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    if (!plan.hasSessions || plan.registry === null) return reports;
    const own = plan.path === null ? null : baseName(plan.path);
    const issues = new Set(plan.sessions.map((s) => s.issue?.toUpperCase()).filter((i) => i !== undefined));
    const phases = new Set([...plan.sessions.map((s) => s.phase.toUpperCase()), ...plan.phases.map((p) => p.phase.toUpperCase())]);
    for (const row of plan.registry.rows) {
      if (row.planFile !== null && own !== null && baseName(row.planFile) !== own) continue;
      const session = row.session === '' ? 'a row' : row.session;
      if (row.issue !== null && !issues.has(row.issue.toUpperCase())) {
        reports.push({ messageId: 'issue', data: { issue: row.issue, session }, span: row.cellSpans.issue ?? row.span });
      }
      if (row.phase !== null && !phases.has(row.phase.toUpperCase())) {
        reports.push({
          messageId: 'phase',
          data: { phase: row.phase, session, phases: plan.sessions.map((s) => s.phase).join(', ') },
          span: row.cellSpans.phase ?? row.span,
        });
      }
    }
    return reports;
  },
};

export default rule;
