import { md, testRule } from '../testing/test-rule.ts';
import rule from './launch-as-mode.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Mode:** pair
      - **Launch as:** Plan mode

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Mode:** spike (analysis-only)
      - **Launch as:** Bypass permissions
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
        - **Mode:** checkpoint
        - **Launch as:** Bypass permissions
      `,
      errors: [
        { messageId: 'contradicts', message: "Unexpected `Launch as: Bypass permissions` for S-A in mode `checkpoint`, expected `Ask permissions` (the launch mode `checkpoint` maps to)", line: 12, column: 18, endLine: 12, endColumn: 36 },
      ],
      output: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Mode:** checkpoint
        - **Launch as:** Ask permissions
      `,
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue | Mode | Launch as |
        |---|---|---|---|
        | S-A | SHOP-121 | pair | Plan-mode |
      `,
      errors: [
        { messageId: 'unknown', message: "Unexpected `Launch as: Plan-mode` for S-A, expected one of `Bypass permissions`, `Plan mode`, `Ask permissions`", line: 10, column: 27, endLine: 10, endColumn: 36 },
      ],
      output: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue | Mode | Launch as |
        |---|---|---|---|
        | S-A | SHOP-121 | pair | Plan mode |
      `,
    },
  ],
});
