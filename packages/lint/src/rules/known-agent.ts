import { launchableAgents } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';

/** `known-agent`: warns about a session whose agent no adapter of the runner launches (it is external). */
const rule: PlanRule<'external'> = {
  id: 'known-agent',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about a session whose agent no adapter of the runner can launch',
    rationale:
      'Plans name agents by display name (`Claude Code`, `Gemini CLI`), which Lanes maps to its adapters; an agent it has no adapter for (Cursor, Copilot, …) is external: `lanes dispatch` does not launch it but writes its prompt file to hand over, so the plan should say so knowingly.',
    group: 'fields',
    messages: {
      external:
        'Unexpected agent `{{agent}}` of {{session}}: no adapter launches it, so dispatch hands its prompt over instead; expected one of {{agents}} to launch it',
    },
  },
  check(plan) {
    const reports: Report<'external'>[] = [];
    for (const session of plan.sessions) {
      if (session.agentLaunchable) continue;
      const written = session.fields.agent?.[0];
      const span = written?.span ?? plan.frontMatter.span ?? session.span;
      reports.push({
        messageId: 'external',
        data: { agent: session.agentName, session: session.id, agents: launchableAgents.map((a) => `\`${a}\``).join(', ') },
        span,
      });
    }
    return reports;
  },
};

export default rule;
