import type { Code, Heading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { unified, type Processor } from 'unified';
import { gfmTableFromMarkdown } from './gfm-table-from-markdown.ts';
import { paragraphFields, splitPatterns, type MarkdownField } from './markdown-fields.ts';
import type {
  FieldSource,
  FrontMatter,
  IssueRow,
  LiteralPrompt,
  PatternRef,
  PhaseRow,
  Plan,
  PlanHeader,
  Problem,
  ProblemData,
  ProblemKinds,
  ProjectRow,
  Registry,
  RegistryRow,
  RunBlock,
  Section,
  Sourced,
  Span,
} from './model.ts';
import { registryStatuses } from './model.ts';
import { parsePattern } from './patterns/index.ts';
import { readFrontMatter, defaultFrontMatter } from './read-front-matter.ts';
import { readTable, type TableData } from './read-table.ts';
import { resolveSessions, type SessionDraft } from './resolve-sessions.ts';
import { SourceMap } from './source-map.ts';
import { inlineText, isEmptyValue, parseIssueRef, splitList } from './values.ts';

/** Options of `parsePlan`. */
export interface ParseOptions {
  /** The plan's path, kept in the model and used to match registry rows' `Plan File`. */
  path?: string;
  /**
   * The text's tree from `parseMarkdown`, when the caller parsed it already (the ESLint plugin's `parse`), so
   * that the markdown is parsed once. It must be the tree of the same text, without its BOM.
   */
  tree?: Root;
}

/**
 * GFM tables, the one GFM construct plans use, without the rest of remark-gfm: autolink literals,
 * footnotes, strikethrough and task lists cost parse time (about a tenth) and mean nothing in a plan.
 */
function remarkGfmTable(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkGfmTable).use(remarkFrontmatter, ['yaml']);

/** Parses markdown into its mdast tree, with GFM tables and YAML front matter. */
export function parseMarkdown(markdown: string): Root {
  return processor.parse(markdown);
}

const knownSections = ['dispatch', 'sessions', 'phase map', 'issue registry', 'dispatch prompts', 'session registry', 'projects'] as const;
type KnownSection = (typeof knownSections)[number];

/** The session fields of contract §2, by their lowercase name. */
export const sessionFieldNames = [
  'issue',
  'phase',
  'mode',
  'launch as',
  'batch',
  'depends on',
  'agent',
  'model',
  'thinking',
  'branch',
  'worktree',
  'est. cost',
  'timeout',
  'owns',
  'reads',
  'run',
  'merge order',
] as const;

const fieldAliases: Record<string, string> = {
  'est cost': 'est. cost',
  'estimated cost': 'est. cost',
  cost: 'est. cost',
  dependencies: 'depends on',
  'depends on': 'depends on',
  'launch mode': 'launch as',
  exec: 'mode',
  'exec mode': 'mode',
};

/** A field or column name in the model's spelling (`Est. Cost` → `est. cost`). */
export function normalizeFieldName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/:$/, '');
  return fieldAliases[n] ?? n;
}

const dispatchColumns = new Set([
  'session',
  'issue',
  'focus',
  'mode',
  'est. cost',
  'branch',
  'agent',
  'worktree',
  'batch',
  'depends on',
  'launch as',
  'model',
  'phase',
  'timeout',
  'thinking',
  'merge order',
]);

const registryVariants: { variant: Registry['variant']; columns: string[] }[] = [
  { variant: 'plan-file', columns: ['session name', 'issue', 'phase', 'plan file', 'status'] },
  { variant: 'agent', columns: ['session name', 'issue', 'phase', 'agent', 'status'] },
  { variant: 'worktree', columns: ['session name', 'issue', 'phase', 'agent', 'worktree', 'branch', 'status'] },
];

