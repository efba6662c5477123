import { describe, expect, test } from 'vitest';
import { compilePlan } from './compile-plan.ts';
import { decideCommit, type CommitInputs } from './decide-commit.ts';
import type { Rules } from './guard-rules.ts';
import { loadPlan } from './load-plans.ts';
import type { FileChange } from './raw-diff.ts';

function planText(strict: boolean, active: boolean): string {
  return [
    ...(strict ? ['---', 'guard: strict', '---'] : []),
    '# P',
    '',
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
    '## Session Registry',
    '',
    '| Session Name | Issue | Phase | Plan File | Status |',
    '|---|---|---|---|---|',
    `| S-A | X-1 | 1A | p.md | ${active ? 'Active' : 'Planned'} |`,
    '',
  ].join('\n');
}

function rules(options: { strict?: boolean; active?: boolean; unusable?: boolean; configProblem?: string } = {}): Rules {
  const text = planText(options.strict ?? false, options.active ?? false).replace('`b/`', options.unusable ? '`b/[`' : '`b/`');
  return { config: { plans: ['plans/**/*.md'], registry: null }, plans: [loadPlan(compilePlan(text, 'plans/p.md', 'b10b'))], registry: null, configProblem: options.configProblem ?? null };
}

function change(path: string, kind: FileChange['kind'] = 'modified'): FileChange {
  return { path, gitPath: path, validUtf8: true, bytes: null, kind, oldMode: '100644', newMode: '100644', oldOid: '1'.repeat(40), newOid: '2'.repeat(40) };
}

function input(over: Partial<Omit<CommitInputs, 'staged'>> & { staged?: { changes: FileChange[]; merge: boolean; checked?: number } } = {}): CommitInputs {
  return {
    claim: null,
    worktreeSession: null,
    gitDir: '/r/.git',
    overrideLog: '/r/.git/lanes/overrides.jsonl',
    branch: 'main',
    head: 'f'.repeat(40),
    rules: rules(),
    planFiles: new Map(),
    overrideReason: null,
    pathspecVars: [],
    stagesItself: false,
    allPaths: false,
    ...over,
    staged: { checked: (over.staged ?? { changes: [change('a/x.ts')] }).changes.length, ...(over.staged ?? { changes: [change('a/x.ts')], merge: false }) },
  };
}

const asA = { id: 'S-A', via: 'env' as const };
const outside = { staged: { changes: [change('a/x.ts'), change('b/y.ts', 'added')], merge: false } };

