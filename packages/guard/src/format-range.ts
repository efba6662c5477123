import type { CommitReport, RangeReport } from './check-range.ts';
import { pathLines, pathReason } from './format-guard-report.ts';
import { listedPaths } from './guard-report.ts';

function who(c: CommitReport): string {
  if (c.session === null) return 'no session';
  return `${c.session} (${c.via === 'trailer' ? 'trailer' : c.via === 'option' ? '--session' : c.via === 'branch' ? 'branch' : '?'})`;
}

/** The range report as plain text: one line per commit, the paths of each blocked one, a summary. */
export function formatRangeText(report: RangeReport, allowOverrides: boolean): string {
  const lines = [`lanes check ${report.range}: ${report.commits.length} commit(s), rules from ${report.plans.join(', ') || 'no plan'} at ${report.base.slice(0, 12)}`];
  for (const c of report.commits) {
    lines.push(`  ${c.commit.slice(0, 12)}  ${c.decision.padEnd(10)}  ${who(c)}  ${c.subject}`);
    if (c.decision !== 'allowed') lines.push(`      ${c.reason}`);
    if (c.override !== null) lines.push(`      Lanes-Override: ${c.override}`);
    lines.push(...pathLines(c.paths, '      '));
    for (const p of c.problems) lines.push(`      ${p}`);
  }
  const summary = [`${report.blocked} blocked`, `${report.overrides} overridden`, `${report.failed} failed`].join(', ');
  lines.push(summary);
  if (report.overrides > 0 && !allowOverrides) lines.push('overrides fail the check; pass --allow-overrides to accept them');
  return `${lines.join('\n')}\n`;
}

// GitHub workflow commands: `::error file=<path>,title=<title>::<message>`; data escapes %, CR and LF,
// properties also `:` and `,`.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The range report as GitHub Actions annotations, one per refused path (at most `listedPaths` per commit). */
export function formatRangeGithub(report: RangeReport, allowOverrides: boolean): string {
  const lines: string[] = [];
  for (const c of report.commits) {
    const title = escapeProperty(`lanes: ${c.commit.slice(0, 12)} by ${who(c)}`);
    if (c.decision === 'failed') lines.push(`::error title=${title}::${escapeData(`${c.reason}: ${c.problems.join('; ')}`)}`);
    if (c.decision === 'blocked' && c.paths.length === 0) lines.push(`::error title=${title}::${escapeData(c.reason)}`);
    if (c.decision === 'blocked') {
      for (const p of c.paths.slice(0, listedPaths)) {
        lines.push(`::error file=${escapeProperty(p.path)},title=${title}::${escapeData(`${p.change} ${p.path}: ${pathReason(p)}`)}`);
      }
      if (c.paths.length > listedPaths) lines.push(`::error title=${title}::${escapeData(`and ${c.paths.length - listedPaths} more paths`)}`);
    }
    if (c.override !== null) {
      lines.push(`::${allowOverrides ? 'warning' : 'error'} title=${title}::${escapeData(`Lanes-Override: ${c.override}${c.paths.length > 0 ? ` (${c.paths.length} paths outside the lane)` : ''}`)}`);
    }
  }
  lines.push(`lanes check ${report.range}: ${report.commits.length} commit(s), ${report.blocked} blocked, ${report.overrides} overridden, ${report.failed} failed`);
  return `${lines.join('\n')}\n`;
}
