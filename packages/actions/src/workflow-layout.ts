import type { Plan } from '@lanes/core';
import { buildDispatchTable, type TableSession } from '@lanes/dispatch';

/** One session as a leg of a job's matrix. */
export interface LayoutSession {
  id: string;
  batch: number;
  agent: string;
  /** The branch its worktree commits to and the job pushes: its `Branch`, else `lanes/<id>`. */
  branch: string;
  /** Its dependencies that run in this workflow (earlier jobs), written Done on the runner before it starts. */
  done: string[];
  /** The branches of everything it depends on, directly or not, in plan order: merged into its branch first. */
  merge: string[];
  /** Wall-clock timeout in seconds: its `Timeout`, else the default, else null. */
  timeoutSeconds: number | null;
  estCost: number | null;
  /** Its dependencies inside its own batch (they run in an earlier stage of the batch). */
  dependsInBatch: string[];
  /** Its `Merge order`, or null. */
  mergeOrder: number | null;
  /** All its dependencies, as the plan gives them. */
  dependsOn: string[];
}

/** One job of the workflow: a batch, or a stage of a batch whose sessions depend on each other. */
export interface LayoutJob {
  /** The job's key under `jobs:`: `batch-1`, `batch-1-stage-2`. */
  id: string;
  batch: number;
  /** 1 for the batch's first job; a session that depends on another of its batch runs one stage later. */
  stage: number;
  /** The job this one waits for, or null for the first. */
  needs: string | null;
  sessions: LayoutSession[];
}

/** How a plan's sessions map to the jobs of the workflow, for the generator and for following a run. */
export interface WorkflowLayout {
  planPath: string;
  base: string;
  maxParallel: number;
  verify: string | null;
  /** How each job's branches land (decision 19a): `none` leaves them apart, and verify runs where they are merged. */
  integrate: 'rebase' | 'merge' | 'none';
  /** The branch they land on, job after job: the front matter's `integrate-into`, else `lanes/integration/<plan>`. */
  integrationBranch: string;
  jobs: LayoutJob[];
  /** Sessions of the plan that are not in the workflow (`--only`), with why. */
  left: Map<string, string>;
}

/** Why a plan cannot run on GitHub Actions as asked: said the way `lanes:` messages say it. */
export interface LayoutProblem {
  session: string | null;
  message: string;
}

/** What `workflowLayout` is given besides the plan. */
export interface LayoutOptions {
  /** The plan's path from the repository root. */
  planPath: string;
  /** Only these sessions (`--only`); the rest stay out of the workflow. */
  only?: readonly string[] | null;
  /** Run every session with this agent (`--agent`). */
  agent?: string | null;
  /** Overrides the plan's `max-parallel`. */
  maxParallel?: number | null;
  /** Timeout of sessions whose plan sets none (`--timeout`), in seconds. */
  timeoutSeconds?: number | null;
}

/** The name GitHub shows for a session's matrix job (the job's `name:` with `matrix.session` filled in). */
export function sessionJobName(id: string, batch: number): string {
  return `${id} (batch ${batch})`;
}

/**
 * The plan laid out as jobs: one job per batch with a leg per session, `needs:` chaining them in order. A batch
 * whose sessions depend on each other is split into stages, a stage per depth of that dependency. Sessions
 * that need a person (Plan mode, Ask permissions) cannot run unattended on a runner: they are problems.
 */
