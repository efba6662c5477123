import { md, testRule } from '../testing/test-rule.ts';
import rule from './prompt-session.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121

      ## Dispatch prompts

      ### S-A

      \`\`\`
      Work.
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

        ## Dispatch prompts

        ### S-Z

        \`\`\`
        Work.
        \`\`\`
      `,
      errors: [
        { messageId: 'noSession', message: "Unexpected prompt for `S-Z`: no session of that ID in the plan", line: 14, column: 1, endLine: 14, endColumn: 8 },
      ],
    },
  ],
});
