import { md, testRule } from '../testing/test-rule.ts';
import rule from './prompt-agreement.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Mode:** tdd

      ## Dispatch prompts

      ### S-A

      \`\`\`
      Implement on SHOP-121 (Cart) from master plan SHOP-120.
      Full plan at plans/2026-11-20-shop-test.md

      Context:
      - The cart moves to its own service.

      Execution mode: tdd | Launch as: Bypass permissions

      Tasks:
      1. Create the service.

      Deliverable: the cart service. Update SHOP-121 with results.
      Estimate cost before execution. If >$10 and cost profile is not unlimited, checkpoint.
      Reply with 'Session started' before beginning work.
      Update Linear issue status to Done/In Review. Write session summary to plan file.
      \`\`\`
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
        - **Mode:** tdd

        ## Dispatch prompts

        ### S-A

        \`\`\`
        Implement on SHOP-131 (Cart) from master plan SHOP-120.
        Full plan at plans/2026-11-20-shop-test.md

        Context:
        - The cart moves to its own service.

        Execution mode: pair | Launch as: Plan mode

        Tasks:
        1. Create the service.

        Deliverable: the cart service. Update SHOP-121 with results.
        Estimate cost before execution. If >$10 and cost profile is not unlimited, checkpoint.
        Reply with 'Session started' before beginning work.
        Update Linear issue status to Done/In Review. Write session summary to plan file.
        \`\`\`
      `,
      errors: [
        { messageId: 'issue', message: "Unexpected issue SHOP-131 in the literal prompt of S-A, expected SHOP-121 (its `Issue`)", line: 18, column: 1, endLine: 18, endColumn: 56 },
        { messageId: 'mode', message: "Unexpected `Execution mode: pair` in the literal prompt of S-A, expected `tdd` (its `Mode`)", line: 24, column: 1, endLine: 24, endColumn: 44 },
        { messageId: 'launchAs', message: "Unexpected `Launch as: Plan mode` in the literal prompt of S-A, expected `Bypass permissions`", line: 24, column: 1, endLine: 24, endColumn: 44 },
      ],
    },
  ],
});
