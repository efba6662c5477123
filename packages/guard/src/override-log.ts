import { committerArgs } from './git-args.ts';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoState } from './repo-state.ts';
import { callOf } from './repo-state.ts';
import { runGitBytes } from './run-git.ts';

/** One line of the audit log `lanes/overrides.jsonl` under the git common dir. */
export interface OverrideEntry {
  time: string;
  /** `Name <email>` of the committer, from git. */
  who: string;
  session: string | null;
  branch: string | null;
  head: string | null;
  plan: string | null;
  reason: string;
  /** What the override let through: `rules` (paths outside the lane) or `strict` (a commit by nobody). */
  lifted: 'rules' | 'strict';
  paths: string[];
  /** How many paths were left out of `paths` to keep the line short. */
  morePaths: number;
}

const loggedPaths = 1000;

/** The reason of `LANES_OVERRIDE` on one line, or null when it is unset or blank. */
export function overrideReason(env: NodeJS.ProcessEnv): string | null {
  const reason = env.LANES_OVERRIDE?.replace(/\s+/g, ' ').trim();
  return reason === undefined || reason === '' ? null : reason;
}

/** The audit log's path. */
export function overrideLogPath(state: Pick<RepoState, 'commonDir'>): string {
  return join(state.commonDir, 'lanes', 'overrides.jsonl');
}

function pendingFile(state: Pick<RepoState, 'gitDir'>): string {
  return join(state.gitDir, 'lanes', 'override-pending.json');
}

/** `Name <email>` of the committer, as git has it: read with the rest of the commit (`readCommit`), for the log. */
export function readCommitter(state: RepoState): string {
  const r = runGitBytes(committerArgs, callOf(state));
  // "Name <email> 1700000000 +0000": keep who, drop when.
  return r.status === 0 ? r.stdout.toString('utf8').trim().replace(/\s+\d+\s+[+-]\d{4}$/, '') : 'unknown';
}

/** Appends the override to the audit log and leaves the reason for the `Lanes-Override:` trailer. */
export function recordOverride(state: Pick<RepoState, 'commonDir' | 'gitDir'>, who: string, entry: Omit<OverrideEntry, 'time' | 'who' | 'morePaths'>): string {
  const full: OverrideEntry = {
    time: new Date().toISOString(),
    who,
    ...entry,
    paths: entry.paths.slice(0, loggedPaths),
    morePaths: Math.max(0, entry.paths.length - loggedPaths),
  };
  const log = overrideLogPath(state);
  mkdirSync(join(log, '..'), { recursive: true });
  appendFileSync(log, `${JSON.stringify(full)}\n`);
  mkdirSync(join(pendingFile(state), '..'), { recursive: true });
  writeFileSync(pendingFile(state), JSON.stringify({ reason: entry.reason }));
  return log;
}

/** Forgets an override left by an earlier commit attempt (run before each decision). */
export function clearPendingOverride(state: Pick<RepoState, 'gitDir'>): void {
  rmSync(pendingFile(state), { force: true });
}

/** The reason of the override the pre-commit hook recorded for this commit, when `LANES_OVERRIDE` still says it. */
export function pendingOverride(state: Pick<RepoState, 'gitDir' | 'env'>): string | null {
  const reason = overrideReason(state.env);
  if (reason === null) return null;
  try {
    const pending = JSON.parse(readFileSync(pendingFile(state), 'utf8')) as { reason?: unknown };
    return pending.reason === reason ? reason : null;
  } catch {
    return null;
  }
}
