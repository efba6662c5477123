import { pathReport, restoreCommand } from './format-guard-report.ts';
import { listedPaths, type GuardReport } from './guard-report.ts';
import { identify, planProblems, strictActive, type Rules } from './guard-rules.ts';
import { claimInWorktree, claimSourceName, type SessionClaim } from './identity.ts';
import { attributeOwners, findViolations, OwnerLookup, type Violation } from './judge-changes.ts';
import type { LoadedPlan, LoadedSession } from './load-plans.ts';
import type { OverrideEntry } from './override-log.ts';
import type { FileChange } from './raw-diff.ts';
import { worktreeSessionFile } from './stamp.ts';

/** Everything the pre-commit decision is made from, read before anything is decided (`readCommit`). */
export interface CommitInputs {
  /** `--session`, else `LANES_SESSION`: what the committing process claims. */
  claim: SessionClaim | null;
  /** The session the runner wrote into this worktree's git dir, or null. */
  worktreeSession: string | null;
  gitDir: string;
  /** The audit log of overrides (`overrideLogPath`). */
  overrideLog: string;
  branch: string | null;
  head: string | null;
  rules: Rules;
  /**
   * What is being committed: the staged changes, or what a merge authored. `checked` counts them all;
   * `changes` may leave out those the read already found in the committing session's lane (`readCommit`).
   */
  staged: { changes: FileChange[]; merge: boolean; checked: number };
  /** Why each change to the committing session's plan file (or the registry file) is refused, or null when it is allowed. */
  planFiles: ReadonlyMap<string, string | null>;
  /** `LANES_OVERRIDE`, on one line, or null. */
  overrideReason: string | null;
  /** The `GIT_*_PATHSPECS` settings of the user's environment, for the commands a message suggests. */
  pathspecVars: readonly string[];
  /**
   * The commit stages paths itself (`git commit -a`, `git commit <paths>`: git's index for the hook is a
   * `.lock` file), so that unstaging is undone by the next such commit.
   */
  stagesItself: boolean;
  /** Give the owner of every refused path (`--json`), not only of the first `listedPaths`. */
  allPaths: boolean;
}

/** What to append to the override log once the decision is reported (`recordOverride`). */
export type OverrideRecord = Omit<OverrideEntry, 'time' | 'who' | 'morePaths'>;

/** The decision on a commit, and the override to record when one lets it through. */
export interface CommitDecision {
  report: GuardReport;
  record: OverrideRecord | null;
}

function baseReport(claim: SessionClaim | null, branch: string | null): GuardReport {
  return {
    decision: 'allowed',
    exitCode: 0,
    session: claim?.id ?? null,
    via: claim?.via ?? null,
    branch,
    plan: null,
    merge: false,
    checked: 0,
    reason: 'commit allowed',
    pathCount: 0,
    paths: [],
    problems: [],
    warnings: [],
    fix: [],
    override: null,
  };
}

/** A report that blocks the commit because the guard cannot decide (exit 2). */
export function failClosed(report: GuardReport, reason: string, problems: string[], fix: string[]): GuardReport {
  return { ...report, decision: 'failed', exitCode: 2, reason: `commit blocked (the guard fails closed): ${reason}`, problems, fix };
}

/** The report of a guard that could not read what it decides from: `runGuard`'s answer to an error. */
export function failedReport(claim: SessionClaim | null, reason: string, problems: string[], fix: string[]): GuardReport {
  return failClosed(baseReport(claim, null), reason, problems, fix);
}

function warningsFor(rules: Rules): string[] {
  const warnings = rules.plans
    .filter((p) => p.unusable.length > 0)
    .map(
      (p) =>
        `${p.path} cannot be used by the guard (${planProblems(p)[0]!}${p.unusable.length > 1 ? `, and ${p.unusable.length - 1} more` : ''}); commits by its sessions are blocked until it is fixed (\`lanes lint ${p.path}\`)`,
    );
  if (rules.configProblem !== null) warnings.push(`${rules.configProblem}; commits by sessions are blocked until it is fixed`);
  return warnings;
}

/** The session whose plan-file changes must be judged (`planFileVerdicts`), or null: the same identity `decideCommit` finds. */
export function committingSession(input: Pick<CommitInputs, 'claim' | 'worktreeSession' | 'rules' | 'branch'>): LoadedSession | null {
  const inWorktree = claimInWorktree(input.claim, input.worktreeSession);
  if (inWorktree.kind === 'conflict') return null;
  const identity = identify(input.rules, inWorktree.claim, input.branch);
  return identity.kind === 'session' && identity.plan.unusable.length === 0 ? identity.session : null;
}

/**
 * Decides a commit (contract §5) from what was read: no git, no files, no clock. The worktree's session over
 * the claim (a claim of another session there is blocked); then the session's lane, or, for a commit by
 * nobody, `guard: strict`; `LANES_OVERRIDE` lets a block by the rules through and says what to record.
 */
