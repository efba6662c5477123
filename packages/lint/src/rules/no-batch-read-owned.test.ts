import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-batch-read-owned.ts';

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
      - **Owns:** \`apps/**\`
      - **Reads:** \`packages/shared/**\`
    `,
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
      - **Depends on:** S-A
      - **Owns:** \`apps/**\`
      - **Reads:** \`services/cart/api.ts\`
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
        - **Owns:** \`services/cart/**\`

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Owns:** \`apps/**\`
        - **Reads:** \`services/cart/api.ts\`
      `,
      errors: [
        { messageId: 'readsOwned', message: "Unexpected read in batch 1: S-B reads `services/cart/api.ts` (line 17) and S-A owns `services/cart/**` (line 11), both match `services/cart/api.ts`; S-B reads its output: make it sequential (depend on S-A in a later batch)", line: 17, column: 15, endLine: 17, endColumn: 35 },
      ],
    },
  ],
});
