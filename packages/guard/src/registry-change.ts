import { parsePlan } from '@lanes/core';

/** The lines of a plan without its `Session Registry` table (header to last row), and whether it had one. */
function outsideRegistry(text: string, path: string): { lines: string[]; table: boolean } {
  const registry = parsePlan(text, { path }).registry;
  const lines = text.split('\n');
  if (registry === null) return { lines, table: false };
  const { start, end } = registry.span;
  return { lines: lines.filter((_, i) => i + 1 < start.line || i + 1 > end.line), table: true };
}

/**
 * Why a change to a plan file (or the registry file) is more than its `Session Registry` rows, or null when
 * the two texts differ only inside that table (rows updated or added, columns added), or by a table the
 * runner appended under a `## Session Registry` heading. The dispatch runner's registry commits are
 * accepted by this, on their content, never by a trailer. `null` texts mean the file is absent.
 */
export function checkRegistryOnlyChange(before: string | null, after: string | null, path: string): string | null {
  if (before === null) return `it adds ${path}`;
  if (after === null) return `it deletes ${path}`;
  if (before === after) return null;
  const old = outsideRegistry(before, path);
  const next = outsideRegistry(after, path);
  let rest = next.lines.join('\n');
  const base = old.lines.join('\n');
  if (!old.table && next.table) rest = rest.replace(/\s*## Session Registry\s*$/, '\n');
  if (rest.trimEnd() === base.trimEnd() && (old.table || next.table)) return null;
  const a = base.split('\n');
  const b = rest.split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  return `it changes ${path} outside its Session Registry table (near line ${line + 1} of what is left outside it)`;
}
