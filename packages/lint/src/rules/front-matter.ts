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
  messages: {
    yamlSyntax: 'Unexpected YAML in front matter: {{error}}',
    notMapping: 'Unexpected front matter: expected a YAML mapping such as `project: shop`',
    notSingleValue: 'Unexpected value of `{{key}}` in front matter: expected a single value',
    maxParallel: 'Unexpected `max-parallel: {{value}}`, expected a whole number of at least 1',
    guard: 'Unexpected `guard: {{value}}`, expected `guard: strict` or no `guard` key',
    integrate: 'Unexpected `integrate: {{value}}`, expected `rebase` (the default), `merge` or `none`',
    integrateInto: 'Unexpected `integrate-into: {{value}}`, expected a git branch name such as `main` or `release/2026-12`',
    sharedInfraEntry: 'Unexpected `shared-infra` entry: expected a list of patterns such as `- ".github/**"`',
  },
});
