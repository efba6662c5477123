import { ensureHooks } from '@lanes/guard/hooks';

// The narrow view of `@lanes/guard` that the runner depends on. The range check is loaded when a session has
// commits to audit: most runs of sessions that commit nothing never need it.

/** One commit the guard's range check did not allow. */
export interface RangeViolation {
  sha: string;
  session: string | null;
  message: string;
}

/** The part of `@lanes/guard` the runner uses (its `ensureHooks` and `checkRange`). */
export interface GuardApi {
  /** Makes the guard's hooks (pre-commit, prepare-commit-msg) active in a working tree; throws with the fix when it cannot. */
  ensureHooks: (
    worktreeDir: string,
    options?: { env?: NodeJS.ProcessEnv; command?: string; known?: { top: string; commonDir: string; hooksPath: string | null } },
  ) => { installed: string[]; layout: { hooksPath: string | null } };
  /** Checks each commit of a range against the plan at the range's start. */
  checkRange: (options: {
    cwd: string;
    range: string;
    session?: string;
    branch?: string;
    planPath?: string;
    env?: NodeJS.ProcessEnv;
    /** Each session's key: a shared tree's commits are a session's only when their stamp verifies with it. */
    sessionKeys?: Readonly<Record<string, string>>;
  }) => Promise<RangeReport>;
}

/** The parts of the guard's `RangeReport` the runner reads. */
export interface RangeReport {
  commits: {
    commit: string;
    subject: string;
    session: string | null;
    decision: 'allowed' | 'blocked' | 'failed' | 'overridden';
    reason: string;
    /** No session can be shown to have made it: its stamp is missing or does not verify. */
    unattributed: boolean;
    paths: { path: string; change: string }[];
  }[];
  exitCode: number;
}

/** The guard's functions the runner calls. */
export function loadGuard(): GuardApi {
  return {
    ensureHooks,
    checkRange: async (options) => (await import('@lanes/guard/range')).checkRange(options),
  };
}

/** The commits of a range-check report that are not allowed, for one session (or all when `session` is null). */
export function rangeViolations(report: RangeReport, session: string | null): RangeViolation[] {
  return report.commits
    .filter((c) => c.decision !== 'allowed' && (session === null || c.session === session))
    .map((c) => {
      const paths = c.paths.slice(0, 3).map((p) => `${p.path} (${p.change})`);
      const more = c.paths.length > 3 ? ` and ${c.paths.length - 3} more` : '';
      return { sha: c.commit, session: c.session, message: `${c.commit.slice(0, 7)} ${c.reason}${paths.length > 0 ? `: ${paths.join(', ')}${more}` : ''}` };
    });
}
