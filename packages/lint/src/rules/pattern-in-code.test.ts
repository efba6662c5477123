import { md, testRule } from '../testing/test-rule.ts';
import rule from './pattern-in-code.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**/*.ts\`
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
        - **Owns:** src/cart/, \`docs/\`
        - **Reads:** lib/money.ts
      `,
      errors: [
        { messageId: 'bare', message: "Unexpected bare pattern `src/cart/`, expected it in inline code: `` `src/cart/` `` (bare markdown mangles `*`)", line: 11, column: 13, endLine: 11, endColumn: 22 },
        { messageId: 'bare', message: "Unexpected bare pattern `lib/money.ts`, expected it in inline code: `` `lib/money.ts` `` (bare markdown mangles `*`)", line: 12, column: 14, endLine: 12, endColumn: 26 },
      ],
      output: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`src/cart/\`, \`docs/\`
        - **Reads:** \`lib/money.ts\`
      `,
    },
  ],
});
