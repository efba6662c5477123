import { problemRule } from './problem-rule.ts';

/** `field-value`: session IDs, headings, `Batch` and `Timeout` have the form the format defines. */
export default problemRule({
  id: 'field-value',
  code: 'field-value',
  severity: 'error',
  group: 'fields',
  description: 'Require session IDs, session headings, `Batch` and `Timeout` values of the expected form',
  rationale: 'A value that cannot be read is dropped: a session without its ID, a batch that falls back to the derived one, a timeout that never fires.',
  messages: {
    sessionId: 'Unexpected session ID `{{id}}` in the `Dispatch` table, expected a name such as `S-A` (letters, digits, `.`, `_`, `-`)',
    sessionHeading: 'Unexpected session heading `{{heading}}`, expected `### <ID>: <Focus>` such as `### S-A: Cart API`',
    batch: 'Unexpected `Batch: {{value}}` for {{session}}, expected a whole number of at least 1',
    timeout: 'Unexpected `Timeout: {{value}}` for {{session}}, expected a number with `s`, `m` or `h`, such as `30m`',
  },
});
