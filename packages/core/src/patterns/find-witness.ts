import type { OwnershipPattern } from './parse-pattern.ts';
import { elementChars, searchLimit, segmentClasses } from './segment-classes.ts';

/** The outcome of `findWitness`: a path, a proof that there is none, or a search that ran out of budget. */
export type WitnessSearch = { kind: 'found'; path: string } | { kind: 'none' } | { kind: 'unknown' };

/** A path whose matches (one flag per pattern, `negated` ignored) satisfy `wanted`, the `required` patterns matching; exact within `limit`. */
export function findWitness(
  patterns: readonly OwnershipPattern[],
  required: readonly number[],
  wanted: (matches: readonly boolean[]) => boolean,
  limit = searchLimit,
): WitnessSearch {
  // Exact: segments are split into the classes the patterns' segment globs tell apart (`segmentClasses`), and
  // a breadth-first walk of the patterns' product automaton over those classes reaches every combination of
  // pattern states that a real path can reach. States where a required pattern is dead are dropped.
  const ids = new Map<string, number>();
  const globs: (readonly string[])[] = [];
  // Per pattern, its elements as glob ids; -1 is `**`.
  const programs = patterns.map((pattern) =>
    pattern.elements.map((element) => {
      if (element.kind === 'any') return -1;
      const key = `${element.kind}:${element.text}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = globs.length;
        ids.set(key, id);
        globs.push(elementChars(element));
      }
      return id;
    }),
  );
  const classes = segmentClasses(globs, limit);
  if (classes === undefined) return { kind: 'unknown' };

  const start = programs.map((program) => closeAny(program, [0]));
  const seen = new Set<string>();
  const queue: { state: number[][]; path: string[] }[] = [{ state: start, path: [] }];
  for (let head = 0; head < queue.length; head++) {
    const { state, path } = queue[head]!;
    for (const segmentClass of classes) {
      const next = state.map((positions, k) => stepSegment(programs[k]!, positions, segmentClass.matches));
      if (required.some((k) => next[k]!.length === 0)) continue;
      const key = next.map((positions) => positions.join(',')).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > limit) return { kind: 'unknown' };
      const nextPath = [...path, segmentClass.sample];
      if (wanted(next.map((positions, k) => positions.includes(programs[k]!.length)))) {
        return { kind: 'found', path: nextPath.join('/') };
      }
      queue.push({ state: next, path: nextPath });
    }
  }
  return { kind: 'none' };
}

function closeAny(program: readonly number[], positions: readonly number[]): number[] {
  const out = new Set<number>();
  for (let position of positions) {
    out.add(position);
    while (program[position] === -1) out.add(++position);
  }
  return [...out].sort((p, q) => p - q);
}

function stepSegment(program: readonly number[], positions: readonly number[], matches: readonly boolean[]): number[] {
  const next: number[] = [];
  for (const position of positions) {
    const id = program[position];
    if (id === undefined) continue;
    if (id === -1) next.push(position);
    else if (matches[id] === true) next.push(position + 1);
  }
  return closeAny(program, next);
}
