import { md, testRule } from '../testing/test-rule.ts';
import rule from './branch-name.ts';

testRule(rule, {
  valid: [
    // CCC writes the agent's display name: its branches carry the agent's id.
    md`
      # Plan

      ## Dispatch

      | Session | Issue | Agent | Branch |
      |---|---|---|---|
      | S-A | CIA-413 | Claude Code | claude/cia-413-review-gates |
      | S-B | CIA-414 | Gemini CLI | gemini/cia-414-docs |
    `,
    md`
      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Branch:** claude/shop-121-cart-api
    `,
    md`
      ---
      agent: codex
      ---

      # Plan

      **Parent issue:** SHOP-120
      **Date:** 2026-11-20

      ## Sessions

      ### S-A: Work

      - **Issue:** SHOP-121
      - **Branch:** codex/shop-121-cart
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        ## Dispatch

        | Session | Issue | Focus | Agent | Branch |
        |---|---|---|---|---|
        | S-A | CIA-413 | Review gates | Claude Code | gates |
      `,
      errors: [
        {
          messageId: 'form',
          message: 'Unexpected branch `gates` for S-A, expected `{agent}/{issue-id}-{slug}` with its own issue, such as `claude/cia-413-review-gates`',
          line: 7,
          column: 48,
          endLine: 7,
          endColumn: 53,
        },
      ],
    },
    {
      code: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Cart API

        - **Issue:** SHOP-121
        - **Branch:** claude/SHOP-121-Cart-API

        ### S-B: Payment adapters

        - **Issue:** SHOP-122
        - **Branch:** claude/shop-121-pay
      `,
      errors: [
        { messageId: 'lowercase', message: "Unexpected uppercase in branch `claude/SHOP-121-Cart-API` of S-A, expected `claude/shop-121-cart-api`", line: 11, column: 15, endLine: 11, endColumn: 39 },
        { messageId: 'form', message: "Unexpected branch `claude/shop-121-pay` for S-B, expected `{agent}/{issue-id}-{slug}` with its own issue, such as `claude/shop-122-payment-adapters`", line: 16, column: 15, endLine: 16, endColumn: 34 },
      ],
      output: md`
        # Plan

        **Parent issue:** SHOP-120
        **Date:** 2026-11-20

        ## Sessions

        ### S-A: Cart API

        - **Issue:** SHOP-121
        - **Branch:** claude/shop-121-cart-api

        ### S-B: Payment adapters

        - **Issue:** SHOP-122
        - **Branch:** claude/shop-121-pay
      `,
    },
  ],
});
