import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from './matches-pattern.ts';
import { parsePattern, type PatternElement } from './parse-pattern.ts';
import { sampleSegment } from './segment-classes.ts';

/** `a` literal, `<a*>` glob, `**` any number of segments. */
function shape(elements: readonly PatternElement[]): string {
  return elements
    .map((element) => (element.kind === 'any' ? '**' : element.kind === 'glob' ? `<${element.text}>` : element.text))
    .join(' ');
}

describe('parsePattern: valid patterns and the directory rules they compile to', () => {
  const cases: [source: string, negated: boolean, shape: string, literalPrefix: string[]][] = [
    // No wildcard: the path and everything under it.
    ['a/b', false, 'a b **', ['a', 'b']],
    ['/a/b', false, 'a b **', ['a', 'b']],
    ['README.md', false, 'README.md **', ['README.md']],
    // Trailing `/` and trailing `**`: one or more segments under it, never the path itself.
    ['a/b/', false, 'a b <*> **', ['a', 'b']],
    ['a/b/**', false, 'a b <*> **', ['a', 'b']],
    ['a/b/**/', false, 'a b <*> **', ['a', 'b']],
    ['a/**/**', false, 'a <*> **', ['a']],
    ['**', false, '<*> **', []],
    ['**/', false, '<*> **', []],
    ['/**', false, '<*> **', []],
    // Last segment with a wildcard: only what it matches.
    ['docs/*', false, 'docs <*>', ['docs']],
    ['docs/*.md', false, 'docs <*.md>', ['docs']],
    ['src/?.ts', false, 'src <?.ts>', ['src']],
    ['**/*.test.ts', false, '** <*.test.ts>', []],
    ['src/*/', false, 'src <*> <*> **', ['src']],
    // Wildcards before a literal last segment: the last segment decides, so what lies under it is covered too.
    ['a/**/b', false, 'a ** b **', ['a']],
    ['**/migrations', false, '** migrations **', []],
    ['services/*/migrations', false, 'services <*> migrations **', ['services']],
    ['a/**/**/b', false, 'a ** b **', ['a']],
    // Exclusions, and characters that are plain in a pattern.
    ['!src/generated/', true, 'src generated <*> **', ['src', 'generated']],
    ['!/a', true, 'a **', ['a']],
    ['a!b/c(1)/d+e/f@g/h]i/j}k', false, 'a!b c(1) d+e f@g h]i j}k **', ['a!b', 'c(1)', 'd+e', 'f@g', 'h]i', 'j}k']],
    ['my dir/a b.md', false, 'my dir a b.md **', ['my dir', 'a b.md']],
    ['données/日本.txt', false, 'données 日本.txt **', ['données', '日本.txt']],
    ['.github/', false, '.github <*> **', ['.github']],
    ['a/.b/..c/...', false, 'a .b ..c ... **', ['a', '.b', '..c', '...']],
    ['src/x:y', false, 'src x:y **', ['src', 'x:y']],
  ];
  it.each(cases)('%s', (source, negated, expectedShape, literalPrefix) => {
    const result = parsePattern(source);
    if (!result.ok) throw new Error(result.message);
    expect(result.pattern.source).toBe(source);
    expect(result.pattern.negated).toBe(negated);
    expect(shape(result.pattern.elements)).toBe(expectedShape);
    expect(result.pattern.literalPrefix).toEqual(literalPrefix);
  });
});

