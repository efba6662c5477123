import type { OwnershipPattern } from './parse-pattern.ts';
import { intersectSegments } from './segment-classes.ts';

/** A path both patterns match (`negated` ignored), null when they share none, undefined when a segment search ran out of budget. */
export function intersectPatterns(p: OwnershipPattern, q: OwnershipPattern): string | null | undefined {
  const shared = Math.min(p.literalPrefix.length, q.literalPrefix.length);
  for (let i = 0; i < shared; i++) if (p.literalPrefix[i] !== q.literalPrefix[i]) return null;
  const a = p.elements;
  const b = q.elements;
  const memo = new Map<number, string[] | null>();
  const budget = { exhausted: false };
  // solve(i, j): segments that take `a` from element i and `b` from element j both to their ends. Every
  // step advances i or j (two `**` never consume a segment together), so the states form a DAG.
  const solve = (i: number, j: number): string[] | null => {
    if (i === a.length && j === b.length) return [];
    const key = i * (b.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const x = a[i];
    const y = b[j];
    let result: string[] | null = null;
    if (x?.kind === 'any') result = solve(i + 1, j);
    if (result === null && y?.kind === 'any') result = solve(i, j + 1);
    if (result === null && x !== undefined && y !== undefined && !(x.kind === 'any' && y.kind === 'any')) {
      const segment = intersectSegments(x, y);
      if (segment === undefined) {
        budget.exhausted = true;
      } else if (segment !== null) {
        const rest = solve(x.kind === 'any' ? i : i + 1, y.kind === 'any' ? j : j + 1);
        if (rest !== null) result = [segment, ...rest];
      }
    }
    memo.set(key, result);
    return result;
  };
  const segments = solve(0, 0);
  if (segments !== null) return segments.join('/');
  return budget.exhausted ? undefined : null;
}
