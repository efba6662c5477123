import { md, testRule } from '../testing/test-rule.ts';
import rule from './known-columns.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Dispatch

      | Session | Issue | Mode |
      |---|---|---|
      | S-A | SHOP-121 | tdd |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue | Owner |
        |---|---|---|
        | S-A | SHOP-121 | ann |
      `,
      errors: [
        { messageId: 'unknownColumn', message: "Unexpected `Dispatch` column `Owner`, expected any of `Session`, `Issue`, `Focus`, `Mode`, `Est. Cost`, `Branch`, `Agent`, `Worktree`, `Batch`, `Depends On`, `Launch As`, `Model`, `Phase`, `Timeout`, `Thinking`, `Merge Order`", line: 8, column: 21, endLine: 8, endColumn: 26 },
      ],
    },
  ],
});
