import type { Point, Span } from './model.ts';

/** Converts 0-based offsets of a text into mdast-style points (1-based line and column). */
export class SourceMap {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** The point at an offset (clamped to the text). */
  point(offset: number): Point {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo]! + 1, offset: at };
  }

  /** The span between two offsets. */
  span(start: number, end: number): Span {
    return { start: this.point(start), end: this.point(end) };
  }

  /** The offset where the line holding `offset` ends (before its newline). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl === -1 ? this.text.length : nl;
  }
}
