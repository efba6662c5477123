import type { OwnershipPattern } from './parse-pattern.ts';

/** Whether the pattern covers a path as git stores it (`src/a.ts`), ignoring `negated`; other strings match nothing. */
export function matchesPattern(pattern: OwnershipPattern, path: string): boolean {
  // A git path has non-empty segments between single `/`, and no `/` at either end.
  return isGitPath(path) && matchesGitPath(pattern, path);
}

/** Whether a string is a path as git stores it: non-empty segments separated by single `/`. */
export function isGitPath(path: string): boolean {
  return path !== '' && path[0] !== '/' && path[path.length - 1] !== '/' && !path.includes('//');
}

/** `matchesPattern` for a path already known to pass `isGitPath`. */
export function matchesGitPath(pattern: OwnershipPattern, path: string): boolean {
  const { suffix } = pattern;
  if (suffix === null) return pattern.regex.test(path);
  // `**` then k segments: the last k segments of the path must match, so start after the k-th `/` from the end
  // (faster than letting the expression try every segment boundary).
  let cut = path.length;
  for (let n = 0; n < suffix.segments; n++) {
    if (cut <= 0) return false;
    cut = path.lastIndexOf('/', cut - 1);
  }
  suffix.regex.lastIndex = cut + 1;
  return suffix.regex.test(path);
}
