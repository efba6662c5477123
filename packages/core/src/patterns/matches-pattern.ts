import { matchesGlob, matchesGlobAt } from './match-glob.ts';
import type { OwnershipPattern, SegmentElement } from './parse-pattern.ts';

/** Whether the pattern covers a path as git stores it (`src/a.ts`), ignoring `negated`; other strings match nothing. */
export function matchesPattern(pattern: OwnershipPattern, path: string): boolean {
  // A git path has non-empty segments between single `/`, and no `/` at either end.
  return isGitPath(path) && matchesGitPath(pattern, path);
}

/** Whether a string is a path as git stores it: non-empty segments separated by single `/`. */
export function isGitPath(path: string): boolean {
  return path !== '' && path[0] !== '/' && path[path.length - 1] !== '/' && !path.includes('//');
}

/**
 * `matchesPattern` for a path already known to pass `isGitPath`. Without backtracking: `**` matches any run
 * of segments, so the groups between `**`s are each taken at their leftmost place after the one before
 * (the first at the start and the last at the end where the pattern is anchored there); each segment is
 * matched by `matchesGlob`, itself linear. A 4 KB path against any valid pattern takes microseconds.
 */
export function matchesGitPath(pattern: OwnershipPattern, path: string): boolean {
  const { groups, anchoredStart, anchoredEnd } = pattern;
  // `at` is the offset where the next segment starts; path.length + 1 when no segment is left.
  let at = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (g === groups.length - 1 && anchoredEnd) {
      // The last segments of the path, as many as the group has: start after the group.length-th `/` from the end.
      let start = path.length + 1;
      for (let n = 0; n < group.length; n++) {
        if (start <= 0) return false;
        start = start - 2 < 0 ? 0 : path.lastIndexOf('/', start - 2) + 1;
      }
      if (start < at || (g === 0 && anchoredStart && start !== 0)) return false;
      return groupEnd(group, path, start) === path.length;
    }
    if (g === 0 && anchoredStart) {
      at = groupEnd(group, path, 0) + 1;
      if (at === 0) return false;
      continue;
    }
    let end = -1;
    while (at <= path.length) {
      end = groupEnd(group, path, at);
      if (end >= 0) break;
      const slash = path.indexOf('/', at);
      if (slash < 0) return false;
      at = slash + 1;
    }
    if (end < 0) return false;
    at = end + 1;
  }
  return true;
}

/** Where the group ends (the offset of the `/` after its last segment, or the path's length) when it matches from `at`; -1 when not. */
function groupEnd(group: readonly SegmentElement[], path: string, at: number): number {
  let start = at;
  for (let i = 0; i < group.length; i++) {
    if (start > path.length) return -1;
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    const element = group[i]!;
    if (element.kind === 'literal') {
      if (end - start !== element.text.length || !path.startsWith(element.text, start)) return -1;
    } else if (!matchesGlobAt(element.glob, path, start, end)) return -1;
    start = end + 1;
  }
  return start - 1;
}

/** Whether one segment matches one element. */
export function matchesElement(element: SegmentElement, segment: string): boolean {
  return element.kind === 'literal' ? element.text === segment : matchesGlob(element.glob, segment);
}
