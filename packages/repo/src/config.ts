import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultPlanPatterns as corePlanPatterns, LanesConfigError, parseLanesConfig } from '@lanes/core/config';
import { matchesPattern, parsePattern, type OwnershipPattern } from '@lanes/core/patterns';
import { defaultMaxPlanBytes } from './read-plan-file.ts';

/** The `lanes` field of the root `package.json`, with defaults applied. */
export interface LanesConfig {
  /** Patterns (from the repository root) of the plan files. */
  plans: string[];
  /** The registry file of many plans, from the repository root, or null. */
  registry: string | null;
  /** Where the config came from, for messages. */
  source: string | null;
  /** The size cap of plan and registry files in bytes (`lanes.maxPlanBytes`, default 256 KiB), the same in every command. */
  maxPlanBytes: number;
}

/** A configuration that cannot be used: what is wrong and what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The default plan locations. */
export const defaultPlanPatterns = [...corePlanPatterns];

/** Reads the `lanes` field of `<root>/package.json`; defaults where there is none. */
export function readConfig(root: string): LanesConfig {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return { plans: defaultPlanPatterns, registry: null, source: null, maxPlanBytes: defaultMaxPlanBytes };
  try {
    const { plans, registry, declared, maxPlanBytes } = parseLanesConfig(readFileSync(file, 'utf8'), file);
    return { plans, registry, source: declared ? file : null, maxPlanBytes: maxPlanBytes ?? defaultMaxPlanBytes };
  } catch (error) {
    if (error instanceof LanesConfigError) throw new ConfigError(error.message);
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}; check the file`);
  }
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
export function findPlanFiles(root: string, config: Pick<LanesConfig, 'plans' | 'registry'>): string[] {
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
