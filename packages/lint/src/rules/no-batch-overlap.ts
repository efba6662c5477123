import { findOverlap, planBatches } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { compilePatterns } from '../plan-facts.ts';

/** `no-batch-overlap`: two sessions of one batch never own a common path. */
const rule: PlanRule = {
  id: 'no-batch-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two sessions of one batch owning overlapping patterns',
    rationale:
      'Sessions of one batch run at once; when two may change the same path, one overwrites or conflicts with the other and a session’s work is lost. Overlap is decided on the patterns, not on the files that exist today (decision 4), so a file either session creates is covered too.',
    group: 'batches',
    messages: {
      overlap:
        'Unexpected overlap in batch {{batch}}: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), both match `{{witness}}`; make them sequential or split the paths',
      mayOverlap:
        'Unexpected possible overlap in batch {{batch}}: {{a}} owns `{{patternA}}` (line {{lineA}}) and {{b}} owns `{{patternB}}` (line {{lineB}}), which may both match a path such as `{{witness}}`; make them sequential or split the paths',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const batch of planBatches(plan)) {
      const sessions = batch.sessions;
      for (let i = 0; i < sessions.length; i += 1) {
        const a = compilePatterns(sessions[i]!.owns);
        if (a.refs.length === 0) continue;
        for (let j = i + 1; j < sessions.length; j += 1) {
          const b = compilePatterns(sessions[j]!.owns);
          if (b.refs.length === 0) continue;
          const overlap = findOverlap(a.set, b.set);
          if (overlap === null) continue;
          const refA = a.refs[overlap.a]!;
          const refB = b.refs[overlap.b]!;
          reports.push({
            messageId: overlap.certain ? 'overlap' : 'mayOverlap',
            data: {
              batch: batch.number,
              a: sessions[i]!.id,
              b: sessions[j]!.id,
              patternA: refA.text,
              lineA: refA.span.start.line,
              patternB: refB.text,
              lineB: refB.span.start.line,
              witness: overlap.witness,
            },
            span: refB.span,
          });
        }
      }
    }
    return reports;
  },
};

export default rule;
