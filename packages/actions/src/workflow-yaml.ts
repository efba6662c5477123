import { isDeepStrictEqual } from 'node:util';
import { Document, parse } from 'yaml';
import type { Workflow } from './build-workflow.ts';

/** The workflow as YAML, with a header that says where it came from and how to make it again. */
export function workflowYaml(workflow: Workflow, source: { planPath: string; command: string }): string {
  const doc = new Document(workflow);
  doc.commentBefore = [
    ` Made by Lanes from ${source.planPath}; made again (not edited) with:`,
    `   ${source.command}`,
    ' One job per batch, a matrix leg per session; each leg runs `lanes dispatch --only <ID>` in a worktree on the',
    ' session’s branch and pushes it. `lanes dispatch --engine github-actions --run` starts it and writes the registry.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** True when two workflow files say the same (comments and layout aside); false when either does not parse. */
export function sameWorkflow(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(parse(a), parse(b));
  } catch {
    return false;
  }
}
