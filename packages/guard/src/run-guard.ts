import { authoredChanges, diffIndex, emptyTree } from './authored-changes.ts';
import { GuardConfigError } from './guard-config.ts';
import { listedPaths, type GuardReport } from './guard-report.ts';
import type { GuardReads } from './guard-reads.ts';
import { explicitPlanPath, identify, planProblems, readRules, strictActive, type Rules } from './guard-rules.ts';
import { claimedSession, claimInWorktree, claimSourceName, type Identity, type SessionClaim } from './identity.ts';
import { attributeOwners, findViolations, OwnerLookup, type Violation } from './judge-changes.ts';
import type { LoadedPlan, LoadedSession } from './load-plans.ts';
import { clearPendingOverride, overrideReason, recordOverride } from './override-log.ts';
import type { RulesAt } from './plan-sources.ts';
import type { FileChange } from './raw-diff.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import { callOf, currentBranch, mergeHeads, parseRepoState, readRepoState, type RepoState } from './repo-state.ts';
import { GitFailure, type GitCall } from './run-git.ts';
import { worktreeSessionFile } from './stamp.ts';
import { readWorktreeSession } from './worktree-session.ts';

/** Options of `runGuard`, the pre-commit check. */
export interface GuardOptions {
  /** Where the commit is made (the hook runs at the top of the working tree). */
  cwd: string;
  /** The environment: `LANES_SESSION`, `LANES_PLAN`, `LANES_OVERRIDE`, and git's own (`GIT_INDEX_FILE`). */
  env: NodeJS.ProcessEnv;
  /** `--plan`: a plan file, from `cwd`. */
  plan?: string;
  /** `--session`: the committing session (before `LANES_SESSION` and the branch). */
  session?: string;
  /** Reads started ahead (`startGuardReads`), for the hook's speed; without them the guard reads itself. */
  reads?: GuardReads;
  /** Give the owner of every refused path (`--json`), not only of the first `listedPaths`. */
  allPaths?: boolean;
}

/** What is being committed: the staged changes, or what a merge authored. */
interface Staged {
  changes: FileChange[];
  merge: boolean;
}

async function readStaged(state: RepoState, reads: GuardReads | undefined): Promise<Staged> {
  const call = callOf(state);
  const others = state.head === null ? [] : mergeHeads(state);
  if (state.head !== null && others.length === 0 && reads !== undefined) {
    const ahead = await reads.staged;
    // A failed read ahead is read again here, so that the message is git's own.
    if (ahead.changes !== null) return { changes: ahead.changes, merge: false };
  }
  reads?.cancelStaged();
  if (state.head === null) return { changes: diffIndex(call, emptyTree(call)), merge: false };
  if (others.length === 0) return { changes: diffIndex(call, state.head), merge: false };
  return { changes: authoredChanges(call, [state.head, ...others], (treeish) => diffIndex(call, treeish)), merge: true };
}

const absent = /^0*$/;

/**
 * Why each change to the session's plan file (or the registry file) is refused, or null when it changes
 * only the session's own `Session Registry` row. The markdown parser is loaded only when there is one.
 */
export async function planFileVerdicts(
  call: GitCall,
  session: LoadedSession,
  registryPath: string | null,
  changes: readonly FileChange[],
  read: (oid: string) => string | null = (oid) => {
    const bytes = readObjects(call, [oid])[0];
    return bytes ? decodeUtf8(bytes) : null;
  },
): Promise<Map<string, string | null>> {
  const verdicts = new Map<string, string | null>();
  const planFiles = new Set([session.plan, ...(registryPath === null ? [] : [registryPath])]);
  const touched = changes.filter((c) => planFiles.has(c.path));
  if (touched.length === 0) return verdicts;
  const { checkOwnRowChange } = await import('./own-row-rule.ts');
  for (const change of touched) {
    if (change.kind === 'conflict-resolved' || change.kind === 'unmerged') {
      verdicts.set(change.path, `it resolves a merge conflict in ${change.path}; only the coordinator does that`);
      continue;
    }
    const before = absent.test(change.oldOid) ? null : read(change.oldOid);
    const after = absent.test(change.newOid) ? null : read(change.newOid);
    if ((before === null && !absent.test(change.oldOid)) || (after === null && !absent.test(change.newOid))) {
      verdicts.set(change.path, `${change.path} is not valid UTF-8`);
      continue;
    }
    verdicts.set(change.path, checkOwnRowChange(before, after, { session: session.id, path: change.path, sessionPlan: session.plan }));
  }
  return verdicts;
}

