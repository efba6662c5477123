import { md, testRule } from '../testing/test-rule.ts';
import rule from './plan-file-name.ts';

testRule(rule, {
  valid: [
    {
      code: md`
        ---
        project: shop
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      path: 'plans/2026-11-20-shop-checkout-split.md',
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121

        ## Projects

        | Project | Short |
        |---|---|
        | Shop | shop |
      `,
      path: 'plans/2026-11-20-shop-cart.md',
    },
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
      `,
      path: 'plans/checkout.md',
      errors: [
        { messageId: 'form', message: "Unexpected plan file name `checkout.md`, expected `{YYYY-MM-DD}-{project-short}-{topic}.md` such as `2026-11-20-shop-checkout-split.md`", line: 1, column: 1 },
      ],
    },
    {
      code: md`
        ---
        project: shop
        ---

        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Work

        - **Issue:** SHOP-121
      `,
      path: 'plans/2026-02-30-store-cart.md',
      errors: [
        { messageId: 'date', message: "Unexpected date `2026-02-30` in plan file name `2026-02-30-store-cart.md`: not a day of the calendar", line: 1, column: 1 },
        { messageId: 'project', message: "Unexpected plan file name `2026-02-30-store-cart.md` for `project: shop`, expected it to start `2026-02-30-shop-`", line: 1, column: 1 },
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

        ## Projects

        | Project | Short |
        |---|---|
        | Shop | shop |
        | Ops | ops |
      `,
      path: 'plans/2026-11-20-web-cart.md',
      errors: [
        { messageId: 'short', message: "Unexpected project short in plan file name `2026-11-20-web-cart.md`, expected one of the `Projects` table: `shop` and `ops`", line: 1, column: 1 },
      ],
    },
  ],
});
