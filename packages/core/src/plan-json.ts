import type { Plan } from './model.ts';

/** The JSON shape of `lanes plan --json` (contract decision 10). */
export interface PlanJson {
  path: string | null;
  title: string | null;
  parentIssue: string | null;
  date: string | null;
  project: string | null;
  maxParallel: number;
  base: string;
  verify: string | null;
  sharedInfra: string[];
  guard: 'strict' | null;
  integrate: 'rebase' | 'merge' | 'none';
  integrateInto: string | null;
  sessions: {
    id: string;
    issue: string | null;
    focus: string | null;
    phase: string;
    batch: number;
    dependsOn: string[];
    mode: string | null;
    analysisOnly: boolean;
    launchAs: string | null;
    agent: string;
    /** False for an agent no adapter launches (dispatch hands its prompt over). */
    agentLaunchable: boolean;
    model: string | null;
    branch: string | null;
    worktree: string | null;
    ownWorktree: boolean | null;
    mergeOrder: number | null;
    estCost: number | null;
    timeoutSeconds: number | null;
    owns: string[];
    reads: string[];
    run: string | null;
    prompt: 'literal' | 'generated';
    line: number;
  }[];
  phases: { phase: string; issues: string[]; focus: string | null; batch: number | null; dependencies: string[] }[];
  issues: { id: string; title: string | null; status: string | null; exec: string | null; dependsOn: string[] }[];
  registry: { session: string; issue: string | null; phase: string | null; planFile: string | null; status: string; reason: string | null; line: number }[];
  projects: { project: string; short: string }[];
  problems: { code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

/** The model as `lanes plan --json` prints it: plain values, lines and columns instead of spans. */
export function planToJson(plan: Plan): PlanJson {
  return {
    path: plan.path,
    title: plan.header.title,
    parentIssue: plan.header.parentIssue,
    date: plan.header.date,
    project: plan.frontMatter.project,
    maxParallel: plan.frontMatter.maxParallel,
    base: plan.frontMatter.base,
    verify: plan.frontMatter.verify,
    sharedInfra: plan.frontMatter.sharedInfra.map((p) => p.text),
    guard: plan.frontMatter.guard,
    integrate: plan.frontMatter.integrate,
    integrateInto: plan.frontMatter.integrateInto,
    sessions: plan.sessions.map((s) => ({
      id: s.id,
      issue: s.issue,
      focus: s.focus,
      phase: s.phase,
      batch: s.batch,
      dependsOn: s.dependsOn,
      mode: s.mode,
      analysisOnly: s.analysisOnly,
      launchAs: s.launchAs,
      agent: s.agent,
      agentLaunchable: s.agentLaunchable,
      model: s.model,
      branch: s.branch,
      worktree: s.worktree,
      ownWorktree: s.ownWorktree,
      mergeOrder: s.mergeOrder,
      estCost: s.estCost,
      timeoutSeconds: s.timeoutSeconds,
      owns: s.owns.map((p) => p.text),
      reads: s.reads.map((p) => p.text),
      run: s.run?.code ?? null,
      prompt: s.prompt ? 'literal' : 'generated',
      line: s.span.start.line,
    })),
    phases: plan.phases.map((p) => ({ phase: p.phase, issues: p.issues, focus: p.focus, batch: p.batch, dependencies: p.dependencies })),
    issues: plan.issues.map((i) => ({ id: i.id, title: i.title, status: i.status, exec: i.exec, dependsOn: i.dependsOn })),
    registry: (plan.registry?.rows ?? []).map((r) => ({
      session: r.session,
      issue: r.issue,
      phase: r.phase,
      planFile: r.planFile,
      status: r.status,
      reason: r.reason,
      line: r.span.start.line,
    })),
    projects: plan.projects.map((p) => ({ project: p.project, short: p.short })),
    problems: plan.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      line: p.span.start.line,
      column: p.span.start.column,
      endLine: p.span.end.line,
      endColumn: p.span.end.column,
    })),
  };
}
