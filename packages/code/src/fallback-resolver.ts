import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { matchesPattern, parsePattern, type OwnershipPattern } from '@lanes/core/patterns';
import { parse as parseYaml } from 'yaml';
import { readJsonc } from './read-jsonc.ts';

/** How a specifier is written: a static `import`/`export … from`, a dynamic `import()`, or `require()`. */
export type ImportKind = 'import' | 'dynamic' | 'require';

/** Resolves a specifier written in a file (absolute path) to the file it names (absolute), or null when it names none. */
export interface ModuleResolver {
  resolve(specifier: string, fromFile: string, kind: ImportKind): string | null;
}

/** `compilerOptions.paths` of the nearest tsconfig, compiled: each pattern with its substitutions and their base. */
interface PathsConfig {
  /** The folder `paths` substitutions and bare `baseUrl` lookups are resolved from. */
  base: string;
  baseUrl: string | null;
  paths: { prefix: string; suffix: string; exact: boolean; targets: string[] }[];
}

interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

interface PackageManifest {
  name?: unknown;
  exports?: unknown;
  main?: unknown;
  types?: unknown;
  typings?: unknown;
  workspaces?: unknown;
}

const builtins = new Set(builtinModules);

// TypeScript's own order: TS sources, then declarations, then JavaScript (with allowJs); `.js` in a specifier
// names the `.ts` file it compiles from, as in NodeNext and bundler resolution.
const appended = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.d.mts', '.cts', '.d.cts', '.mjs', '.cjs'];
const substituted: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx', '.d.ts'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};
const skippedDirs = new Set(['node_modules', '.git', 'dist', '.turbo', 'build', 'coverage']);

/**
 * The resolver used without type information: relative paths with and without extensions, `index` files and
 * package folders, `paths` and `baseUrl` of the nearest tsconfig.json (following relative `extends`), and the
 * workspace's own packages (pnpm-workspace.yaml or `workspaces` of package.json) through their `exports`, else
 * `types`, `main` and `index`. Packages outside the workspace and Node's built-ins resolve to nothing. What it
 * learns about the file system is kept for the resolver's life: make one per lint run.
 */
export class FallbackResolver implements ModuleResolver {
  readonly #kinds = new Map<string, 'file' | 'dir' | null>();
  readonly #tsconfigs = new Map<string, PathsConfig | null>();
  readonly #workspaces = new Map<string, Map<string, WorkspacePackage> | null>();
  readonly #manifests = new Map<string, PackageManifest | null>();

