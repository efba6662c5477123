import { setMatches } from '@lanes/core/patterns';
import { authoredChanges, diffIndex, emptyTree } from './authored-changes.ts';
import { committingSession, type CommitInputs } from './decide-commit.ts';
import { startGuardReads, type GuardReads } from './guard-reads.ts';
import { planPathspecs, underPlanPathspecs } from './guard-config.ts';
import { explicitPlanPath, readRules, type Rules } from './guard-rules.ts';
import { claimedSession } from './identity.ts';
import type { LoadedSession } from './load-plans.ts';
import { overrideLogPath, overrideReason, readCommitter } from './override-log.ts';
import type { RulesAt } from './plan-sources.ts';
import type { FileChange } from './raw-diff.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import { callOf, currentBranch, mergeHeads, parseHeadState, readRepoState, type RepoState } from './repo-state.ts';
import type { GitCall } from './run-git.ts';
import { readWorktreeSession } from './worktree-session.ts';

/** What `lanes guard` is asked: where, in which environment, and the `--plan` and `--session` it was given. */
export interface CommitRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  plan?: string;
  session?: string;
  allPaths?: boolean;
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

/**
 * Every read of the pre-commit check, before anything is decided: git's (the two reads `startGuardReads` runs at
 * once; on a first commit or a merge, the diff that applies instead; the plans' listing and configuration when
 * the cache has none for `HEAD`'s), the files of the git dir (the branch, the worktree's session, `MERGE_HEAD`),
 * the plans (from the signed cache when it is warm) and the environment. Throws `GitFailure` or
 * `GuardConfigError` when the repository or its configuration cannot be read.
 */
export async function readCommit(request: CommitRequest): Promise<{ state: RepoState; inputs: CommitInputs; committer: string | null }> {
  const reads = startGuardReads(request.cwd, request.env);
  try {
    return await readAll(request, reads);
  } catch (error) {
    reads.cancelStaged();
    throw error;
  }
}

async function readAll(request: CommitRequest, reads: GuardReads): Promise<{ state: RepoState; inputs: CommitInputs; committer: string | null }> {
  // An unborn branch, or a read that failed ahead: read again here, so that the message is git's own.
  const head = parseHeadState(request.cwd, request.env, await reads.state, reads.pathspecs);
  const state = head?.state ?? readRepoState(request.cwd, request.env);
  const call = callOf(state);
  const claim = claimedSession(request.session, state.env);
  const worktreeSession = readWorktreeSession(state.gitDir);
  const branch = currentBranch(state);
  const planPath = explicitPlanPath(state, request.plan);
  // A plan that HEAD does not have yet comes from a named session's changes; a commit by nobody (the
  // coordinator's) that adds a plan is not judged by it.
  const named = claim !== null || worktreeSession !== null;
  const others = state.head === null ? [] : mergeHeads(state);
  let staged: CommitInputs['staged'];
  let rules: Rules;
  if (state.head === null || others.length > 0) {
    reads.cancelStaged();
    const changes =
      state.head === null ? diffIndex(call, emptyTree(call)) : authoredChanges(call, [state.head, ...others], (treeish) => diffIndex(call, treeish));
    staged = { changes, merge: others.length > 0, checked: changes.length };
    rules = await readRules(state, state.head === null ? { index: true } : { commit: state.head }, planPath, named ? changes : []);
  } else {
    const at: RulesAt = { commit: state.head };
    const key = head?.key ?? null;
    rules = await readRules(state, at, planPath, [], key);
    // While git still prints the diff, the paths known to be in the session's lane are counted and dropped:
    // every path that is not under a plan location and that its Owns covers.
    const session = committingSession({ claim, worktreeSession, branch, rules });
    const pathspecs = rules.config === null ? [] : planPathspecs(rules.config);
    if (session !== null) reads.dropStaged((path) => !underPlanPathspecs(pathspecs, path) && setMatches(session.set, path));
    const read = await reads.staged;
    const changes = read.changes ?? diffIndex(call, state.head);
    staged = { changes, merge: false, checked: read.changes === null ? changes.length : read.count };
    if (named && changes.some((c) => c.kind === 'added' && c.validUtf8 && underPlanPathspecs(pathspecs, c.path))) rules = await readRules(state, at, planPath, changes, key);
  }
  const partial = { claim, worktreeSession, branch, rules };
  const session = committingSession(partial);
  const reason = overrideReason(state.env);
  return {
    state,
    // Who commits, for the override log: read only when an override may be recorded.
    committer: reason === null ? null : readCommitter(state),
    inputs: {
      ...partial,
      gitDir: state.gitDir,
      overrideLog: overrideLogPath(state),
      head: state.head,
      staged,
      planFiles: session === null ? new Map() : await planFileVerdicts(call, session, rules.config?.registry ?? null, staged.changes),
      overrideReason: reason,
      pathspecVars: state.pathspecVars,
      stagesItself: /\.lock$/.test(state.env.GIT_INDEX_FILE ?? ''),
      allPaths: request.allPaths ?? false,
    },
  };
}
