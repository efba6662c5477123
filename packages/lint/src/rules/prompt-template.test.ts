import { md, testRule } from '../testing/test-rule.ts';
import rule from './prompt-template.ts';

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
        Implement on SHOP-121 (Cart) from master plan SHOP-120.

        Context:
        - The cart moves to its own service.

        Execution mode: tdd | Launch as: Bypass permissions

        1. Create the service.

        Deliverable: the cart service. Update SHOP-121 with results.
        Estimate cost before execution. If >$10 and cost profile is not unlimited, checkpoint.
        Update Linear issue status to Done/In Review. Write session summary to plan file.
        \`\`\`
      `,
      errors: [
        { messageId: 'missing', message: "Expected `Full plan at …` in the literal prompt of S-A", line: 17, column: 1, endLine: 30, endColumn: 4 },
        { messageId: 'missing', message: "Expected `Tasks:` in the literal prompt of S-A", line: 17, column: 1, endLine: 30, endColumn: 4 },
        { messageId: 'missing', message: "Expected the `Session started` confirmation line (`Reply with 'Session started' before beginning work.`) in the literal prompt of S-A", line: 17, column: 1, endLine: 30, endColumn: 4 },
      ],
    },
  ],
});
