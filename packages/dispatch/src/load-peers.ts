// The guard is written at the same time as the runner. Until its package exports what the runner needs, the
// runner reaches it by name at run time and says plainly when it is missing; it never stands in for its logic.

/** One commit's problems in the guard's range check. */
export interface RangeViolation {
  sha: string;
  session: string | null;
  message: string;
}

/** The part of `@lanes/guard` the runner uses. */
export interface GuardApi {
  /** Makes the guard's hooks (pre-commit, prepare-commit-msg) active in a working tree; throws with the fix when it cannot. */
  ensureHooks: (worktreeDir: string) => { installed: string[] } | Promise<{ installed: string[] }>;
  /** Checks each commit of a range against the plan. */
  checkRange: (options: { cwd: string; range: string; session?: string; branch?: string; planPath?: string; allowOverrides?: boolean }) => unknown;
}

async function load(name: string): Promise<unknown> {
  try {
    return (await import(name)) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(name)) return null;
    throw error;
  }
}

/** `@lanes/guard`, or null when it is not installed. */
export async function loadGuard(): Promise<GuardApi | null> {
  const mod = (await load('@lanes/guard')) as Partial<GuardApi> | null;
  return mod !== null && typeof mod.ensureHooks === 'function' && typeof mod.checkRange === 'function' ? (mod as GuardApi) : null;
}

/**
 * The violations in a range-check report. Shapes read: `{ commits: [{ sha, session, violations: [{ path, … }] }] }`
 * or `{ violations: [{ sha, session, path, message }] }`; anything else with `ok: false` counts as one violation.
 */
export function rangeViolations(report: unknown): RangeViolation[] {
  const r = (report ?? {}) as Record<string, unknown>;
  const out: RangeViolation[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  const describe = (v: Record<string, unknown>): string =>
    typeof v.message === 'string' ? v.message : typeof v.path === 'string' ? `${v.path}${typeof v.change === 'string' ? ` (${v.change})` : ''}` : text(v);
  if (Array.isArray(r.commits)) {
    for (const c of r.commits as Record<string, unknown>[]) {
      const violations = Array.isArray(c.violations) ? (c.violations as Record<string, unknown>[]) : [];
      for (const v of violations) out.push({ sha: text(c.sha ?? c.commit ?? ''), session: typeof c.session === 'string' ? c.session : null, message: describe(v) });
    }
  }
  if (Array.isArray(r.violations)) {
    for (const v of r.violations as Record<string, unknown>[]) {
      out.push({ sha: text(v.sha ?? v.commit ?? ''), session: typeof v.session === 'string' ? v.session : null, message: describe(v) });
    }
  }
  if (out.length === 0 && r.ok === false) out.push({ sha: '', session: null, message: typeof r.message === 'string' ? r.message : 'the range check failed' });
  return out;
}
