import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-dependency-cycle.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121

      ### S-B: Work

      - **Issue:** SHOP-122
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
        - **Depends on:** S-C

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Depends on:** S-A

        ### S-C: Work

        - **Issue:** SHOP-123
        - **Depends on:** S-B
      `,
      errors: [
        { messageId: 'cycle', message: "Unexpected dependency cycle S-A → S-C → S-B → S-A: no order can run these sessions; remove one of the dependencies", line: 11, column: 19, endLine: 11, endColumn: 22 },
      ],
    },
  ],
});
