import { ownBranch } from '@lanes/core';
import { batchOverlaps, overlapData } from '../batch-overlaps.ts';
import type { PlanRule, Report } from '../types.ts';

type MessageId = 'overlap' | 'mayOverlap' | 'needsMergeOrder';

/**
 * `no-batch-overlap`: two sessions of one batch never own a common path, unless each works on its own branch
 * and both have a `Merge order` (then `branch-overlap` warns instead).
 */
const rule: PlanRule<MessageId> = {
  id: 'no-batch-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two sessions of one batch owning overlapping patterns, unless each has its own branch and a `Merge order`',
    rationale:
      'Sessions of one batch run at once; when two that share a working tree may change the same path, one overwrites or conflicts with the other and a session’s work is lost. Overlap is decided on the patterns, not on the files that exist today (decision 4), so a file either session creates is covered too. Two sessions that each work in their own worktree on their own branch may run in parallel (“parallel with a branch strategy”): their branches land one after the other, so each needs a `Merge order`.',
    group: 'batches',
    messages: {
      overlap:
        'Unexpected overlap in batch {{batch}}: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), both match `{{witness}}`; make them sequential or split the paths',
      mayOverlap:
        'Unexpected possible overlap in batch {{batch}}: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), which may both match a path such as `{{witness}}`; make them sequential or split the paths',
      needsMergeOrder:
        'Unexpected overlap in batch {{batch}} without a merge order: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), both may change `{{witness}}`; each works on its own branch, so they may run in parallel when their branches land in a set order, but {{missing}} no `Merge order`: write {{example}} (a `Merge order` column of the Dispatch table, or `- **Merge order:**` in the session)',
    },
  },
  check(plan) {
    const reports: Report<MessageId>[] = [];
    for (const o of batchOverlaps(plan)) {
      const data = overlapData(o);
      if (!ownBranch(o.a) || !ownBranch(o.b)) {
        reports.push({ messageId: o.certain ? 'overlap' : 'mayOverlap', data, span: o.refB.span });
        continue;
      }
      const missing = [o.a, o.b].filter((s) => s.mergeOrder === null);
      if (missing.length === 0) continue;
      // The example gives each session without an order the next free number of its batch, in plan order.
      let next = Math.max(0, ...plan.sessions.filter((s) => s.batch === o.batch).map((s) => s.mergeOrder ?? 0));
      const example = missing.map((s) => `\`${(next += 1)}\` for ${s.id}`).join(' and ');
      const who = missing.length === 2 ? `${o.a.id} and ${o.b.id} have` : `${missing[0]!.id} has`;
      reports.push({ messageId: 'needsMergeOrder', data: { ...data, missing: who, example }, span: o.refB.span });
    }
    return reports;
  },
};

export default rule;
