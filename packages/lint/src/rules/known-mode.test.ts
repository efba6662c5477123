import { md, testRule } from '../testing/test-rule.ts';
import rule from './known-mode.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Mode:** spike (analysis-only)

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Mode:** checkpoint
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
        - **Mode:** yolo
      `,
      errors: [
        { messageId: 'unknown', message: "Unexpected mode `yolo` for S-A, expected one of `quick`, `tdd`, `swarm`, `spike`, `pair`, `checkpoint` (add `(analysis-only)` for a session that changes nothing)", line: 11, column: 13, endLine: 11, endColumn: 17 },
      ],
    },
  ],
});
