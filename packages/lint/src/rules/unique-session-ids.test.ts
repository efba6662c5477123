import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-session-ids.ts';

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

        ### S-A: Work

        - **Issue:** SHOP-122
      `,
      errors: [
        { messageId: 'secondSession', message: "Unexpected second session `S-A`: session IDs must be unique; rename one of them", line: 12, column: 1, endLine: 12, endColumn: 14 },
      ],
    },
  ],
});
