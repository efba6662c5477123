import type { LaunchMode, Plan, Session } from '@lanes/core/model';

/** What a prompt needs besides the session: where the plan is and how the session is launched. */
export interface PromptContext {
  /** The plan's path from the repository root (`LANES_PLAN`). */
  planPath: string;
  launchAs: LaunchMode;
  /** The branch the session commits on, when it has its own. */
  branch: string | null;
}

/** The boundary line every generated prompt carries (contract §4). */
export const boundaryLine = 'Do NOT touch files outside this list.';

/**
 * A session's prompt: its literal prompt from `Dispatch prompts` as written, else one generated from its fields
 * with the template of contract §4 (the same shape as a literal prompt, plus the owned patterns and the boundary line).
 */
export function sessionPrompt(plan: Plan, session: Session, context: PromptContext): string {
  if (session.prompt !== null) return session.prompt.text.endsWith('\n') ? session.prompt.text : `${session.prompt.text}\n`;
  const issue = session.issue ?? session.id;
  const master = plan.header.parentIssue;
  const mode = session.mode === null ? 'unspecified' : `${session.mode}${session.analysisOnly ? ' (analysis-only)' : ''}`;
  const lines: string[] = [];
  lines.push(`Implement ${issue}${session.focus ? ` (${session.focus})` : ''}${master ? ` from master plan ${master}` : ''}. You are session ${session.id}, phase ${session.phase}, batch ${session.batch}.`);
  lines.push(`Full plan at ${context.planPath}`);
  lines.push('', 'Context:');
  const context_ = session.context.length > 0 ? session.context : [`${plan.header.title ?? 'The plan'}: see the full plan for the other sessions and their lanes.`];
  for (const c of context_) lines.push(`- ${c}`);
  if (session.dependsOn.length > 0) lines.push(`- Builds on ${session.dependsOn.join(', ')}, already done.`);
  lines.push('', `Execution mode: ${mode} | Launch as: ${context.launchAs}`);
  lines.push('', 'Tasks:');
  const tasks = session.tasks.length > 0 ? session.tasks : [`Do the work of ${issue}${session.focus ? `: ${session.focus}` : ''}.`];
  tasks.forEach((t, i) => lines.push(`${i + 1}. ${t}`));
  lines.push('', `Deliverable: ${session.deliverable ?? `the work of ${issue}, committed. Update ${issue} with results.`}`);
  lines.push('');
  if (session.analysisOnly || session.owns.length === 0) {
    lines.push('You own no files: this session is analysis-only and commits nothing.');
  } else {
    lines.push('You own only these paths (patterns from the repository root; a `!` line excludes):');
    for (const p of session.owns) lines.push(`- \`${p.text}\``);
  }
  lines.push(boundaryLine);
  if (session.reads.length > 0) lines.push(`You may read, never write: ${session.reads.map((p) => `\`${p.text}\``).join(', ')}.`);
  lines.push('');
  const estimate = session.estCost === null ? 'no estimate was given' : `the estimate is ~$${session.estCost}`;
  lines.push(`Estimate cost before execution (${estimate}). If it will be more than twice that, checkpoint: stop and say so.`);
  lines.push(`Reply with 'Session started: ${session.id}' before beginning work.`);
  const where = context.branch ? `on branch ${context.branch}` : 'in this working tree';
  lines.push(
    `Exit protocol: commit only the paths you own ${where} (never \`--no-verify\`), update ${issue} to Done/In Review, end with a summary of what you did and what is left. Do not edit the plan file: the runner writes its Session Registry.`,
  );
  return `${lines.join('\n')}\n`;
}
