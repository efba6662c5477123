import type { PlanRule, Report } from '../types.ts';

/** `unique-worktrees`: two sessions of one batch never name the same worktree folder. */
const rule: PlanRule<'shared'> = {
  id: 'unique-worktrees',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow two sessions of one batch with the same worktree folder',
    rationale:
      'A worktree is one checkout on one branch: two sessions that run at once in one folder share a working tree and commit over each other. (`Worktree: yes`, `no` and `n/a` are a flag, not a folder.)',
    group: 'batches',
    messages: {
      shared: 'Unexpected worktree `{{worktree}}` of {{session}}, already the worktree of {{other}} in batch {{batch}}: give each session of a batch its own folder',
    },
  },
  check(plan) {
    const reports: Report<'shared'>[] = [];
    const seen = new Map<string, string>();
    for (const session of plan.sessions) {
      if (session.worktree === null) continue;
      const folder = session.worktree.replace(/^\.\//, '').replace(/\/+$/, '');
      const key = `${session.batch}\u0000${folder}`;
      const other = seen.get(key);
      if (other === undefined) {
        seen.set(key, session.id);
        continue;
      }
      const span = session.fields.worktree?.[0]?.span ?? session.span;
      reports.push({ messageId: 'shared', data: { worktree: session.worktree, session: session.id, other, batch: session.batch }, span });
    }
    return reports;
  },
};

export default rule;
