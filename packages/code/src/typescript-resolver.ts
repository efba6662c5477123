import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { ImportKind, ModuleResolver } from './fallback-resolver.ts';

/**
 * Resolves as TypeScript's compiler does for a project: `ts.resolveModuleName` with its compiler options
 * (`moduleResolution`, `paths`, `baseUrl`, `customConditions`, …) and `ts.sys`; a `require()` in CommonJS mode,
 * a dynamic `import()` in ESM mode, a static import in the mode TypeScript gives its file (NodeNext).
 */
export class TypeScriptResolver implements ModuleResolver {
  readonly #options: ts.CompilerOptions;
  readonly #cache: ts.ModuleResolutionCache;
  readonly #program: ts.Program | null;

  /** A resolver for a program (the options it was built with), or for compiler options read from a tsconfig. */
  constructor(project: ts.Program | { options: ts.CompilerOptions; currentDirectory: string }) {
    this.#program = 'getCompilerOptions' in project ? project : null;
    this.#options = this.#program?.getCompilerOptions() ?? (project as { options: ts.CompilerOptions }).options;
    const currentDirectory = this.#program?.getCurrentDirectory() ?? (project as { currentDirectory: string }).currentDirectory;
    this.#cache = ts.createModuleResolutionCache(currentDirectory, (name) => name, this.#options);
  }

  resolve(specifier: string, fromFile: string, kind: ImportKind): string | null {
    const result = ts.resolveModuleName(specifier, fromFile, this.#options, ts.sys, this.#cache, undefined, this.#modeOf(fromFile, kind));
    return result.resolvedModule?.resolvedFileName ?? null;
  }

  #modeOf(file: string, kind: ImportKind): ts.ResolutionMode {
    if (kind === 'require') return ts.ModuleKind.CommonJS;
    if (kind === 'dynamic') return ts.ModuleKind.ESNext;
    const sourceFile = this.#program?.getSourceFile(file);
    if (sourceFile !== undefined) return sourceFile.impliedNodeFormat;
    return ts.getImpliedNodeFormatForFile(file, this.#cache.getPackageJsonInfoCache(), ts.sys, this.#options);
  }
}

/**
 * TypeScript's resolution without type information: each file's imports resolved with the compiler options of its
 * nearest tsconfig.json (below `root`), as its program would resolve them, without building the program; files
 * without a tsconfig.json get nothing (chain a fallback).
 */
export class ProjectResolver implements ModuleResolver {
  readonly #root: string;
  readonly #byDir = new Map<string, TypeScriptResolver | null>();
  readonly #byConfig = new Map<string, TypeScriptResolver | null>();

  constructor(root: string) {
    this.#root = root;
  }

  resolve(specifier: string, fromFile: string, kind: ImportKind): string | null {
    return this.#resolverFor(dirname(fromFile))?.resolve(specifier, fromFile, kind) ?? null;
  }

  #resolverFor(dir: string): TypeScriptResolver | null {
    const known = this.#byDir.get(dir);
    if (known !== undefined) return known;
    let resolver: TypeScriptResolver | null;
    const config = join(dir, 'tsconfig.json');
    if (existsSync(config)) resolver = this.#resolverOf(config);
    else {
      const parent = dirname(dir);
      resolver = dir === this.#root || parent === dir ? null : this.#resolverFor(parent);
    }
    this.#byDir.set(dir, resolver);
    return resolver;
  }

  #resolverOf(config: string): TypeScriptResolver | null {
    let resolver = this.#byConfig.get(config);
    if (resolver !== undefined) return resolver;
    const parsed = readTsconfig(config);
    resolver = parsed === null ? null : new TypeScriptResolver({ options: parsed.options, currentDirectory: dirname(config) });
    this.#byConfig.set(config, resolver);
    return resolver;
  }
}

/** A tsconfig.json with its `extends` applied, as TypeScript reads it; null when it cannot be read. */
export function readTsconfig(path: string): ts.ParsedCommandLine | null {
  return ts.getParsedCommandLineOfConfigFile(path, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }) ?? null;
}

/** The first resolver's answer, else the next's: TypeScript first, then the fallback for what it does not resolve (`.css`). */
export function chainResolvers(...resolvers: readonly ModuleResolver[]): ModuleResolver {
  return {
    resolve(specifier, fromFile, kind) {
      for (const resolver of resolvers) {
        const found = resolver.resolve(specifier, fromFile, kind);
        if (found !== null) return found;
      }
      return null;
    },
  };
}
