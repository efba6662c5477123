import { md, testRule } from '../testing/test-rule.ts';
import rule from './valid-pattern.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**/*.ts\`, \`!src/gen/\`
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
        - **Owns:** \`src/{a,b}/**\`, \`lib/a**\`
      `,
      errors: [
        { messageId: 'braces', message: "Unexpected `{a,b}` in pattern `src/{a,b}/**`: brace expansion is not supported; write one pattern per path", line: 11, column: 18, endLine: 11, endColumn: 26 },
        { messageId: 'doubleStarInSegment', message: "Unexpected `**` in segment `a**` of pattern `lib/a**`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment", line: 11, column: 35, endLine: 11, endColumn: 37 },
      ],
    },
  ],
});
