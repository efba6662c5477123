import { decideCommit, failedReport } from './decide-commit.ts';
import { GuardConfigError } from './guard-config.ts';
import { appendGuardRecord } from './guard-record.ts';
import type { GuardReport } from './guard-report.ts';
import { claimedSession } from './identity.ts';
import { clearPendingOverride, recordOverride } from './override-log.ts';
import { readCommit, type CommitRequest } from './read-commit.ts';
import { GitFailure } from './run-git.ts';

/** Options of `runGuard`, the pre-commit check. */
export interface GuardOptions extends CommitRequest {
  /** Where the commit is made (the hook runs at the top of the working tree). */
  cwd: string;
  /** The environment: `LANES_SESSION`, `LANES_PLAN`, `LANES_OVERRIDE`, and git's own (`GIT_INDEX_FILE`). */
  env: NodeJS.ProcessEnv;
  /** `--plan`: a plan file, from `cwd`. */
  plan?: string;
  /** `--session`: the committing session (before `LANES_SESSION` and the branch). */
  session?: string;
  /** Give the owner of every refused path (`--json`), not only of the first `listedPaths`. */
  allPaths?: boolean;
}

/** Leaves a record of a blocked commit where the dispatch runner reads it; one that cannot be written changes no decision. */
function recordRefusal(commonDir: string, report: GuardReport): void {
  try {
    const paths = report.paths.map((p) => ({ path: p.path, owner: p.owner?.session ?? null }));
    appendGuardRecord(commonDir, { kind: 'blocked-commit', session: report.session, paths, time: new Date().toISOString(), reason: report.reason });
  } catch {
    // a read-only git dir: the block itself stands
  }
}

/**
 * Checks the commit being made against the plan's lanes (contract §5): reads everything (`readCommit`),
 * decides (`decideCommit`, pure), then writes what the decision says (the override log, the record of a
 * blocked commit that the dispatch runner reads). Never throws,
 * never exits: what cannot be read blocks the commit (exit 2).
 */
export async function runGuard(options: GuardOptions): Promise<GuardReport> {
  try {
    const { state, inputs, committer } = await readCommit(options);
    clearPendingOverride(state);
    const { report, record } = decideCommit(inputs);
    if (record !== null) recordOverride(state, committer ?? 'unknown', record);
    if (report.exitCode !== 0) recordRefusal(state.commonDir, report);
    return report;
  } catch (error) {
    const claim = claimedSession(options.session, options.env);
    if (error instanceof GitFailure) return failedReport(claim, error.message, [], ['fix what git reports, then commit again']);
    if (error instanceof GuardConfigError) return failedReport(claim, error.message, [], ['fix the configuration, then commit again']);
    const err = error instanceof Error ? error : new Error(String(error));
    return failedReport(claim, `internal error: ${err.message}`, (err.stack ?? '').split('\n').slice(1, 8), ['report this as a bug in lanes, with the message above']);
  }
}
