import { describeSource, type FieldSource } from '@lanes/core';
import { messageData, problemRule } from './problem-rule.ts';

/** `field-agreement`: where two places give one field of a session, they agree. */
export default problemRule({
  id: 'field-agreement',
  code: 'field-conflict',
  severity: 'error',
  group: 'fields',
  description: 'Require every place that gives a session field to agree (Dispatch table, Sessions, Phase Map, registries)',
  rationale:
    'A field may be written in the Dispatch table, the Sessions section, the Phase Map, the Issue Registry and the Session Registry (decision 9). When two disagree, any pick is a guess; the contract makes it an error, never a silent pick.',
  messages: {
    disagree: 'Unexpected `{{field}}` of {{session}}: `{{value}}` in {{source}} but `{{firstValue}}` in {{firstSource}}; make them agree',
    phaseBatch: "Unexpected `Phase: {{phase}}` of {{session}} in batch {{batch}}: the phase's digit and the batch must agree",
  },
  data: (data) => ({
    ...messageData(data),
    ...(typeof data.source === 'string' ? { source: describeSource(data.source as FieldSource) } : {}),
    ...(typeof data.firstSource === 'string' ? { firstSource: describeSource(data.firstSource as FieldSource) } : {}),
  }),
});
