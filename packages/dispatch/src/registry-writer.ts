import { basename, join } from 'node:path';
import type { Plan } from '@lanes/core/model';
import { defaultMaxPlanBytes, readFileAt, readPlanFile, runGit, writeFileAtomic } from '@lanes/repo';
import { commitRegistry } from './git-work.ts';
import { spliceRegistry, spliceRegistryAt, type RegistryUpdate } from './registry-splice.ts';

/** What one write of the registry did. */
export type RegistryWrite =
  | { kind: 'written'; committed: boolean }
  /** The registry was not where the writer left it and no parser is loaded yet (`useParser`): nothing written. */
  | { kind: 'moved' }
  /** The plan in the working tree differs from HEAD outside its registry: nothing written, nothing committed. */
  | { kind: 'drift'; message: string; diff: string };

/**
 * The one writer of a plan's `Session Registry` (decision 17): the runner's and the GitHub Actions engine's. It
 * commits only what it wrote: the plan as at HEAD with the registry rows spliced in. When the plan in the working
 * tree differs from HEAD anywhere but in the rows it writes (a session widened an `Owns` and did not commit it),
 * it writes and commits nothing of it and says so. Markdown tables are slow to parse, so the table is found again
 * at the header line the model gave, and the plan is parsed again (with a parser the caller gives, when it has
 * loaded one) only when the table is not there.
 */
export class RegistryWriter {
  private header: number | null;
  private parse: ((text: string, options: { path: string }) => Plan) | null = null;
  /** The plan's text as this writer last committed it (or found it committed), or null when not known. */
  private committedText: string | null = null;

  constructor(
    private readonly root: string,
    private readonly planPath: string,
    private readonly plan: Pick<Plan, 'registry' | 'sessions'>,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly maxBytes: number = defaultMaxPlanBytes,
  ) {
    this.header = plan.registry?.headerSpan.start.offset ?? null;
  }

  /** The parser to fall back on when the table is not where the writer left it. */
  useParser(parse: (text: string, options: { path: string }) => Plan): void {
    this.parse = parse;
  }

  /** Tells the writer the text committed at HEAD, when the caller knows it (saves a git call on live writes). */
  knowCommitted(text: string | null): void {
    this.committedText = text;
  }

  /** True when the registry is where a splice without the parser finds it. */
  findsTable(text: string): boolean {
    return this.header !== null && spliceRegistryAt(text, this.header, this.plan.sessions, new Map(), basename(this.planPath)) !== null;
  }

  /** Writes the updates into the plan file; with `commit`, commits it as the runner's own commit with that reason. */
  write(updates: ReadonlyMap<string, RegistryUpdate>, commit: string | null): RegistryWrite {
    const file = join(this.root, this.planPath);
    // The working-tree plan, read as every command reads a plan: a regular file, under the size cap.
    const read = readPlanFile(file, { maxBytes: this.maxBytes });
    if (!read.ok) return { kind: 'drift', message: `${this.planPath} cannot be read any more (${read.problem.message})`, diff: '' };
    const work = read.text;
    const committed = (commit === null ? this.committedText : null) ?? readFileAt(this.root, 'HEAD', this.planPath) ?? work;
    // The text is compared without a byte order mark (the reader drops it), and written back with it.
    const bom = committed.startsWith('\uFEFF') ? '\uFEFF' : '';
    const head = committed.slice(bom.length);
    const next = this.spliced(head, updates);
    if (next === null) return { kind: 'moved' };
    if (work !== head && work !== next) {
      // Only the writer's own live rows may differ from HEAD, and the splice rewrites them alike.
      const fromWork = this.header === null ? null : spliceRegistryAt(work, this.header, this.plan.sessions, updates, basename(this.planPath));
      if (fromWork !== next) {
        const diff = runGit(['diff', '--no-color', '--', this.planPath], { cwd: this.root, env: this.env }).stdout;
        return { kind: 'drift', message: `${this.planPath} was changed outside its Session Registry and the change is not committed`, diff };
      }
    }
    if (next !== work || bom !== '') writeFileAtomic(file, bom + next);
    if (commit === null || bom + next === this.committedText) return { kind: 'written', committed: false };
    try {
      const committed = commitRegistry(this.root, this.planPath, `lanes: registry of ${basename(this.planPath)} (${commit})`, this.env, this.committedText === null ? 'unknown' : 'changed');
      this.committedText = bom + next;
      return { kind: 'written', committed };
    } catch (error) {
      this.committedText = null; // not known any more: the next commit asks git first
      throw error;
    }
  }

  private spliced(text: string, updates: ReadonlyMap<string, RegistryUpdate>): string | null {
    const cell = basename(this.planPath);
    const fast = this.header === null ? null : spliceRegistryAt(text, this.header, this.plan.sessions, updates, cell);
    if (fast !== null) return fast;
    if (this.parse === null) return null;
    const next = spliceRegistry(text, this.parse(text, { path: this.planPath }), updates, cell);
    // A plan without a registry got one at its end: later writes find it there.
    this.header = this.parse(next, { path: this.planPath }).registry?.headerSpan.start.offset ?? null;
    return next;
  }
}
