import { md, testRule } from '../testing/test-rule.ts';
import rule from './nesting-depth.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Owns:**
        - \`src/a/\`
        - \`src/b/\`
    `,
  ],
  invalid: [
    {
      code: `# Plan\n\n## Sessions\n\n### S-A: Work\n\n- **Issue:** SHOP-121\n\n${'- '.repeat(2000)}x\n`,
      errors: [
        {
          messageId: 'tooDeep',
          message: 'Unexpected list or quote nested 2000 levels deep, expected at most 32: no plan needs more; flatten it',
          line: 9,
          column: 1,
        },
      ],
    },
    {
      code: `# Plan\n\n${'> '.repeat(40)}quote\n`,
      errors: [{ messageId: 'tooDeep', message: 'Unexpected list or quote nested 40 levels deep, expected at most 32: no plan needs more; flatten it', line: 3, column: 1 }],
    },
  ],
});
