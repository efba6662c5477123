import { describe, expect, test } from 'vitest';
import { checkRegistryOnlyChange } from './registry-change.ts';

const path = 'plans/a.md';
const head = ['# Plan', '', '## Sessions', '', '### S-A: A', '', '- **Owns:** `src/a/**`', '', '### S-B: B', '', '- **Owns:** `src/b/**`', ''];
const table = (rows: string[]): string[] => ['## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|', ...rows, ''];
const plan = (rows: string[], owns = head): string => [...owns, ...table(rows)].join('\n');
const rowA = (status: string): string => `| S-A | X-1 | 1A | a.md | ${status} |`;
const rowB = (status: string): string => `| S-B | X-2 | 1B | a.md | ${status} |`;

describe('checkRegistryOnlyChange', () => {
  test.each([
    ['a status changed', plan([rowA('Planned'), rowB('Planned')]), plan([rowA('Active'), rowB('Done')]), null],
    ['a row added', plan([rowA('Planned')]), plan([rowA('Planned'), rowB('Active')]), null],
    ['a table appended to a plan without one', head.join('\n'), `${head.join('\n')}\n## Session Registry\n\n| Session Name | Status |\n|---|---|\n| S-A | Active |\n`, null],
    [
      'an Owns rewritten beside a status',
      plan([rowA('Planned')]),
      plan([rowA('Active')], head.map((l) => l.replace('`src/a/**`', '`**`'))),
      'it changes plans/a.md outside its Session Registry table (near line 7 of what is left outside it)',
    ],
    ['a file that is not a plan with a table', 'a\n', 'b\n', 'it changes plans/a.md outside its Session Registry table (near line 1 of what is left outside it)'],
    ['the table removed', plan([rowA('Planned')]), head.join('\n'), 'it changes plans/a.md outside its Session Registry table (near line 13 of what is left outside it)'],
    ['a plan added', null, plan([]), 'it adds plans/a.md'],
    ['a plan deleted', plan([]), null, 'it deletes plans/a.md'],
  ])('%s', (_, before, after, expected) => {
    expect(checkRegistryOnlyChange(before, after, path)).toBe(expected);
  });
});
