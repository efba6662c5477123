import type { Session } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { replaceValue } from '../source-text.ts';

const slug = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

function isValid(branch: string, session: Session): boolean {
  const prefix = `${session.agent.toLowerCase()}/${session.issue!.toLowerCase()}-`;
  return branch.startsWith(prefix) && slug.test(branch.slice(prefix.length));
}

function example(session: Session): string {
  const topic = (session.focus ?? 'topic')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${session.agent.toLowerCase()}/${session.issue!.toLowerCase()}-${topic === '' ? 'topic' : topic}`;
}

/** `branch-name`: a session's branch is `{agent}/{issue-id}-{slug}` with its own issue, lowercase. */
const rule: PlanRule = {
  id: 'branch-name',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require branches named `{agent}/{issue-id}-{slug}` with the session’s own issue, lowercase',
    rationale:
      'A commit on a session’s branch is attributed to that session (contract §5); a branch that names another issue, or differs only in case (which some file systems fold), is attributed to the wrong session or to none.',
    group: 'fields',
    fixable: 'code',
    messages: {
      lowercase: 'Unexpected uppercase in branch `{{branch}}` of {{session}}, expected `{{expected}}`',
      form: 'Unexpected branch `{{branch}}` for {{session}}, expected `{agent}/{issue-id}-{slug}` with its own issue, such as `{{expected}}`',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      if (session.issue === null) continue;
      for (const value of session.fields.branch ?? []) {
        const branch = value.value.trim();
        if (isValid(branch, session)) continue;
        const lower = branch.toLowerCase();
        if (lower !== branch && isValid(lower, session)) {
          const fix = replaceValue(value.span, context.text, lower);
          reports.push({ messageId: 'lowercase', data: { branch, session: session.id, expected: lower }, span: value.span, ...(fix ? { fix } : {}) });
        } else {
          reports.push({ messageId: 'form', data: { branch, session: session.id, expected: example(session) }, span: value.span });
        }
      }
    }
    return reports;
  },
};

export default rule;
