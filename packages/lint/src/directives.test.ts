import { describe, expect, it } from 'vitest';
import { findDirectives, isDisabled } from './directives.ts';

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
});
