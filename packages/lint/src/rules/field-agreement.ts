import { problemRule } from './problem-rule.ts';

/** `field-agreement`: where two places give one field of a session, they agree. */
export default problemRule({
  id: 'field-agreement',
  code: 'field-conflict',
  severity: 'error',
  group: 'fields',
  description: 'Require every place that gives a session field to agree (Dispatch table, Sessions, Phase Map, registries)',
  rationale:
    'A field may be written in the Dispatch table, the Sessions section, the Phase Map, the Issue Registry and the Session Registry (decision 9). When two disagree, any pick is a guess; the contract makes it an error, never a silent pick.',
});
