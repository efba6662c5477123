import { commitIdArgs, fullRefNameArgs, rangeLogArgs } from './git-args.ts';
import { authoredChanges, diffTree } from './authored-changes.ts';
import { pathReport } from './format-guard-report.ts';
import type { PathReport } from './guard-report.ts';
import { explicitPlanPath, identify, planProblems, readRules, strictActive, type Rules } from './guard-rules.ts';
import type { IdentitySource, SessionClaim } from './identity.ts';
import type { FileChange } from './raw-diff.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import { verifyStamp } from './stamp.ts';
import { attributeOwners, findViolations, OwnerLookup } from './judge-changes.ts';
import { callOf, currentBranch, readRepoState, type RepoState } from './repo-state.ts';
import { planFileVerdicts } from './read-commit.ts';
import { gitText, runGitBytes, type GitCall } from './run-git.ts';

/** Options of `checkRange`, the backstop of the hooks (`lanes check --range A..B`). */
export interface RangeOptions {
  /** A directory in the repository. */
  cwd: string;
  /** `A..B`: the commits reachable from `B` and not from `A`; the rules are the plan as it is at `A`. */
  range: string;
  /** The session of every commit of the range, whatever its trailer says (the runner's registry commits excepted): `lanes check --session`. */
  judgeAs?: string;
  /** Without `judgeAs`: the branch the range is on (default: the ref `B` names); a session's `Branch` makes every commit that session's. */
  branch?: string;
  /**
   * Commits reachable from these are left out of the range (`lanes check --exclude`): the branches of other
   * sessions that this one merged, each checked as its own session.
   */
  exclude?: readonly string[];
  /** One plan file (from `cwd`) instead of the configured plan locations. */
  planPath?: string;
  /** Accept commits with a `Lanes-Override` trailer (their blocks included) instead of failing on them. */
  allowOverrides?: boolean;
  /** The environment for git (default: `process.env`); `LANES_PLAN` is read from it. */
  env?: NodeJS.ProcessEnv;
  /**
   * The dispatch runner's audit of a shared tree: each session's key (64 hex digits). A commit is a session's
   * only when its `Lanes-Stamp` verifies with that session's key; any other commit is named as nobody's
   * (blocked, `session: null`), unless it changes nothing but `Session Registry` rows.
   */
  sessionKeys?: Readonly<Record<string, string>>;
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
  /** True when no session can be shown to have made it (`sessionKeys`): its stamp is missing or wrong. */
  unattributed: boolean;
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
  tree: string;
  parents: string[];
  subject: string;
  sessions: string[];
  stamps: string[];
  overrides: string[];
}

function resolveCommit(state: RepoState, rev: string): string {
  const r = runGitBytes(commitIdArgs(rev), callOf(state));
  if (r.status !== 0) throw new CheckRangeError(`\`${rev}\` is not a commit in ${state.top}`);
  return r.stdout.toString('utf8').trim();
}

/** The branch a ref names: `refs/heads/x` → `x`, `refs/remotes/origin/x` → `x`, `HEAD` → the current branch. */
function branchOfRef(state: RepoState, rev: string): string | null {
  const r = runGitBytes(fullRefNameArgs(rev), callOf(state)); // `rev` never starts with `-`: see checkRange
  const ref = r.status === 0 ? r.stdout.toString('utf8').trim() : '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/remotes/')) return ref.split('/').slice(3).join('/') || null;
  return rev === 'HEAD' ? currentBranch(state) : null;
}

function logCommits(state: RepoState, base: string, head: string, excluded: readonly string[]): LoggedCommit[] {
  const trailer = (key: string): string => `%(trailers:key=${key},valueonly,separator=%x01)%x00`;
  const format = `%H%x00%T%x00%P%x00%s%x00${trailer('Lanes-Session')}${trailer('Lanes-Stamp')}${trailer('Lanes-Override')}`;
  // Seven NUL-terminated fields per commit; `--format` puts a newline before each next commit.
  const fields = gitText(rangeLogArgs(format, base, head, excluded), callOf(state)).split('\0');
  const commits: LoggedCommit[] = [];
  for (let i = 0; i + 7 <= fields.length; i += 7) {
    const values = (text: string): string[] =>
      text
        .split('\x01')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    commits.push({
      commit: fields[i]!.trim(),
      tree: fields[i + 1]!,
      parents: fields[i + 2]!.split(' ').filter((p) => p !== ''),
      subject: fields[i + 3]!,
      sessions: values(fields[i + 4]!),
      stamps: values(fields[i + 5]!),
      overrides: values(fields[i + 6]!),
    });
  }
  return commits;
}

/** Who made a logged commit, as the range check judges it: a claim, or why no session can be shown to have. */
type CommitIdentity = { kind: 'claim'; claim: SessionClaim | null } | { kind: 'unattributed'; why: string };

