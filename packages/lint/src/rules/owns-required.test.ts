import { md, testRule } from '../testing/test-rule.ts';
import rule from './owns-required.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**\`

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Mode:** spike (analysis-only)
    `,
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121

      ## Session Registry

      | Session Name | Issue | Phase | Agent | Status |
      |---|---|---|---|---|
      | S-A | SHOP-121 | 1A | claude | Done |
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

        ## Session Registry

        | Session Name | Issue | Phase | Agent | Status |
        |---|---|---|---|---|
        | S-B | SHOP-122 | 1B | claude | Active |
      `,
      errors: [
        { messageId: 'missing', message: "Expected `Owns` for S-A (no registry row): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`", line: 8, column: 1, endLine: 8, endColumn: 14 },
        { messageId: 'missing', message: "Expected `Owns` for S-B (Active): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`", line: 12, column: 1, endLine: 12, endColumn: 14 },
      ],
    },
  ],
});
