import {
  createPatternSet,
  explainPath,
  findOverlap,
  planBatches,
  setCovers,
  setMatches,
  type OwnershipPattern,
  type PatternRef,
  type PatternSet,
  type Plan,
  type Session,
} from '@lanes/core';
import type { PlanRule, Report, RuleContext } from '../types.ts';
import { compilePatterns } from '../plan-facts.ts';

/** Why a session owns shared infrastructure: the `Owns` line, and the file at `base` it matches, if that is why. */
interface SharedClaim {
  ref: PatternRef;
  file: string | null;
}

const sharedFiles = new WeakMap<readonly string[], WeakMap<Plan, string[]>>();

function sharedFilesAtBase(plan: Plan, files: readonly string[]): string[] {
  let byPlan = sharedFiles.get(files);
  if (byPlan === undefined) {
    byPlan = new WeakMap();
    sharedFiles.set(files, byPlan);
  }
  let found = byPlan.get(plan);
  if (found === undefined) {
    const infra = compilePatterns(plan.frontMatter.sharedInfra).set;
    found = files.filter((f) => setMatches(infra, f));
    byPlan.set(plan, found);
  }
  return found;
}

// `setCovers` walks the patterns' product automaton; most patterns share no path with `shared-infra` at all,
// which the indexed `findOverlap` rules out cheaply. Answers are kept by the sources involved, since plans of
// one repository repeat both their `shared-infra` and many of their patterns.
const covered = new Map<string, boolean>();

function liesUnder(infra: PatternSet, pattern: OwnershipPattern): boolean {
  const key = `${infra.patterns.map((p) => p.source).join('\0')}\0\0${pattern.source}`;
  let answer = covered.get(key);
  if (answer === undefined) {
    answer = findOverlap(infra, createPatternSet([pattern])) !== null && setCovers(infra, pattern);
    if (covered.size > 10_000) covered.clear();
    covered.set(key, answer);
  }
  return answer;
}

/** The first reason the session owns shared infrastructure (contract §4), or null. */
function sharedClaim(plan: Plan, session: Session, context: RuleContext): SharedClaim | null {
  const infra = compilePatterns(plan.frontMatter.sharedInfra).set;
  const owns = compilePatterns(session.owns);
  for (let i = 0; i < owns.refs.length; i += 1) {
    const pattern = owns.set.patterns[i]!;
    if (!pattern.negated && liesUnder(infra, pattern)) return { ref: owns.refs[i]!, file: null };
  }
  if (context.filesAtBase === null) return null;
  for (const file of sharedFilesAtBase(plan, context.filesAtBase)) {
    const line = explainPath(owns.set, file);
    if (line?.owned === true) return { ref: owns.refs[line.index]!, file };
  }
  return null;
}

/** `single-shared-infra-owner`: at most one session of a batch owns shared infrastructure. */
const rule: PlanRule = {
  id: 'single-shared-infra-owner',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow more than one session of a batch owning shared infrastructure (`shared-infra`)',
    rationale:
      'Lock files, CI workflows and migrations are changed by many kinds of work and merge badly; two sessions of one batch changing them conflict even when their own paths do not. A session owns shared infrastructure when one of its patterns lies wholly under `shared-infra`, or matches a file under it that exists at `base` (contract §4).',
    group: 'batches',
    messages: {
      secondOwner:
        'Unexpected second owner of shared infrastructure in batch {{batch}}: {{session}} owns `{{pattern}}` ({{why}}) and {{first}} owns `{{firstPattern}}` ({{firstWhy}}); at most one session of a batch may own shared infrastructure: make them sequential',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    if (plan.frontMatter.sharedInfra.length === 0) return reports;
    const why = (claim: SharedClaim): string => (claim.file === null ? 'wholly under `shared-infra`' : `matches \`${claim.file}\` at ${plan.frontMatter.base}`);
    for (const batch of planBatches(plan)) {
      if (batch.sessions.length < 2) continue;
      let first: { session: Session; claim: SharedClaim } | null = null;
      for (const session of batch.sessions) {
        const claim = sharedClaim(plan, session, context);
        if (claim === null) continue;
        if (first === null) {
          first = { session, claim };
          continue;
        }
        reports.push({
          messageId: 'secondOwner',
          data: {
            batch: batch.number,
            session: session.id,
            pattern: claim.ref.text,
            why: why(claim),
            first: first.session.id,
            firstPattern: first.claim.ref.text,
            firstWhy: why(first.claim),
          },
          span: claim.ref.span,
        });
      }
    }
    return reports;
  },
};

export default rule;
