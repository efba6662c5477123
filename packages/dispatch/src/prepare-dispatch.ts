import { join } from 'node:path';
import type { Plan } from '@lanes/core/model';
import { readConfig, readPlanText } from '@lanes/repo';
import { agentCommand, splitTemplate, type AgentLaunch, type EventFormat } from './agent-command.ts';
import { buildDispatchTable, type DispatchTable, type TableSession, type WorkspaceMode } from './dispatch-table.ts';
import { readPlanChecked, type DispatchFinding } from './plan-cache.ts';
import { readRunState, runPaths } from './run-state.ts';
import { sessionPrompt } from './session-prompt.ts';

export type { DispatchFinding } from './plan-cache.ts';

/** What `lanes dispatch` is asked to do, before anything runs. */
export interface DispatchRequest {
  root: string;
  /** The plan's path from the repository root. */
  planPath: string;
  workspace: WorkspaceMode;
  maxParallel?: number | null;
  only?: readonly string[] | null;
  resume?: boolean;
  agent?: string | null;
  /** The `command` agent's template (`--command`). */
  command?: string | null;
  commandEvents?: EventFormat | null;
  /** How to call `lanes`, for the Claude Code hook and `--attach`. */
  lanesCommand: readonly string[];
  /** Read and keep the checked plan in the cache under the git dir (default true; `--no-cache` turns it off). */
  cache?: boolean;
}

/** A session's launch as the dry run prints it and the runner starts it. */
export interface PlannedLaunch {
  row: TableSession;
  prompt: string;
  promptFile: string;
  launch: AgentLaunch | null;
  /** Why the session cannot be launched (unknown agent, no `Run` block, no template). */
  error: string | null;
}

/** Everything known before a dispatch starts: the plan, its findings, the table and each session's launch. */
export interface PreparedDispatch {
  request: DispatchRequest;
  plan: Plan;
  text: string;
  findings: DispatchFinding[];
  table: DispatchTable;
  launches: PlannedLaunch[];
  /** Problems that stop the dispatch before it starts (lint errors, unknown `--only` IDs, missing dependencies). */
  blockers: string[];
}

/**
 * Reads, lints and lays out a dispatch without starting anything. The plan's model and findings come from the
 * cache when this plan text was read before against the same `base` (see `readPlanChecked`).
 */
export async function prepareDispatch(request: DispatchRequest): Promise<PreparedDispatch> {
  const file = join(request.root, request.planPath);
  let text: string;
  try {
    text = readPlanText(file, { maxBytes: readConfig(request.root).maxPlanBytes });
  } catch (error) {
    throw new Error(`cannot read plan ${request.planPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const { plan, findings } = await readPlanChecked(request.root, request.planPath, text, { cache: request.cache ?? true });
  const blockers: string[] = [];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) blockers.push(`the plan has ${errors.length} lint error${errors.length === 1 ? '' : 's'}`);

  const paths = runPaths(request.root, request.planPath);
  const previous = request.resume ? readRunState(paths) : null;
  const done = new Set<string>();
  for (const row of plan.registry?.rows ?? []) if (row.status === 'Done') done.add(row.session);
  for (const s of Object.values(previous?.sessions ?? {})) if (s.status === 'Done') done.add(s.id);
  const skip = new Map<string, string>();
  const ids = new Set(plan.sessions.map((s) => s.id));
  const only = request.only ?? null;
  if (only !== null) {
    const unknown = only.filter((id) => !ids.has(id));
    if (unknown.length > 0) blockers.push(`--only names ${unknown.join(', ')}, which the plan does not have (it has ${[...ids].join(', ')})`);
    for (const s of plan.sessions) {
      if (!only.includes(s.id)) {
        skip.set(s.id, 'not in --only');
        continue;
      }
      const waiting = s.dependsOn.filter((d) => !done.has(d) && !only.includes(d));
      if (waiting.length > 0) blockers.push(`--only ${s.id}: it depends on ${waiting.join(', ')}, which ${waiting.length === 1 ? 'is' : 'are'} not Done; add ${waiting.length === 1 ? 'it' : 'them'} to --only`);
    }
  }
  if (request.resume || only !== null) {
    for (const id of done) if (ids.has(id) && !skip.has(id)) skip.set(id, 'Done');
  }
  const table = buildDispatchTable(plan, { planPath: request.planPath, workspace: request.workspace, maxParallel: request.maxParallel ?? null, agent: request.agent ?? null, skip });
  // Section 4: sessions that may touch the same paths never share a working tree (`--workspace shared`).
  for (const b of table.batches) {
    for (const p of b.proof) {
      if (p.disjoint || p.landsInOrder) continue;
      blockers.push(`batch ${b.number}: ${p.a} and ${p.b} would share a working tree, but ${p.reason}: run them in worktrees (--workspace auto or worktree), each on its own branch, or in different batches`);
    }
  }
  const template = request.command ? splitTemplate(request.command) : null;
  const launches = table.batches.flatMap((b) =>
    b.sessions.map((row): PlannedLaunch => {
      const promptFile = join(paths.prompts, `${row.id}.md`);
      const prompt = sessionPrompt(plan, row.session, { planPath: request.planPath, launchAs: row.launchAs, branch: row.workspace === 'worktree' ? row.branch : null });
      // An agent no adapter launches: its session is handed over with its prompt, not run (and blocks nothing here).
      if (row.external !== null) return { row, prompt, promptFile, launch: null, error: null };
      try {
        const launch = agentCommand({
          agent: row.agent,
          sessionId: row.id,
          issue: row.session.issue,
          prompt,
          promptFile,
          launchAs: row.launchAs,
          model: row.session.model,
          agentSessionId: '<fresh uuid>',
          run: row.session.run?.code ?? null,
          lanesCommand: request.lanesCommand,
          commandTemplate: template,
          commandEvents: request.commandEvents ?? null,
          interactive: row.needsHuman,
        });
        return { row, prompt, promptFile, launch, error: null };
      } catch (error) {
        return { row, prompt, promptFile, launch: null, error: (error as Error).message };
      }
    }),
  );
  for (const l of launches) if (l.error !== null && l.row.skip === null) blockers.push(l.error);
  return { request, plan, text, findings, table, launches, blockers };
}