export function workflowLayout(plan: Plan, options: LayoutOptions): { layout: WorkflowLayout; problems: LayoutProblem[] } {
  const only = options.only ?? null;
  const left = new Map<string, string>();
  if (only !== null) for (const s of plan.sessions) if (!only.includes(s.id)) left.set(s.id, 'not in --only');
  const table = buildDispatchTable(plan, { planPath: options.planPath, workspace: 'worktree', maxParallel: options.maxParallel ?? null, agent: options.agent ?? null, skip: left });
  const problems: LayoutProblem[] = [];
  const rows = new Map<string, TableSession>();
  for (const b of table.batches) for (const r of b.sessions) rows.set(r.id, r);
  const inWorkflow = (id: string): boolean => rows.has(id) && !left.has(id);
  const branchOf = (id: string): string => rows.get(id)?.branch ?? `lanes/${id.toLowerCase()}`;

  const { integrate } = plan.frontMatter;
  const stem = options.planPath.replace(/^.*\//, '').replace(/\.md$/i, '');
  const integrationBranch = plan.frontMatter.integrateInto ?? `lanes/integration/${stem}`;
  const jobs: LayoutJob[] = [];
  for (const batch of table.batches) {
    const running = batch.sessions.filter((r) => r.skip === null);
    if (running.length === 0) continue;
    const ids = new Set(running.map((r) => r.id));
    const stage = stagesOf(running, ids);
    const depth = Math.max(...running.map((r) => stage.get(r.id)!));
    for (let k = 1; k <= depth; k++) {
      const id = k === 1 ? `batch-${batch.number}` : `batch-${batch.number}-stage-${k}`;
      const sessions = running
        .filter((r) => stage.get(r.id) === k)
        .map((r): LayoutSession => {
          const s = r.session;
          return {
            id: r.id,
            batch: batch.number,
            agent: r.agent,
            branch: branchOf(r.id),
            done: s.dependsOn.filter((d) => inWorkflow(d)),
            // Landing, each job starts from what the jobs before it landed; otherwise from `base` with its dependencies merged in.
            merge: integrate === 'none' ? closure(plan, r.id).map(branchOf) : [],
            timeoutSeconds: s.timeoutSeconds ?? options.timeoutSeconds ?? null,
            estCost: s.estCost,
            dependsInBatch: s.dependsOn.filter((d) => ids.has(d)),
            dependsOn: s.dependsOn,
            mergeOrder: r.mergeOrder,
          };
        });
      jobs.push({ id, batch: batch.number, stage: k, needs: jobs.at(-1)?.id ?? null, sessions });
    }
  }
  const human = [...rows.values()].filter((r) => r.skip === null && r.needsHuman);
  const unattended = [...rows.values()].filter((r) => r.skip === null && !r.needsHuman).map((r) => r.id);
  for (const r of human) {
    const leave = unattended.length > 0 ? `leave it out (--only ${unattended.join(',')}) and run it here with lanes dispatch --only ${r.id}` : `run it here with lanes dispatch --only ${r.id}`;
    problems.push({ session: r.id, message: `${r.id} runs in ${r.launchAs}, which needs a person, and a GitHub Actions runner has nobody to answer; ${leave}, or give it an unattended mode` });
  }
  return {
    layout: { planPath: options.planPath, base: plan.frontMatter.base, maxParallel: table.maxParallel, verify: plan.frontMatter.verify, integrate, integrationBranch, jobs, left },
    problems,
  };
}

/** The stage of each session of a batch: 1, or one more than the deepest dependency it has in the batch. */
function stagesOf(running: readonly TableSession[], ids: ReadonlySet<string>): Map<string, number> {
  const stage = new Map<string, number>();
  const visiting = new Set<string>();
  const byId = new Map(running.map((r) => [r.id, r]));
  const depth = (id: string): number => {
    const known = stage.get(id);
    if (known !== undefined) return known;
    // A cycle is a lint error that stops the dispatch before this; break it here rather than loop.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const deps = byId.get(id)!.session.dependsOn.filter((d) => ids.has(d) && d !== id);
    const d = 1 + Math.max(0, ...deps.map(depth));
    visiting.delete(id);
    stage.set(id, d);
    return d;
  };
  for (const r of running) depth(r.id);
  return stage;
}

/** Everything a session depends on, directly or through others, in plan order. */
function closure(plan: Plan, id: string): string[] {
  const seen = new Set<string>();
  const walk = (at: string): void => {
    for (const d of plan.sessions.find((s) => s.id === at)?.dependsOn ?? []) {
      if (d === id || seen.has(d)) continue;
      seen.add(d);
      walk(d);
    }
  };
  walk(id);
  return plan.sessions.filter((s) => seen.has(s.id)).map((s) => s.id);
}
