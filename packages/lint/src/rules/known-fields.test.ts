import { md, testRule } from '../testing/test-rule.ts';
import rule from './known-fields.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:** \`src/**\`
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
        - **Own:** \`src/**\`
      `,
      errors: [
        { messageId: 'unknownField', message: "Unexpected field `Own` in session S-A, expected one of `Issue`, `Phase`, `Mode`, `Launch As`, `Batch`, `Depends On`, `Agent`, `Model`, `Thinking`, `Branch`, `Worktree`, `Est. Cost`, `Timeout`, `Owns`, `Reads`, `Run`, `Merge Order`", line: 11, column: 3, endLine: 11, endColumn: 11 },
      ],
    },
  ],
});
