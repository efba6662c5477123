/** An `eslint-disable…` or `eslint-enable` HTML comment of a plan, as ESLint reads them in markdown. */
export interface Directive {
  type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  /** Rule IDs as written (`lanes/owns-required`); empty for every rule. */
  rules: string[];
  line: number;
  column: number;
  endLine: number;
}

/** An HTML comment of a plan that holds inline configuration (`eslint`, `eslint-disable…`, `eslint-enable`). */
export interface InlineComment {
  /** The text between `<!--` and `-->`, trimmed. */
  value: string;
  /** Offsets of the whole comment, `<!--` to `-->`. */
  range: [number, number];
  /** 1-based line and column of its start, and the line of its end. */
  line: number;
  column: number;
  endLine: number;
}

const comment = /<!--([\s\S]*?)-->/g;
const inlineConfig = /^\s*eslint(?:-enable|-disable(?:-next-line|-line)?)?(?:\s|$)/;
const directive = /^\s*eslint-(disable-next-line|disable-line|disable|enable)(?:\s+([\s\S]*))?$/;

/**
 * The one reader of a plan's inline configuration comments, outside fenced code blocks: `lanes lint`, the
 * ESLint plugin (`getInlineConfigNodes`) and `lanes dispatch` (through `withoutDisabled`) all read them here.
 */
export function findInlineComments(text: string): InlineComment[] {
  const out: InlineComment[] = [];
  if (!text.includes('eslint')) return out;
  const fenced = fencedRanges(text);
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const m of text.matchAll(comment)) {
    const start = m.index;
    if (!inlineConfig.test(m[1]!) || fenced.some(([a, b]) => start >= a && start < b)) continue;
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) {
      line += 1;
      lineStart = i + 1;
    }
    scanned = start;
    out.push({ value: m[1]!.trim(), range: [start, start + m[0].length], line, column: start - lineStart + 1, endLine: line + (m[0].split('\n').length - 1) });
  }
  return out;
}

/** The `eslint-disable…` and `eslint-enable` directives of a plan's comments, outside fenced code blocks. */
export function findDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  for (const c of findInlineComments(text)) {
    const d = directive.exec(c.value);
    if (!d) continue;
    const value = (d[2] ?? '').split(/\s--\s/)[0]!.trim();
    const rules = value === '' ? [] : value.split(/[\s,]+/).filter((r) => r !== '');
    out.push({ type: d[1] as Directive['type'], rules, line: c.line, column: c.column, endLine: c.endLine });
  }
  return out;
}

/**
 * The findings of `lintPlan` that the plan's `eslint-disable` comments leave on, as `lanes lint` reports them
 * (rule IDs `lanes/<id>` in the comments): what `lanes dispatch` should judge a plan by.
 */
export function withoutDisabled<F extends { ruleId: string | null; line: number; column: number }>(findings: readonly F[], text: string): F[] {
  const directives = findDirectives(text);
  if (directives.length === 0) return [...findings];
  return findings.filter((f) => !isDisabled(directives, f.ruleId === null ? null : `lanes/${f.ruleId}`, f.line, f.column));
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
