import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lanes, tempDir, workspaceRoot, writeFiles } from './helpers/repo.ts';

const fixtures = join(workspaceRoot, 'test/fixtures/plans');

describe('lanes plan', () => {
  it('prints the canonical example as JSON with exit 0', () => {
    const r = lanes(fixtures, ['plan', '2026-11-20-shop-checkout-split.md', '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { sessions: { id: string; batch: number; launchAs: string; owns: string[] }[]; problems: unknown[] };
    expect(json.problems).toEqual([]);
    expect(json.sessions.map((s) => [s.id, s.batch, s.launchAs, s.owns])).toEqual([
      ['S-A', 1, 'Bypass permissions', ['services/cart/**', 'packages/cart-client/', '!services/cart/generated/**']],
      ['S-B', 1, 'Bypass permissions', ['services/payments/**']],
      ['S-C', 2, 'Plan mode', ['apps/web/src/checkout/**']],
    ]);
  });

  it('prints a plan as a person reads it', () => {
    const r = lanes(fixtures, ['plan', '2026-02-15-sdd-parallel-dispatch.md']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      'Parallel dispatch rules  (2026-02-15-sdd-parallel-dispatch.md)',
      'parent CIA-379 · date 2026-02-15 · max-parallel 3 · base main',
      '',
      'batch 1',
      '  S-A  1A  CIA-413  Review gates',
    ]);
    expect(r.stdout).toContain('      pair → Plan mode · claude · ~$5 · claude/cia-413-review-gates\n      owns  (nothing)\n      literal prompt\n');
  });

  it('exits 1 with the problems when the plan has errors', () => {
    const dir = tempDir();
    writeFiles(dir, { 'p.md': '# P\n\n## Dispatch\n\n| Session | Issue |\n|---|---|\n| S-A | X-1 | extra |\n' });
    const r = lanes(dir, ['plan', 'p.md']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('  p.md:7:1  error  Unexpected 3 cells in a row of the `Dispatch` table, expected 2 as in its header  (table-row-cells)\n');
  });

  it('exits 2 with what to do when the plan cannot be read', () => {
    const r = lanes(tempDir(), ['plan', 'missing.md']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lanes: cannot read plan missing.md: ENOENT; check the path\n');
  });
});
