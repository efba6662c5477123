import { md, testRule } from '../testing/test-rule.ts';
import rule from './field-agreement.ts';

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

      ## Sessions

      ### S-A: Work

      - **Mode:** tdd
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue | Mode |
        |---|---|---|
        | S-A | SHOP-121 | tdd |

        ## Sessions

        ### S-A: Work

        - **Mode:** pair
      `,
      errors: [
        { messageId: 'disagree', message: "Unexpected `Mode` of S-A: `pair` in the Sessions section but `tdd` in the Dispatch table; make them agree", line: 16, column: 13, endLine: 16, endColumn: 17 },
      ],
    },
  ],
});
