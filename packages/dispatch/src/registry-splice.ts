import type { Plan, Registry, Session } from '@lanes/core/model';

/** What the runner writes into one session's registry row. */
export interface RegistryUpdate {
  /** `Queued`, `Active`, `Done`, `Failed`, `Blocked`, `Cancelled`. */
  status: string;
  reason?: string | null;
  /** The Cost cell: actual beside the estimate (`$1.20 (est. $4)`). */
  cost?: string | null;
  started?: string | null;
  ended?: string | null;
  /** The agent's own session id, written when the table has an `Agent Session` column. */
  agentSession?: string | null;
  /** Where the session's branch landed (`1a2b3c4 on main`): a `Landed` column is added the first time one is written. */
  landed?: string | null;
}

/** The columns the runner adds to a registry that lacks them, after the ones it has. */
export const runnerColumns = ['Cost', 'Started', 'Ended'] as const;

/**
 * The plan's text with its `Session Registry` rows updated in place (contract decision 17): only the bytes of the
 * cells that change are replaced; missing `Cost`, `Started` and `Ended` columns are appended to each line of the
 * table; a session without a row gets one at the end of the table; a plan without the table gets one at its end.
 */
export function spliceRegistry(text: string, plan: Pick<Plan, 'registry' | 'sessions'>, updates: ReadonlyMap<string, RegistryUpdate>, planFileCell: string): string {
  return spliceLayout(text, plan.registry === null ? null : layoutOf(plan.registry), plan.sessions, updates, planFileCell);
}

/** Where a registry table is in the text: its columns (as written), its header line and each row's line, by offset. */
export interface RegistryLayout {
  columns: string[];
  headerOffset: number;
  rows: { session: string; offset: number }[];
}

/** The layout of a registry the parser read. */
export function layoutOf(registry: Registry): RegistryLayout {
  return { columns: registry.columns, headerOffset: registry.headerSpan.start.offset, rows: registry.rows.map((r) => ({ session: r.session, offset: r.span.start.offset })) };
}

/**
 * The layout of the registry table whose header line starts at `headerOffset`, read again after the runner's own
 * splices without parsing the markdown (tables are slow to parse): the header, the delimiter row, then every line
 * that starts with a pipe. Null when the text there is not such a table.
 */
export function readLayout(text: string, headerOffset: number): RegistryLayout | null {
  const lineAt = (offset: number): string => {
    const nl = text.indexOf('\n', offset);
    return text.slice(offset, nl === -1 ? text.length : nl);
  };
  const header = lineAt(headerOffset);
  if (!header.trimStart().startsWith('|')) return null;
  let at = headerOffset + header.length + 1;
  if (!/^\s*\|?\s*:?-{3,}/.test(lineAt(at))) return null;
  at += lineAt(at).length + 1;
  const rows: RegistryLayout['rows'] = [];
  while (at < text.length && lineAt(at).trimStart().startsWith('|')) {
    const line = lineAt(at);
    rows.push({ session: unescapeCell(splitRow(line).cells[0] ?? ''), offset: at });
    at += line.length + 1;
  }
  return { columns: splitRow(header).cells.map((c) => c.trim()), headerOffset, rows };
}

/**
 * `spliceRegistry` for a plan the runner has written before: the table is found again at its header line (which
 * the runner's splices never move) without parsing markdown. Null when the text there is no longer that table.
 */
export function spliceRegistryAt(text: string, headerOffset: number, sessions: readonly Session[], updates: ReadonlyMap<string, RegistryUpdate>, planFileCell: string): string | null {
  const layout = readLayout(text, headerOffset);
  if (layout === null || !layout.columns.some((c) => c.toLowerCase() === 'status')) return null;
  return spliceLayout(text, layout, sessions, updates, planFileCell);
}

