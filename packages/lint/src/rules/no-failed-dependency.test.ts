import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-failed-dependency.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Batch:** 1

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Batch:** 2
      - **Depends on:** S-A

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
        - **Batch:** 1

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Batch:** 2
        - **Depends on:** S-A

        ## Session Registry

        | Session Name | Issue | Phase | Agent | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | claude | Failed: tests time out |
      `,
      errors: [
        { messageId: 'failed', message: "Unexpected dependency of S-B on S-A, which is `Failed`: its output needs review before S-B starts", line: 17, column: 19, endLine: 17, endColumn: 22 },
      ],
    },
  ],
});
