import type {
  FrontMatter,
  IssueRow,
  LiteralPrompt,
  PatternRef,
  PhaseRow,
  Problem,
  ProblemData,
  Registry,
  RunBlock,
  Session,
  Sourced,
  Span,
} from './model.ts';
import { agentIdOf, isLaunchableAgent, readWorktree } from './agents.ts';
import {
  batchOfPhase,
  launchModeFor,
  parseCost,
  parseDuration,
  parseExecMode,
  parseIssueRef,
  parseLaunchMode,
  parsePositiveInt,
  splitList,
} from './values.ts';

/** What the reader collected about one session before its fields are merged. */
export interface SessionDraft {
  id: string;
  span: Span;
  headingSpan?: Span;
  focus: Sourced<string>[];
  fields: Partial<Record<string, Sourced<string>[]>>;
  owns: PatternRef[] | null;
  reads: PatternRef[] | null;
  run: RunBlock | null;
  context: string[];
  tasks: string[];
  deliverable: string | null;
  seenIn: Set<'dispatch' | 'sessions'>;
}

interface ResolveInput {
  drafts: SessionDraft[];
  phases: PhaseRow[];
  issues: IssueRow[];
  registry: Registry | null;
  prompts: LiteralPrompt[];
  frontMatter: FrontMatter;
  planPath: string | null;
  problems: Problem[];
}

const fieldLabels: Record<string, string> = {
  issue: 'Issue',
  phase: 'Phase',
  mode: 'Mode',
  'launch as': 'Launch as',
  batch: 'Batch',
  'depends on': 'Depends on',
  agent: 'Agent',
  model: 'Model',
  thinking: 'Thinking',
  branch: 'Branch',
  worktree: 'Worktree',
  'est. cost': 'Est. Cost',
  timeout: 'Timeout',
  focus: 'Focus',
  'merge order': 'Merge order',
};

const sourceNames: Record<string, string> = {
  dispatch: 'the Dispatch table',
  sessions: 'the Sessions section',
  'phase-map': 'the Phase Map',
  'issue-registry': 'the Issue Registry',
  'session-registry': 'the Session Registry',
  'front-matter': 'the front matter',
  derived: 'derived',
};

