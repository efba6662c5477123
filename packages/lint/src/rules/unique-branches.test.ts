import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-branches.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Branch:** claude/shop-121-cart
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
        - **Branch:** claude/shop-121-cart

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Branch:** claude/shop-121-cart
      `,
      errors: [
        { messageId: 'duplicate', message: "Unexpected branch `claude/shop-121-cart` for S-B: S-A already uses it; give each session its own branch", line: 16, column: 15, endLine: 16, endColumn: 35 },
      ],
    },
  ],
});
