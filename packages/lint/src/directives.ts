/** An `eslint-disable…` or `eslint-enable` HTML comment of a plan, as ESLint reads them in markdown. */
export interface Directive {
  type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  /** Rule IDs as written (`lanes/owns-required`); empty for every rule. */
  rules: string[];
  line: number;
  column: number;
  endLine: number;
}

const comment = /<!--([\s\S]*?)-->/g;
const directive = /^\s*eslint-(disable-next-line|disable-line|disable|enable)(?:\s+([\s\S]*))?$/;

/** The directives of a plan's HTML comments, outside fenced code blocks. */
export function findDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  if (!text.includes('eslint-')) return out;
  const fenced = fencedRanges(text);
  for (const m of text.matchAll(comment)) {
    const start = m.index;
    if (fenced.some(([a, b]) => start >= a && start < b)) continue;
    const d = directive.exec(m[1]!);
    if (!d) continue;
    const value = (d[2] ?? '').split(/\s--\s/)[0]!.trim();
    const rules = value === '' ? [] : value.split(/[\s,]+/).filter((r) => r !== '');
    const before = text.slice(0, start);
    const line = before.split('\n').length;
    const column = start - before.lastIndexOf('\n');
    const endLine = line + (m[0].split('\n').length - 1);
    out.push({ type: d[1] as Directive['type'], rules, line, column, endLine });
  }
  return out;
}

/** Offsets of fenced code blocks (``` or ~~~), where comments are code, not directives. */
function fencedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*$/gm;
  let open: { start: number; marker: string } | null = null;
  for (const m of text.matchAll(fence)) {
    const marker = m[1]!;
    if (open === null) open = { start: m.index, marker };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && m[0].trim() === marker) {
      ranges.push([open.start, m.index + m[0].length]);
      open = null;
    }
  }
  if (open !== null) ranges.push([open.start, text.length]);
  return ranges;
}

/** Whether a message of `ruleId` at `line`:`column` is turned off by the directives. */
export function isDisabled(directives: readonly Directive[], ruleId: string | null, line: number, column: number): boolean {
  if (ruleId === null) return false;
  const names = (d: Directive): boolean => d.rules.length === 0 || d.rules.includes(ruleId);
  let disabled = false;
  for (const d of directives) {
    if (d.type === 'disable-line' && d.line === line && names(d)) return true;
    if (d.type === 'disable-next-line' && d.endLine + 1 === line && names(d)) return true;
    if ((d.type === 'disable' || d.type === 'enable') && (d.line < line || (d.line === line && d.column <= column)) && names(d)) {
      disabled = d.type === 'disable';
    }
  }
  return disabled;
}
