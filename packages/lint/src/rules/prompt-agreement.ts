import { launchModeFor, parseExecMode, parseLaunchMode } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { actionLine, executionLine, issueIdsIn, promptLineSpan } from '../prompt-text.ts';

/** `prompt-agreement`: a literal prompt agrees with its session on issue, mode and launch mode (decision 12). */
const rule: PlanRule = {
  id: 'prompt-agreement',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require a literal prompt to agree with its session on issue, exec mode and launch mode',
    rationale:
      'The agent does what the prompt says, the guard and the runner go by the session’s fields; a prompt that names another issue or mode sends the agent to do other work than the plan checks (decision 12).',
    group: 'prompts',
    messages: {
      issue: 'Unexpected issue {{written}} in the literal prompt of {{session}}, expected {{issue}} (its `Issue`)',
      mode: 'Unexpected `Execution mode: {{written}}` in the literal prompt of {{session}}, expected `{{mode}}` (its `Mode`)',
      launchAs: 'Unexpected `Launch as: {{written}}` in the literal prompt of {{session}}, expected `{{launchAs}}`',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    const parent = plan.header.parentIssue?.toUpperCase() ?? null;
    for (const session of plan.sessions) {
      const prompt = session.prompt;
      if (prompt === null) continue;
      const action = actionLine(prompt.text);
      const ids = issueIdsIn(action).filter((i) => i.toUpperCase() !== parent);
      if (session.issue !== null && ids.length > 0 && ids[0]!.toUpperCase() !== session.issue.toUpperCase()) {
        reports.push({
          messageId: 'issue',
          data: { written: ids[0]!, session: session.id, issue: session.issue },
          span: promptLineSpan(prompt, context.text, (l) => l === action),
        });
      }
      const exec = executionLine(prompt.text);
      if (exec === null) continue;
      const span = promptLineSpan(prompt, context.text, (l) => l === exec.line);
      const mode = parseExecMode(exec.mode);
      if (session.mode !== null && mode !== null && (mode.mode !== session.mode || mode.analysisOnly !== session.analysisOnly)) {
        reports.push({
          messageId: 'mode',
          data: { written: exec.mode, session: session.id, mode: `${session.mode}${session.analysisOnly ? ' (analysis-only)' : ''}` },
          span,
        });
      }
      const expected = session.launchAs ?? (mode === null ? null : launchModeFor(mode.mode, mode.analysisOnly));
      if (expected !== null && parseLaunchMode(exec.launchAs) !== expected) {
        reports.push({ messageId: 'launchAs', data: { written: exec.launchAs, session: session.id, launchAs: expected }, span });
      }
    }
    return reports;
  },
};

export default rule;
