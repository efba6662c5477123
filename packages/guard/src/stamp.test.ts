import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { computeStamp, readStamp, verifyStamp } from './stamp.ts';

const keyA = 'a'.repeat(64);
const keyB = '0123456789abcdef'.repeat(4);
const tree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const parents = ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222'];

describe('computeStamp', () => {
  test('is HMAC-SHA256 of the versioned session, tree and parents, with the key as bytes', () => {
    const expected = createHmac('sha256', Buffer.from(keyA, 'hex')).update(`lanes-stamp-v1\nS-A\n${tree}\n${parents[0]} ${parents[1]}`).digest('hex');
    expect(computeStamp(keyA, 'S-A', tree, parents)).toBe(expected);
    expect(computeStamp(keyA, 'S-A', tree, [])).toBe(createHmac('sha256', Buffer.from(keyA, 'hex')).update(`lanes-stamp-v1\nS-A\n${tree}\n`).digest('hex'));
  });

  test('refuses a key that is not 64 hex digits', () => {
    expect(() => computeStamp('abc', 'S-A', tree, [])).toThrow('a session key is 64 hex digits');
  });
});

describe('verifyStamp', () => {
  const stamp = computeStamp(keyA, 'S-A', tree, parents);
  test.each([
    ['the same key, session, tree and parents', keyA, 'S-A', tree, parents, stamp, true],
    ["another session's key", keyB, 'S-A', tree, parents, stamp, false],
    ['another session named', keyA, 'S-B', tree, parents, stamp, false],
    ['another tree', keyA, 'S-A', parents[0]!, parents, stamp, false],
    ['the parents in another order', keyA, 'S-A', tree, [parents[1]!, parents[0]!], stamp, false],
    ['one parent fewer', keyA, 'S-A', tree, [parents[0]!], stamp, false],
    ['a stamp that is not 64 hex digits', keyA, 'S-A', tree, parents, stamp.slice(2), false],
    ['an upper-case stamp', keyA, 'S-A', tree, parents, stamp.toUpperCase(), false],
    ['a malformed key', 'zz', 'S-A', tree, parents, stamp, false],
  ])('%s: %s', (_, key, session, t, p, s, expected) => {
    expect(verifyStamp(key, session, t, p, s)).toBe(expected);
  });
});

describe('readStamp', () => {
  test.each([
    ['the trailers of the last paragraph', 'subject\n\nbody\n\nLanes-Session: S-A\nLanes-Stamp: abc\n', { session: 'S-A', stamp: 'abc' }],
    ['the last of each when repeated', 'subject\n\nLanes-Session: S-A\nLanes-Stamp: one\nLanes-Session: S-B\nLanes-Stamp: two\n', { session: 'S-B', stamp: 'two' }],
    ['keys in any case', 'subject\n\nlanes-session: S-A\nLANES-STAMP: abc', { session: 'S-A', stamp: 'abc' }],
    ['no stamp', 'subject\n\nLanes-Session: S-A\n', undefined],
    ['no session', 'subject\n\nLanes-Stamp: abc\n', undefined],
    ['trailers in the body, not the last paragraph', 'subject\n\nLanes-Session: S-A\nLanes-Stamp: abc\n\nmore text\n', undefined],
    ['an empty message', '', undefined],
  ])('%s', (_, message, expected) => {
    expect(readStamp(message)).toEqual(expected);
  });
});
