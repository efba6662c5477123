import {
  compilePatternRefs,
  type CompiledPatterns,
  type PatternRef,
  type Plan,
  type RegistryRow,
  type Session,
  type Span,
} from '@lanes/core';

export type { CompiledPatterns };

const compiled = new WeakMap<readonly PatternRef[], CompiledPatterns>();

/** Compiles the valid lines of a pattern list (invalid ones are reported by `valid-pattern`), memoized. */
export function compilePatterns(refs: readonly PatternRef[]): CompiledPatterns {
  let found = compiled.get(refs);
  if (found !== undefined) return found;
  found = compilePatternRefs(refs);
  compiled.set(refs, found);
  return found;
}

/** The session's registry row, when it has one. */
export function registryRowOf(plan: Plan, session: Session): RegistryRow | null {
  return session.registryRow === null ? null : (plan.registry?.rows[session.registryRow] ?? null);
}

/** Whether the session is still to be dispatched: no registry row, or one that is not Done, In Review or Cancelled. */
export function isToBeDispatched(plan: Plan, session: Session): boolean {
  const status = registryRowOf(plan, session)?.status;
  return status !== 'Done' && status !== 'In Review' && status !== 'Cancelled';
}

/** The first written value of a session field, with its place. */
export function firstField(session: Session, name: string): { value: string; span: Span } | null {
  return session.fields[name]?.[0] ?? null;
}

/** The span of a whole value, or where the session is declared when the value was never written. */
export function fieldSpan(session: Session, name: string): Span {
  return firstField(session, name)?.span ?? session.span;
}

/** The base name of a path, with `/` or `\` separators. */
export function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

/** A zero-width span at the start of the plan, for what belongs to the whole file (its name). */
export const fileStart: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** True when the date is written `YYYY-MM-DD` and is a day of the calendar. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Formats a list of names for a message: `S-A`, `S-A and S-B`, `S-A, S-B and S-C`. */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}
