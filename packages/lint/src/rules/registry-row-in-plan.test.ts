import { md, testRule } from '../testing/test-rule.ts';
import rule from './registry-row-in-plan.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121

      ## Session Registry

      | Session Name | Issue | Phase | Plan File | Status |
      |---|---|---|---|---|
      | S-A | SHOP-121 | 1A | 2026-11-20-shop-test.md | Done |
      | x | OPS-9 | 3C | 2026-01-02-ops-other.md | Done |
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

        ## Session Registry

        | Session Name | Issue | Phase | Agent | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | claude | Done |
        | S-B | SHOP-999 | 2B | claude | Planned |
      `,
      errors: [
        { messageId: 'issue', message: "Unexpected issue SHOP-999 in the Session Registry row of S-B: no session of the plan has it", line: 17, column: 9, endLine: 17, endColumn: 17 },
        { messageId: 'phase', message: "Unexpected phase 2B in the Session Registry row of S-B: no session of the plan has it (phases here: 1A)", line: 17, column: 20, endLine: 17, endColumn: 22 },
      ],
    },
  ],
});
