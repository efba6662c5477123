import { problemRule } from './problem-rule.ts';

/** `no-duplicate-field`: `Owns` and `Reads` are given once per session. */
export default problemRule({
  id: 'no-duplicate-field',
  code: 'duplicate-field',
  severity: 'error',
  group: 'fields',
  description: 'Disallow a second `Owns` or `Reads` field in one session',
  rationale: 'The order of `Owns` lines decides ownership (the last matching line wins); two lists leave that order to chance.',
  messages: { secondField: 'Unexpected second `{{field}}` field in session {{session}}: list every pattern under one field' },
});