const statusWords = ['in review', 'planned', 'queued', 'active', 'done', 'failed', 'blocked', 'cancelled'];
const canonicalStatus: Record<string, string> = {
  'in review': 'In Review',
  planned: 'Planned',
  queued: 'Queued',
  active: 'Active',
  done: 'Done',
  failed: 'Failed',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

/** A session heading: `S-A: Focus`, `S-A — Focus` or `S-A`. */
const sessionHeading = /^([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\s*:\s*(.*)|\s+[—–-]+\s+(.*)|\s*)$/;

interface SectionBlock {
  name: string;
  heading: Heading;
  nodes: RootContent[];
}

/**
 * Parses a master plan into its model. Content never throws: what is wrong becomes `problems`. A leading
 * BOM is dropped (`readPlanFile` drops it too), so offsets are into the text without it.
 */
export function parsePlan(text: string, options: ParseOptions = {}): Plan {
  const markdown = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const map = new SourceMap(markdown);
  const deep = findDeepNesting(markdown, maxNesting);
  if (deep !== null) {
    // Markdown parsing takes time quadratic in the nesting (a line of 2,000 `- ` takes seconds): refuse first.
    return {
      ...emptyPlan(options.path ?? null),
      problems: [
        {
          code: 'nesting',
          kind: 'tooDeep',
          data: { depth: deep.depth, max: maxNesting },
          severity: 'error',
          message: `Unexpected list or quote nested ${deep.depth} levels deep, expected at most ${maxNesting}: no plan needs more; flatten it`,
          span: map.span(deep.offset, deep.offset),
        },
      ],
    };
  }
  const tree = options.tree ?? parseMarkdown(markdown);
  return new PlanReader(map, tree, options.path ?? null).read();
}

/** The deepest nesting of lists and block quotes a plan may have; a deeper one is refused before parsing. */
export const maxNesting = 32;

/**
 * The first line whose list markers and `>` (and the indentation before a list marker, two columns a level)
 * reach past `limit`, with the depth reached and where; null when none does. A line scan, linear in the text.
 */
export function findDeepNesting(text: string, limit: number): { depth: number; offset: number } | null {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let depth = 0;
    let i = lineStart;
    for (;;) {
      let indent = 0;
      while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) {
        indent += text[i] === '\t' ? 4 : 1;
        i++;
      }
      const char = text[i];
      if (char === '>') {
        depth++;
        i++;
        continue;
      }
      let marker = 0;
      if (char === '-' || char === '*' || char === '+') marker = 1;
      else {
        while (marker < 9 && i + marker < lineEnd && text[i + marker]! >= '0' && text[i + marker]! <= '9') marker++;
        marker = marker > 0 && (text[i + marker] === '.' || text[i + marker] === ')') ? marker + 1 : 0;
      }
      const after = text[i + marker];
      if (marker === 0 || !(i + marker >= lineEnd || after === ' ' || after === '\t' || after === '\r')) break;
      depth += 1 + Math.floor(indent / 2);
      i += marker;
    }
    if (depth > limit) return { depth, offset: lineStart };
    lineStart = lineEnd + 1;
  }
  return null;
}

function emptyPlan(path: string | null): Plan {
  return {
    path,
    frontMatter: defaultFrontMatter(),
    header: { title: null, titleSpan: null, parentIssue: null, parentIssueSpan: null, date: null, dateSpan: null },
    sessions: [],
    phases: [],
    issues: [],
    registry: null,
    projects: [],
    prompts: [],
    sections: [],
    hasSessions: false,
    kind: 'other',
    problems: [],
  };
}

class PlanReader {
  /** True once a `Dispatch` table with a `Session` column was read: the document is a plan, even with no rows. */
  private dispatchTable = false;
  private readonly problems: Problem[] = [];
  private readonly drafts = new Map<string, SessionDraft>();
  private readonly sections: Section[] = [];
  private readonly blocks: SectionBlock[] = [];
  private readonly loose: RootContent[] = [];
  private frontMatter: FrontMatter = defaultFrontMatter();

  constructor(
    private readonly map: SourceMap,
    private readonly tree: Root,
    private readonly path: string | null,
  ) {}

