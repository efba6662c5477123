import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathUniverse, pattern } from './fixtures/pattern-helpers.ts';
import { matchesPattern } from './matches-pattern.ts';
import { ownedBy } from './pattern-set.ts';
import { patternCovers, setCovers } from './pattern-covers.ts';
import { createPatternSet } from './pattern-set.ts';

describe('patternCovers', () => {
  const cases: [outer: string, inner: string, covers: boolean][] = [
    ['src/', 'src/**/*.ts', true],
    ['src/', 'src/a.ts', true],
    ['src', 'src/', true],
    ['src/', 'src', false],
    ['src', 'src/a.ts', true],
    ['**', 'a/*', true],
    ['**', 'a', true],
    ['a/*', 'a/**', false],
    ['a/**', 'a/*', true],
    ['a/**', 'a/', true],
    ['a/', 'a/**', true],
    ['docs/*', 'docs/*.md', true],
    ['docs/*.md', 'docs/*', false],
    ['docs/*', 'docs/a', false],
    ['docs/*', 'docs/a.md', false],
    ['**/*.ts', 'src/*.ts', true],
    ['src/*.ts', '**/*.ts', false],
    ['a*', 'ab*', true],
    ['*b', 'a*b', true],
    ['a*b', 'a*', false],
    ['?*', '*', true],
    ['*', '?*', true],
    ['??', '?', false],
    ['a/**/b', 'a/x/b', true],
    ['a/**/b', 'a/b/c', true],
    ['**/b', 'a/**/b', true],
    ['a/**/b', '**/b', false],
    ['services/*/migrations', 'services/pay/migrations/001.sql', true],
    ['!src/', 'src/a', true],
  ];
  it.each(cases)('%s covers %s: %s', (outer, inner, covers) => {
    expect(patternCovers(pattern(outer), pattern(inner))).toBe(covers);
  });

  it('is never true when some generated path matches inner but not outer', () => {
    const universe = pathUniverse(['a', 'b', 'ab', 'ba', 'x'], 3);
    const glob = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '*b', '**');
    const source = fc
      .tuple(fc.array(glob, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([globs, trailing]) => `${globs.join('/')}${trailing ? '/' : ''}`);
    let proven = 0;
    fc.assert(
      fc.property(source, source, (outerText, innerText) => {
        const outer = pattern(outerText);
        const inner = pattern(innerText);
        if (!patternCovers(outer, inner)) return;
        proven++;
        const escape = universe.find((path) => matchesPattern(inner, path) && !matchesPattern(outer, path));
        expect(escape, `${outerText} ⊇ ${innerText}`).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
    expect(proven).toBeGreaterThan(100);
  });
});

describe('setCovers', () => {
  const cases: [lines: string[], inner: string, covers: boolean][] = [
    [['services/payments/migrations/'], 'services/payments/migrations/**', true],
    [['services/payments/migrations/'], 'services/payments/migrations/*.sql', true],
    [['services/payments/migrations/'], 'services/payments/', false],
    [['services/payments/migrations/'], 'services/payments/migrations', false],
    [['services/*/migrations/'], 'services/payments/migrations/001.sql', true],
    [['infra/', 'config/'], 'config/*.yml', true],
    [['infra/', '!infra/local/'], 'infra/prod/', true],
    [['infra/', '!infra/local/'], 'infra/**', false],
    [['infra/', '!infra/local/', 'infra/local/shared/'], 'infra/local/shared/a', true],
    [['a/*', 'a/*/'], 'a/**', true],
    [[], 'a', false],
  ];
  it.each(cases)('%j covers %s: %s', (lines, inner, covers) => {
    const patterns = lines.map(pattern);
    expect(setCovers(patterns, pattern(inner))).toBe(covers);
    expect(setCovers(createPatternSet(patterns), pattern(inner))).toBe(covers);
  });

  it('is never true when some generated path matches inner but is not owned by the set', () => {
    const universe = pathUniverse(['a', 'b', 'ab', 'x'], 3);
    const glob = fc.constantFrom('a', 'b', '*', 'a*', '**');
    const positive = fc.array(glob, { minLength: 1, maxLength: 3 }).map((globs) => globs.join('/'));
    const line = fc.tuple(fc.boolean(), positive).map(([negated, text]) => (negated ? `!${text}` : text));
    let proven = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), positive, (lineTexts, innerText) => {
        const lines = lineTexts.map(pattern);
        const inner = pattern(innerText);
        if (!setCovers(lines, inner)) return;
        proven++;
        const escape = universe.find((path) => matchesPattern(inner, path) && !ownedBy(lines, path));
        expect(escape, `${JSON.stringify(lineTexts)} ⊇ ${innerText}`).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    expect(proven).toBeGreaterThan(50);
  });
});
