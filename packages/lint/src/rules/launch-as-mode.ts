import { launchModeFor, launchModes, parseLaunchMode } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { replaceValue } from '../source-text.ts';

/** `launch-as-mode`: a written `Launch as` is the one the exec mode maps to. */
const rule: PlanRule = {
  id: 'launch-as-mode',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require `Launch as` to be the launch mode the exec mode maps to',
    rationale:
      'The dispatch rules map each exec mode to one launch mode (`quick`, `tdd`, `swarm`, `spike` → Bypass permissions; `pair` → Plan mode; `checkpoint` → Ask permissions; analysis-only → Bypass permissions). A contradicting `Launch as` gives a session more, or fewer, permissions than its mode allows.',
    group: 'fields',
    fixable: 'code',
    messages: {
      contradicts:
        'Unexpected `Launch as: {{written}}` for {{session}} in mode `{{mode}}`, expected `{{expected}}` (the launch mode `{{mode}}` maps to)',
      unknown: 'Unexpected `Launch as: {{written}}` for {{session}}, expected one of {{modes}}',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      const expected = launchModeFor(session.mode, session.analysisOnly);
      for (const value of session.fields['launch as'] ?? []) {
        const written = parseLaunchMode(value.value);
        if (written === null) {
          reports.push({
            messageId: 'unknown',
            data: { written: value.value.trim(), session: session.id, modes: launchModes.map((m) => `\`${m}\``).join(', ') },
            span: value.span,
            ...fixTo(expected, value.span, context.text),
          });
        } else if (expected !== null && written !== expected) {
          const mode = `${session.mode ?? ''}${session.analysisOnly ? ' (analysis-only)' : ''}`;
          reports.push({
            messageId: 'contradicts',
            data: { written: value.value.trim(), session: session.id, mode, expected },
            span: value.span,
            ...fixTo(expected, value.span, context.text),
          });
        }
      }
    }
    return reports;
  },
};

function fixTo(expected: string | null, span: Report['span'], text: string | null): Pick<Report, 'fix'> {
  if (expected === null) return {};
  const fix = replaceValue(span, text, expected);
  return fix === undefined ? {} : { fix };
}

export default rule;
