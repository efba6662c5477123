import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { parsePlan, type Plan } from '@lanes/core';
import { findPlanFiles, readConfig } from '@lanes/repo';
import { PlanLanes } from './plan-lanes.ts';

interface CachedPlan {
  mtimeMs: number;
  size: number;
  lanes: PlanLanes;
}

const plans = new Map<string, CachedPlan>();

/**
 * The compiled lanes of the plan at `planPath` (from `root`, or absolute), parsed once per path and mtime: a lint
 * run of thousands of files reads the plan once, and an editor session sees each saved change.
 */
export function loadPlanLanes(root: string, planPath: string): PlanLanes {
  const absolute = isAbsolute(planPath) ? planPath : join(root, planPath);
  const fromRoot = relative(root, absolute).split(sep).join('/');
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    throw new Error(`lanes: cannot read the plan ${fromRoot}: ${(error as Error).message}; give the plan's path from the repository root`, { cause: error });
  }
  const cached = plans.get(absolute);
  if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.lanes;
  const lanes = new PlanLanes(parsePlan(readFileSync(absolute, 'utf8'), { path: fromRoot }), fromRoot);
  plans.set(absolute, { mtimeMs: stat.mtimeMs, size: stat.size, lanes });
  return lanes;
}

/** Lanes of a plan already parsed (by `lintCode`'s caller), never cached. */
export function planLanesOf(plan: Plan, planPath: string): PlanLanes {
  return new PlanLanes(plan, planPath);
}

interface Discovery {
  at: number;
  files: string[];
}

const discovered = new Map<string, Discovery>();

// Finding the configured plans walks the repository; an editor asks for every file it lints, so the list is
// kept for a few seconds (the plans' contents are still checked by mtime on every file).
const discoveryTtlMs = 5000;

/**
 * The plans the rule uses when its `plan` option is not given, as `lanes` finds them: `LANES_PLAN` (from the
 * root, or absolute), else the plan files the `lanes.plans` patterns of the root `package.json` name.
 */
export function defaultPlanPaths(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.LANES_PLAN;
  if (fromEnv !== undefined && fromEnv !== '') return [fromEnv];
  const now = Date.now();
  const found = discovered.get(root);
  if (found !== undefined && now - found.at < discoveryTtlMs) return found.files;
  const files = findPlanFiles(root, readConfig(root));
  discovered.set(root, { at: now, files });
  return files;
}

const roots = new Map<string, string | null>();

/** The top of the git working tree that holds `dir` (the nearest folder with a `.git`), realpath'd; null outside one. */
export function findRepoRoot(dir: string): string | null {
  const known = roots.get(dir);
  if (known !== undefined) return known;
  let root: string | null;
  if (existsSync(join(dir, '.git'))) root = realpathSync(dir);
  else {
    const parent = dirname(dir);
    root = parent === dir ? null : findRepoRoot(parent);
  }
  roots.set(dir, root);
  return root;
}
