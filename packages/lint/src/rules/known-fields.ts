import { problemRule } from './problem-rule.ts';

/** `known-fields`: a session's field list holds only the fields the format defines. */
export default problemRule({
  id: 'known-fields',
  code: 'unknown-field',
  severity: 'warning',
  group: 'fields',
  description: 'Disallow session fields the plan format does not define',
  rationale: 'An unknown field is ignored; it is usually a misspelt known one (`**Own:**`), whose value is then lost.',
  messages: { unknownField: 'Unexpected field `{{field}}` in session {{session}}, expected one of {{expected}}' },
});
