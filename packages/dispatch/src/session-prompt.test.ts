import { readFileSync } from 'node:fs';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { sessionPrompt } from './session-prompt.ts';

const text = readFileSync(new URL('./fixtures/2026-11-20-shop-checkout-split.md', import.meta.url), 'utf8');

describe('sessionPrompt', () => {
  it('generates the template of contract §4 with the owned patterns, the boundary line and the three required lines', () => {
    const plan = parsePlan(text);
    expect(sessionPrompt(plan, plan.sessions[0]!, { planPath: 'plans/2026-11-20-shop-checkout-split.md', launchAs: 'Bypass permissions', branch: null })).toBe(
      [
        'Implement SHOP-121 (Cart API) from master plan SHOP-120. You are session S-A, phase 1A, batch 1.',
        'Full plan at plans/2026-11-20-shop-checkout-split.md',
        '',
        'Context:',
        '- The cart lives inside apps/web/src/checkout/cart.ts today; it moves to its own service.',
        '- Prices are integers in minor units (packages/shared/src/money.ts).',
        '- No dependency on S-B: payment adapters are called only by the UI in batch 2.',
        '',
        'Execution mode: tdd | Launch as: Bypass permissions',
        '',
        'Tasks:',
        '1. Create services/cart with add, remove and total endpoints, test first.',
        '2. Publish a typed client in packages/cart-client.',
        '',
        'Deliverable: cart service and client with passing tests. Update SHOP-121 with results.',
        '',
        'You own only these paths (patterns from the repository root; a `!` line excludes):',
        '- `services/cart/**`',
        '- `packages/cart-client/`',
        '- `!services/cart/generated/**`',
        'Do NOT touch files outside this list.',
        'You may read, never write: `packages/shared/src/money.ts`, `docs/adr/0007-checkout.md`.',
        '',
        'Estimate cost before execution (the estimate is ~$4). If it will be more than twice that, checkpoint: stop and say so.',
        "Reply with 'Session started: S-A' before beginning work.",
        'Exit protocol: commit only the paths you own in this working tree (never `--no-verify`), update SHOP-121 to Done/In Review, end with a summary of what you did and what is left. Do not edit the plan file: the runner writes its Session Registry.',
        '',
      ].join('\n'),
    );
  });

  it('uses a literal prompt as written', () => {
    const withPrompt = `${text}\n## Dispatch prompts\n\n### S-B\n\n\`\`\`\nExactly this.\n\`\`\`\n`;
    const plan = parsePlan(withPrompt);
    expect(sessionPrompt(plan, plan.sessions[1]!, { planPath: 'p.md', launchAs: 'Bypass permissions', branch: null })).toBe('Exactly this.\n');
  });
});
