import { md, testRule } from '../testing/test-rule.ts';
import rule from './single-shared-infra-owner.ts';

testRule(rule, {
  valid: [
    md`
      ---
      shared-infra:
        - pnpm-lock.yaml
        - "**/migrations/**"
      ---

      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`db/migrations/**\`

      ### S-B: Work

      - **Issue:** SHOP-122
      - **Owns:** \`apps/**\`
    `,
  ],
  invalid: [
    {
      code: md`
        ---
        shared-infra:
          - pnpm-lock.yaml
          - "**/migrations/**"
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`db/migrations/**\`

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Owns:** \`apps/**\`, \`pnpm-lock.yaml\`
      `,
      errors: [
        { messageId: 'secondOwner', message: "Unexpected second owner of shared infrastructure in batch 1: S-B owns `pnpm-lock.yaml` (wholly under `shared-infra`) and S-A owns `db/migrations/**` (wholly under `shared-infra`); at most one session of a batch may own shared infrastructure: make them sequential", line: 22, column: 25, endLine: 22, endColumn: 39 },
      ],
    },
    {
      code: md`
        ---
        shared-infra:
          - "**/migrations/**"
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Owns:** \`services/cart/**\`

        ### S-B: Work

        - **Issue:** SHOP-122
        - **Owns:** \`services/payments/**\`
      `,
      context: {filesAtBase: ['services/cart/migrations/001.sql', 'services/payments/migrations/001.sql', 'services/payments/src/a.ts']},
      errors: [
        { messageId: 'secondOwner', message: "Unexpected second owner of shared infrastructure in batch 1: S-B owns `services/payments/**` (matches `services/payments/migrations/001.sql` at main) and S-A owns `services/cart/**` (matches `services/cart/migrations/001.sql` at main); at most one session of a batch may own shared infrastructure: make them sequential", line: 21, column: 14, endLine: 21, endColumn: 34 },
      ],
    },
  ],
});
