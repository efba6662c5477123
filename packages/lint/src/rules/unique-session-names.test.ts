import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-session-names.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Session Registry

      | Session Name | Issue | Phase | Agent | Status |
      |---|---|---|---|---|
      | (direct main) | SHOP-121 | 1A | claude | Done |
      | (direct main) | SHOP-122 | 1B | claude | Done |
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
        | S-A | SHOP-121 | 1A | claude | Done |
        | S-A | SHOP-122 | 1B | claude | Done |
      `,
      errors: [
        { messageId: 'duplicate', message: "Unexpected second Session Registry row for S-A (first on line 10): give each session one row", line: 11, column: 3, endLine: 11, endColumn: 6 },
      ],
    },
  ],
});
