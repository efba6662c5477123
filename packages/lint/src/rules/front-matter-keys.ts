import { problemRule } from './problem-rule.ts';

/** `front-matter-keys`: no unknown front matter keys. */
export default problemRule({
  id: 'front-matter-keys',
  code: 'front-matter',
  severity: 'warning',
  group: 'file and header',
  description: 'Disallow front matter keys the plan format does not define',
  rationale: 'An unknown key is usually a misspelt known one (`max_parallel`), whose value is then ignored.',
  messages: { unknownKey: 'Unexpected front matter key `{{key}}`, expected one of {{expected}}' },
});
