import { findWitness } from './find-witness.ts';
import type { OwnershipPattern } from './parse-pattern.ts';
import type { PatternSet } from './pattern-set.ts';

/** Whether every path `inner` matches, `outer` matches too (`negated` ignored); true only when proven. */
export function patternCovers(outer: OwnershipPattern, inner: OwnershipPattern): boolean {
  if (sameElements(outer, inner)) return true;
  return findWitness([inner, outer], [0], ([inInner, inOuter]) => inInner === true && inOuter !== true).kind === 'none';
}

/** Whether every path `inner` matches is owned by `outer`'s lines (last match decides), as for `shared-infra`; true only when proven. */
export function setCovers(outer: PatternSet | readonly OwnershipPattern[], inner: OwnershipPattern): boolean {
  const lines = 'patterns' in outer ? outer.patterns : outer;
  if (lines.length === 0) return false;
  const uncovered = (matches: readonly boolean[]): boolean => {
    if (matches[0] !== true) return false;
    for (let k = lines.length - 1; k >= 0; k--) if (matches[k + 1] === true) return lines[k]!.negated;
    return true;
  };
  return findWitness([inner, ...lines], [0], uncovered).kind === 'none';
}

function sameElements(p: OwnershipPattern, q: OwnershipPattern): boolean {
  const key = (pattern: OwnershipPattern): string => pattern.elements.map((e) => (e.kind === 'any' ? '**' : e.text)).join('/');
  return key(p) === key(q);
}
