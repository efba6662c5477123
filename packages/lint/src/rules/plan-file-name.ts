import type { PlanRule, Report } from '../types.ts';
import { baseName, fileStart, isRealDate, listNames } from '../plan-facts.ts';

/** `plan-file-name`: the plan's file is named `{YYYY-MM-DD}-{project-short}-{topic}.md` with a known short. */
const rule: PlanRule = {
  id: 'plan-file-name',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require plan files named `{YYYY-MM-DD}-{project-short}-{topic}.md` with a real date and a known project short',
    rationale:
      'Registries link rows to plans by file name, and people find plans by date and project. The short must equal the front matter’s `project` where there is one and be listed in a `Projects` table where one is found, in the plan or in the configured registry file (decision 1).',
    group: 'file and header',
    requires: ['path'],
    messages: {
      form: 'Unexpected plan file name `{{name}}`, expected `{YYYY-MM-DD}-{project-short}-{topic}.md` such as `2026-11-20-shop-checkout-split.md`',
      date: 'Unexpected date `{{date}}` in plan file name `{{name}}`: not a day of the calendar',
      project: 'Unexpected plan file name `{{name}}` for `project: {{project}}`, expected it to start `{{date}}-{{project}}-`',
      short: 'Unexpected project short in plan file name `{{name}}`, expected one of the `Projects` table: {{shorts}}',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    if (plan.path === null || !plan.hasSessions) return reports;
    const name = baseName(plan.path);
    const m = /^(\d{4}-\d{2}-\d{2})-([^.]+-[^.]+)\.md$/.exec(name);
    if (m === null || !/^[a-z0-9]+(?:-[a-z0-9._]+)+$/i.test(m[2]!)) {
      reports.push({ messageId: 'form', data: { name }, span: fileStart });
      return reports;
    }
    const date = m[1]!;
    const rest = m[2]!;
    if (!isRealDate(date)) reports.push({ messageId: 'date', data: { date, name }, span: fileStart });
    const project = plan.frontMatter.project;
    if (project !== null && !rest.startsWith(`${project}-`)) {
      reports.push({ messageId: 'project', data: { name, project, date }, span: fileStart });
      return reports;
    }
    const shorts = [...plan.projects, ...context.projects].map((p) => p.short);
    if (shorts.length > 0 && !shorts.some((s) => rest.startsWith(`${s}-`) && rest.length > s.length + 1)) {
      reports.push({ messageId: 'short', data: { name, shorts: listNames(shorts.map((s) => `\`${s}\``)) }, span: fileStart });
    }
    return reports;
  },
};

export default rule;
