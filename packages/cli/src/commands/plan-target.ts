import { findPlanFiles, planPathFromRoot, readConfig, repoRoot } from '@lanes/repo';
import { UsageError, type Io } from '../io.ts';

// What the commands that act on one plan (dispatch, status, stop) share: the repository, the plan, and how
// this process calls `lanes` again.

/** How this process calls `lanes` again (for the Claude Code hook and `--attach`): node and the bin shim. */
export function lanesCommand(): string[] {
  return [process.execPath, process.argv[1] ?? 'lanes'];
}

/** The repository root of the working directory; a usage error outside a git repository. */
export function rootOf(io: Io): string {
  try {
    return repoRoot(io.cwd);
  } catch {
    throw new UsageError(`${io.cwd} is not in a git repository; run lanes inside the repository that holds the plan`);
  }
}

/** The plan to act on, from the repository root: the argument, else `LANES_PLAN`, else the one plan the configured locations find. */
export function resolvePlanPath(io: Io, root: string, given: string | undefined): string {
  if (given !== undefined) return planPathFromRoot(root, given, io.cwd);
  const fromEnv = io.env.LANES_PLAN;
  if (fromEnv !== undefined && fromEnv !== '') return planPathFromRoot(root, fromEnv, root);
  const plans = findPlanFiles(root, readConfig(root));
  if (plans.length === 1) return plans[0]!;
  if (plans.length === 0) throw new UsageError('no plan found under the configured locations (lanes.plans, default plans/**/*.md); name one: lanes dispatch <plan>');
  throw new UsageError(`${plans.length} plans found (${plans.join(', ')}); name one: lanes dispatch <plan>`);
}
