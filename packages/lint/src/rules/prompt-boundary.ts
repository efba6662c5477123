import { planBatches } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

/** The boundary line every prompt of a parallel batch carries (contract §4). */
export const boundaryLine = 'Do NOT touch files outside this list.';

/** `prompt-boundary`: a literal prompt of a session in a parallel batch has the boundary line. */
const rule: PlanRule = {
  id: 'prompt-boundary',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require the boundary line in the literal prompt of every session in a parallel batch',
    rationale:
      'Sessions of a batch run at once; the boundary line (`Do NOT touch files outside this list.`, after the owned patterns) is what keeps an agent inside its lane before the guard has to block it. Generated prompts always have it.',
    group: 'prompts',
    messages: {
      missing: `Expected the boundary line \`${boundaryLine}\` in the literal prompt of {{session}}: it runs in batch {{batch}} with {{others}}; list its owned paths followed by that line`,
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const batch of planBatches(plan)) {
      if (batch.sessions.length < 2) continue;
      for (const session of batch.sessions) {
        if (session.prompt === null || session.prompt.text.includes(boundaryLine)) continue;
        const others = batch.sessions.filter((s) => s !== session).map((s) => s.id);
        reports.push({ messageId: 'missing', data: { session: session.id, batch: batch.number, others: others.join(', ') }, span: session.prompt.span });
      }
    }
    return reports;
  },
};

export default rule;