/**
 * Provenance over claim: with `sessionKeys`, the session whose key verifies the commit's stamp; else
 * `judgeAs` for every commit; else the session whose `Branch` the range is on (its `branchSession`), for
 * every commit too, those its merges brought included; else the `Lanes-Session` trailer; else nobody.
 */
export function commitIdentity(
  logged: Pick<LoggedCommit, 'tree' | 'parents' | 'sessions' | 'stamps'>,
  options: Pick<RangeOptions, 'judgeAs' | 'sessionKeys'>,
  branchSession: string | null,
): CommitIdentity {
  if (options.sessionKeys !== undefined) {
    const session = logged.sessions.at(-1);
    const stamp = logged.stamps.at(-1);
    if (session === undefined || stamp === undefined) return { kind: 'unattributed', why: 'it has no Lanes-Stamp' };
    const key = Object.hasOwn(options.sessionKeys, session) ? options.sessionKeys[session] : undefined;
    if (key === undefined) return { kind: 'unattributed', why: `it names ${session}, which is not a session of this run` };
    if (!verifyStamp(key, session, logged.tree, logged.parents, stamp)) return { kind: 'unattributed', why: `its Lanes-Stamp does not verify with ${session}'s key` };
    return { kind: 'claim', claim: { id: session, via: 'stamp' } };
  }
  if (options.judgeAs !== undefined && options.judgeAs !== '') return { kind: 'claim', claim: { id: options.judgeAs, via: 'option' } };
  if (branchSession !== null) return { kind: 'claim', claim: { id: branchSession, via: 'branch' } };
  const trailer = logged.sessions.at(-1);
  return { kind: 'claim', claim: trailer === undefined ? null : { id: trailer, via: 'trailer' } };
}

/**
 * Checks every commit of `A..B` against the plan as it is at `A` (contract §5 and decisions 24–26):
 * each commit's session by `commitIdentity`; merges by what they authored; a commit that changes nothing but
 * `Session Registry` rows is the runner's, whoever it names; overrides listed. For CI, and for the dispatch
 * runner's audit. The compiled-plan cache is never read: CI and the audit do not trust the git dir.
 */
