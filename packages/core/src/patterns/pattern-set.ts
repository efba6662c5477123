import { isGitPath, matchesGitPath } from './matches-pattern.ts';
import type { OwnershipPattern } from './parse-pattern.ts';

/** The ordered lines of one session's `Owns` (or of `shared-infra`): the last matching line decides. */
export interface PatternSet {
  readonly patterns: readonly OwnershipPattern[];
}

/** The line that decides a path: its index in the set, the pattern, and whether the path is owned. */
export interface PathExplanation {
  index: number;
  pattern: OwnershipPattern;
  owned: boolean;
}

/** Makes a pattern set from ordered lines (copied, so later changes to the array do not leak in). */
export function createPatternSet(patterns: readonly OwnershipPattern[]): PatternSet {
  return { patterns: Object.freeze([...patterns]) };
}

/** Whether the set owns a path: its last matching line is positive; no match means not owned. */
export function setMatches(set: PatternSet, path: string): boolean {
  return ownedBy(set.patterns, path);
}

/** The line that decides whether the set owns a path (its last matching line), or null when none matches. */
export function explainPath(set: PatternSet, path: string): PathExplanation | null {
  const { patterns } = set;
  if (!isGitPath(path)) return null;
  for (let index = patterns.length - 1; index >= 0; index--) {
    const pattern = patterns[index]!;
    if (matchesGitPath(pattern, path)) return { index, pattern, owned: !pattern.negated };
  }
  return null;
}

/** `setMatches` over plain lines. */
export function ownedBy(patterns: readonly OwnershipPattern[], path: string): boolean {
  if (!isGitPath(path)) return false;
  for (let index = patterns.length - 1; index >= 0; index--) {
    const pattern = patterns[index]!;
    if (matchesGitPath(pattern, path)) return !pattern.negated;
  }
  return false;
}
