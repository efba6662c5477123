import { ownBranch } from '@lanes/core';
import { batchOverlaps, overlapData } from '../batch-overlaps.ts';
import type { PlanRule, Report } from '../types.ts';

/** `branch-overlap`: two sessions of one batch on their own branches, with a `Merge order`, that may change one path. */
const rule: PlanRule<'parallel'> = {
  id: 'branch-overlap',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn when two sessions of one batch on their own branches own overlapping patterns (parallel with a branch strategy)',
    rationale:
      'The dispatch rules allow two sessions that touch the same files to run in parallel when each works on its own branch: their branches land in `Merge order`, each rebased onto what landed before it. A path both change may still conflict, and a conflict fails the later session; the warning names such a path so that the plan’s author can see where.',
    group: 'batches',
    messages: {
      parallel:
        'Parallel with a branch strategy in batch {{batch}}: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), both may change `{{witness}}`; they land in Merge order, {{first}} before {{second}}, and a conflict there fails {{second}}',
    },
  },
  check(plan) {
    const reports: Report<'parallel'>[] = [];
    for (const o of batchOverlaps(plan)) {
      if (!ownBranch(o.a) || !ownBranch(o.b) || o.a.mergeOrder === null || o.b.mergeOrder === null) continue;
      const [first, second] = o.b.mergeOrder < o.a.mergeOrder ? [o.b, o.a] : [o.a, o.b];
      reports.push({
        messageId: 'parallel',
        data: { ...overlapData(o), first: first.id, second: second.id },
        span: o.refB.span,
      });
    }
    return reports;
  },
};

export default rule;
