import { problemRule } from './problem-rule.ts';

/** `known-columns`: the Dispatch table has only the columns the format defines. */
export default problemRule({
  id: 'known-columns',
  code: 'unknown-column',
  severity: 'warning',
  group: 'fields',
  description: 'Disallow `Dispatch` columns the plan format does not define',
  rationale: 'An unknown column is ignored; it is usually a misspelt known one whose values are then lost.',
  messages: { unknownColumn: 'Unexpected `Dispatch` column `{{column}}`, expected any of {{expected}}' },
});
