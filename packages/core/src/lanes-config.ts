/** The `lanes` field of a root `package.json`, with defaults applied. */
export interface LanesConfigField {
  /** Patterns (from the repository root) of the plan files. */
  plans: string[];
  /** The registry file of many plans, from the repository root, or null. */
  registry: string | null;
  /** True when the `package.json` has a `lanes` field (false: the defaults). */
  declared: boolean;
  /** The size cap of plan and registry files in bytes (`maxPlanBytes`), or null for the default. */
  maxPlanBytes: number | null;
}

/** A `lanes` field that cannot be used: what is wrong and what to do. */
export class LanesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanesConfigError';
  }
}

/** The default plan locations. */
export const defaultPlanPatterns: readonly string[] = ['plans/**/*.md'];

/**
 * Reads the `lanes` field of a root `package.json`'s text (null: there is no `package.json`); `where` names
 * the file in messages. Throws `LanesConfigError` with what to fix.
 */
export function parseLanesConfig(text: string | null, where: string): LanesConfigField {
  const fallback: LanesConfigField = { plans: [...defaultPlanPatterns], registry: null, declared: false, maxPlanBytes: null };
  if (text === null) return fallback;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new LanesConfigError(`cannot read ${where}: ${(error as Error).message}; fix its JSON`);
  }
  const field = (pkg as { lanes?: unknown } | null)?.lanes;
  if (field === undefined) return fallback;
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw new LanesConfigError(`the "lanes" field of ${where} must be an object such as { "plans": ["plans/**/*.md"] }`);
  }
  const { plans, registry, maxPlanBytes } = field as { plans?: unknown; registry?: unknown; maxPlanBytes?: unknown };
  if (maxPlanBytes !== undefined && (typeof maxPlanBytes !== 'number' || !Number.isInteger(maxPlanBytes) || maxPlanBytes < 1)) {
    throw new LanesConfigError(`"lanes.maxPlanBytes" in ${where} must be a whole number of bytes such as 1048576`);
  }
  const list = typeof plans === 'string' ? [plans] : plans;
  if (list !== undefined && (!Array.isArray(list) || !list.every((p) => typeof p === 'string'))) {
    throw new LanesConfigError(`"lanes.plans" in ${where} must be a pattern or a list of patterns such as ["plans/**/*.md"]`);
  }
  if (registry !== undefined && typeof registry !== 'string') {
    throw new LanesConfigError(`"lanes.registry" in ${where} must be a path such as "plans/registry.md"`);
  }
  return {
    plans: list ?? [...defaultPlanPatterns],
    registry: registry?.replace(/^\/+/, '') ?? null,
    declared: true,
    maxPlanBytes: (maxPlanBytes) ?? null,
  };
}
