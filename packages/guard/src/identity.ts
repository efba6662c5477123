import type { LoadedPlan, LoadedSession } from './load-plans.ts';

/** How the committing session was named. */
export type IdentitySource = 'option' | 'env' | 'branch' | 'trailer' | 'worktree' | 'stamp';

/** A session named by `--session`, `LANES_SESSION` or a `Lanes-Session` trailer, before it is looked up. */
export interface SessionClaim {
  id: string;
  via: IdentitySource;
}

/** Who makes a commit, once looked up in the plans. */
export type Identity =
  | { kind: 'session'; session: LoadedSession; plan: LoadedPlan; via: IdentitySource }
  | { kind: 'nobody' }
  | { kind: 'failed'; problem: string; fix: string };

/** The form of a session ID (contract §2); anything else, a newline included, is refused. */
export const sessionIdForm = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The session named by `--session`, else `LANES_SESSION` (empty counts as unset). */
export function claimedSession(option: string | undefined, env: NodeJS.ProcessEnv): SessionClaim | null {
  if (option !== undefined && option !== '') return { id: option, via: 'option' };
  const fromEnv = env.LANES_SESSION;
  if (fromEnv !== undefined && fromEnv !== '') return { id: fromEnv, via: 'env' };
  return null;
}

/** The session of the worktree (the runner's `lanes-session` file) against the claimed one. */
export type WorktreeClaim = { kind: 'claim'; claim: SessionClaim | null } | { kind: 'conflict'; worktree: string; claim: SessionClaim };

/**
 * Provenance over claim: in a worktree the runner gave a session, that session makes the commit; a claim of
 * another session there is a conflict. Without the file, the claim stands.
 */
export function claimInWorktree(claim: SessionClaim | null, worktree: string | null): WorktreeClaim {
  if (worktree === null) return { kind: 'claim', claim };
  if (claim !== null && claim.id !== worktree) return { kind: 'conflict', worktree, claim };
  return { kind: 'claim', claim: { id: worktree, via: 'worktree' } };
}

/** How a claim's source reads in a message. */
export function claimSourceName(via: IdentitySource): string {
  return via === 'env' ? 'LANES_SESSION' : via === 'option' ? '--session' : via === 'worktree' ? "the worktree's lanes-session file" : via === 'branch' ? 'the branch' : via === 'stamp' ? 'the Lanes-Stamp' : 'the Lanes-Session trailer';
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

function whereDeclared(plans: readonly LoadedPlan[]): string {
  if (plans.length === 0) return 'no plan was found';
  return plans.map((p) => `${p.path} declares ${list(p.sessions.map((s) => s.id))}`).join('; ');
}

/**
 * Looks a claimed session up in the plans, or finds the session whose `Branch` is the branch; nobody when
 * neither names one. A session in two plans, or a branch of two sessions, is an error.
 */
export function resolveIdentity(plans: readonly LoadedPlan[], claim: SessionClaim | null, branch: string | null): Identity {
  if (claim !== null) {
    const named = claimSourceName(claim.via);
    if (!sessionIdForm.test(claim.id)) {
      return {
        kind: 'failed',
        problem: `${named} is ${JSON.stringify(claim.id)}, which is not a session ID`,
        fix: 'set it to the ID of a session of the plan, such as S-A',
      };
    }
    const found = plans.flatMap((plan) => plan.sessions.filter((s) => s.id === claim.id).map((session) => ({ plan, session })));
    if (found.length === 0) {
      const broken = plans.filter((p) => p.unusable.length > 0).map((p) => p.path);
      return {
        kind: 'failed',
        problem: `session ${claim.id} (from ${named}) is not in the plan: ${whereDeclared(plans)}${broken.length > 0 ? `; ${broken.join(', ')} cannot be read` : ''}`,
        fix: `set ${named} to the session you are, or ask the coordinator to add ${claim.id} to the plan and commit it`,
      };
    }
    if (found.length > 1) {
      return {
        kind: 'failed',
        problem: `session ${claim.id} is declared by ${found.map((f) => f.plan.path).join(' and ')}; a session belongs to one plan`,
        fix: 'name the plan with --plan or LANES_PLAN, or ask the coordinator to rename one of the sessions',
      };
    }
    return { kind: 'session', session: found[0]!.session, plan: found[0]!.plan, via: claim.via };
  }
  if (branch === null) return { kind: 'nobody' };
  const found = plans.flatMap((plan) => plan.sessions.filter((s) => s.branch === branch).map((session) => ({ plan, session })));
  if (found.length === 0) return { kind: 'nobody' };
  if (found.length > 1) {
    return {
      kind: 'failed',
      problem: `branch ${branch} is the Branch of ${found.map((f) => `${f.session.id} (${f.plan.path})`).join(' and ')}`,
      fix: 'name the session with LANES_SESSION, or ask the coordinator to give each session its own branch',
    };
  }
  return { kind: 'session', session: found[0]!.session, plan: found[0]!.plan, via: 'branch' };
}

/** The sessions whose status is `Active` in a plan, from its own registry or from the registry file's rows. */
export function activeSessions(plan: LoadedPlan, registry: LoadedPlan | null): string[] {
  const base = (path: string): string => path.split('/').pop() ?? path;
  return plan.sessions
    .filter((s) => {
      if (s.status === 'Active') return true;
      const row = registry?.registryRows.find((r) => r.session === s.id && (r.planFile === null || base(r.planFile) === base(plan.path)));
      return row?.status === 'Active';
    })
    .map((s) => s.id);
}