/** Merges every session's fields from every place that gives them, recording disagreements as problems. */
export function resolveSessions(input: ResolveInput): Session[] {
  const { drafts, problems, frontMatter } = input;
  const issueOf = new Map<string, string | null>();
  for (const d of drafts) {
    const first = d.fields.issue?.[0];
    issueOf.set(d.id, first ? (parseIssueRef(first.value) ?? first.value) : null);
  }

  addPhaseMapFields(input, issueOf);
  addIssueRegistryFields(input, issueOf);
  const registryRows = addRegistryFields(input, issueOf);

  const byId = new Map(drafts.map((d) => [d.id, d]));
  const byPhase = new Map<string, string>();
  for (const d of drafts) for (const p of d.fields.phase ?? []) byPhase.set(p.value.trim().toUpperCase(), d.id);
  const byIssue = new Map<string, string>();
  for (const [id, issue] of issueOf) if (issue !== null && !byIssue.has(issue.toUpperCase())) byIssue.set(issue.toUpperCase(), id);

  const resolveToken = (token: string): string | null => {
    const t = token.trim();
    if (byId.has(t)) return t;
    const phase = byPhase.get(t.toUpperCase());
    if (phase) return phase;
    const issue = parseIssueRef(t);
    return issue ? (byIssue.get(issue.toUpperCase()) ?? null) : null;
  };

  const sessions: Session[] = drafts.map((d) => {
    const report = (data: ProblemData, message: string, span: Span, related?: Problem['related']): void => {
      problems.push({ code: 'field-conflict', kind: 'disagree', data, severity: 'error', message, span, session: d.id, ...(related ? { related } : {}) });
    };
    checkAgreement(d, 'focus', d.focus, (v) => v.trim().toLowerCase(), report);
    checkAgreement(d, 'issue', d.fields.issue, (v) => (parseIssueRef(v) ?? v).toUpperCase(), report);
    checkAgreement(d, 'phase', d.fields.phase, (v) => v.trim().toUpperCase(), report);
    checkAgreement(d, 'mode', d.fields.mode, (v) => {
      const m = parseExecMode(v);
      return m ? `${m.mode}${m.analysisOnly ? ' (analysis-only)' : ''}` : '';
    }, report);
    checkAgreement(d, 'launch as', d.fields['launch as'], (v) => v.trim().toLowerCase(), report);
    checkAgreement(d, 'batch', d.fields.batch, (v) => v.trim(), report);
    checkAgreement(d, 'agent', d.fields.agent, agentIdOf, report);
    checkAgreement(d, 'worktree', d.fields.worktree, (v) => {
      const worktree = readWorktree(v);
      return worktree.folder ?? String(worktree.own);
    }, report);
    for (const f of ['model', 'thinking', 'branch', 'timeout', 'merge order'] as const) {
      checkAgreement(d, f, d.fields[f], (v) => v.trim(), report);
    }
    checkAgreement(d, 'est. cost', d.fields['est. cost'], (v) => String(parseCost(v) ?? v.trim()), report);

    const dependsOn = new Set<string>();
    const depSets = (d.fields['depends on'] ?? []).map((value) => {
      const set = new Set<string>();
      for (const token of splitList(value.value)) {
        const id = resolveToken(token);
        if (id === null) {
          problems.push({
            code: 'unknown-dependency',
            kind: 'unknownDependency',
            data: { token, session: d.id, source: value.source },
            severity: 'error',
            message: `Unexpected dependency \`${token}\` of ${d.id} in ${sourceNames[value.source] ?? value.source}: no session, phase or issue of that name in the plan`,
            span: value.span,
            session: d.id,
          });
        } else {
          set.add(id);
          dependsOn.add(id);
        }
      }
      return { value, set };
    });
    checkAgreement(d, 'depends on', depSets.map((s) => ({ ...s.value, value: [...s.set].sort().join(', ') })), (v) => v, report);

    const modeValue = first(d.fields.mode);
    const exec = modeValue === null ? null : parseExecMode(modeValue);
    const launchWritten = first(d.fields['launch as']);
    const launchAs = launchModeFor(exec?.mode ?? null, exec?.analysisOnly ?? false) ?? (launchWritten === null ? null : parseLaunchMode(launchWritten));
    const costText = first(d.fields['est. cost']);
    const agentName = first(d.fields.agent) ?? frontMatter.agent;
    const worktreeText = first(d.fields.worktree);
    const worktree = readWorktree(worktreeText ?? '');
    const mergeOrderText = first(d.fields['merge order']);
    const timeoutValue = d.fields.timeout?.[0];
    let timeoutSeconds: number | null = null;
    if (timeoutValue) {
      timeoutSeconds = parseDuration(timeoutValue.value);
      if (timeoutSeconds === null) {
        problems.push({
          code: 'field-value',
          kind: 'timeout',
          data: { value: timeoutValue.value, session: d.id },
          severity: 'error',
          message: `Unexpected \`Timeout: ${timeoutValue.value}\` for ${d.id}, expected a number with \`s\`, \`m\` or \`h\`, such as \`30m\``,
          span: timeoutValue.span,
          session: d.id,
        });
      }
    }
    return {
      id: d.id,
      span: d.span,
      focus: d.focus[0]?.value ?? null,
      issue: issueOf.get(d.id) ?? null,
      phase: '',
      phaseSource: 'derived',
      batch: 0,
      batchSource: 'derived',
      dependsOn: [...dependsOn],
      mode: exec?.mode ?? null,
      analysisOnly: exec?.analysisOnly ?? false,
      launchAs,
      launchAsWritten: launchWritten,
      agent: agentIdOf(agentName),
      agentName,
      agentLaunchable: isLaunchableAgent(agentIdOf(agentName)),
      model: first(d.fields.model),
      thinking: first(d.fields.thinking),
      branch: first(d.fields.branch),
      worktree: worktree.folder,
      ownWorktree: worktreeText === null ? null : worktree.own,
      mergeOrder: mergeOrderText === null ? null : parsePositiveInt(mergeOrderText),
      estCost: costText === null ? null : parseCost(costText),
      timeoutSeconds,
      owns: d.owns ?? [],
      reads: d.reads ?? [],
      run: d.run,
      context: d.context,
      tasks: d.tasks,
      deliverable: d.deliverable,
      prompt: input.prompts.find((p) => p.session === d.id) ?? null,
      registryRow: registryRows.get(d.id) ?? null,
      fields: { ...d.fields, ...(d.focus.length > 0 ? { focus: d.focus } : {}) },
    };
  });

  assignBatches(sessions, drafts, frontMatter.maxParallel, problems);
  assignPhases(sessions, drafts);
  return sessions;
}

