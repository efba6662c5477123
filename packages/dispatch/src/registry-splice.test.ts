import { readFileSync } from 'node:fs';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { spliceRegistry, spliceRegistryAt } from './registry-splice.ts';

const shop = readFileSync(new URL('./fixtures/2026-11-20-shop-checkout-split.md', import.meta.url), 'utf8');
const file = '2026-11-20-shop-checkout-split.md';

describe('spliceRegistry', () => {
  it('keeps the table whole whatever an agent put in a reason (pipes, escaped pipes, backslashes, new lines), and reads it back', () => {
    const plan = parsePlan(shop);
    const rounds = [
      ['exit 1 — a | b', 'said \\| here', 'C:\\path\\ and a trailing \\'],
      ['two\nlines\r\nhere', '`code | span`', 'ok'],
    ];
    const expected = [
      ['exit 1 — a | b', 'said \\| here', 'C:\\path\\ and a trailing \\'],
      ['two lines here', 'code | span', 'ok'], // the parser reads a code span's text
    ];
    let text = shop;
    rounds.forEach((reasons, round) => {
      for (const [i, reason] of reasons.entries()) text = spliceRegistry(text, parsePlan(text), new Map([[['S-A', 'S-B', 'S-C'][i]!, { status: 'Failed', reason }]]), file);
      const again = parsePlan(text);
      expect(again.problems).toEqual([]);
      expect(again.registry!.rows.map((r) => [r.status, r.reason])).toEqual(expected[round]!.map((reason) => ['Failed', reason]));
    });
    const again = parsePlan(text);
    // The fast splice reads its own escapes back: the rows are found again without a parse.
    const header = again.registry!.headerSpan.start.offset;
    expect(spliceRegistryAt(text, header, plan.sessions, new Map([['S-B', { status: 'Done', reason: 'a \\ b | c' }]]), file)).not.toBeNull();
  });

  it('writes a note on a Done session in parentheses, a failure\'s reason after a colon', () => {
    const out = spliceRegistry(shop, parsePlan(shop), new Map([['S-A', { status: 'Done', reason: '1 edit refused: work/S-B/x.txt' }], ['S-B', { status: 'Failed', reason: 'exit 1' }]]), file);
    const rows = parsePlan(out).registry!.rows;
    expect(out).toContain('| Done (1 edit refused: work/S-B/x.txt) |');
    expect(out).toContain('| Failed: exit 1 |');
    expect([rows[0]!.status, rows[0]!.reason]).toEqual(['Done', '1 edit refused: work/S-B/x.txt']);
  });

  it('replaces only the changed cells and appends the runner columns, leaving every other byte alone', () => {
    const plan = parsePlan(shop);
    const out = spliceRegistry(shop, plan, new Map([['S-B', { status: 'Failed', reason: 'tests | time out', cost: '$1.50 (est. $6)', started: '2026-11-20T10:00Z', ended: '2026-11-20T10:30Z' }]]), file);
    const before = shop.slice(0, plan.registry!.span.start.offset);
    expect(out.slice(0, before.length)).toBe(before);
    expect(out.slice(before.length).split('\n').slice(0, 5)).toEqual([
      '| Session Name | Issue | Phase | Plan File | Status | Cost | Started | Ended |',
      '|--------------|-------|-------|-----------|--------|---|---|---|',
      '| S-A | SHOP-121 | 1A | 2026-11-20-shop-checkout-split.md | Planned | | | |',
      '| S-B | SHOP-122 | 1B | 2026-11-20-shop-checkout-split.md | Failed: tests \\| time out | $1.50 (est. $6) | 2026-11-20T10:00Z | 2026-11-20T10:30Z |',
      '| S-C | SHOP-123 | 2A | 2026-11-20-shop-checkout-split.md | Planned | | | |',
    ]);
    const again = parsePlan(out);
    expect(again.problems).toEqual([]);
    expect(again.registry!.rows.map((r) => [r.session, r.status, r.reason, r.cells.cost])).toEqual([
      ['S-A', 'Planned', null, ''],
      ['S-B', 'Failed', 'tests | time out', '$1.50 (est. $6)'],
      ['S-C', 'Planned', null, ''],
    ]);
  });

  it('updates a second time in place without adding columns again', () => {
    const first = spliceRegistry(shop, parsePlan(shop), new Map([['S-A', { status: 'Active', started: 't1' }]]), file);
    const second = spliceRegistry(first, parsePlan(first), new Map([['S-A', { status: 'Done', cost: '$2', ended: 't2' }]]), file);
    expect(second.split('\n').filter((l) => l.startsWith('| S-A | SHOP-121 | 1A'))).toEqual(['| S-A | SHOP-121 | 1A | 2026-11-20-shop-checkout-split.md | Done | $2 | t1 | t2 |']);
    expect(second.length - first.length).toBe('Done | $2 | t1 | t2'.length - 'Active | | t1 |'.length);
  });

  it('puts the reason in a Note column when the table has one, and adds rows for sessions without one', () => {
    const text = shop.replace(
      /## Session Registry[\s\S]*$/,
      '## Session Registry\n\n| Session Name | Issue | Phase | Agent | Status | Note |\n|---|---|---|---|---|---|\n| S-A | SHOP-121 | 1A | claude | Planned | |\n\nAfter the table.\n',
    );
    const out = spliceRegistry(text, parsePlan(text), new Map([['S-A', { status: 'Blocked', reason: 'S-B failed' }], ['S-C', { status: 'Queued' }]]), file);
    expect(out.slice(out.indexOf('## Session Registry'))).toBe(
      '## Session Registry\n\n| Session Name | Issue | Phase | Agent | Status | Note | Cost | Started | Ended |\n|---|---|---|---|---|---|---|---|---|\n| S-A | SHOP-121 | 1A | claude | Blocked | S-B failed | | | |\n| S-C | SHOP-123 | 2A | claude | Queued | | | | |\n\nAfter the table.\n',
    );
  });

  it('appends a registry to a plan without one', () => {
    const text = shop.replace(/## Session Registry[\s\S]*$/, '');
    const out = spliceRegistry(text, parsePlan(text), new Map([['S-A', { status: 'Done', cost: '$1', started: 'a', ended: 'b' }]]), file);
    expect(out.slice(text.length)).toBe(
      '## Session Registry\n\n| Session Name | Issue | Phase | Plan File | Status | Cost | Started | Ended |\n|---|---|---|---|---|---|---|---|\n| S-A | SHOP-121 | 1A | 2026-11-20-shop-checkout-split.md | Done | $1 | a | b |\n| S-B | SHOP-122 | 1B | 2026-11-20-shop-checkout-split.md | Planned | | | |\n| S-C | SHOP-123 | 2A | 2026-11-20-shop-checkout-split.md | Planned | | | |\n',
    );
  });
});

describe('spliceRegistryAt', () => {
  it('finds the table again at its header line after earlier splices and gives the same bytes as a fresh parse', () => {
    const plan = parsePlan(shop);
    const first = spliceRegistry(shop, plan, new Map([['S-A', { status: 'Active', started: 't1' }]]), file);
    const updates = new Map([['S-A', { status: 'Done', cost: '$2', ended: 't2' }], ['S-C', { status: 'Blocked', reason: 'S-B failed' }]]);
    const fast = spliceRegistryAt(first, plan.registry!.headerSpan.start.offset, plan.sessions, updates, file);
    expect(fast).toBe(spliceRegistry(first, parsePlan(first), updates, file));
    expect(spliceRegistryAt(first, 0, plan.sessions, updates, file)).toBeNull();
  });
});
