import { readFileSync } from 'node:fs';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { buildDispatchTable } from './dispatch-table.ts';

const shop = parsePlan(readFileSync(new URL('./fixtures/2026-11-20-shop-checkout-split.md', import.meta.url), 'utf8'));

describe('buildDispatchTable', () => {
  it('lays out the canonical plan: batches, agents, launch modes, workspaces, costs and the proof per pair', () => {
    const table = buildDispatchTable(shop, { planPath: 'plans/shop.md', workspace: 'auto' });
    expect(table.estCost).toBe(15);
    expect(table.batches.map((b) => [b.number, b.estCost, b.disjoint])).toEqual([
      [1, 10, true],
      [2, 5, true],
    ]);
    expect(table.batches.flatMap((b) => b.sessions.map((s) => [s.id, s.agent, s.mode, s.launchAs, s.needsHuman, s.workspace, s.branch, s.worktreePath]))).toEqual([
      ['S-A', 'claude', 'tdd', 'Bypass permissions', false, 'shared', 'claude/shop-121-cart-api', null],
      ['S-B', 'claude', 'tdd', 'Bypass permissions', false, 'shared', 'claude/shop-122-payment-adapters', null],
      ['S-C', 'claude', 'pair', 'Plan mode', true, 'shared', 'claude/shop-123-checkout-ui', null],
    ]);
    expect(table.batches[0]!.proof).toEqual([
      {
        a: 'S-A',
        b: 'S-B',
        disjoint: true,
        witness: null,
        patterns: null,
        landsInOrder: false,
        reason: 'no path matches both `services/cart/**`, `packages/cart-client/`, `!services/cart/generated/**` and `services/payments/**`',
      },
    ]);
  });

  it('puts every session in its own worktree under --workspace worktree, and overlapping ones under auto', () => {
    const worktrees = buildDispatchTable(shop, { planPath: 'p.md', workspace: 'worktree' });
    expect(worktrees.batches[0]!.sessions.map((s) => [s.workspace, s.worktreePath])).toEqual([
      ['worktree', '.lanes/worktrees/S-A'],
      ['worktree', '.lanes/worktrees/S-B'],
    ]);
    const text = readFileSync(new URL('./fixtures/2026-11-20-shop-checkout-split.md', import.meta.url), 'utf8').replace('  - `services/payments/**`', '  - `services/**`');
    const overlapping = buildDispatchTable(parsePlan(text), { planPath: 'p.md', workspace: 'auto' });
    const batch = overlapping.batches[0]!;
    expect(batch.disjoint).toBe(false);
    // Each on its own branch: they may run at once, and land in merge order (section 4's branch strategy).
    expect(batch.proof.map((p) => [p.disjoint, p.landsInOrder, p.patterns])).toEqual([[false, true, ['services/cart/**', 'services/**']]]);
    // In one working tree they may not.
    expect(buildDispatchTable(parsePlan(text), { planPath: 'p.md', workspace: 'shared' }).batches[0]!.proof.map((p) => [p.disjoint, p.landsInOrder])).toEqual([[false, false]]);
    expect(batch.proof[0]!.reason).toMatch(/^both own `services\/cart\/[^`]+` \(`services\/cart\/\*\*` and `services\/\*\*`\)$/);
    expect(batch.sessions.map((s) => [s.id, s.workspace, s.branch])).toEqual([
      ['S-A', 'worktree', 'claude/shop-121-cart-api'],
      ['S-B', 'worktree', 'claude/shop-122-payment-adapters'],
    ]);
  });

  it('skips sessions and leaves them out of the proof; --agent and --max-parallel override the plan', () => {
    const table = buildDispatchTable(shop, { planPath: 'p.md', workspace: 'shared', agent: 'shell', maxParallel: 1, skip: new Map([['S-B', 'not in --only']]) });
    expect(table.maxParallel).toBe(1);
    expect(table.batches[0]!.proof).toEqual([]);
    expect(table.batches[0]!.estCost).toBe(4);
    expect(table.batches.flatMap((b) => b.sessions.map((s) => [s.id, s.agent, s.needsHuman, s.skip]))).toEqual([
      ['S-A', 'shell', false, null],
      ['S-B', 'shell', false, 'not in --only'],
      ['S-C', 'shell', false, null],
    ]);
  });
});
