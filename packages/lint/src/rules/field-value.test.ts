import { md, testRule } from '../testing/test-rule.ts';
import rule from './field-value.ts';

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
      - **Timeout:** 30m
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
        - **Batch:** first
        - **Timeout:** soon
      `,
      errors: [
        { messageId: 'batch', message: "Unexpected `Batch: first` for S-A, expected a whole number of at least 1", line: 11, column: 14, endLine: 11, endColumn: 19 },
        { messageId: 'timeout', message: "Unexpected `Timeout: soon` for S-A, expected a number with `s`, `m` or `h`, such as `30m`", line: 12, column: 16, endLine: 12, endColumn: 20 },
      ],
    },
  ],
});