  resolve(specifier: string, fromFile: string, kind: ImportKind): string | null {
    if (specifier === '' || specifier.startsWith('node:') || builtins.has(specifier)) return null;
    const dir = dirname(fromFile);
    if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier)) {
      return this.#resolvePath(resolve(dir, specifier));
    }
    const config = this.#tsconfigFor(dir);
    if (config !== null) {
      const viaPaths = this.#resolvePaths(config, specifier);
      if (viaPaths !== null) return viaPaths;
      if (config.baseUrl !== null) {
        const viaBase = this.#resolvePath(resolve(config.baseUrl, specifier));
        if (viaBase !== null) return viaBase;
      }
    }
    return this.#resolveWorkspacePackage(dir, specifier, kind);
  }

  #kind(path: string): 'file' | 'dir' | null {
    let kind = this.#kinds.get(path);
    if (kind !== undefined) return kind;
    try {
      const stat = statSync(path);
      kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : null;
    } catch {
      kind = null;
    }
    this.#kinds.set(path, kind);
    return kind;
  }

  /** A path as a module: the file with TypeScript's extension rules, else the folder's package.json or `index`. */
  #resolvePath(path: string): string | null {
    return this.#resolveFile(path) ?? this.#resolveDirectory(path);
  }

  #resolveFile(path: string): string | null {
    const dot = path.lastIndexOf('.');
    const extension = dot > path.lastIndexOf(sep) ? path.slice(dot) : '';
    for (const replacement of substituted[extension] ?? []) {
      const candidate = path.slice(0, dot) + replacement;
      if (this.#kind(candidate) === 'file') return candidate;
    }
    // An existing file is what the specifier names whatever its extension (`.ts`, `.json`, `.css`): a read all the same.
    if (this.#kind(path) === 'file') return path;
    for (const extension of appended) {
      const candidate = path + extension;
      if (this.#kind(candidate) === 'file') return candidate;
    }
    return null;
  }

  #resolveDirectory(path: string): string | null {
    if (this.#kind(path) !== 'dir') return null;
    const manifest = this.#manifest(path);
    if (manifest !== null) {
      for (const field of [manifest.types, manifest.typings, manifest.main]) {
        if (typeof field !== 'string') continue;
        const found = this.#resolveFile(resolve(path, field)) ?? this.#resolveIndex(resolve(path, field));
        if (found !== null) return found;
      }
    }
    return this.#resolveIndex(path);
  }

  #resolveIndex(dir: string): string | null {
    if (this.#kind(dir) !== 'dir') return null;
    for (const extension of appended) {
      const candidate = join(dir, `index${extension}`);
      if (this.#kind(candidate) === 'file') return candidate;
    }
    return null;
  }

  #manifest(dir: string): PackageManifest | null {
    let manifest = this.#manifests.get(dir);
    if (manifest !== undefined) return manifest;
    manifest = null;
    if (this.#kind(join(dir, 'package.json')) === 'file') {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) manifest = parsed;
      } catch {
        manifest = null;
      }
    }
    this.#manifests.set(dir, manifest);
    return manifest;
  }

  #resolvePaths(config: PathsConfig, specifier: string): string | null {
    // TypeScript picks the exact entry, else the pattern with the longest prefix; then tries its targets in order.
    let best: PathsConfig['paths'][number] | undefined;
    for (const entry of config.paths) {
      if (entry.exact) {
        if (entry.prefix === specifier) {
          best = entry;
          break;
        }
        continue;
      }
      if (specifier.length < entry.prefix.length + entry.suffix.length) continue;
      if (!specifier.startsWith(entry.prefix) || !specifier.endsWith(entry.suffix)) continue;
      if (best === undefined || entry.prefix.length > best.prefix.length) best = entry;
    }
    if (best === undefined) return null;
    const captured = best.exact ? '' : specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
    for (const target of best.targets) {
      const found = this.#resolvePath(resolve(config.base, target.replace('*', captured)));
      if (found !== null) return found;
    }
    return null;
  }

  /** `paths` and `baseUrl` of the nearest tsconfig.json above `dir` (with its `extends`), or null when none sets them. */
  #tsconfigFor(dir: string): PathsConfig | null {
    const known = this.#tsconfigs.get(dir);
    if (known !== undefined) return known;
    let config: PathsConfig | null;
    const file = join(dir, 'tsconfig.json');
    if (this.#kind(file) === 'file') config = readPathsConfig(file);
    else {
      const parent = dirname(dir);
      config = parent === dir || this.#kind(join(dir, '.git')) !== null ? null : this.#tsconfigFor(parent);
    }
    this.#tsconfigs.set(dir, config);
    return config;
  }

  #resolveWorkspacePackage(dir: string, specifier: string, kind: ImportKind): string | null {
    const packages = this.#workspaceFor(dir);
    if (packages === null) return null;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const pkg = packages.get(name);
    if (pkg === undefined) return null;
    const subpath = `.${specifier.slice(name.length)}`;
    if (pkg.manifest.exports !== undefined) {
      const conditions = new Set(['types', kind === 'require' ? 'require' : 'import', 'node', 'default']);
      const target = resolveExports(pkg.manifest.exports, subpath, conditions);
      if (target === null || !target.startsWith('./')) return null;
      return this.#resolveFile(resolve(pkg.dir, target));
    }
    return subpath === '.' ? this.#resolveDirectory(pkg.dir) : this.#resolvePath(resolve(pkg.dir, subpath));
  }

  /** The packages of the workspace that holds `dir`, by name; null outside a workspace. */
  #workspaceFor(dir: string): Map<string, WorkspacePackage> | null {
    const known = this.#workspaces.get(dir);
    if (known !== undefined) return known;
    let packages: Map<string, WorkspacePackage> | null = null;
    const patterns = this.#workspacePatterns(dir);
    if (patterns !== null) packages = findWorkspacePackages(dir, patterns, (d) => this.#manifest(d));
    else {
      const parent = dirname(dir);
      if (parent !== dir) packages = this.#workspaceFor(parent);
    }
    this.#workspaces.set(dir, packages);
    return packages;
  }

  /** The workspace globs declared in `dir` (pnpm-workspace.yaml `packages`, or package.json `workspaces`), or null. */
  #workspacePatterns(dir: string): string[] | null {
    const yamlFile = join(dir, 'pnpm-workspace.yaml');
    if (this.#kind(yamlFile) === 'file') {
      try {
        const parsed = parseYaml(readFileSync(yamlFile, 'utf8')) as { packages?: unknown } | null;
        const list = parsed?.packages;
        return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
      } catch {
        return [];
      }
    }
    const workspaces = this.#manifest(dir)?.workspaces;
    // `"workspaces": ["packages/*"]` (npm, yarn) or `"workspaces": { "packages": [...] }` (yarn classic).
    const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : null;
  }
}

function readPathsConfig(file: string): PathsConfig | null {
  const options = readPathOptions(file, new Set());
  if (options === null || (options.paths === null && options.baseUrl === null)) return null;
  // `paths` resolve from `baseUrl` when one is set, else from the folder of the config that declares them.
  return { base: options.baseUrl ?? options.pathsDir ?? dirname(file), baseUrl: options.baseUrl, paths: options.paths ?? [] };
}

