import type { FileResult } from '../engine/types.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** ESLint's `stylish` layout: each file with its messages, then a summary; nothing when all is clean. */
export function formatStylish(results: readonly FileResult[], displayPath: (path: string) => string): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    if (result.messages.length === 0) continue;
    out.push('', displayPath(result.filePath));
    const rows = result.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', m.message, m.ruleId ?? '']);
    const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows) out.push(`  ${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!}  ${r[3]!}`.trimEnd());
  }
  const total = errors + warnings;
  if (total === 0) return '';
  out.push('', `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`);
  if (fixableErrors + fixableWarnings > 0) {
    out.push(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`);
  }
  return `${out.join('\n')}\n`;
}
