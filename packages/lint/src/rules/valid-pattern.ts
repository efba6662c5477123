import { problemRule } from './problem-rule.ts';

/** `valid-pattern`: every ownership pattern is one the format allows. */
export default problemRule({
  id: 'valid-pattern',
  code: 'invalid-pattern',
  severity: 'error',
  group: 'patterns',
  description: 'Disallow ownership patterns the format does not define (`[...]`, `{a,b}`, extglobs, `..`, `\\`, `~`, `a**`)',
  rationale:
    'An unsupported glob is an error, never ignored (contract §3): silently treating `{a,b}` as a literal name would give a session nothing, and the guard fails closed on an invalid pattern (decision 21).',
  messages: {
    empty: 'Unexpected empty pattern: write a path from the repository root, such as `src/` or `docs/*.md`',
    loneBang: 'Unexpected lone `!`: write the pattern to exclude after it, such as `!src/generated/`',
    doubleBang: 'Unexpected second `!` in pattern `{{pattern}}`: write a single `!` before the pattern to exclude',
    doubleSlash: 'Unexpected leading `//` in pattern `{{pattern}}`: patterns are paths from the repository root; write at most one leading `/`',
    driveLetter: 'Unexpected drive letter `{{text}}` in pattern `{{pattern}}`: patterns are paths from the repository root, such as `src/`',
    wholeRepository: 'Unexpected pattern `{{pattern}}` naming the whole repository: write `**` to cover every path',
    emptySegment: 'Unexpected empty segment in pattern `{{pattern}}`: separate segments with a single `/`',
    dotSegment: 'Unexpected `{{text}}` segment in pattern `{{pattern}}`: `.` and `..` segments are not supported; write the path from the repository root without them',
    backslash:
      'Unexpected `\\` in pattern `{{pattern}}`: backslashes are not supported (no escapes, no Windows separators); separate segments with `/` and use `?` to match a special character',
    tilde:
      'Unexpected `~` in pattern `{{pattern}}`: `~` is not supported anywhere in a pattern (no home-directory expansion); write the path from the repository root, and `?` to match a `~` in a name',
    characterClass: 'Unexpected `{{text}}` in pattern `{{pattern}}`: character classes are not supported; use `?` for any one character, or write one pattern per path',
    braces: 'Unexpected `{{text}}` in pattern `{{pattern}}`: brace expansion is not supported; write one pattern per path',
    doubleStarInSegment:
      'Unexpected `**` in segment `{{text}}` of pattern `{{pattern}}`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment',
    extglob: 'Unexpected `{{text}}` in pattern `{{pattern}}`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path',
  },
});
