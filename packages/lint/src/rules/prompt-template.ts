import type { PlanRule, Report } from '../types.ts';
import { actionLine, executionLine, issueIdsIn } from '../prompt-text.ts';

interface Part {
  name: string;
  present: (text: string, issue: string | null, parent: string | null) => boolean;
}

const line = (re: RegExp) => (text: string) => re.test(text);

const parts: Part[] = [
  {
    name: 'an action line naming the issue and the master issue (`Implement on SHOP-121 (…) from master plan SHOP-120.`)',
    present: (text, issue, parent) => {
      const ids = issueIdsIn(actionLine(text)).map((i) => i.toUpperCase());
      return ids.length > 0 && (issue === null || ids.includes(issue.toUpperCase())) && (parent === null || ids.includes(parent.toUpperCase()));
    },
  },
  { name: '`Full plan at …`', present: line(/^\s*Full plan at\b/im) },
  { name: '`Context:`', present: line(/^\s*Context:/im) },
  { name: '`Execution mode: … | Launch as: …`', present: (text) => executionLine(text) !== null },
  { name: '`Tasks:`', present: line(/^\s*Tasks:/im) },
  { name: '`Deliverable:`', present: line(/^\s*Deliverable:/im) },
  { name: 'the cost estimate checkpoint line (`Estimate cost before execution. If >$10 …, checkpoint.`)', present: line(/estimate cost/i) },
  { name: 'the `Session started` confirmation line (`Reply with \'Session started\' before beginning work.`)', present: line(/session started/i) },
  {
    name: 'the exit protocol line (`Update Linear issue status to Done/In Review. Write session summary to plan file.`)',
    present: line(/session summary|update .*\bstatus\b/i),
  },
];

/** `prompt-template`: a literal prompt has every field of the prompt template and its three required lines. */
const rule: PlanRule = {
  id: 'prompt-template',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require every literal prompt to carry the template’s fields and its three required lines',
    rationale:
      'A literal prompt is sent as written (contract §2); the template’s fields tell the agent what to do and where the plan is, and the three required lines (the cost checkpoint, the `Session started` confirmation, the exit protocol) are how a session is watched and closed. A generated prompt always has them.',
    group: 'prompts',
    messages: { missing: 'Expected {{part}} in the literal prompt of {{session}}' },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      const prompt = session.prompt;
      if (prompt === null) continue;
      for (const part of parts) {
        if (part.present(prompt.text, session.issue, plan.header.parentIssue)) continue;
        reports.push({ messageId: 'missing', data: { part: part.name, session: session.id }, span: prompt.span });
      }
    }
    return reports;
  },
};

export default rule;
