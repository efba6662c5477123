import { describe, expect, it } from 'vitest';
import { pattern } from './fixtures/pattern-helpers.ts';
import { intersectSegments, segmentClasses } from './segment-classes.ts';

describe('segmentClasses', () => {
  it('gives one sample per class of segments the globs tell apart', () => {
    const classes = segmentClasses([['a', '*'], ['*', 'b'], ['?']]);
    expect(classes).toEqual([
      { sample: 'x', matches: [false, false, true] },
      { sample: 'a', matches: [true, false, true] },
      { sample: 'b', matches: [false, true, true] },
      { sample: 'xx', matches: [false, false, false] },
      { sample: 'xb', matches: [false, true, false] },
      { sample: 'ax', matches: [true, false, false] },
      { sample: 'ab', matches: [true, true, false] },
    ]);
  });

  it('records the class of a lone `*`, whose walk returns to the start state', () => {
    expect(segmentClasses([['*']])).toEqual([{ sample: 'x', matches: [true] }]);
  });

  it('picks a filler that is no literal character', () => {
    expect(segmentClasses([['x', 'q']])?.[0]?.sample).toBe('z');
  });
});

describe('intersectSegments', () => {
  const element = (source: string) => pattern(source).elements[0]!;
  it.each([
    ['a*', '*b', 'ab'],
    ['*.ts', '*', 'x.ts'],
    ['a?c', '*b*', 'abc'],
    ['abc', '*c', 'abc'],
    ['a*', 'b*', null],
    ['?', '??', null],
    ['*', '*', 'x'],
  ])('%s and %s: %s', (x, y, expected) => {
    expect(intersectSegments(element(x), element(y))).toBe(expected);
  });
});
