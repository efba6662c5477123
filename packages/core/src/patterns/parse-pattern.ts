import type { PatternErrorKind } from '../model.ts';
import { compileGlob, type CompiledGlob } from './match-glob.ts';

/** One step of a compiled pattern: a literal segment, a one-segment glob, or `**` (any number of segments). */
export type PatternElement =
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'glob';
      readonly text: string;
      /** The segment's code points; `*` and `?` are always wildcards (there are no escapes). */
      readonly chars: readonly string[];
      /** The glob compiled for `matchesGlob`, which matches one whole segment without backtracking. */
      readonly glob: CompiledGlob;
    }
  | { readonly kind: 'any' };

/** A valid ownership pattern (contract §3, decision 4), with its compiled form. */
export interface OwnershipPattern {
  /** The pattern as written, `!` kept. */
  readonly source: string;
  /** True for an exclusion line (`!pattern`). */
  readonly negated: boolean;
  /** The path the pattern covers, as a sequence of segment elements, directory rules already applied. */
  readonly elements: readonly PatternElement[];
  /** The literal segments the pattern starts with, used to index patterns. */
  readonly literalPrefix: readonly string[];
  /**
   * The elements between `**`s, in order: each group matches consecutive segments. `anchoredStart`: the first
   * group starts at the first segment (the pattern does not begin with `**`); `anchoredEnd`: the last group
   * ends at the last segment (the pattern does not end with `**`).
   */
  readonly groups: readonly (readonly SegmentElement[])[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** A pattern element that matches exactly one segment. */
export type SegmentElement = Exclude<PatternElement, { kind: 'any' }>;

/** The outcome of `parsePattern`: the pattern, or what is wrong with it and where (0-based index into the source). */
export type PatternResult =
  | { ok: true; pattern: OwnershipPattern }
  | { ok: false; kind: PatternErrorKind; data: { pattern: string; text: string }; message: string; index: number };

/** What is wrong with a pattern: its kind, the pattern and the text at fault (a segment, `{a,b}`, a drive). */
interface PatternError {
  kind: PatternErrorKind;
  data: { pattern: string; text: string };
  message: string;
  index: number;
}

// Directory rules (contract decision 4), applied once here so that matching and the set algebra agree:
//   `a/b/` and `a/b/**`      → `a`, `b`, then one or more segments (never the file `a/b` itself);
//   last segment literal      → the path, and everything under it (`a/b`, also `a/*/b` and `**/b`);
//   last segment has wildcard → only what it matches (`docs/*` is the direct children of `docs`).
// `a/**/b` and `**/migrations` thus also cover what lies under a matching `b` or `migrations`, as
// CODEOWNERS and gitignore read them: only the last segment decides, not wildcards before it.
// (git's `:(glob)` pathspecs differ there: a pattern with any wildcard matches whole paths only.)

const anyElement: PatternElement = { kind: 'any' };
const oneSegmentElement: PatternElement = globElement('*');

/** Parses one `Owns`/`Reads`/`shared-infra` pattern; never throws, every unsupported form is an error. */
export function parsePattern(source: string): PatternResult {
  const error = findError(source);
  if (error !== undefined) return { ok: false, ...error };
  const negated = source.startsWith('!');
  let body = source.slice(negated ? 1 : 0);
  if (body.startsWith('/')) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  const segments = (directoryOnly ? body.slice(0, -1) : body).split('/');

  const elements: PatternElement[] = [];
  for (const segment of segments) {
    if (segment === '**') {
      if (elements.at(-1)?.kind !== 'any') elements.push(anyElement);
    } else if (hasWildcard(segment)) {
      elements.push(globElement(segment));
    } else {
      elements.push({ kind: 'literal', text: segment });
    }
  }
  const last = segments.at(-1) ?? '';
  if (directoryOnly || last === '**') {
    if (elements.at(-1)?.kind === 'any') elements.pop();
    elements.push(oneSegmentElement, anyElement);
  } else if (!hasWildcard(last)) {
    elements.push(anyElement);
  }

  const literalPrefix: string[] = [];
  for (const element of elements) {
    if (element.kind !== 'literal') break;
    literalPrefix.push(element.text);
  }
  const groups: SegmentElement[][] = [[]];
  for (const element of elements) {
    if (element.kind === 'any') groups.push([]);
    else groups.at(-1)!.push(element);
  }
  const anchoredStart = elements[0]?.kind !== 'any';
  const anchoredEnd = elements.at(-1)?.kind !== 'any';
  return {
    ok: true,
    pattern: { source, negated, elements, literalPrefix, groups: groups.filter((group) => group.length > 0), anchoredStart, anchoredEnd },
  };
}

function hasWildcard(segment: string): boolean {
  return segment.includes('*') || segment.includes('?');
}

function globElement(text: string): PatternElement {
  const chars = Array.from(text);
  return { kind: 'glob', text, chars, glob: compileGlob(chars) };
}

function findError(source: string): PatternError | undefined {
  if (source === '') {
    return {
      kind: 'empty',
      data: { pattern: source, text: '' },
      message: 'Unexpected empty pattern: write a path from the repository root, such as `src/` or `docs/*.md`',
      index: 0,
    };
  }
  let start = 0;
  if (source.startsWith('!')) {
    start = 1;
    if (source.length === 1) {
      return {
        kind: 'loneBang',
        data: { pattern: source, text: '!' },
        message: 'Unexpected lone `!`: write the pattern to exclude after it, such as `!src/generated/`',
        index: 0,
      };
    }
    if (source[1] === '!') {
      return {
        kind: 'doubleBang',
        data: { pattern: source, text: '!!' },
        message: `Unexpected second \`!\` in pattern \`${source}\`: write a single \`!\` before the pattern to exclude`,
        index: 1,
      };
    }
    if (source[1] === '(') return extglobError(source, 0);
  }
  if (source.startsWith('//', start)) {
    return {
      kind: 'doubleSlash',
      data: { pattern: source, text: '//' },
      message: `Unexpected leading \`//\` in pattern \`${source}\`: patterns are paths from the repository root; write at most one leading \`/\``,
      index: start,
    };
  }
  const drive = /^\/?([A-Za-z]:)/.exec(source.slice(start));
  if (drive?.[1] !== undefined) {
    return {
      kind: 'driveLetter',
      data: { pattern: source, text: drive[1] },
      message: `Unexpected drive letter \`${drive[1]}\` in pattern \`${source}\`: patterns are paths from the repository root, such as \`src/\``,
      index: start + drive[0].length - 2,
    };
  }
  const bodyStart = source[start] === '/' ? start + 1 : start;
  if (bodyStart === source.length) {
    return {
      kind: 'wholeRepository',
      data: { pattern: source, text: source },
      message: `Unexpected pattern \`${source}\` naming the whole repository: write \`**\` to cover every path`,
      index: start,
    };
  }

  const segments = source.slice(bodyStart).split('/');
  if (segments.at(-1) === '') segments.pop();
  let offset = bodyStart;
  for (const segment of segments) {
    const error = segmentError(source, segment, offset);
    if (error !== undefined) return error;
    offset += segment.length + 1;
  }
  return undefined;
}

function segmentError(source: string, segment: string, offset: number): PatternError | undefined {
  if (segment === '') {
    return {
      kind: 'emptySegment',
      data: { pattern: source, text: '' },
      message: `Unexpected empty segment in pattern \`${source}\`: separate segments with a single \`/\``,
      index: offset,
    };
  }
  if (segment === '.' || segment === '..') {
    return {
      kind: 'dotSegment',
      data: { pattern: source, text: segment },
      message: `Unexpected \`${segment}\` segment in pattern \`${source}\`: \`.\` and \`..\` segments are not supported; write the path from the repository root without them`,
      index: offset,
    };
  }
  for (let i = 0; i < segment.length; i++) {
    const index = offset + i;
    const char = segment[i];
    const next = segment[i + 1];
    if (char === '\\') {
      return {
        kind: 'backslash',
        data: { pattern: source, text: '\\' },
        message: `Unexpected \`\\\` in pattern \`${source}\`: backslashes are not supported (no escapes, no Windows separators); separate segments with \`/\` and use \`?\` to match a special character`,
        index,
      };
    }
    if (char === '~') {
      return {
        kind: 'tilde',
        data: { pattern: source, text: '~' },
        message: `Unexpected \`~\` in pattern \`${source}\`: \`~\` is not supported anywhere in a pattern (no home-directory expansion); write the path from the repository root, and \`?\` to match a \`~\` in a name`,
        index,
      };
    }
    if (char === '[') {
      return {
        kind: 'characterClass',
        data: { pattern: source, text: quoteUntil(source, index, ']') },
        message: `Unexpected \`${quoteUntil(source, index, ']')}\` in pattern \`${source}\`: character classes are not supported; use \`?\` for any one character, or write one pattern per path`,
        index,
      };
    }
    if (char === '{') {
      return {
        kind: 'braces',
        data: { pattern: source, text: quoteUntil(source, index, '}') },
        message: `Unexpected \`${quoteUntil(source, index, '}')}\` in pattern \`${source}\`: brace expansion is not supported; write one pattern per path`,
        index,
      };
    }
    if (next === '(' && char !== undefined && '@!+*?'.includes(char)) return extglobError(source, index);
    if (char === '*' && next === '*' && segment !== '**') {
      return {
        kind: 'doubleStarInSegment',
        data: { pattern: source, text: segment },
        message: `Unexpected \`**\` in segment \`${segment}\` of pattern \`${source}\`: \`**\` must be a whole segment, as in \`src/**/*.ts\`; use \`*\` to match within one segment`,
        index,
      };
    }
  }
  return undefined;
}

function extglobError(source: string, index: number): PatternError {
  return {
    kind: 'extglob',
    data: { pattern: source, text: quoteUntil(source, index, ')') },
    message: `Unexpected \`${quoteUntil(source, index, ')')}\` in pattern \`${source}\`: extended globs are not supported; use \`*\` or \`?\` within a segment, or write one pattern per path`,
    index,
  };
}

/** The text from `index` through the next `close`, or the opening character(s) alone when there is none. */
function quoteUntil(source: string, index: number, close: string): string {
  const end = source.indexOf(close, index + 1);
  if (end >= 0) return source.slice(index, end + 1);
  return close === ')' ? source.slice(index, index + 2) : source.slice(index, index + 1);
}
