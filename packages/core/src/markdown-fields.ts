import type { Paragraph, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { PatternRef, Span } from './model.ts';
import type { SourceMap } from './source-map.ts';
import { isEmptyValue } from './values.ts';

/** A `**Field:** value` found at the start of a line of a paragraph. */
export interface MarkdownField {
  /** Field name as written, without the colon (`Est. Cost`). */
  name: string;
  nameSpan: Span;
  /** Offsets of the value's source, from after the colon to the end of its line. */
  start: number;
  end: number;
  /** The value's markdown source, trimmed. */
  raw: string;
  span: Span;
}

const fieldName = /^([A-Za-z][A-Za-z0-9 .'/-]*?)\s*(:?)$/;

/**
 * The fields of a paragraph: each strong text ending in a colon that starts a line, as in
 * `**Parent issue:** [SHOP-120](url)` or `- **Owns:** \`src/**\``.
 */
export function paragraphFields(paragraph: Paragraph, map: SourceMap): MarkdownField[] {
  const out: MarkdownField[] = [];
  const end = paragraph.position?.end.offset ?? 0;
  paragraph.children.forEach((child, i) => {
    if (child.type !== 'strong' || !startsLine(paragraph.children, i)) return;
    const m = fieldName.exec(toString(child).trim());
    const strongEnd = child.position?.end.offset;
    if (!m || strongEnd === undefined) return;
    let start = strongEnd;
    if (m[2] !== ':') {
      // `**Field**: value`: the colon stands outside the strong text.
      if (map.text[start] !== ':') return;
      start += 1;
    }
    const stop = Math.min(map.lineEnd(start), end);
    const slice = map.text.slice(start, stop);
    const lead = slice.length - slice.trimStart().length;
    const raw = slice.trim();
    out.push({
      name: m[1]!,
      nameSpan: map.span(child.position!.start.offset!, strongEnd),
      start,
      end: stop,
      raw,
      span: map.span(start + lead, start + lead + raw.length),
    });
  });
  return out;
}

function startsLine(children: PhrasingContent[], i: number): boolean {
  if (i === 0) return true;
  const prev = children[i - 1]!;
  if (prev.type === 'break') return true;
  return prev.type === 'text' && /\n[ \t]*$/.test(prev.value);
}

/**
 * Splits the markdown source of an `Owns`/`Reads` value into patterns: inline code spans, or bare text
 * between commas (kept as written in the source, so `*` survives, and marked `inCode: false`).
 */
export function splitPatterns(map: SourceMap, start: number, end: number): PatternRef[] {
  const src = map.text.slice(start, end);
  const out: PatternRef[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ',' || /\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '`') {
      let ticks = 0;
      while (src[i + ticks] === '`') ticks += 1;
      const fence = '`'.repeat(ticks);
      const close = src.indexOf(fence, i + ticks);
      if (close !== -1) {
        const inner = src.slice(i + ticks, close);
        const lead = inner.length - inner.trimStart().length;
        const text = inner.trim();
        if (text !== '') {
          const at = start + i + ticks + lead;
          out.push({ text, span: map.span(at, at + text.length), inCode: true });
        }
        i = close + ticks;
        // Anything after the code span up to the next comma is a remark, such as `(generated)`.
        const comma = src.indexOf(',', i);
        i = comma === -1 ? src.length : comma + 1;
        continue;
      }
    }
    const comma = src.indexOf(',', i);
    const stop = comma === -1 ? src.length : comma;
    const text = src.slice(i, stop).trim();
    if (text !== '' && !isEmptyValue(text)) {
      out.push({ text, span: map.span(start + i, start + i + text.length), inCode: false });
    }
    i = stop + 1;
  }
  return out;
}
