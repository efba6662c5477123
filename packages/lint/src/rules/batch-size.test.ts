import { md, testRule } from '../testing/test-rule.ts';
import rule from './batch-size.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-1
      - **Batch:** 1

      ### S-B: Work

      - **Issue:** SHOP-2
      - **Batch:** 1

      ### S-C: Work

      - **Issue:** SHOP-3
      - **Batch:** 1
    `,
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-1

      ### S-B: Work

      - **Issue:** SHOP-2

      ### S-C: Work

      - **Issue:** SHOP-3

      ### S-D: Work

      - **Issue:** SHOP-4
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

        - **Issue:** SHOP-1
        - **Batch:** 1

        ### S-B: Work

        - **Issue:** SHOP-2
        - **Batch:** 1

        ### S-C: Work

        - **Issue:** SHOP-3
        - **Batch:** 1

        ### S-D: Work

        - **Issue:** SHOP-4
        - **Batch:** 1
      `,
      errors: [
        { messageId: 'overDefault', message: "Unexpected 4 sessions in batch 1, expected at most 3: the dispatch rules recommend batches of 2–3; split the batch or set `max-parallel`", line: 23, column: 1, endLine: 23, endColumn: 14 },
      ],
    },
    {
      code: md`
        ---
        max-parallel: 2
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-1
        - **Batch:** 1

        ### S-B: Work

        - **Issue:** SHOP-2
        - **Batch:** 1

        ### S-C: Work

        - **Issue:** SHOP-3
        - **Batch:** 1
      `,
      errors: [
        { messageId: 'overMax', message: "Unexpected 3 sessions in batch 1, expected at most 2 (`max-parallel: 2`): the runner will run it in waves; split the batch", line: 22, column: 1, endLine: 22, endColumn: 14 },
      ],
    },
  ],
});
