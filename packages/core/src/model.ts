/** A point in the plan's source: 1-based line and column, 0-based offset, as mdast gives them. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** A range of the plan's source, start inclusive, end exclusive. */
export interface Span {
  start: Point;
  end: Point;
}

/** Where a problem was found, and whether it stops a dispatch. */
export type Severity = 'error' | 'warning';

/** A secondary place that explains a problem (the other side of a conflict). */
export interface RelatedPlace {
  message: string;
  span: Span;
}

/**
 * The kinds of problem of each code. A kind is the message id of the lint rule that words the problem; the
 * problem itself carries only its place and the values that message names (`data`).
 */
export interface ProblemKinds {
  'front-matter': 'yamlSyntax' | 'notMapping' | 'unknownKey' | 'notSingleValue' | 'maxParallel' | 'guard' | 'integrate' | 'integrateInto' | 'sharedInfraEntry';
  'table-header': 'missingColumns' | 'registryHeader';
  'table-row-cells': 'cellCount';
  'unknown-column': 'unknownColumn';
  'field-conflict': 'disagree' | 'phaseBatch';
  'field-value': 'sessionId' | 'sessionHeading' | 'batch' | 'timeout';
  'unknown-field': 'unknownField';
  'duplicate-field': 'secondField';
  'pattern-not-code': 'bare';
  'invalid-pattern': PatternErrorKind;
  'duplicate-session': 'secondSession';
  'unknown-dependency': 'unknownDependency';
  'run-block': 'secondRun' | 'noBlock' | 'manyBlocks' | 'language';
  'prompt-without-session': 'noSession';
  'no-sessions': 'notAPlan';
  nesting: 'tooDeep';
}

/** Every kind of problem the parser records. */
export type ProblemCode = keyof ProblemKinds;

/** Why a pattern is not one the format allows (contract §3). */
export type PatternErrorKind =
  | 'empty'
  | 'loneBang'
  | 'doubleBang'
  | 'doubleSlash'
  | 'driveLetter'
  | 'wholeRepository'
  | 'emptySegment'
  | 'dotSegment'
  | 'backslash'
  | 'tilde'
  | 'characterClass'
  | 'braces'
  | 'doubleStarInSegment'
  | 'extglob';

/** The values a problem's message names: names, numbers, and lists of names. */
export type ProblemData = Readonly<Record<string, string | number | readonly string[]>>;

/** A problem of one code: what the parser saw, where, and the values its rule's message names. */
export interface ProblemOf<C extends ProblemCode> {
  /** Stable id of the kind of problem, such as `table-row-cells` or `field-conflict`. */
  code: C;
  /** Which problem of its code: the message id of the rule that reports it. */
  kind: ProblemKinds[C];
  /** The values the message names (an ID, a column, the columns expected); plain data, worded by the rule. */
  data: ProblemData;
  severity: Severity;
  /**
   * The problem in words, for what reads problems without the lint rules (the guard's fail-closed lines,
   * `lanes plan`); the rules word it themselves from `kind` and `data`.
   */
  message: string;
  span: Span;
  /** The session the problem belongs to, when it belongs to one. */
  session?: string;
  /** A front-matter problem's key (`guard`, `max-parallel`, …); none when the front matter could not be read at all. */
  key?: string;
  related?: RelatedPlace[];
}

/** Something wrong with the plan that the parser saw: the linter reports these with their positions. */
export type Problem = { [C in ProblemCode]: ProblemOf<C> }[ProblemCode];

/** A value read from the plan, with where it was written and which part of the plan wrote it. */
export interface Sourced<T> {
  value: T;
  span: Span;
  /** `dispatch` table, `sessions` section, `phase-map`, `issue-registry`, `session-registry`, `prompt`. */
  source: FieldSource;
}

/** The parts of a plan a session's fields can come from. */
export type FieldSource =
  | 'dispatch'
  | 'sessions'
  | 'phase-map'
  | 'issue-registry'
  | 'session-registry'
  | 'front-matter'
  | 'derived';

/** One line of `Owns`, `Reads` or `shared-infra`, exactly as written, with its place. */
export interface PatternRef {
  /** The pattern as written, `!` kept. */
  text: string;
  span: Span;
  /** False when the pattern was written as bare markdown instead of inline code. */
  inCode: boolean;
}

/** The shell block of a `- **Run:**` field (contract decision 13). */
export interface RunBlock {
  lang: string;
  code: string;
  span: Span;
}

/** A literal prompt from `Dispatch prompts`, used as written. */
export interface LiteralPrompt {
  session: string;
  text: string;
  /** Span of the fenced block. */
  span: Span;
  /** Span of the heading that names the session. */
  headingSpan: Span;
}

/** The launch modes of the dispatch rules. */
export type LaunchMode = 'Bypass permissions' | 'Plan mode' | 'Ask permissions';

