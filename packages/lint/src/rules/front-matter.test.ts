import { md, testRule } from '../testing/test-rule.ts';
import rule from './front-matter.ts';

testRule(rule, {
  valid: [
    md`
      ---
      project: shop
      max-parallel: 2
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
        max-parallel: two
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'maxParallel', message: "Unexpected `max-parallel: two`, expected a whole number of at least 1", line: 2, column: 15, endLine: 2, endColumn: 18 },
      ],
    },
    {
      code: md`
        ---
        project: [shop
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      errors: [
        { messageId: 'yamlSyntax', message: "Unexpected YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]", line: 2, column: 15, endLine: 3, endColumn: 1 },
      ],
    },
  ],
});
