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
export const defaultPlanLocations = ['plans/**/*.md'];

/**
 * Reads the `lanes` field of a root `package.json` text (null: no `package.json`), with the rules of
 * `@lanes/repo`'s `readConfig`; `where` names the file in messages.
 */
export function parseGuardConfig(text: string | null, where: string): GuardConfig {
  const fallback: GuardConfig = { plans: defaultPlanLocations, registry: null };
  if (text === null) return fallback;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new GuardConfigError(`cannot read ${where}: ${(error as Error).message}; fix its JSON`);
  }
  const field = (pkg as { lanes?: unknown } | null)?.lanes;
  if (field === undefined) return fallback;
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw new GuardConfigError(`the "lanes" field of ${where} must be an object such as { "plans": ["plans/**/*.md"] }`);
  }
  const { plans, registry } = field as { plans?: unknown; registry?: unknown };
  const list = typeof plans === 'string' ? [plans] : plans;
  if (list !== undefined && (!Array.isArray(list) || !list.every((p) => typeof p === 'string'))) {
    throw new GuardConfigError(`"lanes.plans" in ${where} must be a pattern or a list of patterns such as ["plans/**/*.md"]`);
  }
  if (registry !== undefined && typeof registry !== 'string') {
    throw new GuardConfigError(`"lanes.registry" in ${where} must be a path such as "plans/registry.md"`);
  }
  return { plans: list ?? defaultPlanLocations, registry: registry?.replace(/^\/+/, '') ?? null };
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
