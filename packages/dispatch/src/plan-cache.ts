import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '@lanes/core/model';
import { findGitDirs, gitCommonDir, listFilesAt, resolveRev, writeFileAtomic } from '@lanes/repo';

// A dispatch starts by parsing and linting its plan: loading the markdown parser and the rules costs more than
// the rest of the start-up together. The result depends only on the plan's text, on the files at `base` (one
// rule checks that `Owns` patterns match something) and on the code of the parser and the rules, so it is
// kept under the git common dir, keyed by all of these. `lanes dispatch --dry-run` followed by `lanes dispatch`
// reads the plan once.

/** A lint finding that stops a dispatch (error) or is shown beside the table (warning). */
export interface DispatchFinding {
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
}

/** The plan's model and its findings, as a dispatch starts from. */
export interface CheckedPlan {
  plan: Plan;
  findings: DispatchFinding[];
  /** True when they came from the cache. */
  cached: boolean;
}

/** Bumped whenever what is cached changes shape. */
const cacheFormat = 1;

/** Cache files kept per repository; older ones are removed when a new one is written. */
const keep = 20;

interface CacheEntry {
  format: number;
  build: string;
  planPath: string;
  text: string;
  /** The commit `base` named when the plan was linted (null: it named none). */
  baseCommit: string | null;
  plan: Plan;
  findings: DispatchFinding[];
}

/**
 * The code that produces a cached result: the parser's and the linter's builds, named by their entry files'
 * modification times (`tsc` writes every file of a package on each build) and their versions.
 */
function buildId(): string | null {
  try {
    return ['@lanes/core', '@lanes/lint']
      .map((name) => {
        const file = fileURLToPath(import.meta.resolve(name));
        const pkg = JSON.parse(readFileSync(join(file, '../../package.json'), 'utf8')) as { version?: string };
        return `${name}@${pkg.version ?? '?'}:${statSync(file).mtimeMs}`;
      })
      .join(' ');
  } catch {
    return null; // the builds cannot be told apart: no cache
  }
}

function cacheDir(root: string): string | null {
  try {
    return join(findGitDirs(root)?.commonDir ?? gitCommonDir(root), 'lanes', 'cache');
  } catch {
    return null;
  }
}

function readEntry(file: string): CacheEntry | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
  } catch {
    return null; // none yet, or a torn or foreign file: read the plan again
  }
}

function writeEntry(dir: string, file: string, entry: CacheEntry): void {
  try {
    writeFileAtomic(file, JSON.stringify(entry));
    const ours = readdirSync(dir)
      .filter((n) => n.startsWith('dispatch-') && n.endsWith('.json'))
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const old of ours.slice(keep)) rmSync(join(dir, old.n), { force: true });
  } catch {
    // The cache only saves time; a read-only git dir still gets the right answer.
  }
}

/**
 * The plan's model and lint findings: from the cache when this text was read before against the same `base`
 * commit by the same build of the parser and rules, else parsed and linted (and cached).
 */
export async function readPlanChecked(root: string, planPath: string, text: string, options: { cache?: boolean } = {}): Promise<CheckedPlan> {
  const build = options.cache === false ? null : buildId();
  const dir = build === null ? null : cacheDir(root);
  const key = createHash('sha256').update(`${cacheFormat}\0${build ?? ''}\0${planPath}\0${text}`).digest('hex').slice(0, 40);
  const file = dir === null ? null : join(dir, `dispatch-v${cacheFormat}-${key}.json`);
  const entry = file === null ? null : readEntry(file);
  if (entry !== null && build !== null && entry.format === cacheFormat && entry.build === build && entry.planPath === planPath && entry.text === text) {
    if (resolveRev(root, entry.plan.frontMatter.base) === entry.baseCommit) return { plan: entry.plan, findings: entry.findings, cached: true };
  }
  const [{ parsePlan }, { lintPlan, withoutDisabled }] = await Promise.all([import('@lanes/core'), import('@lanes/lint')]);
  const plan = parsePlan(text, { path: planPath });
  const baseCommit = resolveRev(root, plan.frontMatter.base);
  const filesAtBase = baseCommit === null ? null : listFilesAt(root, baseCommit);
  // `<!-- eslint-disable -->` comments mean to a dispatch what they mean to `lanes lint`.
  const findings = withoutDisabled(lintPlan(plan, { text, filesAtBase }), text).map((f): DispatchFinding => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line, column: f.column }));
  if (dir !== null && file !== null && build !== null) writeEntry(dir, file, { format: cacheFormat, build, planPath, text, baseCommit, plan, findings });
  return { plan, findings, cached: false };
}
