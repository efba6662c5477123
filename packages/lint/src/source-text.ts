import type { Span } from '@lanes/core';
import type { Fix } from './types.ts';

/**
 * The place of a table cell's text within its span: mdast's table cells start at their `|` and end before the
 * next one (`| x  `), so the span is narrowed to `x`. Other spans are returned as they are.
 */
export function narrowSpan(span: Span, text: string | null): Span {
  if (text === null || text[span.start.offset] !== '|') return span;
  let start = span.start.offset + 1;
  let end = Math.min(span.end.offset, text.length);
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start += 1;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '|')) end -= 1;
  if (start >= end || text.slice(start, end).includes('\n')) return span;
  return {
    start: { line: span.start.line, column: span.start.column + (start - span.start.offset), offset: start },
    end: { line: span.start.line, column: span.start.column + (end - span.start.offset), offset: end },
  };
}

/** An edit that replaces the text of a value (a table cell's text or a field's value) with `replacement`. */
export function replaceValue(span: Span, text: string | null, replacement: string): Fix | undefined {
  if (text === null) return undefined;
  const narrow = narrowSpan(span, text);
  if (narrow.start.offset >= narrow.end.offset) return undefined;
  return { range: [narrow.start.offset, narrow.end.offset], text: replacement };
}

/** The source text of a span, when the text is known. */
export function sourceOf(span: Span, text: string | null): string | null {
  return text === null ? null : text.slice(span.start.offset, span.end.offset);
}
