import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExitStatus, spawnAgent } from './process-tree.ts';

describe('the exit status file', () => {
  it('is written by the wrapper when the agent ends, and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-exit-'));
    const exitFile = join(dir, 'S-A.1');
    const { child } = spawnAgent({ argv: ['sh', '-c', 'echo out; exit 7'], cwd: dir, env: process.env, logFile: join(dir, 'S-A.log'), exitFile });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(7);
    expect(readExitStatus(exitFile)).toBe(7);
  });

  it('counts only a whole line: a missing, empty or cut-off file is no status (never a success)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-exit-'));
    const file = join(dir, 'x');
    expect(readExitStatus(file)).toBeNull();
    for (const [text, status] of [['0\n', 0], ['130\n', 130], ['', null], ['1', null], ['\n', null], ['x\n', null]] as const) {
      writeFileSync(file, text);
      expect(readExitStatus(file)).toBe(status);
    }
  });
});