describe('parsePattern: every unsupported form is an error with its message and index', () => {
  const cases: [source: string, index: number, message: string][] = [
    ['', 0, 'Unexpected empty pattern: write a path from the repository root, such as `src/` or `docs/*.md`'],
    ['!', 0, 'Unexpected lone `!`: write the pattern to exclude after it, such as `!src/generated/`'],
    ['!!a', 1, 'Unexpected second `!` in pattern `!!a`: write a single `!` before the pattern to exclude'],
    ['/', 0, 'Unexpected pattern `/` naming the whole repository: write `**` to cover every path'],
    ['!/', 1, 'Unexpected pattern `!/` naming the whole repository: write `**` to cover every path'],
    ['//a', 0, 'Unexpected leading `//` in pattern `//a`: patterns are paths from the repository root; write at most one leading `/`'],
    ['!//srv/a', 1, 'Unexpected leading `//` in pattern `!//srv/a`: patterns are paths from the repository root; write at most one leading `/`'],
    ['C:/src', 0, 'Unexpected drive letter `C:` in pattern `C:/src`: patterns are paths from the repository root, such as `src/`'],
    ['!d:src', 1, 'Unexpected drive letter `d:` in pattern `!d:src`: patterns are paths from the repository root, such as `src/`'],
    ['/C:/src', 1, 'Unexpected drive letter `C:` in pattern `/C:/src`: patterns are paths from the repository root, such as `src/`'],
    ['a//b', 2, 'Unexpected empty segment in pattern `a//b`: separate segments with a single `/`'],
    ['a/b//', 4, 'Unexpected empty segment in pattern `a/b//`: separate segments with a single `/`'],
    ['a/../b', 2, 'Unexpected `..` segment in pattern `a/../b`: `.` and `..` segments are not supported; write the path from the repository root without them'],
    ['./a', 0, 'Unexpected `.` segment in pattern `./a`: `.` and `..` segments are not supported; write the path from the repository root without them'],
    ['a/.', 2, 'Unexpected `.` segment in pattern `a/.`: `.` and `..` segments are not supported; write the path from the repository root without them'],
    ['!/../a', 2, 'Unexpected `..` segment in pattern `!/../a`: `.` and `..` segments are not supported; write the path from the repository root without them'],
    ['a\\b', 1, 'Unexpected `\\` in pattern `a\\b`: backslashes are not supported (no escapes, no Windows separators); separate segments with `/` and use `?` to match a special character'],
    ['src\\*.ts', 3, 'Unexpected `\\` in pattern `src\\*.ts`: backslashes are not supported (no escapes, no Windows separators); separate segments with `/` and use `?` to match a special character'],
    ['~/notes', 0, 'Unexpected `~` in pattern `~/notes`: `~` is not supported anywhere in a pattern (no home-directory expansion); write the path from the repository root, and `?` to match a `~` in a name'],
    ['a/b~', 3, 'Unexpected `~` in pattern `a/b~`: `~` is not supported anywhere in a pattern (no home-directory expansion); write the path from the repository root, and `?` to match a `~` in a name'],
    ['src/[ab].ts', 4, 'Unexpected `[ab]` in pattern `src/[ab].ts`: character classes are not supported; use `?` for any one character, or write one pattern per path'],
    ['src/[ab', 4, 'Unexpected `[` in pattern `src/[ab`: character classes are not supported; use `?` for any one character, or write one pattern per path'],
    ['src/{a,b}.ts', 4, 'Unexpected `{a,b}` in pattern `src/{a,b}.ts`: brace expansion is not supported; write one pattern per path'],
    ['{src,lib}/', 0, 'Unexpected `{src,lib}` in pattern `{src,lib}/`: brace expansion is not supported; write one pattern per path'],
    ['src/{a', 4, 'Unexpected `{` in pattern `src/{a`: brace expansion is not supported; write one pattern per path'],
    ['x/@(a|b)', 2, 'Unexpected `@(a|b)` in pattern `x/@(a|b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['x/a!(b)', 3, 'Unexpected `!(b)` in pattern `x/a!(b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['x/+(b)', 2, 'Unexpected `+(b)` in pattern `x/+(b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['x/*(b)', 2, 'Unexpected `*(b)` in pattern `x/*(b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['x/?(b', 2, 'Unexpected `?(` in pattern `x/?(b`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['!(a|b)', 0, 'Unexpected `!(a|b)` in pattern `!(a|b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
    ['a**', 1, 'Unexpected `**` in segment `a**` of pattern `a**`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment'],
    ['src/**b', 4, 'Unexpected `**` in segment `**b` of pattern `src/**b`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment'],
    ['a/**b/c', 2, 'Unexpected `**` in segment `**b` of pattern `a/**b/c`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment'],
    ['a/***', 2, 'Unexpected `**` in segment `***` of pattern `a/***`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment'],
    // The first problem by position is the one reported.
    ['a/[b]/{c}', 2, 'Unexpected `[b]` in pattern `a/[b]/{c}`: character classes are not supported; use `?` for any one character, or write one pattern per path'],
    ['a//{c}', 2, 'Unexpected empty segment in pattern `a//{c}`: separate segments with a single `/`'],
  ];
  it.each(cases)('%s', (source, index, message) => {
    const result = parsePattern(source);
    // The kind and data are what `valid-pattern` words (its tests check every kind's message); the message is
    // for the callers that load no lint rules (the `lanes.plans` config, the guard).
    expect(result).toEqual({ ok: false, kind: expect.any(String) as string, data: { pattern: source, text: expect.any(String) as string }, message, index });
  });
});

describe('parsePattern on generated text', () => {
  /** The rules of contract §3 restated on the raw text, independently of the parser. */
  function referenceValid(source: string): boolean {
    let body = source.startsWith('!') ? source.slice(1) : source;
    if (body === '' || body.startsWith('!') || body.startsWith('//') || /^\/?[A-Za-z]:/.test(body)) return false;
    if (/[\\~[{]/.test(body) || /[@!+*?]\(/.test(source)) return false;
    if (body.startsWith('/')) body = body.slice(1);
    if (body === '') return false;
    const segments = body.replace(/\/$/, '').split('/');
    return segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && (segment === '**' || !segment.includes('**')));
  }

  it('never throws, accepts exactly the valid forms, points inside the text, and matches a path it describes', () => {
    const char = fc.constantFrom('a', 'b', '/', '/', '*', '?', '!', '.', '[', '{', '(', ')', '@', '+', '\\', '~', ':', 'C', ' ', 'é');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 8 }).map((chars) => chars.join('')), (source) => {
        const result = parsePattern(source);
        expect([source, result.ok]).toEqual([source, referenceValid(source)]);
        if (!result.ok) {
          expect(result.message.startsWith('Unexpected ')).toBe(true);
          expect(result.index).toBeGreaterThanOrEqual(0);
          expect(result.index).toBeLessThan(Math.max(1, source.length));
          return;
        }
        const sample = result.pattern.elements.flatMap((element) => (element.kind === 'any' ? [] : [sampleSegment(element)])).join('/');
        expect([source, sample, matchesPattern(result.pattern, sample)]).toEqual([source, sample, true]);
      }),
      { numRuns: 5000 },
    );
  });
});
