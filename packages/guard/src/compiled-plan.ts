/** One `Owns` line of a session: the pattern as written (NFC) and its line in the plan. */
export interface CompiledPattern {
  source: string;
  line: number;
}

/** What the guard needs of a session: identity, lane and status. */
export interface CompiledSession {
  id: string;
  branch: string | null;
  /** The status of its `Session Registry` row in its own plan, or null when it has none. */
  status: string | null;
  batch: number;
  analysisOnly: boolean;
  owns: CompiledPattern[];
  /** The line of its `Owns` field (its heading when it has none), for "ask to extend Owns" hints. */
  ownsLine: number;
}

/** A problem of the plan, with its line: `plans/a.md:12: <message>`. */
export interface PlanFinding {
  line: number;
  message: string;
}

/** A row of a `Session Registry` table, as the guard reads a registry file. */
export interface CompiledRegistryRow {
  session: string;
  planFile: string | null;
  status: string;
  line: number;
}

/**
 * A plan reduced to what the guard needs, cached by blob id so that a commit never parses markdown when the
 * plan has not changed since the last one.
 */
export interface CompiledPlan {
  format: typeof compiledPlanFormat;
  path: string;
  blob: string;
  strict: boolean;
  /** Problems that touch ownership or identity (contract decision 21): the plan cannot be used for a session. */
  unusable: PlanFinding[];
  sessions: CompiledSession[];
  registryRows: CompiledRegistryRow[];
}

/** Bumped whenever `compilePlan` changes what it produces, so that older cache files are never read. */
export const compiledPlanFormat = 3;