function spliceLayout(text: string, registry: RegistryLayout | null, sessions: readonly Session[], updates: ReadonlyMap<string, RegistryUpdate>, planFileCell: string): string {
  if (registry === null) return appendRegistry(text, { sessions }, updates, planFileCell);
  const columns = registry.columns.map((c) => c.trim().toLowerCase().replace(/\s+/g, ' '));
  const landing = [...updates.values()].some((u) => u.landed !== undefined && u.landed !== null);
  const added = [...runnerColumns, ...(landing ? ['Landed'] : [])].filter((c) => !columns.includes(c.toLowerCase()));
  const all = [...columns, ...added.map((c) => c.toLowerCase())];
  const edits: { start: number; end: number; text: string }[] = [];
  const lineAt = (offset: number): { start: number; end: number } => {
    const start = text.lastIndexOf('\n', offset - 1) + 1;
    const nl = text.indexOf('\n', offset);
    return { start, end: nl === -1 ? text.length : nl };
  };
  if (added.length > 0) {
    const header = lineAt(registry.headerOffset);
    edits.push({ start: header.start, end: header.end, text: appendCells(text.slice(header.start, header.end), added.map((c) => ` ${c} `)) });
    const delimiter = lineAt(header.end + 1);
    edits.push({ start: delimiter.start, end: delimiter.end, text: appendCells(text.slice(delimiter.start, delimiter.end), added.map(() => '---')) });
  }
  const seen = new Set<string>();
  for (const row of registry.rows) {
    const line = lineAt(row.offset);
    const source = text.slice(line.start, line.end);
    const update = updates.get(row.session);
    if (update === undefined || seen.has(row.session)) {
      if (added.length > 0) edits.push({ start: line.start, end: line.end, text: appendCells(source, added.map(() => ' ')) });
      continue;
    }
    seen.add(row.session);
    const parts = splitRow(source);
    while (parts.cells.length < columns.length) parts.cells.push(' ');
    parts.cells.push(...added.map(() => ' '));
    const values = cellValues(update, all);
    all.forEach((name, i) => {
      const value = values.get(name);
      if (value !== undefined) parts.cells[i] = padCell(escapeCell(value));
    });
    edits.push({ start: line.start, end: line.end, text: joinRow(parts) });
  }
  const missing = sessions.filter((s) => updates.has(s.id) && !seen.has(s.id));
  if (missing.length > 0) {
    const last = registry.rows.length > 0 ? lineAt(registry.rows[registry.rows.length - 1]!.offset) : lineAt(registry.headerOffset);
    const lastEnd = registry.rows.length > 0 ? last.end : lineAt(last.end + 1).end;
    const rows = missing.map((s) => newRow(s, all, updates.get(s.id)!, planFileCell));
    edits.push({ start: lastEnd, end: lastEnd, text: rows.map((r) => `\n${r}`).join('') });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function cellValues(update: RegistryUpdate, columns: string[]): Map<string, string> {
  const values = new Map<string, string>();
  const noteColumn = columns.find((c) => c === 'note' || c === 'reason');
  const reason = update.reason?.trim() || null;
  // A failure's reason follows a colon (`Failed: exit 1 — …`); a note on a session that is done goes in parentheses.
  const withReason = update.status === 'Done' ? `Done (${reason})` : `${update.status}: ${reason}`;
  values.set('status', reason !== null && noteColumn === undefined ? withReason : update.status);
  if (noteColumn !== undefined) values.set(noteColumn, reason ?? '');
  if (update.cost !== undefined) values.set('cost', update.cost ?? '—');
  if (update.started !== undefined) values.set('started', update.started ?? '—');
  if (update.ended !== undefined) values.set('ended', update.ended ?? '—');
  if (update.agentSession !== undefined && update.agentSession !== null) values.set('agent session', update.agentSession);
  if (update.landed !== undefined) values.set('landed', update.landed ?? '—');
  return values;
}

function newRow(s: Session, columns: string[], update: RegistryUpdate, planFileCell: string): string {
  const values = cellValues(update, columns);
  const known: Record<string, string> = {
    'session name': s.id,
    issue: s.issue ?? '—',
    phase: s.phase,
    'plan file': planFileCell,
    agent: s.agent,
    worktree: s.worktree ?? (s.ownWorktree === true ? 'yes' : '—'),
    branch: s.branch ?? '—',
  };
  return `|${columns.map((c) => padCell(escapeCell(values.get(c) ?? known[c] ?? ''))).join('|')}|`;
}

function unescapeCell(cell: string): string {
  return cell.trim().replace(/\\([\\|])/g, '$1');
}

function appendRegistry(text: string, plan: { sessions: readonly Session[] }, updates: ReadonlyMap<string, RegistryUpdate>, planFileCell: string): string {
  const columns = ['session name', 'issue', 'phase', 'plan file', 'status', 'cost', 'started', 'ended'];
  const header = '| Session Name | Issue | Phase | Plan File | Status | Cost | Started | Ended |';
  const rule = `|${columns.map(() => '---').join('|')}|`;
  const rows = plan.sessions.map((s) => newRow(s, columns, updates.get(s.id) ?? { status: 'Planned' }, planFileCell));
  const sep = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${text}${sep}## Session Registry\n\n${[header, rule, ...rows].join('\n')}\n`;
}

function padCell(value: string): string {
  return value === '' ? ' ' : ` ${value} `;
}


/**
 * A value made safe for one table cell: one line, every backslash and pipe escaped. A row splits at each pipe
 * that no backslash escapes, so a reason's own `\|` or trailing `\` would otherwise break the table.
 */
function escapeCell(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/[\\|]/g, (c) => `\\${c}`);
}

interface RowParts {
  prefix: string;
  cells: string[];
  suffix: string;
}

// A GFM row splits at every pipe not escaped with a backslash, inside code spans too (GFM spec, tables).
function splitRow(line: string): RowParts {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes.push(i);
  }
  const lead = pipes.length > 0 && line.slice(0, pipes[0]).trim() === '' ? pipes[0]! : -1;
  const lastPipe = pipes[pipes.length - 1];
  const trail = lastPipe !== undefined && lastPipe !== lead && line.slice(lastPipe + 1).trim() === '' ? lastPipe : -1;
  const start = lead === -1 ? 0 : lead + 1;
  const end = trail === -1 ? line.length : trail;
  const cells: string[] = [];
  let at = start;
  for (const p of pipes) {
    if (p === lead || p === trail) continue;
    cells.push(line.slice(at, p));
    at = p + 1;
  }
  cells.push(line.slice(at, end));
  return { prefix: line.slice(0, start), cells, suffix: line.slice(end) };
}

function joinRow(parts: RowParts): string {
  return parts.prefix + parts.cells.join('|') + parts.suffix;
}

function appendCells(line: string, cells: string[]): string {
  const parts = splitRow(line);
  parts.cells.push(...cells);
  return joinRow(parts);
}
