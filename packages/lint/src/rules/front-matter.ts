import { problemRule } from './problem-rule.ts';

/** `front-matter`: the YAML front matter parses and its values have the expected form. */
export default problemRule({
  id: 'front-matter',
  code: 'front-matter',
  severity: 'error',
  group: 'file and header',
  description: 'Require front matter that parses, with values of the expected form',
  rationale:
    'The front matter sets `max-parallel`, `base`, `shared-infra` and `guard`; a value that cannot be read would silently fall back to its default, and the guard treats front matter that does not parse as an unusable plan (decision 21).',
});
