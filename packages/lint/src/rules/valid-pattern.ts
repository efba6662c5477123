import { problemRule } from './problem-rule.ts';

/** `valid-pattern`: every ownership pattern is one the format allows. */
export default problemRule({
  id: 'valid-pattern',
  code: 'invalid-pattern',
  severity: 'error',
  group: 'patterns',
  description: 'Disallow ownership patterns the format does not define (`[...]`, `{a,b}`, extglobs, `..`, `\\`, `~`, `a**`)',
  rationale:
    'An unsupported glob is an error, never ignored (contract §3): silently treating `{a,b}` as a literal name would give a session nothing, and the guard fails closed on an invalid pattern (decision 21).',
});
