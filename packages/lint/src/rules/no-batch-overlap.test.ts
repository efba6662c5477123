import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-batch-overlap.ts';

testRule(rule, {
  valid: [
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
  ],
});
