import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeWorkspace, sequentialPlan, writeShopWorkspace } from './fixtures/shop-workspace.ts';
import { defaultPlanPaths, findRepoRoot, loadPlanLanes } from './load-plan-lanes.ts';

const root = writeShopWorkspace();
afterAll(() => {
  removeWorkspace(root);
});

describe('loadPlanLanes', () => {
  it('parses a plan once per path and mtime', () => {
    const path = 'plans/2026-11-21-shop-sequential.md';
    const first = loadPlanLanes(root, path);
    expect(first.planPath).toBe(path);
    expect(loadPlanLanes(root, join(root, path))).toBe(first);
    writeFileSync(join(root, path), sequentialPlan.replace('- **Depends on:** S-B\n', ''));
    utimesSync(join(root, path), new Date(), new Date(Date.now() + 5000));
    const second = loadPlanLanes(root, path);
    expect(second).not.toBe(first);
    expect(second.lanes.find((l) => l.session.id === 'S-A')!.session.dependsOn).toEqual([]);
  });

  it('says which plan it cannot read and what to do', () => {
    expect(() => loadPlanLanes(root, 'plans/missing.md')).toThrow(/^lanes: cannot read the plan plans\/missing\.md: ENOENT.*; give the plan's path from the repository root$/);
  });
});

describe('defaultPlanPaths', () => {
  it('takes LANES_PLAN, else the plans that `lanes.plans` names', () => {
    expect(defaultPlanPaths(root, { LANES_PLAN: 'plans/x.md' })).toEqual(['plans/x.md']);
    expect(defaultPlanPaths(root, {})).toEqual(['plans/2026-11-20-shop-lanes.md', 'plans/2026-11-21-shop-sequential.md']);
  });
});

describe('findRepoRoot', () => {
  it('is the nearest folder with a .git', () => {
    mkdirSync(join(root, 'services/cart/src/deep/er'), { recursive: true });
    expect(findRepoRoot(join(root, 'services/cart/src/deep/er'))).toBe(root);
    expect(findRepoRoot('/')).toBe(null);
  });
});