function first(values: Sourced<string>[] | undefined): string | null {
  return values?.[0]?.value.trim() ?? null;
}

function checkAgreement(
  d: SessionDraft,
  field: string,
  values: Sourced<string>[] | undefined,
  normalize: (v: string) => string,
  report: (data: ProblemData, message: string, span: Span, related: Problem['related']) => void,
): void {
  if (!values || values.length < 2) return;
  const firstValue = values[0]!;
  const expected = normalize(firstValue.value);
  for (const other of values.slice(1)) {
    if (normalize(other.value) === expected) continue;
    const label = fieldLabels[field] ?? field;
    report(
      { field: label, session: d.id, value: other.value.trim(), source: other.source, firstValue: firstValue.value.trim(), firstSource: firstValue.source },
      `Unexpected \`${label}\` of ${d.id}: \`${other.value.trim()}\` in ${sourceNames[other.source]} but \`${firstValue.value.trim()}\` in ${sourceNames[firstValue.source]}; make them agree`,
      other.span,
      [{ message: `\`${label}\` given here`, span: firstValue.span }],
    );
    return;
  }
}

function addPhaseMapFields(input: ResolveInput, issueOf: Map<string, string | null>): void {
  for (const d of input.drafts) {
    const issue = issueOf.get(d.id);
    if (!issue) continue;
    const row = input.phases.find((p) => p.issues.some((i) => i.toUpperCase() === issue.toUpperCase()));
    if (!row) continue;
    (d.fields.phase ??= []).push({ value: row.phase, span: row.span, source: 'phase-map' });
    if (row.batch !== null) (d.fields.batch ??= []).push({ value: String(row.batch), span: row.span, source: 'phase-map' });
    // An empty `Dependencies` cell (`—`) says nothing to agree or disagree with.
    if (row.dependencies.length > 0) (d.fields['depends on'] ??= []).push({ value: row.dependencies.join(', '), span: row.span, source: 'phase-map' });
  }
}

function addIssueRegistryFields(input: ResolveInput, issueOf: Map<string, string | null>): void {
  for (const d of input.drafts) {
    const issue = issueOf.get(d.id);
    if (!issue) continue;
    const row = input.issues.find((r) => r.id.toUpperCase() === issue.toUpperCase());
    if (!row) continue;
    if (row.exec !== null) (d.fields.mode ??= []).push({ value: row.exec, span: row.span, source: 'issue-registry' });
    if (row.dependsOn.length > 0) (d.fields['depends on'] ??= []).push({ value: row.dependsOn.join(', '), span: row.span, source: 'issue-registry' });
  }
}

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

/** Links registry rows to sessions: by Session Name, else by issue when the row names this plan (or none). */
function addRegistryFields(input: ResolveInput, issueOf: Map<string, string | null>): Map<string, number> {
  const linked = new Map<string, number>();
  const rows = input.registry?.rows ?? [];
  const ownPlan = input.planPath === null ? null : baseName(input.planPath);
  const taken = new Set<number>();
  for (const d of input.drafts) {
    let index = rows.findIndex((r) => r.session === d.id);
    if (index === -1) {
      const issue = issueOf.get(d.id)?.toUpperCase();
      index = rows.findIndex(
        (r, i) =>
          !taken.has(i) &&
          issue !== undefined &&
          r.issue?.toUpperCase() === issue &&
          (r.planFile === null || ownPlan === null || baseName(r.planFile) === ownPlan),
      );
    }
    if (index === -1) continue;
    taken.add(index);
    linked.set(d.id, index);
    const row = rows[index]!;
    for (const f of ['agent', 'branch', 'worktree'] as const) {
      const value = row[f];
      const span = row.cellSpans[f];
      if (value !== null && span) (d.fields[f] ??= []).push({ value, span, source: 'session-registry' });
    }
  }
  return linked;
}

