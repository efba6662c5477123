import { planBatches } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

/** `batch-size`: a written batch holds at most `max-parallel` sessions (decision 5). */
const rule: PlanRule = {
  id: 'batch-size',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about a batch with more sessions than `max-parallel` (3 when not set)',
    rationale:
      'The dispatch rules recommend batches of 2–3 sessions. The runner runs a larger batch in waves of at most `max-parallel` (decision 5), so the batch is not what it says; derived batches are split by themselves and never reported.',
    group: 'batches',
    messages: {
      overMax:
        'Unexpected {{count}} sessions in batch {{batch}}, expected at most {{max}} (`max-parallel: {{max}}`): the runner will run it in waves; split the batch',
      overDefault:
        'Unexpected {{count}} sessions in batch {{batch}}, expected at most 3: the dispatch rules recommend batches of 2–3; split the batch or set `max-parallel`',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    const { maxParallel, maxParallelSet } = plan.frontMatter;
    for (const batch of planBatches(plan)) {
      const written = batch.sessions.filter((s) => s.batchSource !== 'derived');
      if (batch.sessions.length <= maxParallel || written.length === 0) continue;
      const extra = batch.sessions[maxParallel]!;
      reports.push({
        messageId: maxParallelSet ? 'overMax' : 'overDefault',
        data: { count: batch.sessions.length, batch: batch.number, max: maxParallel },
        span: extra.span,
      });
    }
    return reports;
  },
};

export default rule;
