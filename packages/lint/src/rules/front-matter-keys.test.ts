import { md, testRule } from '../testing/test-rule.ts';
import rule from './front-matter-keys.ts';

testRule(rule, {
  valid: [
    md`
      ---
      project: shop
      ---

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
        ---
        project: shop
        max_parallel: 2
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'unknownKey', message: "Unexpected front matter key `max_parallel`, expected one of `project`, `max-parallel`, `base`, `agent`, `verify`, `shared-infra`, `guard`, `integrate`, `integrate-into`", line: 3, column: 1, endLine: 3, endColumn: 13 },
      ],
    },
  ],
});