function assignBatches(sessions: Session[], drafts: SessionDraft[], maxParallel: number, problems: Problem[]): void {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  let anyWritten = false;
  for (const [i, s] of sessions.entries()) {
    const d = drafts[i]!;
    const written = d.fields.batch?.[0];
    const phase = d.fields.phase?.[0];
    const phaseBatch = phase ? batchOfPhase(phase.value) : null;
    if (written) {
      const n = parsePositiveInt(written.value);
      if (n === null) {
        problems.push({
          code: 'field-value',
          kind: 'batch',
          data: { value: written.value, session: s.id },
          severity: 'error',
          message: `Unexpected \`Batch: ${written.value}\` for ${s.id}, expected a whole number of at least 1`,
          span: written.span,
          session: s.id,
        });
      } else {
        s.batch = n;
        s.batchSource = 'written';
        anyWritten = true;
        if (phase && phaseBatch !== null && phaseBatch !== n) {
          problems.push({
            code: 'field-conflict',
            kind: 'phaseBatch',
            data: { phase: phase.value, session: s.id, batch: n },
            severity: 'error',
            message: `Unexpected \`Phase: ${phase.value}\` of ${s.id} in batch ${n}: the phase's digit and the batch must agree`,
            span: phase.span,
            session: s.id,
            related: [{ message: '`Batch` given here', span: written.span }],
          });
        }
        continue;
      }
    }
    if (phaseBatch !== null && phaseBatch > 0) {
      s.batch = phaseBatch;
      s.batchSource = 'phase';
      anyWritten = true;
    }
  }

  // Batches that follow from dependencies: each session goes in the earliest batch after all it depends on.
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (s: Session): number => {
    if (s.batchSource !== 'derived') return s.batch;
    const known = level.get(s.id);
    if (known !== undefined) return known;
    if (visiting.has(s.id)) return 1; // a cycle: reported by the linter; break it here
    visiting.add(s.id);
    let n = 1;
    for (const dep of s.dependsOn) {
      const other = byId.get(dep);
      if (other && other !== s) n = Math.max(n, levelOf(other) + 1);
    }
    visiting.delete(s.id);
    level.set(s.id, n);
    return n;
  };
  for (const s of sessions) if (s.batchSource === 'derived') s.batch = levelOf(s);
  if (anyWritten || sessions.length === 0) return;

  // Decision 5: derived batches are split into chunks of at most max-parallel, in plan order.
  const levels = [...new Set(sessions.map((s) => s.batch))].sort((a, b) => a - b);
  let next = 1;
  const renumber = new Map<Session, number>();
  for (const l of levels) {
    const members = sessions.filter((s) => s.batch === l);
    for (let i = 0; i < members.length; i += maxParallel) {
      for (const s of members.slice(i, i + maxParallel)) renumber.set(s, next);
      next += 1;
    }
  }
  for (const [s, n] of renumber) s.batch = n;
}

function assignPhases(sessions: Session[], drafts: SessionDraft[]): void {
  const seen = new Map<number, number>();
  sessions.forEach((s, i) => {
    const order = seen.get(s.batch) ?? 0;
    seen.set(s.batch, order + 1);
    const written = drafts[i]!.fields.phase?.[0];
    if (written) {
      s.phase = written.value.trim();
      s.phaseSource = written.source;
    } else {
      s.phase = `${s.batch}${order < 26 ? String.fromCharCode(65 + order) : `-${order + 1}`}`;
      s.phaseSource = 'derived';
    }
  });
}
