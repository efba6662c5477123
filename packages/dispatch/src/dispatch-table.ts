import type { LaunchMode, Plan, Session } from '@lanes/core/model';
import { createPatternSet, findOverlap, parsePattern, type OwnershipPattern, type PatternSet } from '@lanes/core/patterns';

/** How `--workspace` places sessions: all in the repository's own working tree, each in a worktree, or decided per batch. */
export type WorkspaceMode = 'shared' | 'worktree' | 'auto';

/** Where one session runs. */
export type Workspace = 'shared' | 'worktree';

/** Why two sessions of a batch may run at once, or why they may not share a working tree. */
export interface PairProof {
  a: string;
  b: string;
  /** True when no path can be owned by both (or they never run at the same time). */
  disjoint: boolean;
  /** A path both could own, when there is one. */
  witness: string | null;
  /** The two pattern lines that meet at `witness`. */
  patterns: [string, string] | null;
  /** The proof or the problem in words: "no path matches both …", "S-B depends on S-A", "both own `x` …". */
  reason: string;
  /**
   * Not disjoint, but each runs on its own branch in its own worktree: "parallel with a branch strategy" (section 4),
   * allowed because their branches land one after the other in merge order, where a conflict is named.
   */
  landsInOrder: boolean;
}

/** One session as the runner will run it. */
export interface TableSession {
  session: Session;
  id: string;
  agent: string;
  /** The exec mode as written, `spike (analysis-only)` style. */
  mode: string | null;
  /** The launch mode the runner uses: the plan's, or Ask permissions when the plan gives none. */
  launchAs: LaunchMode;
  /** True when the launch mode needs a person (Plan mode, Ask permissions) and the agent is an LLM agent. */
  needsHuman: boolean;
  workspace: Workspace;
  /** The branch of its worktree (its `Branch`, else `lanes/<id>`), or the branch it shares. */
  branch: string | null;
  /** The worktree folder from the repository root, for worktree sessions. */
  worktreePath: string | null;
  /** The agent as the plan writes it, when no adapter launches it (Cursor, Copilot, …): the session is handed over, not run. */
  external: string | null;
  estCost: number | null;
  /** Why the session is not run this time (`--only`, already Done), or null when it runs. */
  skip: string | null;
  /** Its `Merge order`, or null. */
  mergeOrder: number | null;
}

/** One batch: its sessions and the proof that those that run together are disjoint. */
export interface TableBatch {
  number: number;
  sessions: TableSession[];
  proof: PairProof[];
  /** True when every pair of sessions that runs is proven disjoint. */
  disjoint: boolean;
  estCost: number;
}

/** The dispatch as it will run. */
export interface DispatchTable {
  planPath: string;
  maxParallel: number;
  workspaceMode: WorkspaceMode;
  batches: TableBatch[];
  estCost: number;
}

/** Options of `buildDispatchTable`. */
export interface TableOptions {
  /** The plan's path from the repository root. */
  planPath: string;
  workspace: WorkspaceMode;
  /** Overrides the plan's `max-parallel`. */
  maxParallel?: number | null;
  /** Overrides every session's agent (`--agent shell`). */
  agent?: string | null;
  /** Sessions not run this time, with why (`not in --only`, `Done`). */
  skip?: ReadonlyMap<string, string>;
}

const llmAgents = new Set(['claude', 'codex', 'gemini', 'opencode', 'aider', 'command']);

/** The dispatch table of a plan: batches, each session's agent, modes, workspace and cost, and each batch's proof. */
export function buildDispatchTable(plan: Plan, options: TableOptions): DispatchTable {
  const maxParallel = Math.max(1, options.maxParallel ?? plan.frontMatter.maxParallel);
  const sets = new Map(plan.sessions.map((s) => [s.id, patternSetOf(s)]));
  const byNumber = new Map<number, Session[]>();
  for (const s of plan.sessions) byNumber.set(s.batch, [...(byNumber.get(s.batch) ?? []), s]);
  const batches: TableBatch[] = [...byNumber.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, sessions]) => {
      const running = sessions.filter((s) => !options.skip?.has(s.id));
      const proof: PairProof[] = [];
      for (let i = 0; i < running.length; i++) {
        for (let j = i + 1; j < running.length; j++) proof.push(provePair(running[i]!, running[j]!, sets));
      }
      const unproven = new Set(proof.filter((p) => !p.disjoint).flatMap((p) => [p.a, p.b]));
      const rows = sessions.map((s) => tableSession(s, options, unproven.has(s.id)));
      const onOwnBranch = new Set(rows.filter((r) => r.workspace === 'worktree').map((r) => r.id));
      for (const p of proof) p.landsInOrder = !p.disjoint && onOwnBranch.has(p.a) && onOwnBranch.has(p.b);
      return {
        number,
        sessions: rows,
        proof,
        disjoint: proof.every((p) => p.disjoint),
        estCost: sum(rows.filter((r) => r.skip === null).map((r) => r.estCost ?? 0)),
      };
    });
  return { planPath: options.planPath, maxParallel, workspaceMode: options.workspace, batches, estCost: sum(batches.map((b) => b.estCost)) };
}

