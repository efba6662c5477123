import { describe, expect, it } from 'vitest';
import { findWitness } from './find-witness.ts';
import { pattern } from './fixtures/pattern-helpers.ts';

describe('findWitness', () => {
  const both = (matches: readonly boolean[]): boolean => matches.every(Boolean);
  const firstOnly = (matches: readonly boolean[]): boolean => matches[0] === true && matches.slice(1).every((match) => !match);

  it('finds a path matched by all patterns, shortest first', () => {
    expect(findWitness([pattern('a*'), pattern('*b')], [0, 1], both)).toEqual({ kind: 'found', path: 'ab' });
    expect(findWitness([pattern('**/b'), pattern('a/')], [0, 1], both)).toEqual({ kind: 'found', path: 'a/b' });
  });

  it('finds a path one pattern matches and the others do not', () => {
    expect(findWitness([pattern('a?'), pattern('ab'), pattern('ax')], [0], firstOnly)).toEqual({ kind: 'found', path: 'aq' });
    expect(findWitness([pattern('src/'), pattern('src/*.ts'), pattern('src/*/')], [0], firstOnly)).toEqual({ kind: 'found', path: 'src/x' });
  });

  it('proves there is none', () => {
    expect(findWitness([pattern('src/*.ts'), pattern('src/')], [0], firstOnly)).toEqual({ kind: 'none' });
    expect(findWitness([pattern('a?'), pattern('?b'), pattern('ab')], [0, 1], firstOnly)).toEqual({ kind: 'none' });
    expect(findWitness([pattern('**'), pattern('*'), pattern('*/')], [0], firstOnly)).toEqual({ kind: 'none' });
  });

  it('says it does not know when the search runs out of budget', () => {
    expect(findWitness([pattern('a*b*c'), pattern('*c*b*a')], [0, 1], both, 3)).toEqual({ kind: 'unknown' });
  });
});
