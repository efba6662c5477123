import { md, testRule } from '../testing/test-rule.ts';
import rule from './run-block.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Build

      - **Issue:** SHOP-121
      - **Run:**

      \`\`\`sh
      pnpm build
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

        ### S-A: Build

        - **Issue:** SHOP-121
        - **Run:**

        \`\`\`python
        print(1)
        \`\`\`
      `,
      errors: [
        { messageId: 'language', message: "Unexpected `python` block for `Run`, expected ```sh or ```bash", line: 13, column: 1, endLine: 15, endColumn: 4 },
      ],
    },
  ],
});
