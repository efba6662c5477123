import type { PatternRef } from './model.ts';
import { createPatternSet, parsePattern, type OwnershipPattern, type PatternSet } from './patterns/index.ts';

/** A pattern set made of the valid lines of an `Owns`/`Reads` list, and which written line each set line is. */
export interface CompiledPatterns {
  set: PatternSet;
  /** `refs[i]` is the written line of `set.patterns[i]`. */
  refs: PatternRef[];
}

/**
 * Compiles the valid lines of a pattern list; invalid lines own and read nothing here (the parser records
 * them as `invalid-pattern` problems, which the linter reports).
 */
export function compilePatternRefs(refs: readonly PatternRef[]): CompiledPatterns {
  const patterns: OwnershipPattern[] = [];
  const kept: PatternRef[] = [];
  for (const ref of refs) {
    const result = parsePattern(ref.text);
    if (!result.ok) continue;
    patterns.push(result.pattern);
    kept.push(ref);
  }
  return { set: createPatternSet(patterns), refs: kept };
}
