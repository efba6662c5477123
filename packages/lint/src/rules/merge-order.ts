import { parsePositiveInt } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

type MessageId = 'notNumber' | 'duplicate';

/** `merge-order`: a `Merge order` is a whole number of at least 1, and no two sessions of a batch share one. */
const rule: PlanRule<MessageId> = {
  id: 'merge-order',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require `Merge order` values that are whole numbers of at least 1, unique within a batch',
    rationale:
      'After a batch, the branches of its sessions land one after the other in `Merge order`: the first by fast-forward, each later one rebased onto what landed. A value that is not a number is read as no order, and two sessions of a batch with one order leave their sequence to the order they happen to finish.',
    group: 'batches',
    messages: {
      notNumber: 'Unexpected `Merge order` `{{value}}` of {{session}}, expected a whole number of at least 1, such as `{{example}}`',
      duplicate: 'Unexpected `Merge order` {{order}} of {{session}}, already the merge order of {{other}} in batch {{batch}}: give each session of a batch its own number, such as `{{example}}`',
    },
  },
  check(plan) {
    const reports: Report<MessageId>[] = [];
    const taken = new Map<string, string>();
    for (const session of plan.sessions) {
      const written = session.fields['merge order'] ?? [];
      const inBatch = plan.sessions.filter((s) => s.batch === session.batch);
      const free = () => 1 + Math.max(0, ...inBatch.map((s) => s.mergeOrder ?? 0));
      for (const value of written) {
        if (parsePositiveInt(value.value) !== null) continue;
        reports.push({ messageId: 'notNumber', data: { value: value.value.trim(), session: session.id, example: free() }, span: value.span });
      }
      if (session.mergeOrder === null) continue;
      const key = `${session.batch}\u0000${session.mergeOrder}`;
      const other = taken.get(key);
      if (other === undefined) {
        taken.set(key, session.id);
        continue;
      }
      reports.push({
        messageId: 'duplicate',
        data: { order: session.mergeOrder, session: session.id, other, batch: session.batch, example: free() },
        span: written[0]!.span,
      });
    }
    return reports;
  },
};

export default rule;
