import { defaultPlanPatterns, LanesConfigError, parseLanesConfig } from '@lanes/core/config';

/** The `lanes` field of a root `package.json`, as the guard reads it (plan locations and the registry file). */
export interface GuardConfig {
  plans: string[];
  registry: string | null;
}

/** A configuration the guard cannot use: what is wrong and what to do. */
export class GuardConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardConfigError';
  }
}

/** The default plan locations (the same as `@lanes/repo`'s). */
export const defaultPlanLocations = [...defaultPlanPatterns];

/**
 * Reads the `lanes` field of a root `package.json` text (null: no `package.json`) with the core's rules;
 * `where` names the file in messages.
 */
export function parseGuardConfig(text: string | null, where: string): GuardConfig {
  try {
    const { plans, registry } = parseLanesConfig(text, where);
    return { plans, registry };
  } catch (error) {
    if (error instanceof LanesConfigError) throw new GuardConfigError(error.message);
    throw error;
  }
}

/**
 * The pathspecs that list every file the plan locations (and the registry file) can name: each location's
 * leading segments without a wildcard (`plans` for the default location); none, the whole tree, when a
 * location starts with one. Sorted, without duplicates.
 */
export function planPathspecs(config: GuardConfig): string[] {
  const specs = new Set<string>();
  for (const location of [...config.plans, ...(config.registry === null ? [] : [config.registry])]) {
    const literal: string[] = [];
    for (const segment of location.replace(/^\/+/, '').split('/')) {
      if (segment === '' || /[*?]/.test(segment)) break;
      literal.push(segment);
    }
    if (literal.length === 0) return [];
    specs.add(literal.join('/'));
  }
  return [...specs].sort();
}

/** Whether a path is at or under one of `planPathspecs` (every path is, when there are none): where a plan or the registry file can be. */
export function underPlanPathspecs(pathspecs: readonly string[], path: string): boolean {
  if (pathspecs.length === 0) return true;
  for (const p of pathspecs) if (path.startsWith(p) && (path.length === p.length || path[p.length] === '/')) return true;
  return false;
}
