import { md, testRule } from '../testing/test-rule.ts';
import rule from './plan-date.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-31

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'invalid', message: "Unexpected `**Date:** 2026-11-31`, expected a real date written `YYYY-MM-DD` such as `2026-11-20`", line: 4, column: 11, endLine: 4, endColumn: 21 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'missing', message: "Expected a `**Date:** YYYY-MM-DD` line under the plan title", line: 1, column: 1, endLine: 1, endColumn: 7 },
      ],
    },
  ],
});
