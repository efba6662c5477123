import { md, testRule } from '../testing/test-rule.ts';
import rule from './dependency-order.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Batch:** 1

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Batch:** 2
      - **Depends on:** S-A
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
        - **Batch:** 1

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Batch:** 1
        - **Depends on:** S-A

        ### S-C: Work

        - **Issue:** SHOP-123
        - **Batch:** 1
        - **Depends on:** S-D

        ### S-D: Work

        - **Issue:** SHOP-124
        - **Batch:** 2
      `,
      errors: [
        { messageId: 'sameBatch', message: "Unexpected dependency of S-B on S-A, both in batch 1: sessions of one batch run at once; move S-B to a later batch", line: 17, column: 19, endLine: 17, endColumn: 22 },
        { messageId: 'laterBatch', message: "Unexpected dependency of S-C (batch 1) on S-D (batch 2): batch 2 runs later; move S-C after it", line: 23, column: 19, endLine: 23, endColumn: 22 },
      ],
    },
  ],
});
