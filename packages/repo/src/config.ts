import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { matchesPattern, parsePattern, type OwnershipPattern } from '@lanes/core/patterns';

/** The `lanes` field of the root `package.json`, with defaults applied. */
export interface LanesConfig {
  /** Patterns (from the repository root) of the plan files. */
  plans: string[];
  /** The registry file of many plans, from the repository root, or null. */
  registry: string | null;
  /** Where the config came from, for messages. */
  source: string | null;
}

/** A configuration that cannot be used: what is wrong and what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The default plan locations. */
export const defaultPlanPatterns = ['plans/**/*.md'];

/** Reads the `lanes` field of `<root>/package.json`; defaults where there is none. */
export function readConfig(root: string): LanesConfig {
  const file = join(root, 'package.json');
  const fallback: LanesConfig = { plans: defaultPlanPatterns, registry: null, source: null };
  if (!existsSync(file)) return fallback;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}; fix its JSON`);
  }
  const field = (pkg as { lanes?: unknown } | null)?.lanes;
  if (field === undefined) return fallback;
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw new ConfigError(`the "lanes" field of ${file} must be an object such as { "plans": ["plans/**/*.md"] }`);
  }
  const { plans, registry } = field as { plans?: unknown; registry?: unknown };
  const list = typeof plans === 'string' ? [plans] : plans;
  if (list !== undefined && (!Array.isArray(list) || !list.every((p) => typeof p === 'string'))) {
    throw new ConfigError(`"lanes.plans" in ${file} must be a pattern or a list of patterns such as ["plans/**/*.md"]`);
  }
  if (registry !== undefined && typeof registry !== 'string') {
    throw new ConfigError(`"lanes.registry" in ${file} must be a path such as "plans/registry.md"`);
  }
  return { plans: list ?? defaultPlanPatterns, registry: registry ?? null, source: file };
}

function compile(patterns: readonly string[]): OwnershipPattern[] {
  return patterns.map((p) => {
    const result = parsePattern(p);
    if (!result.ok) throw new ConfigError(`plan location \`${p}\` is not a valid pattern: ${result.message}`);
    return result.pattern;
  });
}

const skipped = new Set(['node_modules', '.git', 'dist', '.turbo', '.lanes']);

/** The plan files under `root` that the configured patterns name, as paths from the root, sorted. */
export function findPlanFiles(root: string, config: LanesConfig): string[] {
  const patterns = compile(config.plans);
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        const rel = relative(root, full).split(sep).join('/');
        if (patterns.some((p) => matchesPattern(p, rel)) && rel !== config.registry) out.push(rel);
      }
    }
  };
  walk(root);
  return out.sort();
}

/** A plan path given on the command line or in `LANES_PLAN`, as a path from the repository root. */
export function planPathFromRoot(root: string, given: string, cwd: string): string {
  const absolute = isAbsolute(given) ? given : resolve(cwd, given);
  return relative(root, absolute).split(sep).join('/');
}
