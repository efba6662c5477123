import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-redundant-pattern.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**\`, \`!src/gen/**\`, \`src/gen/keep.ts\`
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
        - **Owns:** \`src/\`, \`src/cart/*.ts\`
        - **Reads:** \`docs/**\`, \`docs/adr/\`
      `,
      errors: [
        { messageId: 'redundant', message: "Unexpected `src/cart/*.ts` in the Owns of S-A: `src/` (line 11) already covers it; remove it", line: 11, column: 22, endLine: 11, endColumn: 35 },
        { messageId: 'redundant', message: "Unexpected `docs/adr/` in the Reads of S-A: `docs/**` (line 12) already covers it; remove it", line: 12, column: 26, endLine: 12, endColumn: 35 },
      ],
    },
  ],
});
