import type { Finding, Fix } from './types.ts';

/** The text after applying the findings' fixes, as ESLint does: in order of place, skipping any that overlaps one already applied. */
export function applyFixes(text: string, findings: readonly Pick<Finding, 'fix'>[]): { output: string; applied: number } {
  const fixes = findings
    .map((f) => f.fix)
    .filter((f): f is Fix => f !== undefined)
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let at = 0;
  let applied = 0;
  for (const fix of fixes) {
    const [start, end] = fix.range;
    if (start < at || end < start || end > text.length) continue;
    output += text.slice(at, start) + fix.text;
    at = end;
    applied += 1;
  }
  return { output: output + text.slice(at), applied };
}
