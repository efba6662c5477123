import { describe, expect, test } from 'vitest';
import { commitIdentity } from './check-range.ts';
import { claimInWorktree } from './identity.ts';
import { computeStamp } from './stamp.ts';

describe('claimInWorktree: the worktree names the session, a claim of another one conflicts', () => {
  test.each([
    ['no file, no claim', null, null, { kind: 'claim', claim: null }],
    ['no file, LANES_SESSION', { id: 'S-B', via: 'env' as const }, null, { kind: 'claim', claim: { id: 'S-B', via: 'env' } }],
    ['the file alone', null, 'S-A', { kind: 'claim', claim: { id: 'S-A', via: 'worktree' } }],
    ['the file and the same session claimed', { id: 'S-A', via: 'env' as const }, 'S-A', { kind: 'claim', claim: { id: 'S-A', via: 'worktree' } }],
    ['the file and another session claimed', { id: 'S-B', via: 'env' as const }, 'S-A', { kind: 'conflict', worktree: 'S-A', claim: { id: 'S-B', via: 'env' } }],
    ['the file and --session of another', { id: 'S-B', via: 'option' as const }, 'S-A', { kind: 'conflict', worktree: 'S-A', claim: { id: 'S-B', via: 'option' } }],
  ])('%s', (_, claim, worktree, expected) => {
    expect(claimInWorktree(claim, worktree)).toEqual(expected);
  });
});

describe('commitIdentity: who made a commit of a range', () => {
  const key = 'c3'.repeat(32);
  const tree = 'f'.repeat(40);
  const parents = ['e'.repeat(40)];
  const stamped = { tree, parents, sessions: ['S-A'], stamps: [computeStamp(key, 'S-A', tree, parents)] };
  const claimed = { tree, parents, sessions: ['S-B'], stamps: [] };
  test.each([
    ['the trailer, when nothing else says', claimed, {}, null, { kind: 'claim', claim: { id: 'S-B', via: 'trailer' } }],
    ['no trailer: nobody', { ...claimed, sessions: [] }, {}, null, { kind: 'claim', claim: null }],
    ["the session branch's session over the trailer", claimed, {}, 'S-A', { kind: 'claim', claim: { id: 'S-A', via: 'branch' } }],
    ['judgeAs (--session) over the branch and the trailer', claimed, { judgeAs: 'S-C' }, 'S-A', { kind: 'claim', claim: { id: 'S-C', via: 'option' } }],
    ['judgeAs for a commit without a trailer', { ...claimed, sessions: [] }, { judgeAs: 'S-C' }, null, { kind: 'claim', claim: { id: 'S-C', via: 'option' } }],
    ['a stamp that verifies', stamped, { sessionKeys: { 'S-A': key } }, null, { kind: 'claim', claim: { id: 'S-A', via: 'stamp' } }],
    ['keys: a stamp over other parents', { ...stamped, parents: [] }, { sessionKeys: { 'S-A': key } }, null, { kind: 'unattributed', why: "its Lanes-Stamp does not verify with S-A's key" }],
    ['keys: another session named with the stamp', { ...stamped, sessions: ['S-B'] }, { sessionKeys: { 'S-A': key, 'S-B': 'd4'.repeat(32) } }, null, { kind: 'unattributed', why: "its Lanes-Stamp does not verify with S-B's key" }],
    ['keys: no stamp, even with judgeAs and a branch', claimed, { sessionKeys: { 'S-B': key }, judgeAs: 'S-B' }, 'S-B', { kind: 'unattributed', why: 'it has no Lanes-Stamp' }],
    ['keys: a session of no key', { ...stamped, sessions: ['toString'] }, { sessionKeys: { 'S-A': key } }, null, { kind: 'unattributed', why: 'it names toString, which is not a session of this run' }],
  ])('%s', (_, logged, options, branchSession, expected) => {
    expect(commitIdentity(logged, options, branchSession)).toEqual(expected);
  });
});
