import { md, testRule } from '../testing/test-rule.ts';
import rule from './pattern-matches-files.ts';

testRule(rule, {
  valid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`services/cart/\`, \`!services/cart/gen/\`
        - **Reads:** \`docs/*.md\`
      `,
      context: {filesAtBase: ['services/cart/a.ts', 'docs/x.md']},
    },
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`new/**\`
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
        - **Owns:** \`service/cart/**\`, \`docs/\`
      `,
      context: {filesAtBase: ['services/cart/a.ts', 'docs/x.md']},
      errors: [
        { messageId: 'noFile', message: "Unexpected Owns pattern `service/cart/**` of S-A matching no file at main: check its spelling (fine for files the session creates)", line: 11, column: 14, endLine: 11, endColumn: 29 },
      ],
    },
  ],
});