export async function checkRange(options: RangeOptions): Promise<RangeReport> {
  const match = /^(.+?)\.\.([^.].*)$/.exec(options.range);
  if (!match || match[1]!.endsWith('.') || match[1]!.startsWith('-')) throw new CheckRangeError(`expected a range \`A..B\` such as \`origin/main..HEAD\`, got \`${options.range}\``);
  const state = readRepoState(options.cwd, options.env ?? process.env);
  const base = resolveCommit(state, match[1]!);
  const head = resolveCommit(state, match[2]!);
  const planPath = explicitPlanPath(state, options.planPath);
  const rules = await readRules(state, { commit: base }, planPath, [], undefined, 'none');
  const branch = options.branch ?? branchOfRef(state, match[2]!);
  const call = callOf(state);
  let lookup: OwnerLookup | null = null;
  const owners = (): OwnerLookup => (lookup ??= new OwnerLookup(rules.plans));
  const onBranch = options.judgeAs === undefined || options.judgeAs === '' ? identify(rules, null, branch) : null;
  const branchSession = onBranch?.kind === 'session' ? onBranch.session.id : null;
  // The statuses of the registry just before a commit: a dispatch that starts inside the range makes its
  // sessions Active there, not at the range's start.
  const activeBefore = new Map<string, Promise<ReturnType<typeof strictActive>>>();
  const strictBefore = (parent: string | undefined): Promise<ReturnType<typeof strictActive>> => {
    const now = strictActive(rules);
    const strictPlans = rules.plans.filter((p) => p.strict && p.unusable.length === 0).map((p) => p.path);
    if (now.length > 0 || parent === undefined || strictPlans.length === 0) return Promise.resolve(now);
    let found = activeBefore.get(parent);
    if (found === undefined) {
      found = readRules(state, { commit: parent }, planPath, [], undefined, 'none').then((at) => strictActive(at).filter((s) => strictPlans.includes(s.plan)));
      activeBefore.set(parent, found);
    }
    return found;
  };

  const commits: Promise<CommitReport>[] = [];
  const excluded = (options.exclude ?? []).map((rev) => resolveCommit(state, rev));
  for (const logged of logCommits(state, base, head, excluded)) {
    const identity = onBranch?.kind === 'failed' ? null : commitIdentity(logged, options, branchSession);
    const claim = identity?.kind === 'claim' ? identity.claim : null;
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
      unattributed: false,
      paths: [],
      problems: [],
    };
    let changes: FileChange[] | null = null;
    const changesOf = (): FileChange[] => {
      if (changes !== null) return changes;
      const [first] = logged.parents;
      if (first === undefined) changes = diffTree(call, null, logged.commit);
      else if (logged.parents.length === 1) changes = diffTree(call, first, logged.commit);
      else changes = authoredChanges(call, logged.parents, (treeish) => diffTree(call, treeish, logged.commit));
      return changes;
    };
    const context: JudgeContext = { rules, allowOverrides: options.allowOverrides ?? false, owners, changesOf, call, strictBefore: () => strictBefore(logged.parents[0]) };
    if (onBranch?.kind === 'failed') commits.push(Promise.resolve({ ...report, decision: 'failed', reason: onBranch.problem, problems: [onBranch.problem, onBranch.fix] }));
    else if (identity?.kind === 'unattributed') commits.push(judgeUnattributed(report, identity.why, context));
    else commits.push(judgeCommit(report, claim, context));
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

const runnerReason = "the runner's registry commit: it changes only Session Registry rows";

interface JudgeContext {
  rules: Rules;
  allowOverrides: boolean;
  owners: () => OwnerLookup;
  changesOf: () => FileChange[];
  call: GitCall;
  /** The strict plans with Active sessions at the range's start, else just before the commit. */
  strictBefore: () => Promise<ReturnType<typeof strictActive>>;
}

/**
 * Whether a commit changes nothing but `Session Registry` rows of the plans (and of the registry file): the
 * dispatch runner's registry commits, accepted on their content (`checkRegistryOnlyChange`), never by a trailer.
 */
async function onlyRegistryRows(context: JudgeContext): Promise<boolean> {
  const { rules, call } = context;
  const changes = context.changesOf();
  const files = new Set([...rules.plans.map((p) => p.path), ...(rules.config?.registry ? [rules.config.registry] : [])]);
  if (changes.length === 0 || !changes.every((c) => files.has(c.path) && c.kind === 'modified')) return false;
  const { checkRegistryOnlyChange } = await import('./registry-change.ts');
  const texts = readObjects(call, changes.flatMap((c) => [c.oldOid, c.newOid])).map((b) => (b === null ? null : decodeUtf8(b)));
  return changes.every((c, i) => texts[2 * i] != null && texts[2 * i + 1] != null && checkRegistryOnlyChange(texts[2 * i]!, texts[2 * i + 1]!, c.path) === null);
}

/** A commit of an audited run that no session can be shown to have made: named, never blamed on a session. */
async function judgeUnattributed(report: CommitReport, why: string, context: JudgeContext): Promise<CommitReport> {
  if (await onlyRegistryRows(context)) return { ...report, session: null, via: null, reason: runnerReason };
  const changes = context.changesOf();
  const paths = changes.map((change) => pathReport({ change, owner: context.owners().owners(change.path)[0] ?? null, excludedBy: null, note: null }));
  return {
    ...report,
    session: null,
    via: null,
    decision: 'blocked',
    unattributed: true,
    reason: `made by no session that can be shown: ${why}; ${changes.length} path${changes.length === 1 ? '' : 's'} changed`,
    paths,
  };
}

async function judgeCommit(report: CommitReport, claim: SessionClaim | null, context: JudgeContext): Promise<CommitReport> {
  const { rules, owners, call } = context;
  const identity = identify(rules, claim, null);
  const blockedOrOverridden = (base: CommitReport, reason: string, paths: PathReport[], plan: string | null): CommitReport => {
    const overridden = report.override !== null && context.allowOverrides;
    return { ...base, plan, paths, decision: overridden ? 'overridden' : 'blocked', reason: overridden ? `${reason} (overridden: ${report.override!})` : reason };
  };
  // The runner's registry commits are judged on their content, whoever the commit names or is judged as; on a
  // session's own branch every commit is that session's.
  const runners = async (): Promise<CommitReport | null> =>
    claim?.via !== 'branch' && (await onlyRegistryRows(context)) ? { ...report, session: null, via: null, reason: runnerReason } : null;
  if (identity.kind === 'failed') return { ...report, decision: 'failed', reason: identity.problem, problems: [identity.problem, identity.fix] };
  if (identity.kind === 'nobody') {
    const strict = (await context.strictBefore())[0];
    if (strict === undefined) return report;
    const runner = await runners();
    if (runner !== null) return runner;
    return blockedOrOverridden(report, `${strict.plan} says \`guard: strict\` and ${strict.active.join(', ')} ${strict.active.length === 1 ? 'is' : 'are'} Active, but the commit names no session`, [], strict.plan);
  }
  const { session, plan } = identity;
  const named: CommitReport = { ...report, session: session.id, via: claim?.via ?? identity.via, plan: plan.path };
  if (plan.unusable.length > 0) {
    return { ...named, decision: 'failed', reason: `${plan.path} cannot be used for ${session.id}'s commits`, problems: planProblems(plan) };
  }
  const changes = context.changesOf();
  const planFiles = await planFileVerdicts(call, session, rules.config?.registry ?? null, changes);
  const violations = attributeOwners(session, findViolations(session, changes, planFiles), owners());
  if (violations.length === 0) return named;
  const runner = await runners();
  if (runner !== null) return runner;
  const what = report.merge ? 'paths the merge authored' : 'paths';
  return blockedOrOverridden(named, `${session.id} changed ${violations.length} ${what} outside its Owns (${plan.path})`, violations.map(pathReport), plan.path);
}
