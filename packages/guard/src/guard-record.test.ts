import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendGuardRecord, readGuardRecords, type GuardRecord } from './guard-record.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const record = (session: string | null, time: string, path: string): GuardRecord => ({ kind: 'blocked-commit', session, paths: [{ path, owner: null }], time, reason: 'blocked' });

describe('readGuardRecords', () => {
  it('reads the records of a session made at or after a time given to the second, the same second included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-records-'));
    dirs.push(dir);
    appendGuardRecord(dir, record('S-A', '2026-12-07T11:10:04.900Z', 'before.txt'));
    appendGuardRecord(dir, record('S-A', '2026-12-07T11:10:05.123Z', 'same-second.txt'));
    appendGuardRecord(dir, record('S-A', '2026-12-07T11:10:06.000Z', 'later.txt'));
    appendGuardRecord(dir, record('S-B', '2026-12-07T11:10:06.000Z', 'other.txt'));
    appendGuardRecord(dir, record(null, '2026-12-07T11:10:06.000Z', 'nobody.txt'));
    expect(readGuardRecords(dir, ['S-A'], '2026-12-07T11:10:05Z').map((r) => r.paths[0]!.path)).toEqual(['same-second.txt', 'later.txt']);
    expect(readGuardRecords(dir, [null], '2026-12-07T11:10:05Z').map((r) => r.paths[0]!.path)).toEqual(['nobody.txt']);
  });
});
