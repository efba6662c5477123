import { problemRule } from './problem-rule.ts';

/** `plan-sessions`: the file is a plan (or a registry file). */
export default problemRule({
  id: 'plan-sessions',
  code: 'no-sessions',
  severity: 'error',
  group: 'structure',
  description: 'Require a `Dispatch` table, a `Sessions` section or a `Session Registry`',
  rationale: 'A file without any of them is not a plan; linting it as one would report nothing useful, so this says what is missing instead.',
  messages: {
    notAPlan:
      'Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md',
  },
});
