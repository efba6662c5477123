import type { PlanRule, Report } from '../types.ts';

/** `unique-session-names`: no two Session Registry rows share a Session Name, except `(direct main)`. */
const rule: PlanRule = {
  id: 'unique-session-names',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two Session Registry rows with the same Session Name for one plan (except `(direct main)`)',
    rationale:
      'The runner updates a session’s row in place (decision 17); with two rows of one name it cannot tell which one to update. Session IDs are unique within a plan, so in a registry of many plans a name may repeat for different `Plan File`s. `(direct main)` marks work done directly on main and may repeat.',
    group: 'registry',
    messages: { duplicate: 'Unexpected second Session Registry row for {{session}} (first on line {{line}}): give each session one row' },
  },
  check(plan) {
    const reports: Report[] = [];
    const seen = new Map<string, number>();
    for (const row of plan.registry?.rows ?? []) {
      const name = row.session.trim();
      if (name === '' || name.toLowerCase() === '(direct main)') continue;
      const key = `${row.planFile ?? ''}\0${name}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, row.span.start.line);
      else reports.push({ messageId: 'duplicate', data: { session: name, line: first }, span: row.cellSpans['session name'] ?? row.span });
    }
    return reports;
  },
};

export default rule;