/** A session of the plan with every field merged from every place that gives it. */
export interface Session {
  id: string;
  /** Where the session is first declared (its Dispatch row or its `###` heading). */
  span: Span;
  focus: string | null;
  issue: string | null;
  /** Phase: written, from the Phase Map, or derived (`1A`). */
  phase: string;
  phaseSource: FieldSource;
  /** Resolved batch number, 1-based. */
  batch: number;
  /** How the batch was found: written (`Batch` or phase digit) or derived from dependencies. */
  batchSource: 'written' | 'phase' | 'derived';
  /** Session IDs this session depends on, resolved from IDs, phases and issue IDs. */
  dependsOn: string[];
  /** Base exec mode (`tdd`, `spike`, …), lowercase, or null when none is written. */
  mode: string | null;
  analysisOnly: boolean;
  /** The launch mode the mode maps to; the written one when the mode is unknown or absent. */
  launchAs: LaunchMode | null;
  /** `Launch as` as written, when written. */
  launchAsWritten: string | null;
  /** The agent's id (`Claude Code` → `claude`, see `agentIdOf`): the session's, else the front matter's. */
  agent: string;
  /** The agent as written (`Claude Code`), for messages. */
  agentName: string;
  /** Whether an adapter of the runner can launch the agent; an external agent's prompt is handed over instead. */
  agentLaunchable: boolean;
  model: string | null;
  thinking: string | null;
  branch: string | null;
  /** The session's worktree folder, when `Worktree` names one (not `yes`, `no` or `n/a`, which are a flag). */
  worktree: string | null;
  /** True when the session works in its own worktree (`Worktree: yes`, or a folder), false for `no`, null when not said. */
  ownWorktree: boolean | null;
  /** Where its branch lands among its batch's (`Merge order`: 1 first), or null when not written or not a whole number of at least 1. */
  mergeOrder: number | null;
  /** Estimated cost in dollars (`~$4` → 4), or null. */
  estCost: number | null;
  /** Wall-clock timeout in seconds, or null. */
  timeoutSeconds: number | null;
  owns: PatternRef[];
  reads: PatternRef[];
  run: RunBlock | null;
  context: string[];
  tasks: string[];
  deliverable: string | null;
  prompt: LiteralPrompt | null;
  /** Index of this session's row in `Plan.registry.rows`, or null when it has none. */
  registryRow: number | null;
  /** Every written value of every field, by field name (lowercase, `est. cost`), for conflict reports and fixes. */
  fields: Record<string, Sourced<string>[]>;
}

/** A row of the `Phase Map` table. */
export interface PhaseRow {
  phase: string;
  issues: string[];
  focus: string | null;
  batch: number | null;
  dependencies: string[];
  span: Span;
}

/** A row of the `Issue Registry` table. */
export interface IssueRow {
  id: string;
  title: string | null;
  status: string | null;
  exec: string | null;
  est: string | null;
  dependsOn: string[];
  span: Span;
}

/** The registry statuses of the contract. */
export const registryStatuses = [
  'Planned',
  'Queued',
  'Active',
  'In Review',
  'Done',
  'Failed',
  'Blocked',
  'Cancelled',
] as const;

/** A row of the `Session Registry` table. */
export interface RegistryRow {
  /** The `Session Name` cell. */
  session: string;
  issue: string | null;
  phase: string | null;
  planFile: string | null;
  agent: string | null;
  worktree: string | null;
  branch: string | null;
  /** The status word (`In Review` counts as one), or the cell's text when it has no known word. */
  status: string;
  /** The reason after the status word, or from a `Note`/`Reason` column. */
  reason: string | null;
  /** Every cell by its lowercased header name. */
  cells: Record<string, string>;
  /** Span of each cell, by lowercased header name. */
  cellSpans: Record<string, Span>;
  span: Span;
}

/** The `Session Registry` table: its header as written and its rows. */
export interface Registry {
  columns: string[];
  /** Which of the three variants of contract §1 it is, or null when its header is none of them. */
  variant: 'plan-file' | 'agent' | 'worktree' | null;
  rows: RegistryRow[];
  span: Span;
  /** Span of the header row. */
  headerSpan: Span;
}

/** A row of the `Projects` table. */
export interface ProjectRow {
  project: string;
  short: string;
  span: Span;
}

/** The YAML front matter, with defaults applied. */
export interface FrontMatter {
  project: string | null;
  maxParallel: number;
  /** True when `max-parallel` was written. */
  maxParallelSet: boolean;
  base: string;
  /** Where the value of `base` is written, or null when it is not (the default). */
  baseSpan: Span | null;
  agent: string;
  verify: string | null;
  sharedInfra: PatternRef[];
  guard: 'strict' | null;
  /** How a batch's branches land on the target: rebased (the default), merged, or left as they are. */
  integrate: 'rebase' | 'merge' | 'none';
  /** The branch a batch lands on (`integrate-into`), or null for the branch the dispatch started on. */
  integrateInto: string | null;
  /** Span of the YAML block, or null when the plan has none. */
  span: Span | null;
}

/** The plan header: title, parent issue and date. */
export interface PlanHeader {
  title: string | null;
  titleSpan: Span | null;
  parentIssue: string | null;
  parentIssueSpan: Span | null;
  date: string | null;
  dateSpan: Span | null;
}

/** A section of the plan, found by its heading. */
export interface Section {
  /** Heading text, lowercased and trimmed. */
  name: string;
  depth: number;
  span: Span;
}

/** A parsed master plan. */
export interface Plan {
  /** The path given to the parser, as given. */
  path: string | null;
  frontMatter: FrontMatter;
  header: PlanHeader;
  sessions: Session[];
  phases: PhaseRow[];
  issues: IssueRow[];
  registry: Registry | null;
  projects: ProjectRow[];
  prompts: LiteralPrompt[];
  sections: Section[];
  /** True when the plan has sessions or a dispatch table; false for a registry file. */
  hasSessions: boolean;
  /**
   * `plan`: a master plan (sessions, a `Dispatch` table or a `Phase Map`); `registry`: a registry file; `other`: a
   * document that is not a plan (its one problem says so), or one nested too deeply to read (`nesting`).
   */
  kind: 'plan' | 'registry' | 'other';
  problems: Problem[];
}