  read(): Plan {
    this.splitSections();
    const header = this.readHeader();
    const registry = this.readRegistry();
    const phases = this.readPhaseMap();
    const issues = this.readIssueRegistry();
    const projects = this.readProjects();
    for (const block of this.blocksNamed('dispatch')) this.readDispatch(block);
    for (const block of this.blocksNamed('sessions')) this.readSessions(block);
    // A session heading with no field and no Dispatch row (a log's `### 2026-01-03: notes`) is no session.
    for (const [id, draft] of this.drafts) if (!draft.seenIn.has('dispatch') && !hasPlanFields(draft)) this.drafts.delete(id);
    if (this.drafts.size === 0 && !this.dispatchTable) this.readPhaseMapSessions(phases);
    const isPlan = this.drafts.size > 0 || this.dispatchTable || phases.length > 0;
    if (!isPlan && registry === null) return this.notAPlan(header);
    const prompts = this.readPrompts();
    this.readSharedInfraPatterns();
    const sessions = resolveSessions({
      drafts: [...this.drafts.values()],
      phases,
      issues,
      registry,
      prompts,
      frontMatter: this.frontMatter,
      planPath: this.path,
      problems: this.problems,
    });
    this.problems.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return {
      path: this.path,
      frontMatter: this.frontMatter,
      header,
      sessions,
      phases,
      issues,
      registry,
      projects,
      prompts,
      sections: this.sections,
      hasSessions: sessions.length > 0,
      kind: isPlan ? 'plan' : 'registry',
      problems: this.problems,
    };
  }

  /** A document that is not a plan: one problem that says so, and nothing else (not its tables' or front matter's problems). */
  private notAPlan(header: PlanHeader): Plan {
    return {
      path: this.path,
      frontMatter: defaultFrontMatter(),
      header,
      sessions: [],
      phases: [],
      issues: [],
      registry: null,
      projects: [],
      prompts: [],
      sections: this.sections,
      hasSessions: false,
      kind: 'other',
      problems: [
        {
          code: 'no-sessions',
          kind: 'notAPlan',
          data: {},
          severity: 'error',
          message:
            'Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md',
          span: this.spanOf(this.tree),
        },
      ],
    };
  }

  /** A plan laid out as CCC prescribes (a `Phase Map`, no `Dispatch` table or `Sessions`): one session per Phase Map row. */
  private readPhaseMapSessions(phases: PhaseRow[]): void {
    for (const row of phases) {
      const id = row.phase.trim().replace(/\s+/g, '-');
      if (!sessionIdPattern.test(id) || this.drafts.has(id)) continue;
      const draft = this.draft(id, row.span);
      if (row.focus !== null) draft.focus.push({ value: row.focus, span: row.span, source: 'phase-map' });
      const issue = row.issues[0];
      // With an issue, `resolveSessions` adds the row's phase, batch and dependencies as it does for any session.
      if (issue !== undefined) this.addField(draft, 'issue', { value: issue, span: row.span, source: 'phase-map' });
      else {
        this.addField(draft, 'phase', { value: row.phase, span: row.span, source: 'phase-map' });
        if (row.batch !== null) this.addField(draft, 'batch', { value: String(row.batch), span: row.span, source: 'phase-map' });
        this.addField(draft, 'depends on', { value: row.dependencies.join(', '), span: row.span, source: 'phase-map' });
      }
    }
  }

