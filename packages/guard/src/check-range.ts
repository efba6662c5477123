import { authoredChanges, diffTree } from './authored-changes.ts';
import { pathReport } from './format-guard-report.ts';
import type { PathReport } from './guard-report.ts';
import { explicitPlanPath, identify, planProblems, readRules, strictActive, type Rules } from './guard-rules.ts';
import type { IdentitySource, SessionClaim } from './identity.ts';
import { attributeOwners, findViolations, OwnerLookup } from './judge-changes.ts';
import { callOf, currentBranch, readRepoState, type RepoState } from './repo-state.ts';
import { planFileVerdicts } from './run-guard.ts';
import { gitText, runGitBytes } from './run-git.ts';

/** Options of `checkRange`, the backstop of the hooks (`lanes check --range A..B`). */
export interface RangeOptions {
  /** A directory in the repository. */
  cwd: string;
  /** `A..B`: the commits reachable from `B` and not from `A`; the rules are the plan as it is at `A`. */
  range: string;
  /** The session of commits without a `Lanes-Session` trailer. */
  session?: string;
  /** The branch of commits without a trailer, when no session is given (default: the ref `B` names). */
  branch?: string;
  /** One plan file (from `cwd`) instead of the configured plan locations. */
  planPath?: string;
  /** Accept commits with a `Lanes-Override` trailer (their blocks included) instead of failing on them. */
  allowOverrides?: boolean;
  /** The environment for git (default: `process.env`); `LANES_PLAN` is read from it. */
  env?: NodeJS.ProcessEnv;
}

/** What the range check decided about one commit. */
export interface CommitReport {
  commit: string;
  subject: string;
  parents: string[];
  merge: boolean;
  session: string | null;
  via: IdentitySource | null;
  plan: string | null;
  /** The reason of its `Lanes-Override` trailer, or null. */
  override: string | null;
  /** `overridden`: blocked by the rules, let through by an override that `allowOverrides` accepts. */
  decision: 'allowed' | 'blocked' | 'failed' | 'overridden';
  reason: string;
  /** The paths that block it (those an override let through, for `overridden`). */
  paths: PathReport[];
  /** What makes the check fail closed for it. */
  problems: string[];
}

/** What the range check decided, commit by commit, oldest first. */
export interface RangeReport {
  range: string;
  base: string;
  head: string;
  /** The plans read at `base`. */
  plans: string[];
  commits: CommitReport[];
  /** Commits blocked by the rules (overridden ones not counted when overrides are allowed). */
  blocked: number;
  /** Commits with a `Lanes-Override` trailer. */
  overrides: number;
  /** Commits the check could not judge (unknown session, unusable plan): fail closed. */
  failed: number;
  /** 0 clean; 1 a blocked commit, or an override without `allowOverrides`; 2 a commit that failed closed. */
  exitCode: 0 | 1 | 2;
}

/** A range that cannot be checked: not `A..B`, or a revision that does not resolve. */
export class CheckRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckRangeError';
  }
}

interface LoggedCommit {
  commit: string;
  parents: string[];
  subject: string;
  sessions: string[];
  overrides: string[];
  /** True when the commit carries the dispatch runner's `Lanes-Dispatch: registry` trailer. */
  runnerRegistry: boolean;
}

function resolveCommit(state: RepoState, rev: string): string {
  const r = runGitBytes(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], callOf(state));
  if (r.status !== 0) throw new CheckRangeError(`\`${rev}\` is not a commit in ${state.top}`);
  return r.stdout.toString('utf8').trim();
}

/** The branch a ref names: `refs/heads/x` → `x`, `refs/remotes/origin/x` → `x`, `HEAD` → the current branch. */
function branchOfRef(state: RepoState, rev: string): string | null {
  const r = runGitBytes(['rev-parse', '--symbolic-full-name', rev], callOf(state)); // `rev` never starts with `-`: see checkRange
  const ref = r.status === 0 ? r.stdout.toString('utf8').trim() : '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/remotes/')) return ref.split('/').slice(3).join('/') || null;
  return rev === 'HEAD' ? currentBranch(state) : null;
}

function logCommits(state: RepoState, base: string, head: string): LoggedCommit[] {
  const format = '%H%x00%P%x00%s%x00%(trailers:key=Lanes-Session,valueonly,separator=%x01)%x00%(trailers:key=Lanes-Override,valueonly,separator=%x01)%x00%(trailers:key=Lanes-Dispatch,valueonly,separator=%x01)%x00';
  // Six NUL-terminated fields per commit; `--format` puts a newline before each next commit.
  const fields = gitText(['log', '--reverse', '--topo-order', `--format=${format}`, `${base}..${head}`, '--'], callOf(state)).split('\0');
  const commits: LoggedCommit[] = [];
  for (let i = 0; i + 6 <= fields.length; i += 6) {
    const values = (text: string): string[] =>
      text
        .split('\x01')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    commits.push({
      commit: fields[i]!.trim(),
      parents: fields[i + 1]!.split(' ').filter((p) => p !== ''),
      subject: fields[i + 2]!,
      sessions: values(fields[i + 3]!),
      overrides: values(fields[i + 4]!),
      runnerRegistry: values(fields[i + 5]!).includes('registry'),
    });
  }
  return commits;
}

