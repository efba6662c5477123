import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InlineCode, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parsePlan } from './parse-plan.ts';

// The core's fixtures and the repository's copies of the plan-format examples (test/fixtures/plans).
const planDirs = [new URL('./fixtures/', import.meta.url), new URL('../../../test/fixtures/plans/', import.meta.url)];
const examples = planDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ name, markdown: readFileSync(fileURLToPath(new URL(name, dir)), 'utf8') })),
);
const example = (name: string): string => examples.find((e) => e.name === name)!.markdown;

/** The text of every cell of every table, table by table and row by row. */
function tableTexts(tree: Root): string[][][] {
  return tree.children.flatMap((node) => (node.type === 'table' ? [node.children.map((row) => row.children.map((cell) => toString(cell)))] : []));
}

function inlineCodes(node: Nodes, inTable = false): { node: InlineCode; inTable: boolean }[] {
  if (node.type === 'inlineCode') return [{ node, inTable }];
  if (!('children' in node)) return [];
  return node.children.flatMap((child) => inlineCodes(child, inTable || node.type === 'table'));
}

/** What CommonMark reads from a code span's source: fences off, line endings as spaces, one padding space each side off. */
function codeSpanContent(source: string): string {
  const fence = /^`+/.exec(source)![0].length;
  const inner = source.slice(fence, -fence).replace(/\r\n|\r|\n/g, ' ');
  return inner.length > 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

describe('every example plan', () => {
  it('has escaped pipes to read', () => {
    const escaped = examples.flatMap(({ markdown }) => inlineCodes(parseMarkdown(markdown)).filter((c) => c.inTable && c.node.value.includes('|')));
    expect(escaped.length).toBeGreaterThanOrEqual(10);
  });

  for (const { name, markdown } of examples) {
    it(`${name}: inline code in a table reads \`\\|\` as \`|\`, elsewhere as written`, () => {
      for (const { node, inTable } of inlineCodes(parseMarkdown(markdown))) {
        const content = codeSpanContent(markdown.slice(node.position!.start.offset, node.position!.end.offset));
        expect(node.value).toBe(inTable ? content.replaceAll('\\|', '|') : content);
      }
    });
  }
});

