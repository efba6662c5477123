import { matchesGlob, type CompiledGlob } from './match-glob.ts';
import type { PatternElement } from './parse-pattern.ts';

/** One class of segments that every glob of a search treats alike: a sample segment and which globs match it. */
export interface SegmentClass {
  sample: string;
  matches: readonly boolean[];
}

/** The number of product states a search may visit before it gives up and says it does not know. */
export const searchLimit = 50_000;

// Fillers for `*` and `?` when making sample segments: the first one that is no literal character of the
// globs involved behaves like every other such character (wildcards accept any character but `/`).
const fillers = ['x', 'q', 'z', 'k', 'j', 'w', 'v', '0', '7', '_'];

/** Every class of non-empty segments the globs (code point lists) tell apart, with shortest samples; undefined past `limit`. */
export function segmentClasses(globs: readonly (readonly string[])[], limit = searchLimit): SegmentClass[] | undefined {
  // A breadth-first walk of the globs' product automaton over their literal characters and one filler, which
  // stands for every other character: exact, since wildcards treat all characters but `/` alike.
  const alphabet = alphabetOf(globs);
  const start = globs.map((glob) => closeStars(glob, [0]));
  // The start state is not marked seen: it stands for the empty segment, which is no segment, and a walk that
  // comes back to it (a lone `*`) must still record the class it reaches.
  const seen = new Set<string>();
  const signatures = new Set<string>();
  const classes: SegmentClass[] = [];
  const queue: { state: number[][]; text: string }[] = [{ state: start, text: '' }];
  for (let head = 0; head < queue.length; head++) {
    const { state, text } = queue[head]!;
    for (const char of alphabet) {
      const next = state.map((positions, g) => stepChar(globs[g]!, positions, char));
      const key = stateKey(next);
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > limit) return undefined;
      const matches = next.map((positions, g) => positions.includes(globs[g]!.length));
      const signature = matches.map((match) => (match ? '1' : '0')).join('');
      if (!signatures.has(signature)) {
        signatures.add(signature);
        classes.push({ sample: text + char, matches });
      }
      if (next.some((positions) => positions.length > 0)) queue.push({ state: next, text: text + char });
    }
  }
  return classes;
}

/** A segment that both elements match (`**` stands for any one segment), null when there is none, undefined when unknown. */
export function intersectSegments(x: PatternElement, y: PatternElement): string | null | undefined {
  if (x.kind === 'any') return sampleSegment(y);
  if (y.kind === 'any') return sampleSegment(x);
  if (x.kind === 'literal') return segmentMatches(y, x.text) ? x.text : null;
  if (y.kind === 'literal') return segmentMatches(x, y.text) ? y.text : null;
  const key = `${x.text}/${y.text}`;
  if (globPairs.has(key)) return globPairs.get(key);
  const shared = intersectGlobs(x.chars, x.glob, y.chars, y.glob);
  if (globPairs.size >= globPairLimit) globPairs.clear();
  globPairs.set(key, shared);
  return shared;
}

// Sessions repeat the same glob segments (`*.ts`, `p1-*.sh`), so their intersections are remembered; `/` never
// occurs in a segment, which keeps the key unambiguous.
const globPairs = new Map<string, string | null | undefined>();
const globPairLimit = 10_000;

function intersectGlobs(x: readonly string[], xGlob: CompiledGlob, y: readonly string[], yGlob: CompiledGlob): string | null | undefined {
  // Literal characters before the first wildcard (and after the last) must agree, or nothing matches both.
  if (!endsAgree(x, y, 1) || !endsAgree(x, y, -1)) return null;
  for (const candidate of [fill(x, 'x', 'x'), fill(y, 'x', 'x'), fill(x, '', 'x'), fill(y, '', 'x')]) {
    if (candidate !== '' && matchesGlob(xGlob, candidate) && matchesGlob(yGlob, candidate)) return candidate;
  }
  const classes = segmentClasses([x, y]);
  if (classes === undefined) return undefined;
  return classes.find((segmentClass) => segmentClass.matches[0] === true && segmentClass.matches[1] === true)?.sample ?? null;
}

function endsAgree(x: readonly string[], y: readonly string[], direction: 1 | -1): boolean {
  for (let i = 0; i < x.length && i < y.length; i++) {
    const a = x[direction === 1 ? i : x.length - 1 - i]!;
    const b = y[direction === 1 ? i : y.length - 1 - i]!;
    if (a === '*' || b === '*') return true;
    if (a !== b && a !== '?' && b !== '?') return false;
  }
  return true;
}

/** A segment the element matches (`x` for `**`). */
export function sampleSegment(element: PatternElement): string {
  if (element.kind === 'any') return 'x';
  if (element.kind === 'literal') return element.text;
  return fill(element.chars, 'x', 'x');
}

/** The code points of a segment element, for `segmentClasses`. */
export function elementChars(element: Exclude<PatternElement, { kind: 'any' }>): readonly string[] {
  return element.kind === 'literal' ? Array.from(element.text) : element.chars;
}

function segmentMatches(element: Exclude<PatternElement, { kind: 'any' }>, segment: string): boolean {
  return element.kind === 'literal' ? element.text === segment : matchesGlob(element.glob, segment);
}

function fill(chars: readonly string[], star: string, question: string): string {
  let out = '';
  for (const char of chars) out += char === '*' ? star : char === '?' ? question : char;
  return out;
}

function alphabetOf(globs: readonly (readonly string[])[]): string[] {
  const literal = new Set<string>();
  for (const glob of globs) for (const char of glob) if (char !== '*' && char !== '?') literal.add(char);
  let filler = fillers.find((char) => !literal.has(char));
  for (let code = 0x4e00; filler === undefined; code++) {
    const char = String.fromCodePoint(code);
    if (!literal.has(char)) filler = char;
  }
  return [filler, ...literal];
}

function closeStars(glob: readonly string[], positions: number[]): number[] {
  const out = new Set<number>();
  for (let position of positions) {
    out.add(position);
    while (glob[position] === '*') out.add(++position);
  }
  return [...out].sort((p, q) => p - q);
}

function stepChar(glob: readonly string[], positions: readonly number[], char: string): number[] {
  const next: number[] = [];
  for (const position of positions) {
    const token = glob[position];
    if (token === undefined) continue;
    if (token === '*') next.push(position);
    else if (token === '?' || token === char) next.push(position + 1);
  }
  return closeStars(glob, next);
}

function stateKey(state: readonly (readonly number[])[]): string {
  return state.map((positions) => positions.join(',')).join('|');
}
