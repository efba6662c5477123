import type { PlanRule, Report } from '../types.ts';
import { isRealDate } from '../plan-facts.ts';

/** `registry-plan-file`: a registry row's `Plan File` follows the naming rule and exists. */
const rule: PlanRule = {
  id: 'registry-plan-file',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require every `Plan File` of the Session Registry to follow the naming rule and exist',
    rationale:
      'The `Plan File` links a row to the plan that describes its session; a name that does not follow `{YYYY-MM-DD}-{project-short}-{topic}.md`, or names no file (resolved from the registry’s folder, then the configured plan locations, decision 11), links it to nothing.',
    group: 'registry',
    messages: {
      name: 'Unexpected `Plan File` `{{file}}` of {{session}}, expected a name `{YYYY-MM-DD}-{project-short}-{topic}.md` with a real date, such as `2026-11-20-shop-checkout-split.md`',
      missing: 'Unexpected `Plan File` `{{file}}` of {{session}}: no such plan next to the registry or in the configured plan locations',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    for (const row of plan.registry?.rows ?? []) {
      if (row.planFile === null) continue;
      const file = row.planFile.replace(/^\[([^\]]*)\]\(.*\)$/, '$1');
      const session = row.session === '' ? 'a row' : row.session;
      const span = row.cellSpans['plan file'] ?? row.span;
      const name = file.replace(/\\/g, '/').split('/').pop()!;
      const m = /^(\d{4}-\d{2}-\d{2})-[a-z0-9][a-z0-9-]*-[a-z0-9][a-z0-9._-]*\.md$/i.exec(name);
      if (m === null || !isRealDate(m[1]!)) {
        reports.push({ messageId: 'name', data: { file, session }, span });
        continue;
      }
      if (context.readPlan !== null && context.readPlan(file) === null) reports.push({ messageId: 'missing', data: { file, session }, span });
    }
    return reports;
  },
};

export default rule;
