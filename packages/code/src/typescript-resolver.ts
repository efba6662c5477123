import ts from 'typescript';
import type { ImportKind, ModuleResolver } from './fallback-resolver.ts';

const caches = new WeakMap<ts.Program, ts.ModuleResolutionCache>();

/**
 * Resolves as the program's own compiler does: `ts.resolveModuleName` with the program's compiler options
 * (`moduleResolution`, `paths`, `baseUrl`, `customConditions`, …) and `ts.sys`, a `require()` in CommonJS mode,
 * a dynamic `import()` in ESM mode, a static import in the mode TypeScript gives its file (NodeNext).
 */
export class TypeScriptResolver implements ModuleResolver {
  readonly #program: ts.Program;
  readonly #options: ts.CompilerOptions;
  readonly #cache: ts.ModuleResolutionCache;

  constructor(program: ts.Program) {
    this.#program = program;
    this.#options = program.getCompilerOptions();
    let cache = caches.get(program);
    if (cache === undefined) {
      cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => name, this.#options);
      caches.set(program, cache);
    }
    this.#cache = cache;
  }

  resolve(specifier: string, fromFile: string, kind: ImportKind): string | null {
    const mode =
      kind === 'require'
        ? ts.ModuleKind.CommonJS
        : kind === 'dynamic'
          ? ts.ModuleKind.ESNext
          : this.#program.getSourceFile(fromFile)?.impliedNodeFormat;
    const result = ts.resolveModuleName(specifier, fromFile, this.#options, ts.sys, this.#cache, undefined, mode);
    return result.resolvedModule?.resolvedFileName ?? null;
  }
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
