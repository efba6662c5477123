import { describe, expect, it } from 'vitest';
import { pattern, patternSet } from './fixtures/pattern-helpers.ts';
import { createPatternSet, explainPath, setMatches } from './pattern-set.ts';

describe('setMatches and explainPath: the last matching line decides', () => {
  const owns = patternSet('src/', '!src/generated/', 'src/generated/keep.ts', '!**/*.snap');
  const cases: [path: string, owned: boolean, index: number | null][] = [
    ['src/a.ts', true, 0],
    ['src/generated/x.ts', false, 1],
    ['src/generated/keep.ts', true, 2],
    ['src/generated/keep.ts/inner', true, 2],
    ['src/__snapshots__/a.snap', false, 3],
    ['src/generated/keep.snap', false, 3],
    ['src', false, null],
    ['lib/a.ts', false, null],
    ['lib/a.snap', false, 3],
  ];
  it.each(cases)('%s', (path, owned, index) => {
    expect(setMatches(owns, path)).toBe(owned);
    const explanation = explainPath(owns, path);
    if (index === null) {
      expect(explanation).toBeNull();
    } else {
      expect(explanation).toEqual({ index, pattern: owns.patterns[index], owned });
    }
  });

  it('owns nothing when empty, or with exclusions only', () => {
    expect(setMatches(createPatternSet([]), 'a')).toBe(false);
    expect(setMatches(patternSet('!a'), 'a')).toBe(false);
    expect(explainPath(patternSet('!a'), 'a')).toEqual({ index: 0, pattern: pattern('!a'), owned: false });
  });

  it('an exclusion before a positive line does not undo it', () => {
    expect(setMatches(patternSet('!src/generated/', 'src/'), 'src/generated/x.ts')).toBe(true);
  });

  it('copies its lines', () => {
    const lines = [pattern('a')];
    const set = createPatternSet(lines);
    lines.push(pattern('!a'));
    expect(set.patterns).toHaveLength(1);
    expect(setMatches(set, 'a/b')).toBe(true);
  });
});
