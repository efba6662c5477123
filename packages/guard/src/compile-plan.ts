import { parsePlan, type Plan, type Problem, type ProblemCode } from '@lanes/core';
import { compiledPlanFormat, type CompiledPlan, type PlanFinding } from './compiled-plan.ts';

// The problems that make a plan unusable for a session's commit (contract decision 21): they touch what a
// session owns or who a session is. Every other finding is the linter's and never blocks a commit.
const ownershipCodes = new Set<ProblemCode>(['invalid-pattern', 'pattern-not-code', 'duplicate-session', 'duplicate-field']);

// Of the front matter's problems, those that stop it being read (they name no key) and a bad `guard` value
// (which decides strict mode); a bad `max-parallel` is the linter's.
function touchesOwnership(p: Problem): boolean {
  if (p.severity !== 'error') return false;
  return ownershipCodes.has(p.code) || (p.code === 'front-matter' && (p.key === undefined || p.key === 'guard'));
}

/** Reduces a plan's markdown to what the guard needs. */
export function compilePlan(markdown: string, path: string, blob: string): CompiledPlan {
  return compileParsedPlan(parsePlan(markdown, { path }), path, blob);
}

/** Reduces a parsed plan to what the guard needs. */
export function compileParsedPlan(plan: Plan, path: string, blob: string): CompiledPlan {
  const unusable: PlanFinding[] = plan.problems
    .filter(touchesOwnership)
    .map((p) => ({ line: p.span.start.line, message: p.message }));
  for (const session of plan.sessions) {
    const branches = session.fields.branch ?? [];
    const distinct = new Set(branches.map((b) => b.value.trim()));
    if (distinct.size > 1) {
      const where = branches.map((b) => `\`${b.value.trim()}\` at line ${b.span.start.line}`).join(', ');
      unusable.push({
        line: branches[1]!.span.start.line,
        message: `Unexpected \`Branch\` of ${session.id}: ${where}; the guard cannot tell which branch is the session's`,
      });
    }
  }
  unusable.sort((a, b) => a.line - b.line);
  const rows = plan.registry?.rows ?? [];
  return {
    format: compiledPlanFormat,
    path,
    blob,
    strict: plan.frontMatter.guard === 'strict',
    unusable,
    sessions: plan.sessions.map((s) => ({
      id: s.id,
      branch: s.branch,
      status: s.registryRow === null ? null : (rows[s.registryRow]?.status ?? null),
      batch: s.batch,
      analysisOnly: s.analysisOnly,
      owns: s.owns.map((p) => ({ source: p.text.normalize('NFC'), line: p.span.start.line })),
      ownsLine: s.owns[0]?.span.start.line ?? s.span.start.line,
    })),
    registryRows: rows.map((r) => ({ session: r.session, planFile: r.planFile, status: r.status, line: r.span.start.line })),
  };
}
