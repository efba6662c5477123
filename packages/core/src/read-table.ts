import type { Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Problem, Span } from './model.ts';
import type { SourceMap } from './source-map.ts';

/** One cell of a table: its plain text and its place. */
export interface Cell {
  text: string;
  span: Span;
}

/** A GFM table read into lowercased column names and rows of cells by column. */
export interface TableData {
  columns: string[];
  headerCells: Cell[];
  headerSpan: Span;
  /** Each row's cells by column, and how many cells it has (fewer or more than the header's when it is malformed). */
  rows: { cells: Map<string, Cell>; span: Span; cellCount: number }[];
  span: Span;
}

/** Reads a table, recording a problem for every row whose cell count differs from its header's. */
export function readTable(table: Table, sectionName: string, map: SourceMap, problems: Problem[]): TableData {
  const spanOf = (node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span =>
    map.span(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  // A cell's own span starts at its leading pipe; findings point at its content instead.
  const contentSpan = (cell: TableCell): Span => {
    const first = cell.children[0];
    const last = cell.children[cell.children.length - 1];
    return first && last ? map.span(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0) : spanOf(cell);
  };
  const [head, ...body] = table.children;
  const headerCells: Cell[] = (head?.children ?? []).map((c) => ({ text: toString(c).trim(), span: contentSpan(c) }));
  const columns = headerCells.map((c) => c.text.toLowerCase().replace(/\s+/g, ' '));
  const rows = body.map((row) => {
    const span = spanOf(row);
    if (row.children.length !== columns.length) {
      problems.push({
        code: 'table-row-cells',
        kind: 'cellCount',
        data: { count: row.children.length, table: sectionName, expected: columns.length },
        severity: 'error',
        message: `Unexpected ${row.children.length} ${row.children.length === 1 ? 'cell' : 'cells'} in a row of the \`${sectionName}\` table, expected ${columns.length} as in its header`,
        span,
      });
    }
    const cells = new Map<string, Cell>();
    columns.forEach((name, i) => {
      const cell = row.children[i];
      cells.set(name, cell ? { text: toString(cell).trim(), span: contentSpan(cell) } : { text: '', span: { start: span.end, end: span.end } });
    });
    return { cells, span, cellCount: row.children.length };
  });
  return { columns, headerCells, headerSpan: spanOf(head ?? table), rows, span: spanOf(table) };
}
