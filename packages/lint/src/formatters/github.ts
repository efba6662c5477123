import type { FileResult } from '../engine/types.ts';

// GitHub workflow commands: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`. The
// message escapes `%`, CR and LF; property values also `:` and `,`.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations, one line per message. */
export function formatGithub(results: readonly FileResult[], displayPath: (path: string) => string): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = escapeProperty(displayPath(result.filePath));
    for (const m of result.messages) {
      const props = [`file=${file}`, `line=${m.line}`, `col=${m.column}`, `endLine=${m.endLine}`, `endColumn=${m.endColumn}`, `title=${escapeProperty(m.ruleId ?? 'lanes')}`];
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${props.join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
