import { md, testRule } from '../testing/test-rule.ts';
import rule from './session-issue.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** [SHOP-121: Cart](https://example.com/SHOP-121)
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

        - **Mode:** tdd

        ### S-B: Work

        - **Issue:** SHOP-122, SHOP-123
      `,
      errors: [
        { messageId: 'missing', message: "Expected an issue for S-A, such as `- **Issue:** SHOP-121` or an `Issue` cell in the Dispatch table", line: 8, column: 1, endLine: 8, endColumn: 14 },
        { messageId: 'many', message: "Unexpected 2 issues for S-B: `SHOP-122, SHOP-123`, expected one issue per session; split the session", line: 14, column: 14, endLine: 14, endColumn: 32 },
      ],
    },
  ],
});
