import { explainPath, OwnershipIndex, setMatches } from '@lanes/core/patterns';
import type { LoadedPlan, LoadedSession } from './load-plans.ts';
import type { FileChange } from './raw-diff.ts';

/** A session's pattern line that decides a path: `S-B` by `plans/a.md:40` `services/payments/**`. */
export interface PatternOwner {
  session: string;
  plan: string;
  line: number;
  pattern: string;
}

/** A change a session may not commit, and why. */
export interface Violation {
  change: FileChange;
  /** Who owns the path instead, or null when no session does. */
  owner: PatternOwner | null;
  /** The committing session's own `!pattern` line that excludes the path, when one does. */
  excludedBy: PatternOwner | null;
  /** Why, when it is not plain ownership: the plan-file rule, a name that is not UTF-8. */
  note: string | null;
}

/** Finds the owners of paths among every session of every plan. */
export class OwnerLookup {
  readonly #index: OwnershipIndex<LoadedSession>;

  constructor(plans: readonly LoadedPlan[]) {
    this.#index = new OwnershipIndex(plans.flatMap((plan) => plan.sessions.map((session) => ({ owner: session, set: session.set }))));
  }

  /** The owners of a path, each with the pattern line that decides it. */
  owners(path: string): PatternOwner[] {
    return this.#index.owners(path).map(({ owner, index }) => patternOwner(owner, index));
  }
}

function patternOwner(session: LoadedSession, index: number): PatternOwner {
  const line = session.setLines[index]!;
  return { session: session.id, plan: session.plan, line: line.line, pattern: line.source };
}

/**
 * The changes a session may not commit: paths its `Owns` does not cover (contract §5), names that are not
 * UTF-8 (decision 23), and plan files whose change is not the session's own registry row (`planFiles`
 * maps each such path to why it is refused, or to null when the change is allowed). Owners are not looked
 * up here (`attributeOwners` does it for the violations that are shown).
 */
export function findViolations(session: LoadedSession, changes: readonly FileChange[], planFiles: ReadonlyMap<string, string | null>): Violation[] {
  const violations: Violation[] = [];
  for (const change of changes) {
    const planFile = planFiles.get(change.path);
    if (planFile !== undefined) {
      if (planFile !== null) violations.push({ change, owner: null, excludedBy: null, note: planFile });
      continue;
    }
    if (!change.validUtf8) {
      violations.push({ change, owner: null, excludedBy: null, note: 'its name is not valid UTF-8, so no pattern matches it' });
      continue;
    }
    if (!setMatches(session.set, change.path)) violations.push({ change, owner: null, excludedBy: null, note: null });
  }
  return violations;
}

/** Fills in who owns each violation's path instead, and the session's own `!pattern` that excludes it. */
export function attributeOwners(session: LoadedSession, violations: readonly Violation[], lookup: OwnerLookup): Violation[] {
  return violations.map((v) => {
    if (v.note !== null) return v;
    const owner = lookup.owners(v.change.path).find((o) => !(o.session === session.id && o.plan === session.plan));
    const decided = explainPath(session.set, v.change.path);
    return { ...v, owner: owner ?? null, excludedBy: decided && !decided.owned ? patternOwner(session, decided.index) : null };
  });
}
