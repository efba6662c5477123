/** What the runner saw of one finished session attempt: the only input of its outcome. */
export interface Observed {
  /** Why the runner ended it, when it did (Ctrl-C, `lanes stop`, a timeout, no output for too long). */
  ended: { by: 'cancel' | 'stop' | 'timeout' | 'idle'; reason: string } | null;
  /** The exit status, or null when none was recorded (the signal, when one killed it). */
  exit: { code: number | null; signal: string | null };
  /** True when the agent prints an event stream that ends with a result event. */
  streams: boolean;
  /** The agent's result event, when it printed one. */
  result: { ok: boolean; message: string | null } | null;
  /** The last error the agent printed (an error event, or its last `lanes…:` or plain line), for a readable reason. */
  lastError: string | null;
  /** Commits of its own the guard blocked, with the first path of each. */
  blockedCommits: { path: string | null; owner: string | null; count: number }[];
  /** Edits its pre-tool hook refused. */
  refusedEdits: string[];
  /** The range check of its commits: the violations, or why the check could not be made. */
  audit: { violations: string[] } | { error: string };
  /**
   * Uncommitted changes it left behind (paths), the other sessions that may have left them instead, and a git
   * operation it left stopped in its tree (a rebase at a conflict, say).
   */
  leftovers: { paths: string[]; alsoMaybe: string[]; unfinished?: UnfinishedOperation | null };
}

/** A git operation that stops for a person (at a conflict, or to edit), by its command's name. */
export type UnfinishedOperation = 'rebase' | 'am' | 'merge' | 'cherry-pick' | 'revert';

/** A finished attempt's status and the reason a person reads. */
export interface Outcome {
  status: 'Done' | 'Failed' | 'Cancelled';
  reason: string | null;
}

const more = (n: number): string => (n > 0 ? ` and ${n} more` : '');

/**
 * The outcome of a session attempt, from what was observed and nothing else. A session is `Done` only when its
 * agent ended well and everything it changed is committed and inside its lane: a blocked commit, a commit out of
 * lane or a change left uncommitted fails it, whatever the agent said about itself. Refused edits leave a `Done`
 * session done (the hook did its job) and are named in its note.
 */
export function sessionOutcome(o: Observed): Outcome {
  if (o.ended !== null) {
    if (o.ended.by === 'cancel') return { status: 'Cancelled', reason: null };
    if (o.ended.by === 'stop') return { status: 'Cancelled', reason: o.ended.reason };
    return { status: 'Failed', reason: o.ended.reason };
  }
  if (o.exit.code === null) return { status: 'Failed', reason: `ended without an exit status${o.exit.signal !== null ? ` (${o.exit.signal})` : ''}` };
  const said = o.result !== null && !o.result.ok ? o.result.message : null;
  if (o.exit.code !== 0) {
    const why = said ?? o.lastError;
    return { status: 'Failed', reason: `exit ${o.exit.code}${why !== null && why !== '' ? ` — ${why}` : ''}` };
  }
  if (o.result !== null && !o.result.ok) return { status: 'Failed', reason: said ?? 'the agent reported an error' };
  if (o.streams && o.result === null) return { status: 'Failed', reason: `exited 0 without a result event${o.lastError !== null ? ` — ${o.lastError}` : ''}` };
  const blocked = o.blockedCommits[0];
  if (blocked !== undefined) {
    const count = o.blockedCommits.length;
    const path = blocked.path === null ? '' : ` ${blocked.path}${blocked.owner !== null ? ` (owned by ${blocked.owner})` : ''}${more(blocked.count - 1)}`;
    return { status: 'Failed', reason: `the guard blocked a commit:${path}${count > 1 ? `; ${count} commits blocked` : ''}${leftText(o.leftovers)}` };
  }
  if ('error' in o.audit) return { status: 'Failed', reason: `audit failed: ${o.audit.error}` };
  if (o.audit.violations.length > 0) {
    const n = o.audit.violations.length;
    return { status: 'Failed', reason: `guard: ${n} commit${n === 1 ? '' : 's'} out of lane: ${o.audit.violations.join('; ')}` };
  }
  if (o.leftovers.paths.length > 0 || (o.leftovers.unfinished ?? null) !== null) return { status: 'Failed', reason: leftText(o.leftovers).slice(2) };
  const refused = o.refusedEdits.length;
  if (refused > 0) return { status: 'Done', reason: `${refused} edit${refused === 1 ? '' : 's'} refused: ${[...new Set(o.refusedEdits)].slice(0, 3).join(', ')}${more(new Set(o.refusedEdits).size - 3)}` };
  return { status: 'Done', reason: null };
}

/** "; left uncommitted changes: a.ts and 2 more (S-B may have left them instead: the shared tree cannot tell)". */
function leftText(left: Observed['leftovers']): string {
  const unfinished = left.unfinished ?? null;
  const maybe = left.alsoMaybe.length > 0 ? ` (or ${left.alsoMaybe.join(' or ')} left ${unfinished === null ? 'them' : 'it'}: the shared working tree cannot tell which)` : '';
  if (unfinished !== null) {
    const paths = left.paths.length === 0 ? '' : ` with uncommitted changes: ${left.paths[0]!}${more(left.paths.length - 1)}`;
    return `; left a ${unfinished} stopped${paths}${maybe}`;
  }
  if (left.paths.length === 0) return '';
  return `; left uncommitted changes: ${left.paths[0]!}${more(left.paths.length - 1)}${maybe}`;
}
