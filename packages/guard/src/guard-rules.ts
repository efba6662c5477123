import { writeBlobArgs } from './git-args.ts';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { GuardConfigError, planPathspecs, underPlanPathspecs, type GuardConfig } from './guard-config.ts';
import { activeSessions, resolveIdentity, type Identity, type SessionClaim } from './identity.ts';
import { compilePlans, loadPlan, type LoadedPlan } from './load-plans.ts';
import { cacheListing, findPlanSource, listPlanSources, listPlanSourcesKeyed, planLocationTest, readCachedListing, readConfigAt, type PlanSource, type RulesAt } from './plan-sources.ts';
import type { FileChange } from './raw-diff.ts';
import { callOf, type ListingKey, type RepoState } from './repo-state.ts';
import { runGitBytes, type GitCall } from './run-git.ts';
import { cacheSigningKey } from './signed-cache.ts';

/** The plans a decision is made with, and what went wrong reading them. */
export interface Rules {
  config: GuardConfig | null;
  plans: LoadedPlan[];
  /** The registry file (`lanes.registry`), read like a plan, or null. */
  registry: LoadedPlan | null;
  /** A configuration that could not be read: the guard fails closed for sessions. */
  configProblem: string | null;
}

/** Which plan to read: `--plan` (from the working directory), else `LANES_PLAN` (from the root, or absolute). */
export function explicitPlanPath(state: RepoState, option: string | undefined): string | null {
  const given = option ?? (state.env.LANES_PLAN === '' ? undefined : state.env.LANES_PLAN);
  if (given === undefined) return null;
  const base = option === undefined ? state.top : state.cwd;
  const absolute = isAbsolute(given) ? given : resolve(base, given);
  const path = relative(state.top, absolute).split(sep).join('/');
  if (path === '' || path.startsWith('../') || isAbsolute(path)) {
    throw new GuardConfigError(`the plan ${given} is outside this repository; name a plan file inside it`);
  }
  return path;
}

/**
 * Reads the rules at a commit (or in the index): the configuration, the plans it names (or the one named
 * explicitly), compiled from the cache when it is warm. A file that `changes` adds in a plan location counts
 * as a plan too, since `HEAD` has no version of it yet (contract decision 20).
 */
export async function readRules(
  state: RepoState,
  at: RulesAt,
  planPath: string | null,
  changes: readonly FileChange[] = [],
  listing: ListingKey | null = null,
  cache: 'use' | 'none' = 'use',
): Promise<Rules> {
  const call = { ...callOf(state), top: state.top };
  // The listing at `HEAD` comes from the cache when its key (`parseHeadState`) is known, else from git (and is
  // cached then); a plan named explicitly is looked up in it, and asked of git when it is not there.
  const key = cache === 'use' && 'commit' in at && at.commit === state.head ? listing : null;
  const signing = key === null ? null : cacheSigningKey(state.env);
  let listed = key === null || signing === null ? null : readCachedListing(state.commonDir, key, signing);
  let config: GuardConfig;
  try {
    config = listed?.config ?? readConfigAt(call, at);
  } catch (error) {
    if (error instanceof GuardConfigError) return { config: null, plans: [], registry: null, configProblem: error.message };
    throw error;
  }
  if (listed === null && (planPath === null || key !== null)) {
    try {
      if (key !== null && signing !== null && 'commit' in at) {
        // Cached only under the ids read with the listing itself, at this commit: `HEAD` may have moved between
        // the ids `rev-parse` gave and the listing (then the two keys differ and nothing is cached).
        const keyed = listPlanSourcesKeyed(call, at, config);
        listed = keyed.sources;
        if (keyed.key !== null && JSON.stringify(keyed.key) === JSON.stringify(key)) cacheListing(state.commonDir, key, signing, listed);
      } else listed = listPlanSources(call, at, config);
    } catch (error) {
      if (!(error instanceof GuardConfigError)) throw error;
      // Locations that are not patterns: the plans cannot be listed (a plan named explicitly still can be read).
      if (planPath === null) return { config, plans: [], registry: null, configProblem: error.message };
    }
  }
  let sources: PlanSource[];
  let registrySource: PlanSource | null;
  if (planPath !== null) {
    // On an unborn branch (a first commit, an orphan branch) there is no committed plan to prefer: the
    // index's, else the file the path names.
    const found = listed?.plans.find((p) => p.path === planPath) ?? findPlanSource(call, at, planPath) ?? ('commit' in at ? null : workingTreeSource(call, planPath));
    if (found === null) {
      return {
        config,
        plans: [],
        registry: null,
        configProblem:
          'commit' in at
            ? `the plan ${planPath} is not committed (neither at HEAD nor in the index); commit it, or fix --plan / LANES_PLAN`
            : `the plan ${planPath} is neither in the index nor in the working tree; fix --plan / LANES_PLAN`,
      };
    }
    sources = [found];
    registrySource = config.registry === null ? null : (listed?.registry ?? findPlanSource(call, at, config.registry));
  } else {
    const plans = listed!; // listed above, or returned with the problem
    const isPlan = planLocationTest(config);
    const pathspecs = planPathspecs(config);
    const extra: PlanSource[] = [];
    for (const c of changes) {
      if (c.kind !== 'added' || !c.validUtf8 || !underPlanPathspecs(pathspecs, c.path)) continue; // cheap before the patterns
      if (isPlan(c.path) && !plans.plans.some((p) => p.path === c.path)) extra.push({ path: c.path, blob: c.newOid });
    }
    sources = [...plans.plans, ...extra];
    registrySource = plans.registry;
  }
  const compiled = await compilePlans(call, cache === 'use' ? state.commonDir : null, registrySource === null ? sources : [...sources, registrySource]);
  const loaded = compiled.map(loadPlan);
  return {
    config,
    plans: loaded.slice(0, sources.length),
    registry: registrySource === null ? null : loaded[sources.length]!,
    configProblem: null,
  };
}

/** A plan file of the working tree, written to git's objects so that it is read like a committed one. */
function workingTreeSource(call: GitCall & { top: string }, path: string): PlanSource | null {
  const r = runGitBytes(writeBlobArgs(path), { ...call, cwd: call.top });
  const blob = r.stdout.toString('utf8').trim();
  return r.status === 0 && /^[0-9a-f]{40,64}$/.test(blob) ? { path, blob } : null;
}

/** Who makes the commit: the claim looked up in the plans, or the branch matched against their sessions. */
export function identify(rules: Rules, claim: SessionClaim | null, branch: string | null): Identity {
  if (rules.configProblem !== null) {
    if (claim === null) return { kind: 'nobody' };
    return { kind: 'failed', problem: rules.configProblem, fix: 'fix the configuration (the coordinator commits the fix)' };
  }
  return resolveIdentity(rules.plans, claim, branch);
}

/** The strict plans with `Active` sessions: a commit by nobody is blocked while there are any. */
export function strictActive(rules: Rules): { plan: string; active: string[]; branches: string[] }[] {
  return rules.plans
    .filter((p) => p.strict && p.unusable.length === 0)
    .map((p) => {
      const active = activeSessions(p, rules.registry);
      const branches = active.map((id) => p.sessions.find((s) => s.id === id)?.branch).filter((b): b is string => typeof b === 'string');
      return { plan: p.path, active, branches };
    })
    .filter((s) => s.active.length > 0);
}

/** The problems of a plan as `plans/a.md:12: <message>` lines. */
export function planProblems(plan: LoadedPlan): string[] {
  return plan.unusable.map((u) => `${plan.path}:${u.line}: ${u.message}`);
}