/**
 * Checks every commit of `A..B` against the plan as it is at `A` (contract §5 and decisions 24–26):
 * each commit's session from its `Lanes-Session` trailer, else `session`, else the branch; merges by what
 * they authored; overrides listed. For CI, and for the dispatch runner after a session ends.
 */
export async function checkRange(options: RangeOptions): Promise<RangeReport> {
  const match = /^(.+?)\.\.([^.].*)$/.exec(options.range);
  if (!match || match[1]!.endsWith('.') || match[1]!.startsWith('-')) throw new CheckRangeError(`expected a range \`A..B\` such as \`origin/main..HEAD\`, got \`${options.range}\``);
  const state = readRepoState(options.cwd, options.env ?? process.env);
  const base = resolveCommit(state, match[1]!);
  const head = resolveCommit(state, match[2]!);
  const rules = await readRules(state, { commit: base }, explicitPlanPath(state, options.planPath));
  const branch = options.branch ?? branchOfRef(state, match[2]!);
  const call = callOf(state);
  let lookup: OwnerLookup | null = null;
  const owners = (): OwnerLookup => (lookup ??= new OwnerLookup(rules.plans));

  const commits: Promise<CommitReport>[] = [];
  for (const logged of logCommits(state, base, head)) {
    const claim: SessionClaim | null =
      logged.sessions.length > 0
        ? { id: logged.sessions.at(-1)!, via: 'trailer' }
        : options.session !== undefined && options.session !== ''
          ? { id: options.session, via: 'option' }
          : null;
    const report: CommitReport = {
      commit: logged.commit,
      subject: logged.subject,
      parents: logged.parents,
      merge: logged.parents.length > 1,
      session: claim?.id ?? null,
      via: claim?.via ?? null,
      plan: null,
      override: logged.overrides.at(-1) ?? null,
      decision: 'allowed',
      reason: 'allowed',
      paths: [],
      problems: [],
    };
    commits.push(judgeCommit(report, rules, claim, branch, options.allowOverrides ?? false, owners, () => {
      const [first] = logged.parents;
      if (first === undefined) return diffTree(call, null, logged.commit);
      if (logged.parents.length === 1) return diffTree(call, first, logged.commit);
      return authoredChanges(call, logged.parents, (treeish) => diffTree(call, treeish, logged.commit));
    }, call, logged.runnerRegistry));
  }
  const settled = await Promise.all(commits);
  const blocked = settled.filter((c) => c.decision === 'blocked').length;
  const failed = settled.filter((c) => c.decision === 'failed').length;
  const overrides = settled.filter((c) => c.override !== null).length;
  return {
    range: options.range,
    base,
    head,
    plans: rules.plans.map((p) => p.path),
    commits: settled,
    blocked,
    overrides,
    failed,
    exitCode: failed > 0 ? 2 : blocked > 0 || (overrides > 0 && !options.allowOverrides) ? 1 : 0,
  };
}

async function judgeCommit(
  report: CommitReport,
  rules: Rules,
  claim: SessionClaim | null,
  branch: string | null,
  allowOverrides: boolean,
  owners: () => OwnerLookup,
  changesOf: () => ReturnType<typeof diffTree>,
  call: ReturnType<typeof callOf>,
  runnerRegistry: boolean,
): Promise<CommitReport> {
  const identity = identify(rules, claim, claim === null ? branch : null);
  const blockedOrOverridden = (base: CommitReport, reason: string, paths: PathReport[], plan: string | null): CommitReport => {
    const overridden = report.override !== null && allowOverrides;
    return { ...base, plan, paths, decision: overridden ? 'overridden' : 'blocked', reason: overridden ? `${reason} (overridden: ${report.override!})` : reason };
  };
  if (identity.kind === 'failed') return { ...report, decision: 'failed', reason: identity.problem, problems: [identity.problem, identity.fix] };
  if (identity.kind === 'nobody') {
    const strict = strictActive(rules)[0];
    if (strict === undefined) return report;
    // The dispatch runner's own registry commits (`Lanes-Dispatch: registry`) name no session by design: the
    // plan is the coordinator's, so one that changes nothing but plan files is the coordinator's to make.
    if (runnerRegistry && changesOf().every((c) => rules.plans.some((p) => p.path === c.path))) return report;
    return blockedOrOverridden(report, `${strict.plan} says \`guard: strict\` and ${strict.active.join(', ')} ${strict.active.length === 1 ? 'is' : 'are'} Active, but the commit names no session`, [], strict.plan);
  }
  const { session, plan } = identity;
  const named: CommitReport = { ...report, session: session.id, via: identity.via, plan: plan.path };
  if (plan.unusable.length > 0) {
    return { ...named, decision: 'failed', reason: `${plan.path} cannot be used for ${session.id}'s commits`, problems: planProblems(plan) };
  }
  const changes = changesOf();
  const planFiles = await planFileVerdicts(call, session, rules.config?.registry ?? null, changes);
  const violations = attributeOwners(session, findViolations(session, changes, planFiles), owners());
  if (violations.length === 0) return named;
  const what = report.merge ? 'paths the merge authored' : 'paths';
  return blockedOrOverridden(named, `${session.id} changed ${violations.length} ${what} outside its Owns (${plan.path})`, violations.map(pathReport), plan.path);
}
