import { describeSource, type FieldSource } from '@lanes/core';
import { messageData, problemRule } from './problem-rule.ts';

/** `known-dependencies`: every dependency names a session, phase or issue of the plan. */
export default problemRule({
  id: 'known-dependencies',
  code: 'unknown-dependency',
  severity: 'error',
  group: 'batches',
  description: 'Disallow a dependency on a session, phase or issue that is not in the plan',
  rationale: 'A dependency that names nothing orders nothing: the session may start before the work it needs.',
  messages: { unknownDependency: 'Unexpected dependency `{{token}}` of {{session}} in {{source}}: no session, phase or issue of that name in the plan' },
  data: (data) => ({ ...messageData(data), source: describeSource(data.source as FieldSource) }),
});
