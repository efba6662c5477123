import type { IdentitySource } from './identity.ts';
import type { PatternOwner } from './judge-changes.ts';
import type { ChangeKind } from './raw-diff.ts';

/** At most this many paths are listed in a message (contract decision 27). */
export const listedPaths = 20;

/** One path of a report: what the commit does to it and who owns it. */
export interface PathReport {
  /** The path (NFC); a name that is not valid UTF-8 has its bytes beyond ASCII written `\\ooo`, as git quotes them. */
  path: string;
  validUtf8: boolean;
  change: ChangeKind;
  /** `symlink` or `submodule` when the path is one. */
  object: 'symlink' | 'submodule' | null;
  /** The session and pattern line that own it, or null when no session does. */
  owner: PatternOwner | null;
  /** The committing session's own `!pattern` that excludes it, when one does. */
  excludedBy: PatternOwner | null;
  /** Why, when it is not plain ownership. */
  note: string | null;
}

/** What the guard decided about a commit (the `--json` output). */
export interface GuardReport {
  decision: 'allowed' | 'blocked' | 'failed';
  /** 0 allowed, 1 blocked by the rules, 2 failed closed (contract decision 22). */
  exitCode: 0 | 1 | 2;
  session: string | null;
  via: IdentitySource | null;
  branch: string | null;
  /** The plan the decision comes from. */
  plan: string | null;
  merge: boolean;
  /** How many paths the commit changes (what a merge authored, for a merge). */
  checked: number;
  /** One line: what was decided and why. */
  reason: string;
  /** How many paths block the commit (or were let through by an override). */
  pathCount: number;
  /** Those paths: the first `listedPaths` of them, or all with `--json`. */
  paths: PathReport[];
  /** What makes the guard fail closed: `plans/a.md:12: <message>`. */
  problems: string[];
  warnings: string[];
  /** What to do, one step per entry. */
  fix: string[];
  override: { reason: string; log: string } | null;
}
