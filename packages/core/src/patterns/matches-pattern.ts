import type { OwnershipPattern } from './parse-pattern.ts';

/** Whether the pattern covers a path as git stores it (`src/a.ts`: `/`-separated, no leading `/`); ignores `negated`. */
export function matchesPattern(pattern: OwnershipPattern, path: string): boolean {
  // Every compiled segment needs at least one character, so paths with empty segments (`a//b`, `/a`, `a/`)
  // match nothing.
  return pattern.regex.test(path);
}
