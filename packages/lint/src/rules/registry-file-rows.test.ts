import { parsePlan } from '@lanes/core';
import { md, testRule } from '../testing/test-rule.ts';
import rule from './registry-file-rows.ts';

const otherPlan = md`
  # Other

  **Parent issue:** SHOP-120
  **Date:** 2026-11-20

  ## Sessions

  ### S-A: Cart

  - **Issue:** SHOP-121
  - **Phase:** 1A

  ## Session Registry

  | Session Name | Issue | Phase | Plan File | Status |
  |---|---|---|---|---|
  | S-A | SHOP-121 | 1A | 2026-11-20-shop-other.md | Planned |
`;

testRule(rule, {
  valid: [
    {
      code: md`
        # Registry

        ## Session Registry

        | Session Name | Issue | Phase | Plan File | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 1A | 2026-11-20-shop-other.md | Planned |
      `,
      path: 'plans/registry.md',
      context: { readPlan: (file: string) => (file === '2026-11-20-shop-other.md' ? parsePlan(otherPlan, { path: file }) : null) },
    },
  ],
  invalid: [
    {
      code: md`
        # Registry

        ## Session Registry

        | Session Name | Issue | Phase | Plan File | Status |
        |---|---|---|---|---|
        | S-A | SHOP-121 | 2A | 2026-11-20-shop-other.md | Done |
        | S-Q | SHOP-555 | 1B | 2026-11-20-shop-other.md | Done |
      `,
      path: 'plans/registry.md',
      context: { readPlan: (file: string) => (file === '2026-11-20-shop-other.md' ? parsePlan(otherPlan, { path: file }) : null) },
      errors: [
        { messageId: 'phase', message: "Unexpected phase 2A in the row of S-A: `2026-11-20-shop-other.md` gives S-A phase 1A", line: 7, column: 20, endLine: 7, endColumn: 22 },
        { messageId: 'status', message: "Unexpected status `Done` of S-A: the registry of `2026-11-20-shop-other.md` says `Planned` (line 17); make them agree", line: 7, column: 52, endLine: 7, endColumn: 56 },
        { messageId: 'session', message: "Unexpected row S-Q for `2026-11-20-shop-other.md`: that plan has no session `S-Q` and none with issue SHOP-555", line: 8, column: 3, endLine: 8, endColumn: 6 },
      ],
    },
  ],
});