export function decideCommit(input: CommitInputs): CommitDecision {
  const { rules, branch } = input;
  const inWorktree = claimInWorktree(input.claim, input.worktreeSession);
  if (inWorktree.kind === 'conflict') return { report: worktreeConflict(baseReport(inWorktree.claim, branch), inWorktree.worktree, inWorktree.claim, input.gitDir), record: null };
  const claim = inWorktree.claim;
  const report = baseReport(claim, branch);
  if (rules.plans.length === 0 && claim === null && rules.configProblem === null) return { report, record: null };

  const identity = identify(rules, claim, branch);
  if (identity.kind === 'failed') return { report: failClosed(report, identity.problem, [], [identity.fix]), record: null };
  if (identity.kind === 'nobody') return nobody(input, report);

  const { session, plan } = identity;
  const withSession: GuardReport = { ...report, session: session.id, via: identity.via, plan: plan.path, warnings: warningsFor(rules).filter((w) => !w.startsWith(`${plan.path} `)) };
  if (plan.unusable.length > 0) {
    return {
      report: failClosed(withSession, `${plan.path} cannot be used for ${session.id}'s commit:`, planProblems(plan), [
        `the coordinator fixes the plan and commits it (commits by no session still go through); \`lanes lint ${plan.path}\` lists every problem`,
      ]),
      record: null,
    };
  }
  const { staged } = input;
  const violations = findViolations(session, staged.changes, input.planFiles);
  const judged: GuardReport = { ...withSession, merge: staged.merge, checked: staged.checked };
  if (violations.length === 0) return { report: judged, record: null };
  const shown = attributeOwners(session, input.allPaths ? violations : violations.slice(0, listedPaths), new OwnerLookup(rules.plans));
  return blockOrOverride(input, judged, plan, session, violations, shown);
}

/** A commit that names no session: allowed, unless a strict plan has `Active` sessions. */
function nobody(input: CommitInputs, report: GuardReport): CommitDecision {
  const strict = strictActive(input.rules);
  const warnings = warningsFor(input.rules);
  if (strict.length === 0) return { report: { ...report, warnings }, record: null };
  const first = strict[0]!;
  const blocked: GuardReport = {
    ...report,
    warnings,
    decision: 'blocked',
    exitCode: 1,
    plan: first.plan,
    reason: `commit blocked: ${first.plan} says \`guard: strict\` and ${first.active.join(', ')} ${first.active.length === 1 ? 'is' : 'are'} Active, but this commit names no session`,
    fix: [
      `name the session that makes it: LANES_SESSION=${first.active[0]!} git commit …`,
      ...(first.branches.length > 0 ? [`or commit on the session's branch (${first.branches.join(', ')})`] : []),
    ],
  };
  const reason = input.overrideReason;
  if (reason === null) return { report: blocked, record: null };
  const { changes, checked } = input.staged;
  return {
    report: {
      ...blocked,
      decision: 'allowed',
      exitCode: 0,
      checked,
      reason: `commit allowed by LANES_OVERRIDE (${reason}): ${blocked.reason.replace(/^commit blocked: /, '')}`,
      fix: [],
      override: { reason, log: input.overrideLog },
    },
    record: { session: null, branch: input.branch, head: input.head, plan: first.plan, reason, lifted: 'strict', paths: changes.map((c) => c.path) },
  };
}

/** A commit in a session's worktree that claims to be another session's: blocked, whatever the rules say. */
function worktreeConflict(report: GuardReport, worktree: string, claim: SessionClaim, gitDir: string): GuardReport {
  const named = claimSourceName(claim.via);
  return {
    ...report,
    decision: 'blocked',
    exitCode: 1,
    reason: `commit blocked: this worktree belongs to ${worktree} (${gitDir}/${worktreeSessionFile}), but ${named} says ${claim.id}`,
    fix: [
      `commit ${worktree}'s work here without ${named === '--session' ? '--session' : 'LANES_SESSION'}: the worktree names its session`,
      `or make ${claim.id}'s commit in ${claim.id}'s own worktree`,
    ],
  };
}

function blockOrOverride(
  input: CommitInputs,
  report: GuardReport,
  plan: LoadedPlan,
  session: LoadedSession,
  violations: Violation[],
  shown: Violation[],
): CommitDecision {
  const count = violations.length;
  const what = report.merge ? 'paths this merge authored' : 'staged paths';
  const lane = session.owns.length === 0 ? `${session.id} owns no paths${session.analysisOnly ? ' (analysis-only)' : ''}` : `${session.id} may commit only what its Owns covers`;
  const blocked: GuardReport = {
    ...report,
    decision: 'blocked',
    exitCode: 1,
    reason: `commit blocked: ${lane} (${plan.path}); ${count} of ${report.checked} ${what} ${count === 1 ? 'is' : 'are'} outside it:`,
    pathCount: count,
    paths: shown.map(pathReport),
    fix: [
      `unstage ${count === 1 ? 'it' : 'them'}:\n  ${restoreCommand(violations, input.pathspecVars)}`,
      ...(input.stagesItself ? [`this commit stages ${count === 1 ? 'it' : 'them'} again itself (git commit -a, or paths named): commit without -a, naming only your own paths`] : []),
      ...(violations.some((v) => v.note !== null && v.change.path === plan.path)
        ? [`in ${plan.path} change only your own Session Registry row, then stage it again`]
        : []),
      `or, if the work belongs to ${session.id}, ask the coordinator to extend its Owns (${plan.path}:${session.ownsLine})`,
    ],
  };
  const reason = input.overrideReason;
  if (reason === null) return { report: blocked, record: null };
  return {
    report: {
      ...blocked,
      decision: 'allowed',
      exitCode: 0,
      reason: `commit allowed by LANES_OVERRIDE (${reason}): ${count} ${what} outside ${session.id}'s lane, recorded in ${input.overrideLog}:`,
      fix: [],
      override: { reason, log: input.overrideLog },
    },
    record: { session: session.id, branch: input.branch, head: input.head, plan: plan.path, reason, lifted: 'rules', paths: violations.map((v) => v.change.path) },
  };
}
