import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlanFile } from './read-plan-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'lanes-read-plan-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readPlanFile', () => {
  it('reads a UTF-8 plan, and a plan with a BOM the same as one without', () => {
    const plain = readPlanFile(file('plain.md', '# Plan\n'));
    const bom = readPlanFile(file('bom.md', '\uFEFF# Plan\n'));
    expect(plain.ok && plain.text).toBe('# Plan\n');
    expect(bom.ok && bom.text).toBe('# Plan\n');
  });

  it('refuses what is not a regular file, saying what it is, without reading it', () => {
    const fifo = join(dir, 'fifo.md');
    execFileSync('mkfifo', [fifo]);
    expect(readPlanFile(fifo)).toEqual({ ok: false, problem: { kind: 'not-a-file', message: `Unexpected FIFO (named pipe) at ${fifo}, expected a plan file (a regular file)` } });
    expect(readPlanFile('/dev/zero', { what: 'registry' })).toEqual({
      ok: false,
      problem: { kind: 'not-a-file', message: 'Unexpected character device at /dev/zero, expected a registry file (a regular file)' },
    });
    expect(readPlanFile(dir)).toEqual({ ok: false, problem: { kind: 'not-a-file', message: `Unexpected directory at ${dir}, expected a plan file (a regular file)` } });
    expect(readPlanFile(join(dir, 'none.md'))).toEqual({ ok: false, problem: { kind: 'missing', message: `cannot read plan ${join(dir, 'none.md')}: ENOENT; check the path`, code: 'ENOENT' } });
  });

  it('checks the size cap before reading', () => {
    const big = file('big.md', 'x'.repeat(3 * 1024 * 1024));
    expect(readPlanFile(big)).toEqual({
      ok: false,
      problem: {
        kind: 'too-large',
        message: 'Unexpected plan of 3.0 MB, expected at most 256 KB (`lanes.maxPlanBytes`): a plan this large cannot be reviewed or linted in time; split it',
      },
    });
    expect(readPlanFile(big, { maxBytes: 4 * 1024 * 1024 }).ok).toBe(true);
  });

  it('refuses binary content and bytes that are not UTF-8', () => {
    expect(readPlanFile(file('nul.md', Buffer.from([0x23, 0x20, 0x00])))).toEqual({
      ok: false,
      problem: { kind: 'binary', message: 'Unexpected binary content (a NUL byte at byte 2), expected a markdown plan' },
    });
    expect(readPlanFile(file('latin1.md', Buffer.from('# Caf\xe9\n', 'latin1')))).toEqual({
      ok: false,
      problem: { kind: 'not-utf8', message: 'Unexpected bytes that are not UTF-8, expected a markdown plan in UTF-8' },
    });
  });
});
