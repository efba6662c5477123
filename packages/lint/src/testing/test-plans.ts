import { md } from './test-rule.ts';

/** A small plan that every rule accepts: two sessions in batch 1, one in batch 2. */
export const cleanPlan = md`
  ---
  project: shop
  shared-infra:
    - pnpm-lock.yaml
  ---

  # Checkout split

  **Parent issue:** SHOP-120
  **Date:** 2026-11-20

  ## Dispatch

  | Session | Issue | Mode | Est. Cost | Branch | Batch | Depends on |
  |---------|-------|------|-----------|--------|-------|------------|
  | S-A | SHOP-121 | tdd | ~$4 | claude/shop-121-cart | 1 | — |
  | S-B | SHOP-122 | tdd | ~$6 | claude/shop-122-pay | 1 | — |
  | S-C | SHOP-123 | pair | ~$5 | claude/shop-123-ui | 2 | S-A, S-B |

  ## Sessions

  ### S-A: Cart

  - **Owns:** \`services/cart/**\`

  ### S-B: Payments

  - **Owns:** \`services/payments/**\`

  ### S-C: UI

  - **Owns:** \`apps/web/**\`
  - **Reads:** \`services/cart/api.ts\`
`;
