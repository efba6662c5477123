import { listedPaths, type GuardReport, type PathReport } from './guard-report.ts';
import type { PatternOwner, Violation } from './judge-changes.ts';
import { objectNote, type ChangeKind } from './raw-diff.ts';
import { displayPath, shellQuote } from './quote-path.ts';

/** The report line of a violation. */
export function pathReport(v: Violation): PathReport {
  const note = objectNote(v.change);
  return {
    path: v.change.bytes === null ? v.change.path : displayPath(v.change).slice(1, -1),
    validUtf8: v.change.validUtf8,
    change: v.change.kind,
    object: note === 'symlink' || note === 'submodule' ? note : null,
    owner: v.owner,
    excludedBy: v.excludedBy,
    note: v.note,
  };
}

/** "owned by S-B (plans/a.md:40 `src/b/**`)". */
export function describeOwner(owner: PatternOwner): string {
  return `${owner.session} (${owner.plan}:${owner.line} \`${owner.pattern}\`)`;
}

const changeWords: Record<ChangeKind, string> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  'type-changed': 'type changed',
  'mode-changed': 'mode changed',
  unmerged: 'unmerged',
  'conflict-resolved': 'conflict resolved',
};

/** How a path's change reads in a message: `added`, `deleted (symlink)`. */
export function changeLabel(change: ChangeKind, object: string | null): string {
  return object === null ? changeWords[change] : `${changeWords[change]} (${object})`;
}

/** Why one path is refused, for the text message. */
export function pathReason(p: PathReport): string {
  if (p.note !== null) return p.note;
  const owner = p.owner === null ? 'owned by no session' : `owned by ${describeOwner(p.owner)}`;
  return p.excludedBy === null ? owner : `${owner}; your Owns excludes it (${p.excludedBy.plan}:${p.excludedBy.line} \`${p.excludedBy.pattern}\`)`;
}

/** The listed lines of a set of paths, at most `listedPaths`, then "and N more". */
export function pathLines(paths: readonly PathReport[], indent = '  ', total = paths.length): string[] {
  const width = Math.max(...paths.slice(0, listedPaths).map((p) => changeLabel(p.change, p.object).length));
  const lines = paths
    .slice(0, listedPaths)
    .map((p) => `${indent}${changeLabel(p.change, p.object).padEnd(width)}  ${p.validUtf8 ? displayPath({ path: p.path, bytes: null }) : `"${p.path}"`}  ${pathReason(p)}`);
  if (total > listedPaths) lines.push(`${indent}and ${total - listedPaths} more`);
  return lines;
}

/**
 * `git restore --staged -- <paths>` for the first `listedPaths` violations; with `GIT_ICASE_PATHSPECS` (or the
 * glob settings) in the user's environment, turned off for that command, so that it unstages those paths only.
 */
export function restoreCommand(violations: readonly Violation[], pathspecVars: readonly string[] = []): string {
  const shown = violations.slice(0, listedPaths).map((v) => shellQuote(v.change));
  const more = violations.length > listedPaths ? `  # and ${violations.length - listedPaths} more: lanes guard --json lists them all` : '';
  const off = pathspecVars.map((name) => `${name}=0 `).join('');
  return `${off}git restore --staged -- ${shown.join(' ')}${more}`;
}

/** The report as plain text, for stderr: empty when an allowed commit has nothing to say. */
export function formatGuardText(report: GuardReport): string {
  const lines: string[] = [];
  for (const warning of report.warnings) lines.push(`lanes guard: warning: ${warning}`);
  if (report.decision === 'allowed' && report.override === null) return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  lines.push(`lanes guard: ${report.reason}`);
  lines.push(...pathLines(report.paths, '  ', report.pathCount));
  for (const problem of report.problems.slice(0, listedPaths)) lines.push(`  ${problem}`);
  if (report.problems.length > listedPaths) lines.push(`  and ${report.problems.length - listedPaths} more`);
  if (report.fix.length > 0) {
    lines.push('To fix:');
    // A step is one line, or a line and its command; only that first break is indented, since a path in
    // the command may hold a newline of its own.
    for (const step of report.fix) lines.push(`  ${step.replace('\n', '\n  ')}`);
  }
  return `${lines.join('\n')}\n`;
}
