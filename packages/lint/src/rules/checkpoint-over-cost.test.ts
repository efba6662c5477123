import { md, testRule } from '../testing/test-rule.ts';
import rule from './checkpoint-over-cost.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Mode:** checkpoint
      - **Est. Cost:** ~$15

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Mode:** tdd
      - **Est. Cost:** ~$10
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
        - **Mode:** tdd
        - **Est. Cost:** ~$12
      `,
      errors: [
        { messageId: 'overCost', message: "Unexpected mode `tdd` for S-A estimated at ~$12: a session over $10 should be `checkpoint` (the cost rule)", line: 12, column: 18, endLine: 12, endColumn: 22 },
      ],
    },
  ],
});
