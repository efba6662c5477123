import { problemRule } from './problem-rule.ts';

/** `unique-session-ids`: no two sessions share an ID. */
export default problemRule({
  id: 'unique-session-ids',
  code: 'duplicate-session',
  severity: 'error',
  group: 'fields',
  description: 'Disallow two sessions with the same ID',
  rationale: 'The session ID is how `LANES_SESSION`, the registry and `Depends on` name a session; two sessions of one ID make all of them ambiguous.',
  messages: { secondSession: 'Unexpected second session `{{id}}`: session IDs must be unique; rename one of them' },
});
