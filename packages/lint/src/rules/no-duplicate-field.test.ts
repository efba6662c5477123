import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-duplicate-field.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**\`, \`docs/\`
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
        - **Owns:** \`src/**\`
        - **Owns:** \`docs/\`
      `,
      errors: [
        { messageId: 'secondField', message: "Unexpected second `Owns` field in session S-A: list every pattern under one field", line: 12, column: 3, endLine: 12, endColumn: 12 },
      ],
    },
  ],
});
