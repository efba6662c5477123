import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../packages/core/src/index.ts';
import { applyFixes, lintText } from '../packages/lint/src/index.ts';
import { workspaceRoot } from './helpers/repo.ts';

// Mutated real plans: no input makes the parser or any check throw, and every fix stays inside the text.
const seeds = ['test/fixtures/plans', 'test/fixtures/lint/plans'].flatMap((dir) =>
  readdirSync(join(workspaceRoot, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(workspaceRoot, dir, f), 'utf8')),
);

const tokens = ['|', '\n', '\n\n', '`', '**', '- **Owns:** ', '- **Depends on:** ', '### S-A', '## Session Registry\n\n| Session Name | Issue |\n|---|---|\n', '---\n', '```\n', '<!-- eslint-disable -->', '**/', '!', '{a,b}', '~$', 'Failed', '—', '\u00e9', '\u{1F600}', '\t', ' '];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : ('at' in m ? m.at % text.length : 0);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'swapLines': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
  }
}

const other = parsePlan(seeds[0]!, { path: 'plans/2026-11-20-shop-checkout-split.md' });
const context = {
  filesAtBase: ['services/cart/a.ts', 'services/payments/migrations/001.sql', 'pnpm-lock.yaml', 'docs/x.md'],
  readPlan: (file: string) => (file.includes('2026') ? other : null),
};

describe('fuzz', () => {
  it('no mutated plan throws, and fixes stay inside the text', () => {
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const text = mutations.reduce(mutate, seeds[seed]!);
        const { findings } = lintText(text, 'plans/2026-11-20-shop-fuzz.md', context);
        for (const f of findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
          if (f.fix) {
            expect(f.fix.range[0]).toBeGreaterThanOrEqual(0);
            expect(f.fix.range[1]).toBeLessThanOrEqual(text.length);
          }
        }
        const fixed = applyFixes(text, findings).output;
        lintText(fixed, 'plans/2026-11-20-shop-fuzz.md', context);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
