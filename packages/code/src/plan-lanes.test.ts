import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { PlanLanes } from './plan-lanes.ts';

const plan = `# Plan

**Parent issue:** SHOP-1
**Date:** 2026-11-20

## Sessions

### S-A: Cart

- **Issue:** SHOP-2
- **Batch:** 1
- **Owns:** \`services/cart/**\`, \`!services/cart/vendor/**\`
- **Reads:** \`services/payments/src/\`, \`!services/payments/src/secret.ts\`

### S-B: Payments

- **Issue:** SHOP-3
- **Batch:** 1
- **Owns:** \`services/payments/**\`, \`services/cart/vendor/**\`

### S-C: UI

- **Issue:** SHOP-4
- **Batch:** 1
- **Depends on:** S-D
- **Owns:** \`apps/ui/**\`

### S-D: Theme

- **Issue:** SHOP-5
- **Batch:** 1
- **Depends on:** S-B
- **Owns:** \`apps/theme/**\`, \`[bad\`

### S-E: Docs

- **Issue:** SHOP-6
- **Batch:** 2
- **Owns:** \`docs/**\`
`;

const lanes = new PlanLanes(parsePlan(plan, { path: 'plans/p.md' }), 'plans/p.md');
const reads = (from: string, to: string) =>
  lanes.crossLaneReads(from, to).map((r) => [r.reader.id, r.owner.id, r.readerPattern.text, r.readerPattern.span.start.line, r.ownerPattern.text, r.ownerPattern.span.start.line]);

describe('PlanLanes', () => {
  it('finds the owners of a path with their deciding Owns line, the last matching line deciding', () => {
    expect(lanes.ownersOf('services/cart/src/a.ts').map((o) => [o.lane.session.id, o.pattern.text])).toEqual([['S-A', 'services/cart/**']]);
    expect(lanes.ownersOf('services/cart/vendor/x.ts').map((o) => [o.lane.session.id, o.pattern.text])).toEqual([['S-B', 'services/cart/vendor/**']]);
    expect(lanes.ownersOf('README.md')).toEqual([]);
  });

  it('reports a read of another session of the batch, with both Owns lines', () => {
    expect(reads('services/payments/src/x.ts', 'apps/theme/a.ts')).toEqual([['S-B', 'S-D', 'services/payments/**', 19, 'apps/theme/**', 33]]);
    expect(reads('services/payments/src/x.ts', 'services/cart/src/a.ts')).toEqual([['S-B', 'S-A', 'services/payments/**', 19, 'services/cart/**', 12]]);
  });

  it('lets Reads cover the target, its exclusions included', () => {
    expect(reads('services/cart/src/a.ts', 'services/payments/src/x.ts')).toEqual([]);
    expect(reads('services/cart/src/a.ts', 'services/payments/src/secret.ts')).toEqual([['S-A', 'S-B', 'services/cart/**', 12, 'services/payments/**', 19]]);
    expect(reads('services/cart/src/a.ts', 'services/payments/package.json')).toEqual([['S-A', 'S-B', 'services/cart/**', 12, 'services/payments/**', 19]]);
  });

  it('lets a dependency cover it, through other sessions too', () => {
    expect(reads('apps/theme/a.ts', 'services/payments/src/x.ts')).toEqual([]);
    expect(reads('apps/ui/a.ts', 'apps/theme/a.ts')).toEqual([]);
    expect(reads('apps/ui/a.ts', 'services/payments/src/x.ts')).toEqual([]);
  });

  it('reports nothing across batches, within a lane, from or to unowned files', () => {
    expect(reads('docs/a.ts', 'services/payments/src/x.ts')).toEqual([]);
    expect(reads('services/payments/src/x.ts', 'docs/a.ts')).toEqual([]);
    expect(reads('services/cart/src/a.ts', 'services/cart/src/b.ts')).toEqual([]);
    expect(reads('tools/a.ts', 'services/cart/src/b.ts')).toEqual([]);
    expect(reads('services/cart/src/a.ts', 'tools/b.ts')).toEqual([]);
  });

  it('skips invalid patterns (the plan linter reports them)', () => {
    expect(lanes.lanes.find((l) => l.session.id === 'S-D')!.ownsRefs.map((r) => r.text)).toEqual(['apps/theme/**']);
  });

  it('knows which files can read across lanes', () => {
    expect(lanes.mayReadAcross('services/cart/src/a.ts')).toBe(true);
    expect(lanes.mayReadAcross('docs/a.md')).toBe(false);
    expect(lanes.mayReadAcross('tools/a.ts')).toBe(false);
  });
});