interface PathOptions {
  baseUrl: string | null;
  paths: PathsConfig['paths'] | null;
  pathsDir: string | null;
}

/** `baseUrl` and `paths` of a tsconfig after its `extends` (a path or a package's config; later ones win). */
function readPathOptions(file: string, seen: Set<string>): PathOptions | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const json = readJsonc(file) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | null;
  if (json === null) return null;
  const dir = dirname(file);
  const merged: PathOptions = { baseUrl: null, paths: null, pathsDir: null };
  const bases: unknown[] = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
  for (const base of bases) {
    if (typeof base !== 'string') continue;
    const path = findExtendedConfig(dir, base);
    const options = path === null ? null : readPathOptions(path, seen);
    if (options === null) continue;
    if (options.baseUrl !== null) merged.baseUrl = options.baseUrl;
    if (options.paths !== null) Object.assign(merged, { paths: options.paths, pathsDir: options.pathsDir });
  }
  const own = json.compilerOptions ?? {};
  if (typeof own.baseUrl === 'string') merged.baseUrl = resolve(dir, own.baseUrl);
  if (typeof own.paths === 'object' && own.paths !== null) Object.assign(merged, { paths: compilePaths(own.paths as Record<string, unknown>), pathsDir: dir });
  return merged;
}

function findExtendedConfig(dir: string, base: string): string | null {
  if (base.startsWith('.') || isAbsolute(base)) {
    const path = resolve(dir, base);
    return path.endsWith('.json') ? path : `${path}.json`;
  }
  try {
    const require = createRequire(join(dir, 'tsconfig.json'));
    try {
      return require.resolve(base);
    } catch {
      return require.resolve(`${base}/tsconfig.json`);
    }
  } catch {
    return null;
  }
}

function compilePaths(paths: Record<string, unknown>): PathsConfig['paths'] {
  const out: PathsConfig['paths'] = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    if (!Array.isArray(targets)) continue;
    const star = pattern.indexOf('*');
    const list = targets.filter((t): t is string => typeof t === 'string');
    if (star < 0) out.push({ prefix: pattern, suffix: '', exact: true, targets: list });
    else out.push({ prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1), exact: false, targets: list });
  }
  return out;
}

/**
 * The target of a subpath (`.` or `./x`) in a package's `exports`, for a set of conditions: an exact key, else the
 * `*` pattern with the longest prefix; condition objects are read in key order, arrays give their first target.
 */
export function resolveExports(exports: unknown, subpath: string, conditions: ReadonlySet<string>): string | null {
  const isSubpathMap = typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? exportTarget(exports, null, conditions) : null;
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath) && !subpath.includes('*')) return exportTarget(map[subpath], null, conditions);
  let bestKey: string | null = null;
  let captured = '';
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < key.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (bestKey === null || prefix.length > bestKey.indexOf('*')) {
      bestKey = key;
      captured = subpath.slice(prefix.length, subpath.length - suffix.length);
    }
  }
  return bestKey === null ? null : exportTarget(map[bestKey], captured, conditions);
}

function exportTarget(value: unknown, captured: string | null, conditions: ReadonlySet<string>): string | null {
  if (typeof value === 'string') return captured === null ? value : value.replaceAll('*', captured);
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = exportTarget(item, captured, conditions);
      if (target !== null) return target;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [condition, target] of Object.entries(value)) {
      if (!conditions.has(condition)) continue;
      const found = exportTarget(target, captured, conditions);
      if (found !== null) return found;
    }
  }
  return null;
}

function findWorkspacePackages(
  root: string,
  globs: readonly string[],
  manifestOf: (dir: string) => PackageManifest | null,
): Map<string, WorkspacePackage> {
  const patterns: OwnershipPattern[] = [];
  for (const glob of globs) {
    const result = parsePattern(glob.replace(/^(!?)\.\//, '$1').replace(/\/$/, ''));
    if (result.ok) patterns.push(result.pattern);
  }
  const packages = new Map<string, WorkspacePackage>();
  const matches = (path: string): boolean => {
    let matched = false;
    for (const pattern of patterns) if (matchesPattern(pattern, path)) matched = !pattern.negated;
    return matched;
  };
  const deepest = globs.some((g) => g.includes('**')) ? 8 : Math.max(0, ...globs.map((g) => g.split('/').length));
  const visit = (dir: string, depth: number): void => {
    const path = relative(root, dir).split(sep).join('/');
    if (path !== '' && matches(path)) {
      const manifest = manifestOf(dir);
      if (manifest !== null && typeof manifest.name === 'string' && !packages.has(manifest.name)) packages.set(manifest.name, { dir, manifest });
    }
    if (depth >= deepest) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !skippedDirs.has(entry.name) && !entry.name.startsWith('.')) visit(join(dir, entry.name), depth + 1);
    }
  };
  visit(root, 0);
  return packages;
}
