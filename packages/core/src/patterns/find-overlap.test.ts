import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOverlap } from './find-overlap.ts';
import { pathUniverse, patternSet } from './fixtures/pattern-helpers.ts';
import { createPatternSet, setMatches, type PatternSet } from './pattern-set.ts';
import { matchesPattern } from './matches-pattern.ts';
import { parsePattern, type OwnershipPattern } from './parse-pattern.ts';

describe('findOverlap: sets without exclusions', () => {
  const overlapping: [a: string[], b: string[], witness: string, lines: [number, number]][] = [
    [['src/'], ['src/a.ts'], 'src/a.ts', [0, 0]],
    [['src/a.ts'], ['src/'], 'src/a.ts', [0, 0]],
    [['src'], ['src'], 'src', [0, 0]],
    [['docs/*'], ['docs/sub'], 'docs/sub', [0, 0]],
    [['a/**/b'], ['a/x/b/c.ts'], 'a/x/b/c.ts', [0, 0]],
    [['**/*.test.ts'], ['src/'], 'src/x.test.ts', [0, 0]],
    [['a*'], ['*b'], 'ab', [0, 0]],
    [['a?'], ['?b'], 'ab', [0, 0]],
    [['a*c'], ['*b*'], 'abc', [0, 0]],
    [['x*'], ['*x'], 'xx', [0, 0]],
    [['a/*/c'], ['a/c'], 'a/c/c', [0, 0]],
    [['*'], ['a'], 'a', [0, 0]],
    [['lib/', 'docs/*.md'], ['README.md', 'docs/'], 'docs/x.md', [1, 1]],
    [['**/migrations'], ['services/*/migrations/*.sql'], 'services/migrations/migrations/x.sql', [0, 0]],
    [['**'], ['a/b/c'], 'a/b/c', [0, 0]],
  ];
  it.each(overlapping)('%j and %j share %s', (a, b, witness, [lineA, lineB]) => {
    expect(findOverlap(patternSet(...a), patternSet(...b))).toEqual({ a: lineA, b: lineB, witness, certain: true });
  });

  const disjoint: [a: string[], b: string[]][] = [
    [['src/*.ts'], ['src/*.md']],
    [['docs/*'], ['docs/sub/a.md']],
    [['src/'], ['lib/']],
    [['a/b/'], ['a/bc']],
    [['a/b/'], ['a/b.ts']],
    [['*'], ['a/b']],
    [['?'], ['??']],
    [['*a'], ['*b']],
    [['a/*/c'], ['a/*/d']],
    [['src/', 'docs/'], ['lib/', 'test/']],
    [['Src/'], ['src/']],
    [[], ['**']],
    [['!**'], ['**']],
  ];
  it.each(disjoint)('%j and %j are disjoint', (a, b) => {
    expect(findOverlap(patternSet(...a), patternSet(...b))).toBeNull();
  });
});

describe('findOverlap: sets with exclusions', () => {
  it.each([
    [['src/', '!src/gen/'], ['src/gen/']],
    [['src/', '!src/*.ts'], ['src/*.ts']],
    [['src/', '!src/gen/', '!src/*.ts'], ['src/gen/', 'src/*.ts']],
    [['src/'], ['**', '!src/']],
    [['a*'], ['*b', '!a*b']],
    [['a?'], ['?b', '!ab']],
    [['**/*.ts'], ['**', '!**/*.ts']],
  ])('%j and %j are disjoint', (a, b) => {
    expect(findOverlap(patternSet(...a), patternSet(...b))).toBeNull();
  });

  it.each([
    // `!src/gen/` excludes what lies under `src/gen`, not a file named `src/gen`.
    [['src/', '!src/gen/'], ['src/gen'], { a: 0, b: 0, witness: 'src/gen', certain: true }],
    [['src/', '!src/*.ts'], ['src/a*'], { a: 0, b: 0, witness: 'src/ax', certain: true }],
    [['src/', '!src/*.ts'], ['src/a.ts/'], { a: 0, b: 0, witness: 'src/a.ts/x', certain: true }],
    // An exclusion only takes back what comes before it.
    [['!src/gen/', 'src/'], ['src/gen/x'], { a: 1, b: 0, witness: 'src/gen/x', certain: true }],
    [['a*'], ['*b', '!axb'], { a: 0, b: 0, witness: 'ab', certain: true }],
    [['a*'], ['*b', '!ab'], { a: 0, b: 0, witness: 'axb', certain: true }],
    [['a?'], ['??', '!ab'], { a: 0, b: 0, witness: 'ax', certain: true }],
    [['**'], ['a', '!a/*'], { a: 0, b: 0, witness: 'a', certain: true }],
    [['**'], ['a', '!a/*', '!a'], null],
  ])('%j and %j', (a, b, expected) => {
    const overlap = findOverlap(patternSet(...a), patternSet(...b));
    expect(overlap).toEqual(expected);
  });
});

