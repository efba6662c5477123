import { describe, expect, it } from 'vitest';
import { findDirectives, findInlineComments, isDisabled, withoutDisabled } from './directives.ts';

describe('directives', () => {
  const text = [
    '<!-- eslint-disable-next-line lanes/a -- reason -->', // 1
    'x', // 2
    '<!-- eslint-disable lanes/b, lanes/c -->', // 3
    'x', // 4
    '<!-- eslint-enable lanes/b -->', // 5
    '```', // 6
    '<!-- eslint-disable -->', // 7 (code, not a directive)
    '```', // 8
    'x <!-- eslint-disable-line -->', // 9
  ].join('\n');
  const directives = findDirectives(text);

  it('reads HTML comments outside fenced code, with their rules', () => {
    expect(directives).toEqual([
      { type: 'disable-next-line', rules: ['lanes/a'], line: 1, column: 1, endLine: 1 },
      { type: 'disable', rules: ['lanes/b', 'lanes/c'], line: 3, column: 1, endLine: 3 },
      { type: 'enable', rules: ['lanes/b'], line: 5, column: 1, endLine: 5 },
      { type: 'disable-line', rules: [], line: 9, column: 3, endLine: 9 },
    ]);
  });

  it('turns off what ESLint would', () => {
    expect(isDisabled(directives, 'lanes/a', 2, 1)).toBe(true);
    expect(isDisabled(directives, 'lanes/a', 4, 1)).toBe(false);
    expect(isDisabled(directives, 'lanes/b', 4, 1)).toBe(true);
    expect(isDisabled(directives, 'lanes/b', 6, 1)).toBe(false);
    expect(isDisabled(directives, 'lanes/c', 8, 1)).toBe(true);
    expect(isDisabled(directives, 'lanes/z', 9, 1)).toBe(true);
    expect(isDisabled(directives, null, 9, 1)).toBe(false);
  });

  it('is the one reader of inline configuration: `eslint` comments too, with their ranges', () => {
    const plan = 'a\n<!-- eslint lanes/b: "off" -->\n<!-- not config -->\n  <!-- eslint-disable\n  lanes/a -->\n';
    expect(findInlineComments(plan)).toEqual([
      { value: 'eslint lanes/b: "off"', range: [2, 32], line: 2, column: 1, endLine: 2 },
      { value: 'eslint-disable\n  lanes/a', range: [55, 88], line: 4, column: 3, endLine: 5 },
    ]);
  });

  it('drops the findings the comments turn off, as `lanes dispatch` must', () => {
    const findings = [
      { ruleId: 'a', line: 2, column: 1 },
      { ruleId: 'a', line: 4, column: 1 },
      { ruleId: 'b', line: 4, column: 1 },
      { ruleId: null, line: 9, column: 1 },
    ];
    expect(withoutDisabled(findings, text)).toEqual([
      { ruleId: 'a', line: 4, column: 1 },
      { ruleId: null, line: 9, column: 1 },
    ]);
  });
});
