import { md, testRule } from '../testing/test-rule.ts';
import rule from './table-row-cells.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Dispatch

      | Session | Issue |
      |---|---|
      | S-A | SHOP-121 |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue |
        |---|---|
        | S-A | SHOP-121 | tdd |
        | S-B |
      `,
      errors: [
        { messageId: 'cellCount', message: "Unexpected 3 cells in a row of the `Dispatch` table, expected 2 as in its header", line: 10, column: 3, endLine: 10, endColumn: 23 },
        { messageId: 'cellCount', message: "Unexpected 1 cell in a row of the `Dispatch` table, expected 2 as in its header", line: 11, column: 3, endLine: 11, endColumn: 6 },
      ],
    },
  ],
});