describe('findOverlap past its search budget', () => {
  it('returns an overlap it cannot rule out as not certain, with a witness of the two lines', () => {
    // `a*` and `*b` share only paths `!a*b` excludes, but a budget of one state cannot show it.
    expect(findOverlap(patternSet('a*'), patternSet('*b', '!a*b'), 1)).toEqual({ a: 0, b: 0, witness: 'ab', certain: false });
    expect(findOverlap(patternSet('a*'), patternSet('*b', '!a*b'))).toBeNull();
  });

  it('still rules out a line that a later exclusion covers whole', () => {
    expect(findOverlap(patternSet('src/'), patternSet('src/a/', '!src/'), 1)).toBeNull();
  });

  it('prefers a certain overlap of another pair of lines', () => {
    expect(findOverlap(patternSet('a*', 'c'), patternSet('*b', '!a*b', 'c/d'), 1)).toEqual({ a: 1, b: 2, witness: 'c/d', certain: true });
  });
});

describe('findOverlap on generated pattern sets', () => {
  const segments = ['a', 'b', 'ab', 'ba', 'x'];
  const universe = pathUniverse(segments, 3);
  const glob = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '*b', '**');
  const positive = fc
    .tuple(fc.array(glob, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([globs, trailing]) => `${globs.join('/')}${trailing ? '/' : ''}`);
  const line = fc.tuple(fc.boolean(), positive).map(([negated, text]) => (negated ? `!${text}` : text));
  const setOf = (lines: fc.Arbitrary<string>) => fc.array(lines, { minLength: 1, maxLength: 3 }).map((texts) => createPatternSet(texts.map(parse)));

  function check(a: PatternSet, b: PatternSet): void {
    const shared = universe.find((path) => setMatches(a, path) && setMatches(b, path));
    const overlap = findOverlap(a, b);
    const label = JSON.stringify([a.patterns.map((p) => p.source), b.patterns.map((p) => p.source), shared, overlap]);
    // Sound: a path both own is never missed.
    if (shared !== undefined) expect(overlap, label).not.toBeNull();
    if (overlap === null) return;
    // Exact here (these sets are far inside the search budget): every overlap is certain, and certain means
    // both sets own the witness, through the two positive lines reported.
    expect(overlap.certain, label).toBe(true);
    expect(setMatches(a, overlap.witness), label).toBe(true);
    expect(setMatches(b, overlap.witness), label).toBe(true);
    const lineA = a.patterns[overlap.a]!;
    const lineB = b.patterns[overlap.b]!;
    expect(lineA.negated || lineB.negated, label).toBe(false);
    expect(matchesPattern(lineA, overlap.witness) && matchesPattern(lineB, overlap.witness), label).toBe(true);
  }

  it('without exclusions: null exactly when no path is shared, else a witness both match', () => {
    fc.assert(
      fc.property(setOf(positive), setOf(positive), (a, b) => {
        check(a, b);
      }),
      { numRuns: 3000 },
    );
  });

  it('with exclusions: never null when the sets share a path, and every witness is owned by both', () => {
    fc.assert(
      fc.property(setOf(line), setOf(line), (a, b) => {
        check(a, b);
      }),
      { numRuns: 3000 },
    );
  });
});

function parse(text: string): OwnershipPattern {
  const result = parsePattern(text);
  if (!result.ok) throw new Error(result.message);
  return result.pattern;
}
