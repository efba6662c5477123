import { findOverlap, planBatches } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { compilePatterns } from '../plan-facts.ts';

/** `no-batch-read-owned`: a session does not read what another session of its batch owns. */
const rule: PlanRule = {
  id: 'no-batch-read-owned',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow a session reading what another session of its batch owns, without depending on it',
    rationale:
      'A session that reads paths another session of its batch is changing reads them half-written, or before they exist. It reads that session’s output, so it must depend on it and run in a later batch (the dispatch decision tree).',
    group: 'batches',
    messages: {
      readsOwned:
        'Unexpected read in batch {{batch}}: {{reader}} reads `{{read}}` (line {{readLine}}) and {{owner}} owns `{{owned}}` (line {{ownedLine}}), both match `{{witness}}`; {{reader}} reads its output: make it sequential (depend on {{owner}} in a later batch)',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const batch of planBatches(plan)) {
      for (const reader of batch.sessions) {
        const reads = compilePatterns(reader.reads);
        if (reads.refs.length === 0) continue;
        for (const owner of batch.sessions) {
          if (owner === reader || reader.dependsOn.includes(owner.id)) continue;
          const owns = compilePatterns(owner.owns);
          if (owns.refs.length === 0) continue;
          const overlap = findOverlap(reads.set, owns.set);
          if (overlap === null) continue;
          const read = reads.refs[overlap.a]!;
          const owned = owns.refs[overlap.b]!;
          reports.push({
            messageId: 'readsOwned',
            data: {
              batch: batch.number,
              reader: reader.id,
              read: read.text,
              readLine: read.span.start.line,
              owner: owner.id,
              owned: owned.text,
              ownedLine: owned.span.start.line,
              witness: overlap.witness,
            },
            span: read.span,
          });
        }
      }
    }
    return reports;
  },
};

export default rule;
