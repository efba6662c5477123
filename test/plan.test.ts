import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

  it('refuses what is not a regular file, saying what it is, before reading it', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    const fifo = lanes(dir, ['plan', 'pipe.md', '--json']);
    expect([fifo.status, fifo.stdout, fifo.stderr]).toEqual([
      2,
      '',
      `lanes: cannot read plan pipe.md: Unexpected FIFO (named pipe) at ${join(dir, 'pipe.md')}, expected a plan file (a regular file)\n`,
    ]);
    const zero = lanes(dir, ['plan', '/dev/zero']);
    expect([zero.status, zero.stderr]).toEqual([2, 'lanes: cannot read plan /dev/zero: Unexpected character device at /dev/zero, expected a plan file (a regular file)\n']);
  });

  it('refuses a plan that is not UTF-8, as lint does, and over the configured cap', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    writeFiles(dir, { 'package.json': '{"lanes":{"maxPlanBytes":100}}', 'big.md': `# Big\n\n${'text '.repeat(40)}\n` });
    const latin1 = lanes(dir, ['plan', 'latin1.md', '--json']);
    expect([latin1.status, latin1.stdout, latin1.stderr]).toEqual([2, '', 'lanes: cannot read plan latin1.md: Unexpected bytes that are not UTF-8, expected a markdown plan in UTF-8\n']);
    const big = lanes(dir, ['plan', 'big.md']);
    expect([big.status, big.stderr]).toEqual([
      2,
      'lanes: cannot read plan big.md: Unexpected plan of 208 bytes, expected at most 100 bytes (`lanes.maxPlanBytes`): a plan this large cannot be reviewed or linted in time; split it\n',
    ]);
  });

  it('reads a plan with a BOM and CRLF line ends as the same plan without them; `Run` without `\\r`', () => {
    const dir = tempDir();
    const text = '# P\n\n## Sessions\n\n### S-A: Build\n\n- **Issue:** X-1\n- **Owns:** `src/`\n- **Run:**\n\n```sh\necho one\necho two\n```\n';
    writeFiles(dir, { 'lf.md': text, 'crlf.md': `\uFEFF${text.replace(/\n/g, '\r\n')}` });
    const lf = JSON.parse(lanes(dir, ['plan', 'lf.md', '--json']).stdout) as { sessions: { id: string; run: string }[]; problems: unknown[] };
    const crlf = JSON.parse(lanes(dir, ['plan', 'crlf.md', '--json']).stdout) as typeof lf;
    expect(crlf.sessions.map((s) => [s.id, s.run])).toEqual([['S-A', 'echo one\necho two']]);
    expect(crlf.sessions.map((s) => s.run)).toEqual(lf.sessions.map((s) => s.run));
    expect(crlf.problems).toEqual(lf.problems);
  });
});
