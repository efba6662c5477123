import { md, testRule } from '../testing/test-rule.ts';
import rule from './est-cost-format.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Est. Cost:** ~$4

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Est. Cost:** ~$2.50
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
        - **Est. Cost:** $4

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Est. Cost:** cheap
      `,
      errors: [
        { messageId: 'form', message: "Unexpected `Est. Cost: $4` for S-A, expected `~$N` such as `~$4`", line: 11, column: 18, endLine: 11, endColumn: 20 },
        { messageId: 'form', message: "Unexpected `Est. Cost: cheap` for S-B, expected `~$N` such as `~$4`", line: 16, column: 18, endLine: 16, endColumn: 23 },
      ],
      output: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Est. Cost:** ~$4

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Est. Cost:** cheap
      `,
    },
  ],
});
