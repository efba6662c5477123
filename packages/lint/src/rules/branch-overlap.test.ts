import { md, testRule } from '../testing/test-rule.ts';
import rule from './branch-overlap.ts';

/** Two sessions of batch 1 that both own `docs/**`, with the `Worktree` and `Merge order` fields given. */
const pair = (a: string, b: string): string =>
  md`
    # Plan

    **Parent issue:** SHOP-120
    **Date:** 2026-11-20

    ## Sessions

    ### S-A: Work

    - **Issue:** SHOP-121
    - **Owns:** \`docs/**\`
  ` +
  a +
  md`

    ### S-B: Work

    - **Issue:** SHOP-122
    - **Owns:** \`docs/guide.md\`
  ` +
  b;

testRule(rule, {
  valid: [
    // Sessions that share a working tree, or lack a merge order: `no-batch-overlap` reports them as errors.
    pair('- **Worktree:** no\n- **Merge order:** 1\n', '- **Worktree:** yes\n- **Merge order:** 2\n'),
    pair('- **Worktree:** yes\n', '- **Worktree:** yes\n- **Merge order:** 2\n'),
    pair('- **Worktree:** yes\n- **Merge order:** 1\n- **Depends on:** S-B\n', '- **Worktree:** yes\n- **Merge order:** 2\n'),
  ],
  invalid: [
    {
      code: pair('- **Worktree:** ../wt-a\n- **Merge order:** 2\n', '- **Worktree:** yes\n- **Merge order:** 1\n'),
      errors: [
        {
          messageId: 'parallel',
          message:
            'Parallel with a branch strategy in batch 1: S-A owns `docs/**` (line 11) and S-B owns `docs/guide.md` (line 18), both may change `docs/guide.md`; they land in Merge order, S-B before S-A, and a conflict there fails S-A',
          line: 18,
          column: 14,
          endLine: 18,
          endColumn: 27,
        },
      ],
    },
  ],
});
