import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parsePlan, type Plan, type ProjectRow } from '@lanes/core';
import { findPlanFiles, listFilesAt, readPlanFile, resolveRev } from '@lanes/repo';
import type { LintContext } from '../types.ts';
import { digest } from './hash.ts';
import type { Dependencies, EngineOptions } from './types.ts';

/** The repository around the linted files, read once per run: files at each `base`, other plans, configured projects. */
export class FileEnvironment {
  private readonly filesAt = new Map<string, { commit: string | null; files: readonly string[] | null }>();
  private readonly plans = new Map<string, { plan: Plan | null; hash: string | null }>();
  private planFiles: string[] | undefined;
  private projects: { rows: ProjectRow[]; hash: string | null } | undefined;

  constructor(readonly options: EngineOptions) {}

  /** The paths at `base` and the commit they are from; null files when git is off or `base` does not resolve. */
  filesAtBase(base: string): { commit: string | null; files: readonly string[] | null } {
    let found = this.filesAt.get(base);
    if (found === undefined) {
      found = { commit: null, files: null };
      if (this.options.git) {
        try {
          const commit = resolveRev(this.options.root, base);
          if (commit !== null) found = { commit, files: listFilesAt(this.options.root, commit) };
        } catch {
          // Not a repository, or git is missing: the rules that need the files are skipped.
        }
      }
      this.filesAt.set(base, found);
    }
    return found;
  }

  /** A file read and parsed as a plan, by absolute path, with its content hash; null when it does not exist. */
  private planAt(path: string): { plan: Plan | null; hash: string | null } {
    let found = this.plans.get(path);
    if (found === undefined) {
      found = { plan: null, hash: null };
      const read = readPlanFile(path, this.options.maxPlanBytes === undefined ? {} : { maxBytes: this.options.maxPlanBytes });
      if (read.ok) found = { plan: parsePlan(read.text, { path: relative(this.options.root, path).split(sep).join('/') }), hash: digest(read.bytes) };
      else if (read.problem.kind !== 'missing') found = { plan: null, hash: digest(Buffer.from(read.problem.message)) };
      this.plans.set(path, found);
    }
    return found;
  }

  /** Decision 11: a `Plan File` from the registry's folder, then from the configured plan locations; absolute, or null. */
  resolvePlanFile(from: string, planFile: string): { path: string; candidates: string[] } | null {
    const name = planFile.replace(/^\[([^\]]*)\]\(.*\)$/, '$1').trim();
    const near = resolve(dirname(from), name);
    if (near === from || existsSync(near)) return { path: near, candidates: [near] };
    this.planFiles ??= safeFindPlanFiles(this.options);
    const wanted = name.replace(/\\/g, '/');
    const hit = this.planFiles.find((p) => p === wanted || p.endsWith(`/${wanted}`) || basename(p) === basename(wanted));
    return hit === undefined ? null : { path: join(this.options.root, hit), candidates: [near, join(this.options.root, hit)] };
  }

  /** The `Projects` rows of the configured registry file. */
  configuredProjects(): { rows: ProjectRow[]; hash: string | null; path: string | null } {
    if (this.options.registry === null) return { rows: [], hash: null, path: null };
    const path = join(this.options.root, this.options.registry);
    if (this.projects === undefined) {
      const found = this.planAt(path);
      this.projects = { rows: found.plan?.projects ?? [], hash: found.hash };
    }
    return { ...this.projects, path };
  }

  /** The lint context of one plan file; what it reads is recorded in `deps` for the cache. */
  contextFor(path: string, plan: Plan, text: string, deps: Dependencies): Partial<LintContext> {
    const base = this.filesAtBase(plan.frontMatter.base);
    deps[`git:${plan.frontMatter.base}`] = base.commit;
    const projects = this.configuredProjects();
    if (projects.path !== null) deps[projects.path] = projects.hash;
    return {
      text,
      filesAtBase: base.files,
      projects: projects.rows,
      readPlan: (planFile) => {
        const found = this.resolvePlanFile(path, planFile);
        if (found === null) {
          deps[resolve(dirname(path), planFile)] = null;
          return null;
        }
        if (found.path === path) return plan;
        const read = this.planAt(found.path);
        for (const candidate of found.candidates) if (candidate !== found.path) deps[candidate] = null;
        deps[found.path] = read.hash;
        return read.plan;
      },
    };
  }
}

function safeFindPlanFiles(options: EngineOptions): string[] {
  try {
    return findPlanFiles(options.root, { plans: options.planPatterns, registry: options.registry });
  } catch {
    return [];
  }
}
