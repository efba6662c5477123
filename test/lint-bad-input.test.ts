import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanes, removeDir, tempDir } from './helpers/repo.ts';

// Bad input gives a finding or a clear message: never a stack trace, never a hang.
const dir = tempDir();
afterAll(() => {
  removeDir(dir);
});

function lint(name: string, content: string | Buffer): { status: number; stdout: string; stderr: string; ms: number } {
  writeFileSync(join(dir, name), content);
  const start = Date.now();
  const r = lanes(dir, ['lint', '--no-git', name]);
  return { ...r, ms: Date.now() - start };
}

const plan = (rows: number): string =>
  [
    '# Big',
    '',
    '**Parent issue:** SHOP-1',
    '**Date:** 2026-11-20',
    '',
    '## Dispatch',
    '',
    '| Session | Issue | Mode | Est. Cost | Batch |',
    '|---|---|---|---|---|',
    ...Array.from({ length: rows }, (_, i) => `| S-${i} | SHOP-${i + 10} | tdd | ~$1 | ${Math.floor(i / 3) + 1} |`),
    '',
    '## Sessions',
    '',
    ...Array.from({ length: rows }, (_, i) => `### S-${i}: Work\n\n- **Owns:** \`services/s${i}/**\`\n`),
  ].join('\n');

describe('lanes lint on bad input', () => {
  it('a file that is not a plan', () => {
    const r = lint('2026-11-20-shop-list.md', '# Shopping list\n\n- milk\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      '1:1  error  Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md  lanes/plan-sessions',
    );
    expect(r.stderr).toBe('');
  });

  it('an empty file', () => {
    const r = lint('2026-11-20-shop-empty.md', '');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('lanes/plan-sessions');
    expect(r.stderr).toBe('');
  });

  it('binary bytes and bytes that are not UTF-8', () => {
    const binary = lint('2026-11-20-shop-bin.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(binary.status).toBe(1);
    expect(binary.stdout).toContain('1:1  error  Unexpected binary content (a NUL byte at byte 8), expected a markdown plan');
    const latin1 = lint('2026-11-20-shop-latin1.md', Buffer.from('# Caf\xe9\n', 'latin1'));
    expect(latin1.stdout).toContain('Unexpected bytes that are not UTF-8, expected a markdown plan in UTF-8');
    expect(binary.stderr + latin1.stderr).toBe('');
  });

  it('a 5 MB plan: a clear message at once', () => {
    const big = plan(3).padEnd(5 * 1024 * 1024, '\nFiller paragraph of a plan that grew too large.');
    const r = lint('2026-11-20-shop-huge.md', big);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1:1  error  Unexpected plan of 5.0 MB, expected at most 256 KB (`lanes.maxPlanBytes`): a plan this large cannot be reviewed or linted in time; split it');
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a table of 2,000 rows', () => {
    const r = lint('2026-11-20-shop-wide.md', plan(2000));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  }, 120_000);
});
