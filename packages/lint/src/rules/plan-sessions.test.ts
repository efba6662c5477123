import { md, testRule } from '../testing/test-rule.ts';
import rule from './plan-sessions.ts';

testRule(rule, {
  valid: [
    md`
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
        # Shopping list

        - milk
        - eggs
      `,
      errors: [
        { messageId: 'notAPlan', message: "Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md", line: 1, column: 1, endLine: 5, endColumn: 1 },
      ],
    },
    {
      code: "",
      errors: [
        { messageId: 'notAPlan', message: "Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md", line: 1, column: 1 },
      ],
    },
  ],
});
