import { parsePlan, type Plan } from '@lanes/core';

/** Which document a changed plan file is, for the session committing. */
export interface OwnRowContext {
  session: string;
  /** The changed file's path from the repository root. */
  path: string;
  /** The path of the session's own plan (the same as `path` unless `path` is the registry file). */
  sessionPlan: string;
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The 1-based line ranges of the session's rows in a plan's `Session Registry`. */
function ownRows(plan: Plan, context: OwnRowContext): { start: number; end: number }[] {
  const rows = plan.registry?.rows ?? [];
  const linked = plan.sessions.find((s) => s.id === context.session)?.registryRow ?? null;
  return rows
    .filter(
      (row, index) =>
        index === linked ||
        (row.session === context.session && (row.planFile === null || baseName(row.planFile) === baseName(context.sessionPlan))),
    )
    .map((row) => ({ start: row.span.start.line, end: row.span.end.line }));
}

function withoutLines(text: string, ranges: readonly { start: number; end: number }[]): string[] {
  return text.split('\n').filter((_, i) => !ranges.some((r) => i + 1 >= r.start && i + 1 <= r.end));
}

/**
 * Why a change to the plan file (or the registry file) is more than the session's own `Session Registry`
 * row (contract §5), or null when the two texts differ only there. `null` texts mean the file is absent.
 */
export function checkOwnRowChange(before: string | null, after: string | null, context: OwnRowContext): string | null {
  if (before === null) return `it adds ${context.path}; only the coordinator writes plans`;
  if (after === null) return `it deletes ${context.path}; only the coordinator writes plans`;
  if (before === after) return null;
  const rowsBefore = ownRows(parsePlan(before, { path: context.path }), context);
  const rowsAfter = ownRows(parsePlan(after, { path: context.path }), context);
  if (rowsBefore.length > 1 || rowsAfter.length > 1) {
    return `${context.path} has more than one Session Registry row for ${context.session}; only the coordinator can untangle that`;
  }
  const restBefore = withoutLines(before, rowsBefore);
  const restAfter = withoutLines(after, rowsAfter);
  const length = Math.max(restBefore.length, restAfter.length);
  for (let i = 0; i < length; i++) {
    if (restBefore[i] === restAfter[i]) continue;
    // The first differing line, counted in the new text (the session's own row, when it comes first, included).
    let line = i + 1;
    for (const r of rowsAfter) if (r.start <= line) line += r.end - r.start + 1;
    return `it changes ${context.path} outside ${context.session}'s own Session Registry row (line ${line}); the rest of the plan is the coordinator's`;
  }
  return null;
}