  private spanOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined }): Span {
    return this.map.span(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  }

  private splitSections(): void {
    let current: SectionBlock | null = null;
    for (const node of this.tree.children) {
      if (node.type === 'yaml') {
        const start = node.position?.start.offset ?? 0;
        const contentStart = this.map.text.indexOf('\n', start) + 1;
        this.frontMatter = readFrontMatter(node.value, contentStart, this.spanOf(node), this.map, this.problems);
        continue;
      }
      if (node.type === 'heading') {
        const name = toString(node).trim().toLowerCase().replace(/\s+/g, ' ').replace(/:$/, '');
        const known = (knownSections as readonly string[]).includes(name);
        const insideKnown = current !== null && (knownSections as readonly string[]).includes(current.name);
        if (insideKnown && !known && node.depth > current!.heading.depth) {
          current!.nodes.push(node);
          continue;
        }
        this.sections.push({ name, depth: node.depth, span: this.spanOf(node) });
        current = { name, heading: node, nodes: [] };
        this.blocks.push(current);
        continue;
      }
      if (current === null || !(knownSections as readonly string[]).includes(current.name)) this.loose.push(node);
      else current.nodes.push(node);
    }
  }

  private blocksNamed(name: KnownSection): SectionBlock[] {
    return this.blocks.filter((b) => b.name === name);
  }

  private firstTable(name: KnownSection): { table: TableData; block: SectionBlock } | null {
    for (const block of this.blocksNamed(name)) {
      const table = block.nodes.find((n): n is Table => n.type === 'table');
      if (table) return { table: readTable(table, block.heading.children.map((c) => toString(c)).join(''), this.map, this.problems), block };
    }
    return null;
  }

  private readHeader(): PlanHeader {
    const header: PlanHeader = {
      title: null,
      titleSpan: null,
      parentIssue: null,
      parentIssueSpan: null,
      date: null,
      dateSpan: null,
    };
    const title = this.tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
    if (title) {
      header.title = toString(title).trim();
      header.titleSpan = this.spanOf(title);
    }
    for (const node of this.loose) {
      if (node.type !== 'paragraph') continue;
      for (const field of paragraphFields(node, this.map)) {
        const name = normalizeFieldName(field.name);
        if (name === 'parent issue' && header.parentIssue === null) {
          header.parentIssue = parseIssueRef(field.raw) ?? (inlineText(field.raw) || null);
          header.parentIssueSpan = field.span;
        } else if (name === 'date' && header.date === null) {
          header.date = inlineText(field.raw) || null;
          header.dateSpan = field.span;
        }
      }
    }
    return header;
  }

  private readPhaseMap(): PhaseRow[] {
    const found = this.firstTable('phase map');
    if (!found) return [];
    const { table } = found;
    this.requireColumns(table, 'Phase Map', ['phase', 'issues']);
    return table.rows
      .filter((row) => (row.cells.get('phase')?.text ?? '') !== '')
      .map((row) => {
        const issuesCell = row.cells.get('issues') ?? row.cells.get('issue');
        const batchText = row.cells.get('batch')?.text ?? '';
        return {
          phase: row.cells.get('phase')!.text,
          issues: splitList(issuesCell?.text ?? '')
            .map(parseIssueRef)
            .filter((i): i is string => i !== null),
          focus: nonEmpty(row.cells.get('focus')?.text),
          batch: /^\d+$/.test(batchText) ? Number(batchText) : null,
          dependencies: splitList(row.cells.get('dependencies')?.text ?? row.cells.get('depends on')?.text ?? ''),
          span: row.span,
        };
      });
  }

  private readIssueRegistry(): IssueRow[] {
    const found = this.firstTable('issue registry');
    if (!found) return [];
    this.requireColumns(found.table, 'Issue Registry', ['id']);
    return found.table.rows
      .map((row) => ({
        id: parseIssueRef(row.cells.get('id')?.text ?? '') ?? row.cells.get('id')?.text ?? '',
        title: nonEmpty(row.cells.get('title')?.text),
        status: nonEmpty(row.cells.get('status')?.text),
        exec: nonEmpty(row.cells.get('exec')?.text),
        est: nonEmpty(row.cells.get('est')?.text),
        dependsOn: splitList(row.cells.get('depends on')?.text ?? ''),
        span: row.span,
      }))
      .filter((row) => row.id !== '');
  }

  private readProjects(): ProjectRow[] {
    const found = this.firstTable('projects');
    if (!found) return [];
    this.requireColumns(found.table, 'Projects', ['project', 'short']);
    return found.table.rows
      .map((row) => ({
        project: row.cells.get('project')?.text ?? '',
        short: row.cells.get('short')?.text ?? '',
        span: row.span,
      }))
      .filter((row) => row.short !== '');
  }

  private requireColumns(table: TableData, name: string, required: string[]): boolean {
    const missing = required.filter((c) => !table.columns.includes(c));
    if (missing.length === 0) return true;
    this.problems.push({
      code: 'table-header',
      kind: 'missingColumns',
      data: { table: name, missing: missing.map(titleCase), required: required.map(titleCase) },
      severity: 'error',
      message: `Unexpected \`${name}\` header without ${missing.map((m) => `\`${titleCase(m)}\``).join(' and ')}, expected columns ${required.map((c) => `\`${titleCase(c)}\``).join(', ')}`,
      span: table.headerSpan,
    });
    return false;
  }

  private readRegistry(): Registry | null {
    const found = this.firstTable('session registry');
    if (!found) return null;
    const { table } = found;
    const match = registryVariants.find((v) => v.columns.every((c, i) => table.columns[i] === c));
    if (!match) {
      this.problems.push({
        code: 'table-header',
        kind: 'registryHeader',
        data: { columns: table.headerCells.map((c) => c.text), variants: registryVariants.map((v) => v.columns.map(titleCase).join(' | ')) },
        severity: 'error',
        message: `Unexpected \`Session Registry\` header \`${table.headerCells.map((c) => c.text).join(' | ')}\`, expected ${registryVariants.map((v) => `\`${v.columns.map(titleCase).join(' | ')}\``).join(' or ')}, optionally followed by more columns`,
        span: table.headerSpan,
      });
    }
    const rows: RegistryRow[] = table.rows.map((row) => {
      const cells: Record<string, string> = {};
      const cellSpans: Record<string, Span> = {};
      for (const [name, cell] of row.cells) {
        cells[name] = cell.text;
        cellSpans[name] = cell.span;
      }
      // A row with too few cells (`| S-A | X-1 | 1A | Active |` under a five-column header) is reported as
      // that; its status is still read from its last cell when that is a status, not reported as missing.
      let statusCell = cells.status ?? '';
      if (statusCell === '' && row.cellCount < table.columns.length && row.cellCount > 0) {
        const last = [...row.cells.values()][row.cellCount - 1]!.text;
        if (registryStatuses.includes(splitStatus(last).status as (typeof registryStatuses)[number])) statusCell = last;
      }
      const { status, reason } = splitStatus(statusCell);
      const note = nonEmpty(cells.note) ?? nonEmpty(cells.reason);
      return {
        session: cells['session name'] ?? '',
        issue: parseIssueRef(cells.issue ?? ''),
        phase: nonEmpty(cells.phase),
        planFile: nonEmpty(cells['plan file']),
        agent: nonEmpty(cells.agent),
        worktree: nonEmpty(cells.worktree),
        branch: nonEmpty(cells.branch),
        status,
        reason: reason ?? note,
        cells,
        cellSpans,
        span: row.span,
      };
    });
    return { columns: table.headerCells.map((c) => c.text), variant: match?.variant ?? null, rows, span: table.span, headerSpan: table.headerSpan };
  }

  private draft(id: string, span: Span): SessionDraft {
    let draft = this.drafts.get(id);
    if (!draft) {
      draft = {
        id,
        span,
        focus: [],
        fields: {},
        owns: null,
        reads: null,
        run: null,
        context: [],
        tasks: [],
        deliverable: null,
        seenIn: new Set(),
      };
      this.drafts.set(id, draft);
    }
    return draft;
  }

  private addField(draft: SessionDraft, name: string, value: Sourced<string>): void {
    (draft.fields[name] ??= []).push(value);
  }

  private readDispatch(block: SectionBlock): void {
    const table = block.nodes.find((n): n is Table => n.type === 'table');
    if (!table) return;
    const data = readTable(table, 'Dispatch', this.map, this.problems);
    if (!data.columns.includes('session')) {
      // A table under `## Dispatch` without a `Session` column (a skill's routing table) is not a dispatch table;
      // it is reported only when the document is a plan.
      this.requireColumns(data, 'Dispatch', ['session', 'issue']);
      return;
    }
    this.dispatchTable = true;
    this.requireColumns(data, 'Dispatch', ['session', 'issue']);
    const columns = data.columns.map(normalizeFieldName);
    columns.forEach((name, i) => {
      if (!dispatchColumns.has(name)) {
        this.problems.push({
          code: 'unknown-column',
          kind: 'unknownColumn',
          data: { column: data.headerCells[i]!.text, expected: [...dispatchColumns].map(titleCase) },
          severity: 'warning',
          message: `Unexpected \`Dispatch\` column \`${data.headerCells[i]!.text}\`, expected any of ${[...dispatchColumns].map((c) => `\`${titleCase(c)}\``).join(', ')}`,
          span: data.headerCells[i]!.span,
        });
      }
    });
    for (const row of data.rows) {
      const idCell = row.cells.get('session');
      const id = idCell?.text ?? '';
      if (!sessionIdPattern.test(id)) {
        this.problems.push({
          code: 'field-value',
          kind: 'sessionId',
          data: { id },
          severity: 'error',
          message: `Unexpected session ID \`${id}\` in the \`Dispatch\` table, expected a name such as \`S-A\` (letters, digits, \`.\`, \`_\`, \`-\`)`,
          span: idCell?.span ?? row.span,
        });
        continue;
      }
      const existing = this.drafts.get(id);
      if (existing?.seenIn.has('dispatch')) {
        this.duplicateSession(id, idCell!.span, existing.span);
        continue;
      }
      const draft = this.draft(id, row.span);
      draft.seenIn.add('dispatch');
      data.columns.forEach((column, i) => {
        const name = columns[i]!;
        const cell = row.cells.get(column)!;
        if (name === 'session' || !dispatchColumns.has(name) || isEmptyValue(cell.text)) return;
        if (name === 'focus') draft.focus.push({ value: cell.text, span: cell.span, source: 'dispatch' });
        else this.addField(draft, name, { value: cell.text, span: cell.span, source: 'dispatch' });
      });
    }
  }

  private duplicateSession(id: string, span: Span, first: Span): void {
    this.problems.push({
      code: 'duplicate-session',
      kind: 'secondSession',
      data: { id },
      severity: 'error',
      message: `Unexpected second session \`${id}\`: session IDs must be unique; rename one of them`,
      span,
      session: id,
      related: [{ message: `\`${id}\` first declared here`, span: first }],
    });
  }

  private readSessions(block: SectionBlock): void {
    const nodes = block.nodes;
    for (let i = 0; i < nodes.length; i += 1) {
      const heading = nodes[i]!;
      if (heading.type !== 'heading') continue;
      let end = i + 1;
      while (end < nodes.length && !(nodes[end]!.type === 'heading' && (nodes[end] as Heading).depth <= heading.depth)) end += 1;
      const body = nodes.slice(i + 1, end);
      this.readSession(heading, body);
      i = end - 1;
    }
  }

  private readSession(heading: Heading, body: RootContent[]): void {
    const text = toString(heading).trim();
    const m = sessionHeading.exec(text);
    const span = this.spanOf(heading);
    if (!m) {
      this.problems.push({
        code: 'field-value',
        kind: 'sessionHeading',
        data: { heading: text },
        severity: 'error',
        message: `Unexpected session heading \`${text}\`, expected \`### <ID>: <Focus>\` such as \`### S-A: Cart API\``,
        span,
      });
      return;
    }
    const id = m[1]!;
    const existing = this.drafts.get(id);
    if (existing?.seenIn.has('sessions')) {
      this.duplicateSession(id, span, existing.span);
      return;
    }
    const draft = this.draft(id, span);
    draft.seenIn.add('sessions');
    draft.headingSpan = span;
    const focus = (m[2] ?? m[3] ?? '').trim();
    if (focus !== '') draft.focus.push({ value: focus, span, source: 'sessions' });

    for (let i = 0; i < body.length; i += 1) {
      const node = body[i]!;
      if (node.type === 'list') this.readFieldList(draft, node, body[i + 1]);
      else if (node.type === 'paragraph') this.readPromptPart(draft, node, body[i + 1]);
    }
  }

  private readFieldList(draft: SessionDraft, list: List, next: RootContent | undefined): void {
    list.children.forEach((item, index) => {
      const paragraph = item.children[0];
      if (paragraph?.type !== 'paragraph' || paragraph.children[0]?.type !== 'strong') return;
      const field = paragraphFields(paragraph, this.map)[0];
      if (!field) return;
      const name = normalizeFieldName(field.name);
      const isLast = index === list.children.length - 1;
      if (name === 'owns' || name === 'reads') {
        if (draft[name] !== null) {
          this.problems.push({
            code: 'duplicate-field',
            kind: 'secondField',
            data: { field: field.name, session: draft.id },
            severity: 'error',
            message: `Unexpected second \`${field.name}\` field in session ${draft.id}: list every pattern under one field`,
            span: field.nameSpan,
            session: draft.id,
          });
          return;
        }
        draft[name] = this.readPatternField(item, field);
        return;
      }
      if (name === 'run') {
        this.readRun(draft, item, field, isLast && next?.type === 'code' ? next : undefined);
        return;
      }
      if (!(sessionFieldNames as readonly string[]).includes(name) && name !== 'focus') {
        this.problems.push({
          code: 'unknown-field',
          kind: 'unknownField',
          data: { field: field.name, session: draft.id, expected: sessionFieldNames.map(titleCase) },
          severity: 'warning',
          message: `Unexpected field \`${field.name}\` in session ${draft.id}, expected one of ${sessionFieldNames.map((f) => `\`${titleCase(f)}\``).join(', ')}`,
          span: field.nameSpan,
          session: draft.id,
        });
        return;
      }
      const value = inlineText(field.raw);
      if (isEmptyValue(value)) return;
      if (name === 'focus') draft.focus.push({ value, span: field.span, source: 'sessions' });
      else this.addField(draft, name, { value, span: field.span, source: 'sessions' });
    });
  }

  private readPatternField(item: ListItem, field: MarkdownField): PatternRef[] {
    const patterns = splitPatterns(this.map, field.start, field.end);
    for (const child of item.children.slice(1)) {
      if (child.type !== 'list') continue;
      for (const sub of child.children) {
        const p = sub.children[0];
        if (p?.type !== 'paragraph') continue;
        const start = p.position?.start.offset ?? 0;
        patterns.push(...splitPatterns(this.map, start, this.map.lineEnd(start)));
      }
    }
    return patterns;
  }

  private readRun(draft: SessionDraft, item: ListItem, field: MarkdownField, below: Code | undefined): void {
    const blocks = [...item.children.filter((c): c is Code => c.type === 'code'), ...(below ? [below] : [])];
    const report = (kind: ProblemKinds['run-block'], data: ProblemData, message: string, span: Span): void => {
      this.problems.push({ code: 'run-block', kind, data: { session: draft.id, ...data }, severity: 'error', message, span, session: draft.id });
    };
    if (draft.run !== null) {
      report('secondRun', {}, `Unexpected second \`Run\` field in session ${draft.id}: a session runs one block`, field.nameSpan);
      return;
    }
    if (blocks.length === 0) {
      report('noBlock', {}, 'Expected a fenced `sh` block directly below `- **Run:**`', field.nameSpan);
      return;
    }
    if (blocks.length > 1) {
      report('manyBlocks', { count: blocks.length }, `Unexpected ${blocks.length} code blocks for \`Run\` in session ${draft.id}, expected one`, this.spanOf(blocks[1]!));
      return;
    }
    const block = blocks[0]!;
    const lang = (block.lang ?? '').toLowerCase();
    if (lang !== 'sh' && lang !== 'bash') {
      report('language', { lang: block.lang ?? '' }, `Unexpected \`${block.lang ?? ''}\` block for \`Run\`, expected \`\`\`sh or \`\`\`bash`, this.spanOf(block));
      return;
    }
    // A plan saved with CRLF line ends gives code lines ending in `\r`, which the shell would take as part of each command.
    const run: RunBlock = { lang, code: withoutCarriageReturns(block.value), span: this.spanOf(block) };
    draft.run = run;
  }

  private readPromptPart(draft: SessionDraft, paragraph: Paragraph, next: RootContent | undefined): void {
    const field = paragraphFields(paragraph, this.map)[0];
    if (!field || paragraph.children[0]?.type !== 'strong') return;
    const name = normalizeFieldName(field.name);
    const rest = inlineText(this.map.text.slice(field.start, paragraph.position?.end.offset ?? field.end));
    const items = next?.type === 'list' ? next.children.map((li) => toString(li).trim()) : [];
    if (name === 'context') draft.context = [...(rest ? [rest] : []), ...items];
    else if (name === 'tasks') draft.tasks = [...(rest ? [rest] : []), ...items];
    else if (name === 'deliverable') draft.deliverable = rest || null;
  }

  private readPrompts(): LiteralPrompt[] {
    const prompts: LiteralPrompt[] = [];
    for (const block of this.blocksNamed('dispatch prompts')) {
      const nodes = block.nodes;
      nodes.forEach((node, i) => {
        if (node.type !== 'heading') return;
        const id = sessionHeading.exec(toString(node).trim())?.[1];
        const code = nodes.slice(i + 1).find((n) => n.type === 'code' || n.type === 'heading');
        if (!id || code?.type !== 'code') return;
        const span = this.spanOf(node);
        if (!this.drafts.has(id)) {
          this.problems.push({
            code: 'prompt-without-session',
            kind: 'noSession',
            data: { id },
            severity: 'warning',
            message: `Unexpected prompt for \`${id}\`: no session of that ID in the plan`,
            span,
          });
        }
        prompts.push({ session: id, text: withoutCarriageReturns(code.value), span: this.spanOf(code), headingSpan: span });
      });
    }
    return prompts;
  }

  private readSharedInfraPatterns(): void {
    this.validatePatterns(this.frontMatter.sharedInfra, undefined);
    for (const draft of this.drafts.values()) {
      this.validatePatterns(draft.owns ?? [], draft.id);
      this.validatePatterns(draft.reads ?? [], draft.id);
    }
  }

  private validatePatterns(patterns: PatternRef[], session: string | undefined): void {
    for (const ref of patterns) {
      if (!ref.inCode) {
        this.problems.push({
          code: 'pattern-not-code',
          kind: 'bare',
          data: { pattern: ref.text },
          severity: 'error',
          message: `Unexpected bare pattern \`${ref.text}\`, expected it in inline code: \`\` \`${ref.text}\` \`\` (bare markdown mangles \`*\`)`,
          span: ref.span,
          ...(session === undefined ? {} : { session }),
        });
      }
      const result = parsePattern(ref.text);
      if (!result.ok) {
        const at = ref.span.start.offset + result.index;
        this.problems.push({
          code: 'invalid-pattern',
          kind: result.kind,
          data: result.data,
          severity: 'error',
          message: result.message,
          span: this.map.span(at, Math.max(at + 1, ref.span.end.offset)),
          ...(session === undefined ? {} : { session }),
        });
      }
    }
  }
}