describe('the exact cell text of the example plans', () => {
  it('escaped-pipes.md: `\\|` is a pipe, `\\\\` stays two backslashes', () => {
    expect(tableTexts(parseMarkdown(example('escaped-pipes.md')))).toEqual([
      [
        ['Phase', 'Issues', 'Focus', 'Batch', 'Dependencies'],
        ['1A', 'SRCH-11', 'Queries such as a | b', '1', 'None'],
        ['1B', 'SRCH-12', String.raw`Paths such as C:\\temp|D:\\`, '1', 'None'],
        ['2A', 'SRCH-13', String.raw`Pipes | and \\| in results`, '2', '1A, 1B'],
      ],
      [
        ['Session', 'Issue', 'Focus', 'Mode', 'Est. Cost', 'Branch'],
        ['S-A', 'SRCH-11', 'Parse a | b queries', 'tdd', '~$4', 'claude/srch-11-or-queries'],
        ['S-B', 'SRCH-12', String.raw`Split C:\\temp|D:\\ paths`, 'tdd', '~$3', 'claude/srch-12-paths'],
        ['S-C', 'SRCH-13', String.raw`Render | and \\|`, 'pair', '~$5', 'claude/srch-13-results'],
      ],
      [
        ['Session Name', 'Issue', 'Phase', 'Plan File', 'Status', 'Note'],
        ['S-A', 'SRCH-11', '1A', 'escaped-pipes.md', "Failed: rg 'cart|order' finds nothing", 'retry with rg -e cart -e order'],
        ['S-B', 'SRCH-12', '1B', 'escaped-pipes.md', 'Done', 'a|b|c'],
        ['S-C', 'SRCH-13', '2A', 'escaped-pipes.md', 'Planned', String.raw`\\`],
      ],
      [
        ['x|y', 'a `|` b'],
        ['|', 'plain | text'],
      ],
    ]);
  });

  it('escaped-pipes.md: the model carries the unescaped text, and code outside tables keeps `\\|`', () => {
    const markdown = example('escaped-pipes.md');
    const plan = parsePlan(markdown, { path: 'escaped-pipes.md' });
    expect(plan.problems).toEqual([]);
    expect(plan.sessions.map((s) => [s.id, s.focus])).toEqual([
      ['S-A', 'Parse a | b queries'],
      ['S-B', String.raw`Split C:\\temp|D:\\ paths`],
      ['S-C', String.raw`Render | and \\|`],
    ]);
    expect(plan.phases.map((p) => p.focus)).toEqual(['Queries such as a | b', String.raw`Paths such as C:\\temp|D:\\`, String.raw`Pipes | and \\| in results`]);
    expect(plan.registry?.rows.map((r) => [r.status, r.reason, r.cells.note])).toEqual([
      ['Failed', "rg 'cart|order' finds nothing", 'retry with rg -e cart -e order'],
      ['Done', 'a|b|c', 'a|b|c'],
      ['Planned', String.raw`\\`, String.raw`\\`],
    ]);
    const outside = inlineCodes(parseMarkdown(markdown)).filter((c) => !c.inTable && c.node.value.includes('|'));
    expect(outside.map((c) => c.node.value)).toEqual([String.raw`grep -E 'S-A\|S-B'`, String.raw`\|`, String.raw`a\|b`]);
  });

  it('escaped-pipes.md: alignment of the delimiter row', () => {
    const tables = parseMarkdown(example('escaped-pipes.md')).children.filter((n) => n.type === 'table');
    expect(tables.map((t) => t.align)).toEqual([
      [null, null, null, null, null],
      [null, null, null, null, null, null],
      [null, null, null, null, null, null],
      ['left', 'center'],
    ]);
  });

  it('2026-02-15-sdd-parallel-dispatch.md', () => {
    expect(tableTexts(parseMarkdown(example('2026-02-15-sdd-parallel-dispatch.md')))).toEqual([
      [
        ['Phase', 'Issues', 'Focus', 'Batch', 'Dependencies'],
        ['1A', 'CIA-413', 'Review gates', '1', 'None'],
        ['1B', 'CIA-387', 'Dispatch rules', '1', 'None (parallel with 1A)'],
        ['2A', 'CIA-414', 'Insights v2', '2', '1A, 1B'],
      ],
      [
        ['Session', 'Issue', 'Focus', 'Mode', 'Est. Cost', 'Branch'],
        ['S-A', 'CIA-413', 'Review gates', 'pair', '~$5', 'claude/cia-413-review-gates'],
        ['S-B', 'CIA-387', 'Dispatch rules', 'pair', '~$3', 'claude/cia-387-dispatch-rules'],
        ['S-C', 'CIA-414', 'Insights v2', 'tdd', '~$8', 'claude/cia-414-insights-v2'],
      ],
      [
        ['Session Name', 'Issue', 'Phase', 'Plan File', 'Status'],
        ['composed-crunching-raven', 'CIA-413', '1A', '2026-02-12-sdd-review-dispatch.md', 'Done'],
        ['luminous-meandering-zephyr', 'CIA-387', '1B', '2026-02-15-sdd-parallel-dispatch.md', 'Active'],
      ],
    ]);
  });

  it('2026-11-20-shop-checkout-split.md', () => {
    expect(tableTexts(parseMarkdown(example('2026-11-20-shop-checkout-split.md')))).toEqual([
      [
        ['Session', 'Issue', 'Focus', 'Mode', 'Est. Cost', 'Branch', 'Batch', 'Depends on'],
        ['S-A', 'SHOP-121', 'Cart API', 'tdd', '~$4', 'claude/shop-121-cart-api', '1', '—'],
        ['S-B', 'SHOP-122', 'Payment adapters', 'tdd', '~$6', 'claude/shop-122-payment-adapters', '1', '—'],
        ['S-C', 'SHOP-123', 'Checkout UI', 'pair', '~$5', 'claude/shop-123-checkout-ui', '2', 'S-A, S-B'],
      ],
      [
        ['Session Name', 'Issue', 'Phase', 'Plan File', 'Status'],
        ['S-A', 'SHOP-121', '1A', '2026-11-20-shop-checkout-split.md', 'Planned'],
        ['S-B', 'SHOP-122', '1B', '2026-11-20-shop-checkout-split.md', 'Planned'],
        ['S-C', 'SHOP-123', '2A', '2026-11-20-shop-checkout-split.md', 'Planned'],
      ],
    ]);
  });
});
