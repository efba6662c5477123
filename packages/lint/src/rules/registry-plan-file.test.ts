import { md, testRule } from '../testing/test-rule.ts';
import rule from './registry-plan-file.ts';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Session Registry

      | Session Name | Issue | Phase | Plan File | Status |
      |---|---|---|---|---|
      | S-A | SHOP-121 | 1A | 2026-11-20-shop-test.md | Done |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Session Registry

        | Session Name | Issue | Phase | Plan File | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | checkout.md | Done |
        | S-B | SHOP-122 | 1B | 2026-02-30-shop-x.md | Done |
      `,
      errors: [
        { messageId: 'name', message: "Unexpected `Plan File` `checkout.md` of S-A, expected a name `{YYYY-MM-DD}-{project-short}-{topic}.md` with a real date, such as `2026-11-20-shop-checkout-split.md`", line: 10, column: 25, endLine: 10, endColumn: 36 },
        { messageId: 'name', message: "Unexpected `Plan File` `2026-02-30-shop-x.md` of S-B, expected a name `{YYYY-MM-DD}-{project-short}-{topic}.md` with a real date, such as `2026-11-20-shop-checkout-split.md`", line: 11, column: 25, endLine: 11, endColumn: 45 },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Session Registry

        | Session Name | Issue | Phase | Plan File | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | 2026-11-19-shop-gone.md | Done |
      `,
      context: { readPlan: () => null },
      errors: [
        { messageId: 'missing', message: "Unexpected `Plan File` `2026-11-19-shop-gone.md` of S-A: no such plan next to the registry or in the configured plan locations", line: 10, column: 25, endLine: 10, endColumn: 48 },
      ],
    },
  ],
});
