import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-phases.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Phase:** 1A

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Phase:** 1B
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
        - **Phase:** 1A

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Phase:** 1a
      `,
      errors: [
        { messageId: 'session', message: "Unexpected phase 1a for S-B: S-A already has it; give each session its own phase", line: 16, column: 14, endLine: 16, endColumn: 16 },
      ],
    },
  ],
});
