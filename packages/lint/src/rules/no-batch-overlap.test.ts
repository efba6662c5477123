import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-batch-overlap.ts';

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
    pair('- **Worktree:** ../wt-a\n- **Merge order:** 1\n', '- **Worktree:** yes\n- **Merge order:** 2\n'),
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`services/cart/**\`

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Owns:** \`services/payments/**\`
    `,
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**\`

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Depends on:** S-A
      - **Owns:** \`src/**\`
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`services/cart/**\`, \`docs/*.md\`

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Owns:** \`services/payments/**\`, \`docs/cart.md\`
      `,
      errors: [
        { messageId: 'overlap', message: "Unexpected overlap in batch 1: S-A owns `docs/*.md` (line 11) and S-B owns `docs/cart.md` (line 16), both match `docs/cart.md`; make them sequential or split the paths", line: 16, column: 38, endLine: 16, endColumn: 50 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`**/*.test.ts\`

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Owns:** \`services/\`
      `,
      errors: [
        { messageId: 'overlap', message: "Unexpected overlap in batch 1: S-A owns `**/*.test.ts` (line 11) and S-B owns `services/` (line 16), both match `services/x.test.ts`; make them sequential or split the paths", line: 16, column: 14, endLine: 16, endColumn: 23 },
      ],
    },
    {
      code: pair('- **Worktree:** yes\n- **Merge order:** 1\n', '- **Worktree:** no\n- **Merge order:** 2\n'),
      errors: [
        {
          messageId: 'overlap',
          message: 'Unexpected overlap in batch 1: S-A owns `docs/**` (line 11) and S-B owns `docs/guide.md` (line 18), both match `docs/guide.md`; make them sequential or split the paths',
          line: 18,
          column: 14,
          endLine: 18,
          endColumn: 27,
        },
      ],
    },
    {
      code: pair('- **Worktree:** yes\n- **Merge order:** 1\n', '- **Worktree:** ../wt-b\n'),
      errors: [
        {
          messageId: 'needsMergeOrder',
          message:
            'Unexpected overlap in batch 1 without a merge order: S-A owns `docs/**` (line 11) and S-B owns `docs/guide.md` (line 18), both may change `docs/guide.md`; each works on its own branch, so they may run in parallel when their branches land in a set order, but S-B has no `Merge order`: write `2` for S-B (a `Merge order` column of the Dispatch table, or `- **Merge order:**` in the session)',
          line: 18,
          column: 14,
          endLine: 18,
          endColumn: 27,
        },
      ],
    },
    {
      code: pair('- **Worktree:** yes\n', '- **Worktree:** yes\n'),
      errors: [
        {
          messageId: 'needsMergeOrder',
          message:
            'Unexpected overlap in batch 1 without a merge order: S-A owns `docs/**` (line 11) and S-B owns `docs/guide.md` (line 17), both may change `docs/guide.md`; each works on its own branch, so they may run in parallel when their branches land in a set order, but S-A and S-B have no `Merge order`: write `1` for S-A and `2` for S-B (a `Merge order` column of the Dispatch table, or `- **Merge order:**` in the session)',
          line: 17,
          column: 14,
          endLine: 17,
          endColumn: 27,
        },
      ],
    },
  ],
});
