import { launchModeByExecMode, parseExecMode } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

const modes = Object.keys(launchModeByExecMode);

/** `known-mode`: every exec mode is one of the dispatch rules' modes. */
const rule: PlanRule = {
  id: 'known-mode',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow an exec mode the dispatch rules do not define',
    rationale: 'The exec mode decides the launch mode (contract §4); an unknown mode leaves the session’s permissions undecided.',
    group: 'fields',
    messages: {
      unknown: 'Unexpected mode `{{mode}}` for {{session}}, expected one of {{modes}} (add `(analysis-only)` for a session that changes nothing)',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      for (const value of session.fields.mode ?? []) {
        const exec = parseExecMode(value.value);
        if (exec === null || exec.analysisOnly || modes.includes(exec.mode)) continue;
        reports.push({
          messageId: 'unknown',
          data: { mode: value.value.trim(), session: session.id, modes: modes.map((m) => `\`${m}\``).join(', ') },
          span: value.span,
        });
      }
    }
    return reports;
  },
};

export default rule;
