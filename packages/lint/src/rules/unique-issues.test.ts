import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-issues.ts';

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

        ### S-B: Work

        - **Issue:** shop-121
      `,
      errors: [
        { messageId: 'duplicate', message: "Unexpected issue shop-121 for S-B: S-A already holds it; give each session its own issue", line: 14, column: 14, endLine: 14, endColumn: 22 },
      ],
    },
  ],
});
