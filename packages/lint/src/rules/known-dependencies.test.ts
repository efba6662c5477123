import { md, testRule } from '../testing/test-rule.ts';
import rule from './known-dependencies.ts';

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

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Depends on:** S-X
      `,
      errors: [
        { messageId: 'unknownDependency', message: "Unexpected dependency `S-X` of S-B in the Sessions section: no session, phase or issue of that name in the plan", line: 15, column: 19, endLine: 15, endColumn: 22 },
      ],
    },
  ],
});
