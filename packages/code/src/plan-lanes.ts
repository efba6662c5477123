import {
  compilePatternRefs,
  OwnershipIndex,
  setMatches,
  type PatternRef,
  type PatternSet,
  type Plan,
  type Session,
} from '@lanes/core';

/** A session's lane: its `Owns` and `Reads` compiled (valid lines only), and every session it waits for. */
export interface Lane {
  session: Session;
  /** `ownsRefs[i]` is the written line of `owns.patterns[i]`. */
  owns: PatternSet;
  ownsRefs: PatternRef[];
  reads: PatternSet;
  /** The sessions this one depends on, directly or through others. */
  upstream: ReadonlySet<string>;
}

/** A session that owns a path, and the `Owns` line that decides it. */
export interface LaneOwner {
  lane: Lane;
  pattern: PatternRef;
}

/** An import that reads another session's output: who reads, whose output, and the `Owns` lines of both files. */
export interface CrossLaneRead {
  reader: Session;
  owner: Session;
  /** The `Owns` line by which the reader owns the importing file. */
  readerPattern: PatternRef;
  /** The `Owns` line by which the owner owns the imported file. */
  ownerPattern: PatternRef;
  batch: number;
}

/** The lanes of one plan, indexed, answering "whose output does this import read?". */
export class PlanLanes {
  /** The plan's path from the repository root, as messages name it. */
  readonly planPath: string;
  readonly plan: Plan;
  readonly lanes: readonly Lane[];
  readonly #index: OwnershipIndex<Lane>;
  /** Batches with at least two sessions that own something: only their files can import across lanes. */
  readonly #sharedBatches: ReadonlySet<number>;

  constructor(plan: Plan, planPath: string) {
    this.plan = plan;
    this.planPath = planPath;
    const byId = new Map(plan.sessions.map((s) => [s.id, s]));
    this.lanes = plan.sessions.map((session) => {
      const owns = compilePatternRefs(session.owns);
      return {
        session,
        owns: owns.set,
        ownsRefs: owns.refs,
        reads: compilePatternRefs(session.reads).set,
        upstream: upstreamOf(session, byId),
      };
    });
    this.#index = new OwnershipIndex(this.lanes.map((lane) => ({ owner: lane, set: lane.owns })));
    const owning = new Map<number, number>();
    for (const lane of this.lanes) {
      if (lane.owns.patterns.length > 0) owning.set(lane.session.batch, (owning.get(lane.session.batch) ?? 0) + 1);
    }
    this.#sharedBatches = new Set([...owning].filter(([, n]) => n > 1).map(([batch]) => batch));
  }

  /** The sessions that own a path (from the repository root), each with its deciding `Owns` line, in plan order. */
  ownersOf(path: string): LaneOwner[] {
    return this.#index.owners(path).map(({ owner, index }) => ({ lane: owner, pattern: owner.ownsRefs[index]! }));
  }

  /** Whether a file could import across lanes: a session owns it and shares its batch with another session that owns something. */
  mayReadAcross(path: string): boolean {
    if (this.#sharedBatches.size === 0) return false;
    return this.ownersOf(path).some((o) => this.#sharedBatches.has(o.lane.session.batch));
  }

  /**
   * The reads of another session's output that an import from `from` of `to` (paths from the root) makes: for each
   * session owning `from`, each other session of its batch owning `to` that it neither waits for nor lists in `Reads`.
   * A session that owns `to` itself reads nothing across lanes.
   */
  crossLaneReads(from: string, to: string): CrossLaneRead[] {
    if (from === to) return [];
    const readers = this.ownersOf(from);
    if (readers.length === 0) return [];
    const owners = this.ownersOf(to);
    const reads: CrossLaneRead[] = [];
    for (const reader of readers) {
      if (owners.some((o) => o.lane === reader.lane)) continue;
      const { session } = reader.lane;
      for (const owner of owners) {
        const other = owner.lane.session;
        if (other.batch !== session.batch || reader.lane.upstream.has(other.id)) continue;
        if (setMatches(reader.lane.reads, to)) continue;
        reads.push({ reader: session, owner: other, readerPattern: reader.pattern, ownerPattern: owner.pattern, batch: session.batch });
      }
    }
    return reads;
  }
}

function upstreamOf(session: Session, byId: ReadonlyMap<string, Session>): Set<string> {
  const seen = new Set<string>();
  const queue = [...session.dependsOn];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return seen;
}
