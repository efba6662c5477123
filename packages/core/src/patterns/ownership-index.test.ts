import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pattern, patternSet } from './fixtures/pattern-helpers.ts';
import { OwnershipIndex } from './ownership-index.ts';
import { createPatternSet, explainPath, type PatternSet } from './pattern-set.ts';

describe('OwnershipIndex', () => {
  const index = new OwnershipIndex([
    { owner: 'S-A', set: patternSet('services/payments/', '!services/payments/migrations/') },
    { owner: 'S-B', set: patternSet('services/payments/migrations/', 'docs/*.md') },
    { owner: 'S-C', set: patternSet('**/*.md', '!docs/internal.md') },
    { owner: 'S-D', set: patternSet('services/*/README.md', 'services/payments') },
  ]);
  it.each([
    ['services/payments/api.ts', [{ owner: 'S-A', index: 0 }, { owner: 'S-D', index: 1 }]],
    ['services/payments/migrations/001.sql', [{ owner: 'S-B', index: 0 }, { owner: 'S-D', index: 1 }]],
    ['services/payments/README.md', [{ owner: 'S-A', index: 0 }, { owner: 'S-C', index: 0 }, { owner: 'S-D', index: 1 }]],
    ['services/shipping/README.md', [{ owner: 'S-C', index: 0 }, { owner: 'S-D', index: 0 }]],
    ['docs/guide.md', [{ owner: 'S-B', index: 1 }, { owner: 'S-C', index: 0 }]],
    ['docs/internal.md', [{ owner: 'S-B', index: 1 }]],
    ['services/payments', [{ owner: 'S-D', index: 1 }]],
    ['services', []],
    ['lib/a.ts', []],
    ['README.md', [{ owner: 'S-C', index: 0 }]],
  ])('%s', (path, owners) => {
    expect(index.owners(path)).toEqual(owners);
  });

  it('agrees with explainPath over every set, on generated sets and paths', () => {
    const glob = fc.constantFrom('a', 'b', 'ab', '*', '?', 'a*', '**');
    const line = fc
      .tuple(fc.boolean(), fc.array(glob, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([negated, globs, trailing]) => `${negated ? '!' : ''}${globs.join('/')}${trailing ? '/' : ''}`);
    const set = fc.array(line, { minLength: 0, maxLength: 4 }).map((lines) => createPatternSet(lines.map(pattern)));
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', 'x'), { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
    fc.assert(
      fc.property(fc.array(set, { minLength: 1, maxLength: 5 }), fc.array(path, { minLength: 1, maxLength: 10 }), (sets, paths) => {
        const ownership = new OwnershipIndex(sets.map((owned, owner) => ({ owner, set: owned })));
        for (const candidate of paths) expect(ownership.owners(candidate)).toEqual(bruteForce(sets, candidate));
      }),
      { numRuns: 2000 },
    );
  });
});

function bruteForce(sets: readonly PatternSet[], path: string): { owner: number; index: number }[] {
  return sets.flatMap((set, owner) => {
    const explanation = explainPath(set, path);
    return explanation?.owned === true ? [{ owner, index: explanation.index }] : [];
  });
}