describe('decideCommit: the decision from what was read, as a table', () => {
  test.each<[string, Partial<Omit<CommitInputs, 'staged'>> & { staged?: { changes: FileChange[]; merge: boolean; checked?: number } }, object, object | null]>([
    ['nobody, no strict plan: allowed', {}, { decision: 'allowed', exitCode: 0, session: null, reason: 'commit allowed' }, null],
    ['S-A inside its lane', { claim: asA }, { decision: 'allowed', exitCode: 0, session: 'S-A', via: 'env', plan: 'plans/p.md', checked: 1 }, null],
    [
      'S-A with a path of S-B',
      { claim: asA, ...outside },
      {
        decision: 'blocked',
        exitCode: 1,
        reason: 'commit blocked: S-A may commit only what its Owns covers (plans/p.md); 1 of 2 staged paths is outside it:',
        pathCount: 1,
        paths: [{ path: 'b/y.ts', change: 'added', owner: { session: 'S-B', plan: 'plans/p.md', line: 18, pattern: 'b/' }, excludedBy: null, note: null, object: null, validUtf8: true }],
        fix: ['unstage it:\n  git restore --staged -- b/y.ts', 'or, if the work belongs to S-A, ask the coordinator to extend its Owns (plans/p.md:14)'],
      },
      null,
    ],
    [
      'S-A excluded by its own !pattern, and GIT_ICASE_PATHSPECS turned off in the fix',
      { claim: asA, staged: { changes: [change('a/gen/z.ts')], merge: false }, pathspecVars: ['GIT_ICASE_PATHSPECS'] },
      {
        decision: 'blocked',
        paths: [{ path: 'a/gen/z.ts', owner: null, excludedBy: { session: 'S-A', plan: 'plans/p.md', line: 14, pattern: '!a/gen/**' } }],
        fix: ['unstage it:\n  GIT_ICASE_PATHSPECS=0 git restore --staged -- a/gen/z.ts', 'or, if the work belongs to S-A, ask the coordinator to extend its Owns (plans/p.md:14)'],
      },
      null,
    ],
    [
      'git commit -a: the fix says the commit stages the path again',
      { claim: asA, staged: { changes: [change('b/y.ts')], merge: false }, stagesItself: true },
      {
        decision: 'blocked',
        fix: [
          'unstage it:\n  git restore --staged -- b/y.ts',
          'this commit stages it again itself (git commit -a, or paths named): commit without -a, naming only your own paths',
          'or, if the work belongs to S-A, ask the coordinator to extend its Owns (plans/p.md:14)',
        ],
      },
      null,
    ],
    [
      'the branch names the session',
      { branch: 'claude/x-2-b', staged: { changes: [change('b/y.ts')], merge: false } },
      { decision: 'allowed', session: 'S-B', via: 'branch' },
      null,
    ],
    [
      "the worktree's session over LANES_SESSION naming another",
      { claim: { id: 'S-B', via: 'env' }, worktreeSession: 'S-A' },
      {
        decision: 'blocked',
        exitCode: 1,
        session: 'S-B',
        reason: 'commit blocked: this worktree belongs to S-A (/r/.git/lanes-session), but LANES_SESSION says S-B',
        fix: ["commit S-A's work here without LANES_SESSION: the worktree names its session", "or make S-B's commit in S-B's own worktree"],
      },
      null,
    ],
    ["the worktree's session alone", { worktreeSession: 'S-A', ...outside }, { decision: 'blocked', session: 'S-A', via: 'worktree', pathCount: 1 }, null],
    [
      'a session the plan does not have fails closed',
      { claim: { id: 'S-Q', via: 'env' } },
      { decision: 'failed', exitCode: 2, reason: 'commit blocked (the guard fails closed): session S-Q (from LANES_SESSION) is not in the plan: plans/p.md declares S-A, S-B' },
      null,
    ],
    [
      'an unusable plan fails closed for its sessions',
      { claim: asA, rules: rules({ unusable: true }) },
      { decision: 'failed', exitCode: 2, reason: "commit blocked (the guard fails closed): plans/p.md cannot be used for S-A's commit:", problems: [expect.stringMatching(/^plans\/p\.md:18: /)] },
      null,
    ],
    ['an unusable plan warns a commit by nobody', { rules: rules({ unusable: true }) }, { decision: 'allowed', warnings: [expect.stringMatching(/^plans\/p\.md cannot be used by the guard/)] }, null],
    [
      'a configuration problem fails closed for a session',
      { claim: asA, rules: { ...rules(), plans: [], configProblem: 'lanes.plans is not a list' } },
      { decision: 'failed', exitCode: 2, reason: 'commit blocked (the guard fails closed): lanes.plans is not a list' },
      null,
    ],
    [
      'strict, S-A Active, a commit by nobody',
      { rules: rules({ strict: true, active: true }) },
      {
        decision: 'blocked',
        exitCode: 1,
        plan: 'plans/p.md',
        reason: 'commit blocked: plans/p.md says `guard: strict` and S-A is Active, but this commit names no session',
        fix: ['name the session that makes it: LANES_SESSION=S-A git commit …', "or commit on the session's branch (claude/x-1-a)"],
      },
      null,
    ],
    ['strict without an Active session', { rules: rules({ strict: true }) }, { decision: 'allowed' }, null],
    [
      'strict, lifted by LANES_OVERRIDE',
      { rules: rules({ strict: true, active: true }), overrideReason: 'hotfix' },
      { decision: 'allowed', exitCode: 0, checked: 1, override: { reason: 'hotfix', log: '/r/.git/lanes/overrides.jsonl' }, fix: [] },
      { session: null, branch: 'main', head: 'f'.repeat(40), plan: 'plans/p.md', reason: 'hotfix', lifted: 'strict', paths: ['a/x.ts'] },
    ],
    [
      'a path outside the lane, let through by LANES_OVERRIDE',
      { claim: asA, ...outside, overrideReason: 'pager duty' },
      { decision: 'allowed', exitCode: 0, reason: "commit allowed by LANES_OVERRIDE (pager duty): 1 staged paths outside S-A's lane, recorded in /r/.git/lanes/overrides.jsonl:", pathCount: 1 },
      { session: 'S-A', branch: 'main', head: 'f'.repeat(40), plan: 'plans/p.md', reason: 'pager duty', lifted: 'rules', paths: ['b/y.ts'] },
    ],
    [
      'the plan file: what the plan-file rule said',
      { claim: asA, staged: { changes: [change('plans/p.md')], merge: false }, planFiles: new Map([['plans/p.md', 'it changes plans/p.md outside its row']]) },
      { decision: 'blocked', paths: [{ path: 'plans/p.md', note: 'it changes plans/p.md outside its row' }], fix: [expect.any(String), 'in plans/p.md change only your own Session Registry row, then stage it again', expect.any(String)] },
      null,
    ],
    ['the plan file, its own row only', { claim: asA, staged: { changes: [change('plans/p.md')], merge: false }, planFiles: new Map([['plans/p.md', null]]) }, { decision: 'allowed', checked: 1 }, null],
    [
      'the count of every staged path, those the read found in the lane and left out included',
      { claim: asA, staged: { changes: [change('b/y.ts')], merge: false, checked: 50_000 } },
      { decision: 'blocked', checked: 50_000, pathCount: 1, reason: 'commit blocked: S-A may commit only what its Owns covers (plans/p.md); 1 of 50000 staged paths is outside it:' },
      null,
    ],
    [
      'a merge: what it authored',
      { claim: asA, staged: { changes: [change('b/y.ts')], merge: true } },
      { decision: 'blocked', merge: true, reason: 'commit blocked: S-A may commit only what its Owns covers (plans/p.md); 1 of 1 paths this merge authored is outside it:' },
      null,
    ],
  ])('%s', (_, over, report, record) => {
    const decision = decideCommit(input(over));
    expect(decision.report).toMatchObject(report);
    expect(decision.record).toEqual(record);
  });

  test('at most 20 paths are listed, unless every one is asked for (--json)', () => {
    const many = { claim: asA, staged: { changes: Array.from({ length: 25 }, (_, i) => change(`b/${i}.ts`)), merge: false } };
    expect(decideCommit(input(many)).report.pathCount).toBe(25);
    expect(decideCommit(input(many)).report.paths).toHaveLength(20);
    expect(decideCommit(input({ ...many, allPaths: true })).report.paths).toHaveLength(25);
    expect(decideCommit(input(many)).report.fix[0]).toBe(
      `unstage them:\n  git restore --staged -- ${Array.from({ length: 20 }, (_, i) => `b/${i}.ts`).join(' ')}  # and 5 more: lanes guard --json lists them all`,
    );
  });
});