function baseReport(claim: ReturnType<typeof claimedSession>, branch: string | null): GuardReport {
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

function failClosed(report: GuardReport, reason: string, problems: string[], fix: string[]): GuardReport {
  return { ...report, decision: 'failed', exitCode: 2, reason: `commit blocked (the guard fails closed): ${reason}`, problems, fix };
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

/** Checks the commit being made against the plan's lanes (contract §5); never throws, never exits. */
export async function runGuard(options: GuardOptions): Promise<GuardReport> {
  let report = baseReport(claimedSession(options.session, options.env), null);
  try {
    return await guardCommit(options);
  } catch (error) {
    if (error instanceof GitFailure) {
      return failClosed(report, error.message, [], ['fix what git reports, then commit again']);
    }
    if (error instanceof GuardConfigError) return failClosed(report, error.message, [], ['fix the configuration, then commit again']);
    const err = error instanceof Error ? error : new Error(String(error));
    report = failClosed(report, `internal error: ${err.message}`, (err.stack ?? '').split('\n').slice(1, 8), ['report this as a bug in lanes, with the message above']);
    return report;
  }
}

async function guardCommit(options: GuardOptions): Promise<GuardReport> {
  const { reads } = options;
  const stateAhead = await reads?.state;
  const state = stateAhead?.status === 0 ? parseRepoState(options.cwd, options.env, stateAhead) : readRepoState(options.cwd, options.env);
  clearPendingOverride(state);
  const branch = currentBranch(state);
  const inWorktree = claimInWorktree(claimedSession(options.session, state.env), readWorktreeSession(state.gitDir));
  if (inWorktree.kind === 'conflict') {
    reads?.cancelStaged();
    return worktreeConflict(baseReport(inWorktree.claim, branch), inWorktree.worktree, inWorktree.claim, state.gitDir);
  }
  const claim = inWorktree.claim;
  const report = baseReport(claim, branch);
  const at: RulesAt = state.head === null ? { index: true } : { commit: state.head };
  const planPath = explicitPlanPath(state, options.plan);

  // A named session's changes are read first: a plan that HEAD does not have yet comes from them (decision 20).
  let staged: Staged | null = claim === null ? null : await readStaged(state, reads);
  const configAhead = reads === undefined || state.head === null ? undefined : await reads.config;
  const ahead = configAhead?.status === 0 ? { config: configAhead.stdout, plans: (await reads?.plans) ?? null } : undefined;
  const rules = await readRules(state, at, planPath, staged?.changes ?? [], ahead);
  if (rules.plans.length === 0 && claim === null && rules.configProblem === null) {
    reads?.cancelStaged();
    return report;
  }

  const identity: Identity = identify(rules, claim, branch);
  if (identity.kind === 'failed') return failClosed(report, identity.problem, [], [identity.fix]);

  if (identity.kind === 'nobody') {
    const strict = strictActive(rules);
    const warnings = warningsFor(rules);
    if (strict.length === 0) {
      reads?.cancelStaged();
      return { ...report, warnings };
    }
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
    const reason = overrideReason(state.env);
    if (reason === null) return blocked;
    staged ??= await readStaged(state, reads);
    const log = recordOverride(state, {
      session: null,
      branch,
      head: state.head,
      plan: first.plan,
      reason,
      lifted: 'strict',
      paths: staged.changes.map((c) => c.path),
    });
    return { ...blocked, decision: 'allowed', exitCode: 0, checked: staged.changes.length, reason: `commit allowed by LANES_OVERRIDE (${reason}): ${blocked.reason.replace(/^commit blocked: /, '')}`, fix: [], override: { reason, log } };
  }

  const { session, plan } = identity;
  const withSession: GuardReport = { ...report, session: session.id, via: identity.via, plan: plan.path, warnings: warningsFor(rules).filter((w) => !w.startsWith(`${plan.path} `)) };
  if (plan.unusable.length > 0) {
    reads?.cancelStaged();
    return failClosed(withSession, `${plan.path} cannot be used for ${session.id}'s commit:`, planProblems(plan), [
      `the coordinator fixes the plan and commits it (commits by no session still go through); \`lanes lint ${plan.path}\` lists every problem`,
    ]);
  }
  staged ??= await readStaged(state, reads);
  const planFiles = await planFileVerdicts(callOf(state), session, rules.config?.registry ?? null, staged.changes);
  const violations = findViolations(session, staged.changes, planFiles);
  const judged: GuardReport = { ...withSession, merge: staged.merge, checked: staged.changes.length };
  if (violations.length === 0) return judged;
  const shown = options.allPaths ? violations : violations.slice(0, listedPaths);
  return blockOrOverride(state, judged, plan, session, violations, attributeOwners(session, shown, new OwnerLookup(rules.plans)));
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

async function blockOrOverride(
  state: RepoState,
  report: GuardReport,
  plan: LoadedPlan,
  session: LoadedSession,
  violations: Violation[],
  shown: Violation[],
): Promise<GuardReport> {
  // Formatting is loaded only for a commit that has something to say.
  const { pathReport, restoreCommand } = await import('./format-guard-report.ts');
  const what = report.merge ? 'paths this merge authored' : 'staged paths';
  const lane = session.owns.length === 0 ? `${session.id} owns no paths${session.analysisOnly ? ' (analysis-only)' : ''}` : `${session.id} may commit only what its Owns covers`;
  const blocked: GuardReport = {
    ...report,
    decision: 'blocked',
    exitCode: 1,
    reason: `commit blocked: ${lane} (${plan.path}); ${violations.length} of ${report.checked} ${what} ${violations.length === 1 ? 'is' : 'are'} outside it:`,
    pathCount: violations.length,
    paths: shown.map(pathReport),
    fix: [
      `unstage ${violations.length === 1 ? 'it' : 'them'}:\n  ${restoreCommand(violations, state.pathspecVars)}`,
      ...(violations.some((v) => v.note !== null && v.change.path === plan.path)
        ? [`in ${plan.path} change only your own Session Registry row, then stage it again`]
        : []),
      `or, if the work belongs to ${session.id}, ask the coordinator to extend its Owns (${plan.path}:${session.ownsLine})`,
    ],
  };
  const reason = overrideReason(state.env);
  if (reason === null) return blocked;
  const log = recordOverride(state, {
    session: session.id,
    branch: report.branch,
    head: state.head,
    plan: plan.path,
    reason,
    lifted: 'rules',
    paths: violations.map((v) => v.change.path),
  });
  return {
    ...blocked,
    decision: 'allowed',
    exitCode: 0,
    reason: `commit allowed by LANES_OVERRIDE (${reason}): ${violations.length} ${what} outside ${session.id}'s lane, recorded in ${log}:`,
    fix: [],
    override: { reason, log },
  };
}
