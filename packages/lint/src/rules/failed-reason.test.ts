import { md, testRule } from '../testing/test-rule.ts';
import rule from './failed-reason.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Session Registry

      | Session Name | Issue | Phase | Agent | Status | Note |
      |---|---|---|---|---|---|
      | S-A | SHOP-121 | 1A | claude | Failed (tests time out) | |
      | S-B | SHOP-122 | 1B | claude | Failed | out of budget |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Session Registry

        | Session Name | Issue | Phase | Agent | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | claude | Failed |
      `,
      errors: [
        { messageId: 'missing', message: "Expected a reason for `Failed` S-A, such as `Failed: tests time out` or a `Note` column", line: 10, column: 34, endLine: 10, endColumn: 40 },
      ],
    },
  ],
});
