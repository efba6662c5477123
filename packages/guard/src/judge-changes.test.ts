import { describe, expect, test } from 'vitest';
import { compilePlan } from './compile-plan.ts';
import { formatGuardText, restoreCommand } from './format-guard-report.ts';
import type { GuardReport } from './guard-report.ts';
import { resolveIdentity } from './identity.ts';
import { attributeOwners, findViolations, OwnerLookup } from './judge-changes.ts';
import { loadPlan } from './load-plans.ts';
import { parseRawDiff, type FileChange } from './raw-diff.ts';

const plan = loadPlan(
  compilePlan(
    [
      '## Dispatch',
      '',
      '| Session | Issue | Branch |',
      '|---|---|---|',
      '| S-A | X-1 | claude/x-1-a |',
      '| S-B | X-2 | claude/x-2-b |',
      '',
      '## Sessions',
      '',
      '### S-A: One',
      '',
      '- **Owns:** `a/**`, `!a/gen/**`',
      '',
      '### S-B: Two',
      '',
      '- **Owns:** `b/`',
      '',
    ].join('\n'),
    'plans/p.md',
    'blob',
  ),
);
const sessionA = plan.sessions[0]!;

function added(...paths: string[]): FileChange[] {
  const z = '0'.repeat(40);
  return parseRawDiff(Buffer.from(paths.map((p) => `:000000 100644 ${z} ${'a'.repeat(40)} A\0${p}\0`).join('')));
}

describe('resolveIdentity', () => {
  test('a claim is looked up; a branch finds its session; anything else is nobody', () => {
    expect(resolveIdentity([plan], { id: 'S-B', via: 'env' }, 'main')).toMatchObject({ kind: 'session', via: 'env', session: { id: 'S-B' } });
    expect(resolveIdentity([plan], null, 'claude/x-1-a')).toMatchObject({ kind: 'session', via: 'branch', session: { id: 'S-A' } });
    expect(resolveIdentity([plan], null, 'main')).toEqual({ kind: 'nobody' });
    expect(resolveIdentity([plan], null, null)).toEqual({ kind: 'nobody' });
  });

  test('an unknown session, a bad ID, a session in two plans, a branch of two sessions: failed, with the fix', () => {
    expect(resolveIdentity([plan], { id: 'S-Z', via: 'option' }, null)).toEqual({
      kind: 'failed',
      problem: 'session S-Z (from --session) is not in the plan: plans/p.md declares S-A, S-B',
      fix: 'set --session to the session you are, or ask the coordinator to add S-Z to the plan and commit it',
    });
    expect(resolveIdentity([plan], { id: '../x', via: 'env' }, null)).toMatchObject({ kind: 'failed', problem: 'LANES_SESSION is "../x", which is not a session ID' });
    const other = { ...plan, path: 'plans/q.md' };
    expect(resolveIdentity([plan, other], { id: 'S-A', via: 'env' }, null)).toMatchObject({ kind: 'failed', problem: 'session S-A is declared by plans/p.md and plans/q.md; a session belongs to one plan' });
    expect(resolveIdentity([plan, other], null, 'claude/x-2-b')).toMatchObject({ kind: 'failed', problem: 'branch claude/x-2-b is the Branch of S-B (plans/p.md) and S-B (plans/q.md)' });
  });
});

describe('findViolations and attributeOwners', () => {
  test('paths outside the lane, with who owns them instead or the own exclusion that decides', () => {
    const violations = findViolations(sessionA, added('a/x.ts', 'a/gen/y.ts', 'b/z.ts', 'c.md'), new Map());
    expect(violations.map((v) => [v.change.path, v.owner, v.excludedBy])).toEqual([
      ['a/gen/y.ts', null, null],
      ['b/z.ts', null, null],
      ['c.md', null, null],
    ]);
    const attributed = attributeOwners(sessionA, violations, new OwnerLookup([plan]));
    expect(attributed.map((v) => [v.change.path, v.owner?.session ?? null, v.excludedBy?.pattern ?? null])).toEqual([
      ['a/gen/y.ts', null, '!a/gen/**'],
      ['b/z.ts', 'S-B', null],
      ['c.md', null, null],
    ]);
  });

  test('plan files follow their own verdict, whatever Owns says', () => {
    const violations = findViolations(sessionA, added('a/plan.md', 'a/ok.ts'), new Map([['a/plan.md', 'not your row']]));
    expect(violations.map((v) => [v.change.path, v.note])).toEqual([['a/plan.md', 'not your row']]);
  });
});

describe('messages are capped', () => {
  test('at 20 paths, then "and N more"; the restore command too', () => {
    const violations = findViolations(sessionA, added(...Array.from({ length: 25 }, (_, i) => `c/${String(i).padStart(2, '0')}.ts`)), new Map());
    expect(restoreCommand(violations)).toBe(
      `git restore --staged -- ${violations
        .slice(0, 20)
        .map((v) => v.change.path)
        .join(' ')}  # and 5 more: lanes guard --json lists them all`,
    );
    const report: GuardReport = {
      decision: 'blocked',
      exitCode: 1,
      session: 'S-A',
      via: 'env',
      branch: null,
      plan: 'plans/p.md',
      merge: false,
      checked: 25,
      reason: 'commit blocked',
      pathCount: 25,
      paths: violations.slice(0, 20).map((v) => ({ path: v.change.path, validUtf8: true, change: 'added', object: null, owner: null, excludedBy: null, note: null })),
      problems: [],
      warnings: [],
      fix: [],
      override: null,
    };
    const lines = formatGuardText(report).split('\n');
    expect(lines.length).toBe(1 + 20 + 1 + 1);
    expect(lines[20]).toBe('  added  c/19.ts  owned by no session');
    expect(lines[21]).toBe('  and 5 more');
  });
});
