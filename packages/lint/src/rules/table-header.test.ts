import { md, testRule } from '../testing/test-rule.ts';
import rule from './table-header.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Session Registry

      | Session Name | Issue | Phase | Agent | Status |
      |---|---|---|---|---|
      | S-A | SHOP-121 | 1A | claude | Planned |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Session Registry

        | Session | Issue | Status |
        |---|---|---|
        | S-A | SHOP-121 | Planned |
      `,
      errors: [
        { messageId: 'registryHeader', message: "Unexpected `Session Registry` header `Session | Issue | Status`, expected `Session Name | Issue | Phase | Plan File | Status` or `Session Name | Issue | Phase | Agent | Status` or `Session Name | Issue | Phase | Agent | Worktree | Branch | Status`, optionally followed by more columns", line: 8, column: 3, endLine: 8, endColumn: 27 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Focus |
        |---|---|
        | S-A | Cart |
      `,
      errors: [
        { messageId: 'missingColumns', message: "Unexpected `Dispatch` header without `Issue`, expected columns `Session`, `Issue`", line: 8, column: 3, endLine: 8, endColumn: 18 },
      ],
    },
  ],
});
