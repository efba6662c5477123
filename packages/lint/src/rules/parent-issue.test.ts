import { md, testRule } from '../testing/test-rule.ts';
import rule from './parent-issue.ts';

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

        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'missing', message: "Expected a `**Parent issue:**` line under the plan title, such as `**Parent issue:** [SHOP-120](https://…)`", line: 1, column: 1, endLine: 1, endColumn: 7 },
      ],
    },
  ],
});
