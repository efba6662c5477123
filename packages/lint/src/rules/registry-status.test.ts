import { md, testRule } from '../testing/test-rule.ts';
import rule from './registry-status.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Session Registry

      | Session Name | Issue | Phase | Agent | Status |
      |---|---|---|---|---|
      | S-A | SHOP-121 | 1A | claude | In Review |
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
        | S-A | SHOP-121 | 1A | claude | WIP |
      `,
      errors: [
        { messageId: 'unknown', message: "Unexpected status `WIP` of S-A in the Session Registry, expected one of `Planned`, `Queued`, `Active`, `In Review`, `Done`, `Failed`, `Blocked`, `Cancelled`", line: 10, column: 34, endLine: 10, endColumn: 37 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Session Registry

        | Session Name | Issue | Phase | Agent | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | claude |  |
      `,
      errors: [
        { messageId: 'missing', message: "Expected a status for S-A in the Session Registry, one of `Planned`, `Queued`, `Active`, `In Review`, `Done`, `Failed`, `Blocked`, `Cancelled`", line: 10, column: 32, endLine: 10, endColumn: 36 },
      ],
    },
  ],
});
