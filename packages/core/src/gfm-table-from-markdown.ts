// The from-markdown half of mdast-util-gfm-table 2.0.1 (MIT, Titus Wormer), lib/index.js, carried here so
// that parsing tables does not load its to-markdown half: the package's index imports
// mdast-util-to-markdown, markdown-table and unist-util-visit (about 60 modules, 35–55 ms of a cold start)
// for serializing, which we never do. The handlers build the same nodes, in the same key order, as 2.0.1.
import type { CompileContext, Extension, Token } from 'mdast-util-from-markdown';

declare module 'mdast-util-from-markdown' {
  interface CompileData {
    /** Whether we are inside a table, so that `\|` in inline code is unescaped. */
    inTable?: boolean | undefined;
  }
}

/** The from-markdown extension for GFM tables, the counterpart of micromark-extension-gfm-table's `gfmTable()`. */
export function gfmTableFromMarkdown(): Extension {
  return {
    enter: { table: enterTable, tableData: enterCell, tableHeader: enterCell, tableRow: enterRow },
    exit: { codeText: exitCodeText, table: exitTable, tableData: exit, tableHeader: exit, tableRow: exit },
  };
}

function enterTable(this: CompileContext, token: Token): undefined {
  // micromark-extension-gfm-table sets `_align` on every `table` token it makes.
  const align = token._align;
  if (align === undefined) throw new Error('Expected `_align` on a `table` token from micromark-extension-gfm-table');
  // `position: undefined` is kept from 2.0.1: `enter()` fills in a field that already exists.
  this.enter({ type: 'table', align: align.map((d) => (d === 'none' ? null : d)), children: [], position: undefined }, token);
  this.data.inTable = true;
}

function exitTable(this: CompileContext, token: Token): undefined {
  this.exit(token);
  this.data.inTable = undefined;
}

function enterRow(this: CompileContext, token: Token): undefined {
  this.enter({ type: 'tableRow', children: [], position: undefined }, token);
}

function enterCell(this: CompileContext, token: Token): undefined {
  this.enter({ type: 'tableCell', children: [], position: undefined }, token);
}

function exit(this: CompileContext, token: Token): undefined {
  this.exit(token);
}

// Replaces the default codeText exit: in a table, `\|` in inline code is a pipe, as on GitHub, while `\\`
// stays two backslashes (it cannot escape a pipe): `a\|b` → `a|b`, `a\\\|b` → `a\\|b`.
function exitCodeText(this: CompileContext, token: Token): undefined {
  let value = this.resume();
  if (this.data.inTable) value = value.replace(/\\([\\|])/g, unescapePipe);
  const node = this.stack[this.stack.length - 1];
  if (node?.type !== 'inlineCode') throw new Error(`Expected an \`inlineCode\` node on the stack, found \`${node?.type ?? 'nothing'}\``);
  node.value = value;
  this.exit(token);
}

function unescapePipe(match: string, char: string): string {
  return char === '|' ? char : match;
}
