import { parseIssueRef } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

/** `session-issue`: every session has exactly one issue. */
const rule: PlanRule = {
  id: 'session-issue',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require one issue per session',
    rationale:
      'The issue names the session’s work in its branch, its prompt and its registry row; a session with no issue cannot be named, and one with two does two pieces of work under one name.',
    group: 'fields',
    messages: {
      missing: 'Expected an issue for {{session}}, such as `- **Issue:** SHOP-121` or an `Issue` cell in the Dispatch table',
      many: 'Unexpected {{count}} issues for {{session}}: `{{value}}`, expected one issue per session; split the session',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      const values = session.fields.issue ?? [];
      if (session.issue === null) {
        reports.push({ messageId: 'missing', data: { session: session.id }, span: values[0]?.span ?? session.span });
        continue;
      }
      for (const value of values) {
        const issues = value.value.split(/[,;]/).filter((t) => parseIssueRef(t) !== null);
        if (issues.length > 1) {
          reports.push({ messageId: 'many', data: { count: issues.length, session: session.id, value: value.value.trim() }, span: value.span });
        }
      }
    }
    return reports;
  },
};

export default rule;
