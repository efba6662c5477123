import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from './matches-pattern.ts';
import { pattern, referenceMatches } from './fixtures/pattern-helpers.ts';

describe('matchesPattern', () => {
  const cases: [source: string, matches: string[], nonMatches: string[]][] = [
    ['a/b', ['a/b', 'a/b/c', 'a/b/c/d.ts'], ['a', 'a/bc', 'a/b.ts', 'x/a/b', 'A/b', 'a/B']],
    ['/a/b', ['a/b', 'a/b/c'], ['a', 'x/a/b']],
    ['a/b/', ['a/b/c', 'a/b/c/d'], ['a/b', 'a', 'a/bc/d']],
    ['a/b/**', ['a/b/c', 'a/b/c/d'], ['a/b', 'a', 'a/bc/d']],
    ['a/**/', ['a/b', 'a/b/c'], ['a', 'b/a/c']],
    ['**', ['a', 'a/b/c', '.env'], ['', 'a//b', '/a', 'a/']],
    ['docs/*', ['docs/a.md', 'docs/x', 'docs/.hidden'], ['docs', 'docs/sub/a.md', 'x/docs/a.md']],
    ['docs/*.md', ['docs/a.md', 'docs/.md'], ['docs/a.mdx', 'docs/sub/a.md', 'docs/a.md/x']],
    ['src/?.ts', ['src/a.ts', 'src/é.ts', 'src/日.ts', 'src/😀.ts'], ['src/ab.ts', 'src/.ts', 'src/a.ts/x']],
    ['src/*/', ['src/a/b', 'src/a/b/c'], ['src/a', 'src']],
    ['*', ['a', 'README.md'], ['a/b']],
    ['a*b', ['ab', 'axb', 'a*b'], ['a/b', 'ab/c', 'xab']],
    ['**/*.ts', ['a.ts', 'x/y/a.ts', '.ts'], ['a.ts/x', 'a.tsx', 'x/a.tsx']],
    ['a/*/c', ['a/b/c', 'a/b/c/d'], ['a/c', 'a/b/x/c', 'a/b/cd']],
    // Only the last segment decides the "and everything under it" reading.
    ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b', 'a/b/c', 'a/x/b/c'], ['a/bb', 'b', 'a/x/bc', 'x/a/b', 'a']],
    ['**/b', ['b', 'x/b', 'x/y/b', 'b/c'], ['bb', 'x/bc', 'x/ab']],
    ['services/*/migrations', ['services/pay/migrations', 'services/pay/migrations/001.sql'], ['services/migrations', 'services/a/b/migrations', 'services/pay/migrations.sql']],
    ['**/*.test.ts', ['a.test.ts', 'src/x/a.test.ts'], ['src/a.test.ts/b']],
    ['!src/generated/', ['src/generated/a.ts'], ['src/generated']],
    ['my dir/a b.md', ['my dir/a b.md'], ['my dir/a  b.md', 'my dir/ab.md']],
    ['données/*.txt', ['données/日本.txt'], ['donnees/a.txt', 'données/a.TXT']],
    ['a+b/(c)/x.y|z', ['a+b/(c)/x.y|z', 'a+b/(c)/x.y|z/w'], ['aab/(c)/x.y|z', 'a+b/c/x.y|z', 'a+b/(c)/xay|z']],
    ['^$/a', ['^$/a'], ['a']],
  ];
  it.each(cases)('%s', (source, matches, nonMatches) => {
    const compiled = pattern(source);
    for (const path of matches) expect([path, matchesPattern(compiled, path)]).toEqual([path, true]);
    for (const path of nonMatches) expect([path, matchesPattern(compiled, path)]).toEqual([path, false]);
  });

  it('matches nothing that is not a path as git stores it', () => {
    for (const source of ['**', '**/b', 'a', 'a/', 'a/*', 'a/**/b', '*']) {
      for (const path of ['', '/', 'a/', '/a', 'a//b', '//b', 'a/b/', '/a/b']) {
        expect([source, path, matchesPattern(pattern(source), path)]).toEqual([source, path, false]);
      }
    }
  });

  it('agrees with an independent reference matcher on generated patterns and paths', () => {
    const glob = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '*b', '?b', 'a?*', '*a*', '**');
    const source = fc
      .tuple(fc.boolean(), fc.array(glob, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([leading, globs, trailing]) => `${leading ? '/' : ''}${globs.join('/')}${trailing ? '/' : ''}`);
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'bb', 'abc', 'x', 'é'), { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
    fc.assert(
      fc.property(source, fc.array(path, { minLength: 1, maxLength: 20 }), (text, paths) => {
        const compiled = pattern(text);
        for (const candidate of paths) {
          const expected = referenceMatches(text, candidate);
          expect([text, candidate, matchesPattern(compiled, candidate)]).toEqual([text, candidate, expected]);
        }
      }),
      { numRuns: 4000 },
    );
  });
});

describe('matching without backtracking', () => {
  it('matches a 4 KB path against a pattern of many `*` in well under a millisecond', () => {
    const path = 'a'.repeat(4000);
    const deep = Array.from({ length: 2000 }, () => 'a').join('/');
    const sources: [string, boolean][] = [
      [`${'a*'.repeat(100)}b`, true],
      [`${'*a'.repeat(100)}*b`, true],
      [`**/${'?*'.repeat(60)}b`, true],
      [`${Array.from({ length: 200 }, () => '*').join('/')}/b`, false],
      [`**/${'a/**/'.repeat(50)}b`, false],
    ];
    for (const [source, matchesWithB] of sources) {
      const compiled = pattern(source);
      const start = performance.now();
      expect([source, matchesPattern(compiled, path), matchesPattern(compiled, deep)]).toEqual([source, false, false]);
      expect([source, matchesPattern(compiled, `${path}b`)]).toEqual([source, matchesWithB]);
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
});
