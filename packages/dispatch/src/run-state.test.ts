import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunState, runPaths, StateWriter, type RunState } from './run-state.ts';

function state(spent: number): RunState {
  return { version: 1, planPath: 'plans/p.md', runId: 'r', runner: null, startedAt: 't', endedAt: null, outcome: 'running', workspaceMode: 'shared', spent, sessions: {}, batches: [] };
}

describe('StateWriter', () => {
  it('writes off the main thread, the newest copy last, and idle() waits until it is on disk', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lanes-state-'));
    const paths = runPaths(root, 'plans/p.md');
    const writer = new StateWriter(paths);
    const s = state(0);
    for (let i = 1; i <= 50; i++) {
      s.spent = i;
      writer.write(s); // a copy as it is now: later changes to `s` are not in it
    }
    s.spent = 999;
    await writer.idle();
    expect(readRunState(paths)?.spent).toBe(50);
    expect(readdirSync(paths.dir)).toEqual(['state.json']); // no temp file left
  });

  it('reports a write that failed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lanes-state-'));
    const paths = runPaths(root, 'plans/p.md');
    writeFileSync(join(root, '.lanes'), 'a file where the folder should be');
    const writer = new StateWriter(paths);
    writer.write(state(1));
    await expect(writer.idle()).rejects.toThrow(`cannot write ${paths.state}`);
  });
});
