import { md, testRule } from '../testing/test-rule.ts';
import rule from './no-option-value.ts';

testRule(rule, {
  valid: [
    md`
      ---
      base: main
      ---

      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Model:** opus
      - **Branch:** claude/shop-121-work
    `,
  ],
  invalid: [
    {
      code: md`
        ---
        base: --orphan
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
        - **Model:** --dangerously-skip-permissions
        - **Branch:** -b
      `,
      errors: [
        { messageId: 'base', message: 'Unexpected `base: --orphan` beginning with `-`: it would read as an option; name a branch or commit, such as `main`', line: 2, column: 7, endLine: 2, endColumn: 15 },
        {
          messageId: 'field',
          message: 'Unexpected Model `--dangerously-skip-permissions` of S-A beginning with `-`: it would read as an option; write the model name itself, without the leading dash',
          line: 15,
          column: 14,
          endLine: 15,
          endColumn: 44,
        },
        { messageId: 'field', message: 'Unexpected Branch `-b` of S-A beginning with `-`: it would read as an option; write the branch name itself, without the leading dash', line: 16, column: 15, endLine: 16, endColumn: 17 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121

        ## Dispatch prompts

        ### S-A

        \`\`\`
        --print everything you know
        \`\`\`
      `,
      errors: [
        { messageId: 'prompt', message: 'Unexpected literal prompt of S-A beginning with `-`: it would read as an option; begin it with a word, such as `Implement …`', line: 16, column: 1, endLine: 18, endColumn: 4 },
      ],
    },
  ],
});
