import { describe, expect, it } from 'vitest';
import { sessionOutcome, type Observed } from './session-outcome.ts';

const clean: Observed = {
  ended: null,
  exit: { code: 0, signal: null },
  streams: true,
  result: { ok: true, message: null },
  lastError: null,
  blockedCommits: [],
  refusedEdits: [],
  audit: { violations: [] },
  leftovers: { paths: [], alsoMaybe: [] },
};

describe('sessionOutcome', () => {
  it.each<[string, Partial<Observed>, string, string | null]>([
    ['ran well, committed in its lane', {}, 'Done', null],
    ['cancelled by Ctrl-C', { ended: { by: 'cancel', reason: 'cancelled' } }, 'Cancelled', null],
    ['stopped by lanes stop', { ended: { by: 'stop', reason: 'stopped by lanes stop' } }, 'Cancelled', 'stopped by lanes stop'],
    ['timed out', { ended: { by: 'timeout', reason: 'timed out after 30m' } }, 'Failed', 'timed out after 30m'],
    ['idle', { ended: { by: 'idle', reason: 'idle for 3s (no output)' }, leftovers: { paths: ['a'], alsoMaybe: [] } }, 'Failed', 'idle for 3s (no output)'],
    ['no exit status', { exit: { code: null, signal: 'SIGKILL' } }, 'Failed', 'ended without an exit status (SIGKILL)'],
    ['non-zero exit with an error result', { exit: { code: 1, signal: null }, result: { ok: false, message: 'API Error: 400 prompt is too long' } }, 'Failed', 'exit 1 — API Error: 400 prompt is too long'],
    ['non-zero exit, its last error', { exit: { code: 3, signal: null }, result: null, lastError: 'lanes guard: commit blocked' }, 'Failed', 'exit 3 — lanes guard: commit blocked'],
    ['non-zero exit, nothing said', { exit: { code: 3, signal: null }, result: null }, 'Failed', 'exit 3'],
    ['exit 0 with an error result', { result: { ok: false, message: 'turn failed: rate limit' } }, 'Failed', 'turn failed: rate limit'],
    ['exit 0 without a result event', { result: null }, 'Failed', 'exited 0 without a result event'],
    ['exit 0 without a result, after errors', { result: null, lastError: 'Reconnecting... 5/5' }, 'Failed', 'exited 0 without a result event — Reconnecting... 5/5'],
    ['a script (no stream) that ended well', { streams: false, result: null }, 'Done', null],
    [
      'a blocked commit, its files left staged',
      { blockedCommits: [{ path: 'work/S-B/y.txt', owner: 'S-B', count: 2 }], leftovers: { paths: ['work/S-B/y.txt', 'work/S-A/a.txt'], alsoMaybe: [] } },
      'Failed',
      'the guard blocked a commit: work/S-B/y.txt (owned by S-B) and 1 more; left uncommitted changes: work/S-B/y.txt and 1 more',
    ],
    ['two blocked commits', { blockedCommits: [{ path: 'README.md', owner: null, count: 1 }, { path: 'x', owner: null, count: 1 }] }, 'Failed', 'the guard blocked a commit: README.md; 2 commits blocked'],
    ['a commit out of lane (--no-verify)', { audit: { violations: ['abc1234 outside S-A\'s lane: README.md (M)'] } }, 'Failed', "guard: 1 commit out of lane: abc1234 outside S-A's lane: README.md (M)"],
    ['an audit that could not run', { audit: { error: 'git log failed' } }, 'Failed', 'audit failed: git log failed'],
    ['changes left behind', { leftovers: { paths: ['work/S-A/b.txt'], alsoMaybe: [] } }, 'Failed', 'left uncommitted changes: work/S-A/b.txt'],
    [
      'changes that another running session may have left',
      { leftovers: { paths: ['README.md', 'notes.md'], alsoMaybe: ['S-B', 'S-C'] } },
      'Failed',
      'left uncommitted changes: README.md and 1 more (or S-B or S-C left them: the shared working tree cannot tell which)',
    ],
    ['a rebase left stopped at a conflict', { leftovers: { paths: ['shared/api.ts', 'x'], alsoMaybe: [], unfinished: 'rebase' } }, 'Failed', 'left a rebase stopped with uncommitted changes: shared/api.ts and 1 more'],
    ['a merge left stopped, nothing else', { leftovers: { paths: [], alsoMaybe: [], unfinished: 'merge' } }, 'Failed', 'left a merge stopped'],
    ['a rebase stopped in the shared tree', { leftovers: { paths: [], alsoMaybe: ['S-B'], unfinished: 'rebase' } }, 'Failed', 'left a rebase stopped (or S-B left it: the shared working tree cannot tell which)'],
    ['an edit refused, the work done', { refusedEdits: ['work/S-B/x.txt'] }, 'Done', '1 edit refused: work/S-B/x.txt'],
    ['edits refused', { refusedEdits: ['a', 'b', 'a', 'c', 'd'] }, 'Done', '5 edits refused: a, b, c and 1 more'],
  ])('%s', (_, change, status, reason) => {
    expect(sessionOutcome({ ...clean, ...change })).toEqual({ status, reason });
  });
});
