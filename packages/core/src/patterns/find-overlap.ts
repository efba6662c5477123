import { findWitness } from './find-witness.ts';
import { intersectPatterns } from './intersect-patterns.ts';
import type { OwnershipPattern } from './parse-pattern.ts';
import { patternCovers } from './pattern-covers.ts';
import { ownedBy, type PatternSet } from './pattern-set.ts';
import { sampleSegment, searchLimit } from './segment-classes.ts';

/** A path two pattern sets can both own, and one positive line of each that matches it. */
export interface Overlap {
  /** Index of the positive line in the first set. */
  a: number;
  /** Index of the positive line in the second set. */
  b: number;
  witness: string;
  /**
   * True when both sets are checked to own `witness`; false when a search ran out of budget before it could
   * show a shared path or that the exclusions rule every one out (then `witness` is unverified).
   */
  certain: boolean;
}

interface SetIndex {
  positives: number[];
  negatives: number[];
  /** Positive lines filed under their literal leading segments. */
  root: PrefixNode;
}

interface PrefixNode {
  children: Map<string, PrefixNode>;
  /** Positive lines whose literal prefix ends here. */
  own: number[];
  /** Positive lines filed below this node. */
  below: number[];
}

const setIndexes = new WeakMap<PatternSet, SetIndex>();

/** A path two sessions' pattern sets can both own, decided on the patterns alone; null only when there is none. */
export function findOverlap(a: PatternSet, b: PatternSet, limit = searchLimit): Overlap | null {
  // With exclusions, owned(S) is the union over positive lines k of L(line k) minus every exclusion after k, so
  // the sets overlap iff some positive lines i, j share a path that no exclusion after i in `a` or after j in
  // `b` matches. `limit` bounds each exclusion search (`findWitness`); past it, an overlap that cannot be ruled
  // out is returned with `certain: false`, never dropped.
  const indexA = indexSet(a);
  const indexB = indexSet(b);
  let uncertain: Overlap | null = null;
  for (const i of indexA.positives) {
    const p = a.patterns[i]!;
    for (const j of candidateLines(indexB.root, p.literalPrefix)) {
      const overlap = overlapOfLines(a, i, p, indexA, b, j, b.patterns[j]!, indexB, limit);
      if (overlap === null) continue;
      if (overlap.certain) return overlap;
      uncertain ??= overlap;
    }
  }
  return uncertain;
}

function overlapOfLines(
  a: PatternSet,
  i: number,
  p: OwnershipPattern,
  indexA: SetIndex,
  b: PatternSet,
  j: number,
  q: OwnershipPattern,
  indexB: SetIndex,
  limit: number,
): Overlap | null {
  const shared = intersectPatterns(p, q);
  if (shared === null) return null;
  const guess = shared ?? samplePath(p);
  if (shared !== undefined && ownedBy(a.patterns, shared) && ownedBy(b.patterns, shared)) {
    return { a: i, b: j, witness: shared, certain: true };
  }
  const afterI = indexA.negatives.filter((k) => k > i).map((k) => a.patterns[k]!);
  const afterJ = indexB.negatives.filter((k) => k > j).map((k) => b.patterns[k]!);
  const exclusions = [...afterI, ...afterJ];
  const search = findWitness([p, q, ...exclusions], [0, 1], (matches) => {
    for (let k = 2; k < matches.length; k++) if (matches[k] === true) return false;
    return matches[0] === true && matches[1] === true;
  }, limit);
  if (search.kind === 'none') return null;
  if (search.kind === 'found') {
    const certain = ownedBy(a.patterns, search.path) && ownedBy(b.patterns, search.path);
    return { a: i, b: j, witness: search.path, certain };
  }
  if (afterI.some((n) => patternCovers(n, p)) || afterJ.some((n) => patternCovers(n, q))) return null;
  return { a: i, b: j, witness: guess, certain: false };
}

/**
 * The positive lines that can share a path with a line of this literal prefix: two lines whose literal
 * prefixes differ at some segment are disjoint, so only lines filed along the prefix, or below its end, remain.
 */
function candidateLines(root: PrefixNode, prefix: readonly string[]): number[] {
  const lines: number[] = [...root.own];
  let node = root;
  for (const segment of prefix) {
    const child = node.children.get(segment);
    if (child === undefined) return lines;
    node = child;
    lines.push(...node.own);
  }
  lines.push(...node.below);
  return lines;
}

function indexSet(set: PatternSet): SetIndex {
  let index = setIndexes.get(set);
  if (index !== undefined) return index;
  const root = emptyNode();
  index = { positives: [], negatives: [], root };
  for (const [k, pattern] of set.patterns.entries()) {
    if (pattern.negated) {
      index.negatives.push(k);
      continue;
    }
    index.positives.push(k);
    let node = root;
    for (const segment of pattern.literalPrefix) {
      node.below.push(k);
      let child = node.children.get(segment);
      if (child === undefined) {
        child = emptyNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    node.own.push(k);
  }
  setIndexes.set(set, index);
  return index;
}

function samplePath(pattern: OwnershipPattern): string {
  return pattern.elements.flatMap((element) => (element.kind === 'any' ? [] : [sampleSegment(element)])).join('/');
}

function emptyNode(): PrefixNode {
  return { children: new Map(), own: [], below: [] };
}