function tableSession(s: Session, options: TableOptions, unproven: boolean): TableSession {
  const agent = options.agent ?? s.agent;
  const launchAs: LaunchMode = s.launchAs ?? 'Ask permissions';
  const workspace: Workspace =
    options.workspace === 'shared' ? 'shared' : options.workspace === 'worktree' || unproven || s.worktree !== null || s.ownWorktree === true ? 'worktree' : 'shared';
  const branch = workspace === 'worktree' ? (s.branch ?? `lanes/${s.id.toLowerCase()}`) : s.branch;
  return {
    session: s,
    id: s.id,
    agent,
    mode: s.mode === null ? null : `${s.mode}${s.analysisOnly ? ' (analysis-only)' : ''}`,
    launchAs,
    needsHuman: llmAgents.has(agent) && launchAs !== 'Bypass permissions',
    workspace,
    branch,
    worktreePath: workspace === 'worktree' ? worktreeFolder(s) : null,
    external: options.agent === null && !s.agentLaunchable ? s.agentName : null,
    estCost: s.estCost,
    skip: options.skip?.get(s.id) ?? null,
    mergeOrder: s.mergeOrder,
  };
}

/** A session's worktree folder from the repository root: its `Worktree` field when it is a relative path, else `.lanes/worktrees/<id>`. */
function worktreeFolder(s: Session): string {
  const written = s.worktree?.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (written && !written.startsWith('/') && !written.startsWith('~') && !written.split('/').includes('..')) return written;
  return `.lanes/worktrees/${s.id}`;
}

function patternSetOf(s: Session): PatternSet {
  const patterns: OwnershipPattern[] = [];
  for (const ref of s.owns) {
    const result = parsePattern(ref.text);
    if (result.ok) patterns.push(result.pattern);
  }
  return createPatternSet(patterns);
}

function provePair(a: Session, b: Session, sets: Map<string, PatternSet>): PairProof {
  const base = { a: a.id, b: b.id, landsInOrder: false };
  if (a.dependsOn.includes(b.id) || b.dependsOn.includes(a.id)) {
    const [first, then] = a.dependsOn.includes(b.id) ? [b.id, a.id] : [a.id, b.id];
    return { ...base, disjoint: true, witness: null, patterns: null, reason: `never at once: ${then} depends on ${first}` };
  }
  const setA = sets.get(a.id)!;
  const setB = sets.get(b.id)!;
  const owns = (s: Session): string => s.owns.map((p) => `\`${p.text}\``).join(', ');
  if (!setA.patterns.some((p) => !p.negated) || !setB.patterns.some((p) => !p.negated)) {
    const empty = !setA.patterns.some((p) => !p.negated) ? a : b;
    return { ...base, disjoint: true, witness: null, patterns: null, reason: `${empty.id} owns nothing` };
  }
  const overlap = findOverlap(setA, setB);
  if (overlap === null) {
    return { ...base, disjoint: true, witness: null, patterns: null, reason: `no path matches both ${owns(a)} and ${owns(b)}` };
  }
  const patterns: [string, string] = [setA.patterns[overlap.a]!.source, setB.patterns[overlap.b]!.source];
  return {
    ...base,
    disjoint: false,
    witness: overlap.witness,
    patterns,
    reason: overlap.certain
      ? `both own \`${overlap.witness}\` (\`${patterns[0]}\` and \`${patterns[1]}\`)`
      : `not proven disjoint: \`${patterns[0]}\` and \`${patterns[1]}\` may both match \`${overlap.witness}\``,
  };
}

function sum(values: number[]): number {
  return Math.round(values.reduce((t, v) => t + v, 0) * 100) / 100;
}
