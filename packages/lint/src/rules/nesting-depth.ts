import { problemRule } from './problem-rule.ts';

/** `nesting-depth`: no list or quote nested deeper than any plan needs. */
export default problemRule({
  id: 'nesting-depth',
  code: 'nesting',
  severity: 'error',
  group: 'structure',
  description: 'Disallow lists and block quotes nested deeper than 32 levels',
  rationale:
    'No plan needs more than a few levels, and markdown parsing takes time quadratic in the nesting (a line of 2,000 `- ` took seconds, a 22 KB file of them minutes): such a file is refused before it is parsed, with this one finding.',
  messages: { tooDeep: 'Unexpected list or quote nested {{depth}} levels deep, expected at most {{max}}: no plan needs more; flatten it' },
});