/** Whether a session draft has anything a plan writes: a field, patterns, a `Run` block or prompt parts. */
function hasPlanFields(draft: SessionDraft): boolean {
  return (
    Object.keys(draft.fields).length > 0 ||
    draft.owns !== null ||
    draft.reads !== null ||
    draft.run !== null ||
    draft.context.length > 0 ||
    draft.tasks.length > 0 ||
    draft.deliverable !== null
  );
}

/** The form of a session ID (contract §2). */
export const sessionIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Text with CRLF and lone CR line ends as LF. */
function withoutCarriageReturns(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function nonEmpty(text: string | undefined): string | null {
  return text === undefined || isEmptyValue(text) ? null : text.trim();
}

function titleCase(name: string): string {
  return name.replace(/(^|\s)([a-z])/g, (_, s: string, c: string) => s + c.toUpperCase());
}

/** Splits a status cell into its status word and reason (`Failed: tests time out`, `Failed (tests time out)`). */
export function splitStatus(cell: string): { status: string; reason: string | null } {
  const text = cell.trim();
  const lower = text.toLowerCase();
  const word = statusWords.find((w) => lower === w || (lower.startsWith(w) && !/[a-z]/.test(lower[w.length] ?? '')));
  if (!word) return { status: text, reason: null };
  const rest = text
    .slice(word.length)
    .trim()
    .replace(/^[:—–-]\s*/, '')
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  return { status: canonicalStatus[word]!, reason: rest === '' ? null : rest };
}

/** The source a value came from, for messages: "the Dispatch table". */
export function describeSource(source: FieldSource): string {
  switch (source) {
    case 'dispatch':
      return 'the Dispatch table';
    case 'sessions':
      return 'the Sessions section';
    case 'phase-map':
      return 'the Phase Map';
    case 'issue-registry':
      return 'the Issue Registry';
    case 'session-registry':
      return 'the Session Registry';
    case 'front-matter':
      return 'the front matter';
    case 'derived':
      return 'the derived value';
  }
}
