import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { lintPlan } from './lint-plan.ts';
import { ruleForProblem } from './rule-for-problem.ts';
import { cleanPlan } from './testing/test-plans.ts';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/plans/${name}`, import.meta.url)), 'utf8');
const canonical = '2026-11-20-shop-checkout-split.md';

describe('lintPlan', () => {
  it('finds nothing in the small clean plan', () => {
    expect(lintPlan(parsePlan(cleanPlan, { path: 'plans/2026-11-20-shop-test.md' }), { text: cleanPlan })).toEqual([]);
  });

  it('finds nothing in the canonical plan, with or without its text, when the files at base are unknown', () => {
    const text = fixture(canonical);
    const plan = parsePlan(text, { path: `plans/${canonical}` });
    expect(lintPlan(plan)).toEqual([]);
    expect(lintPlan(plan, { text, readPlan: (file) => (file === canonical ? plan : null) })).toEqual([]);
  });

  it('reports with positions and severities, and skips what the context cannot tell', () => {
    const text = fixture('2026-02-15-sdd-parallel-dispatch.md');
    const plan = parsePlan(text, { path: 'plans/2026-02-15-sdd-parallel-dispatch.md' });
    const findings = lintPlan(plan, { text });
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([
      ['owns-required', 'error', 22, 3],
      ['owns-required', 'error', 23, 3],
      ['owns-required', 'error', 24, 3],
      ['prompt-boundary', 'error', 30, 1],
    ]);
    expect(lintPlan(plan, { text, severities: { 'owns-required': 'off', 'prompt-boundary': 'warning' } }).map((f) => [f.ruleId, f.severity])).toEqual([
      ['prompt-boundary', 'warning'],
    ]);
    expect(lintPlan(plan, { text, readPlan: () => null }).map((f) => f.ruleId)).toContain('registry-plan-file');
  });

  it('reports every problem the parser recorded, under the rule of its code, at its place', () => {
    const dir = new URL('../../../test/fixtures/lint/plans/', import.meta.url);
    for (const name of readdirSync(dir)) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      const plan = parsePlan(text, { path: `plans/${name}` });
      const findings = lintPlan(plan, { text });
      for (const problem of plan.problems) {
        const rule = ruleForProblem(problem)!;
        expect(findings.some((f) => f.ruleId === rule.id && f.message === problem.message && f.line === problem.span.start.line)).toBe(true);
      }
    }
  });
});

describe('overlapping sessions of a batch, by how they work', () => {
  // Two sessions of batch 1 in a Dispatch table, both owning `docs/**`: the whole lint, every rule at its severity.
  const plan = (a: string, b: string): string =>
    [
      '---',
      'project: shop',
      '---',
      '# Plan',
      '',
      '**Parent issue:** SHOP-120',
      '**Date:** 2026-11-20',
      '',
      '## Dispatch',
      '',
      '| Session | Issue | Mode | Branch | Worktree | Merge order |',
      '|---|---|---|---|---|---|',
      `| S-A | SHOP-121 | tdd | claude/shop-121-docs | ${a} |`,
      `| S-B | SHOP-122 | tdd | claude/shop-122-guide | ${b} |`,
      '',
      '## Sessions',
      '',
      '### S-A: Docs',
      '',
      '- **Owns:** `docs/**`',
      '',
      '### S-B: Guide',
      '',
      '- **Owns:** `docs/guide.md`',
      '',
    ].join('\n');
  const lint = (text: string): string[] =>
    lintPlan(parsePlan(text, { path: 'plans/2026-11-20-shop-test.md' }), { text }).map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);

  it.each([
    [
      'sharing the working tree: an error',
      plan('no | 1', 'no | 2'),
      'no-batch-overlap error 24:14-24:27 Unexpected overlap in batch 1: S-A owns `docs/**` (line 20) and S-B owns `docs/guide.md` (line 24), both match `docs/guide.md`; make them sequential or split the paths',
    ],
    [
      'one on its own branch, one in the shared tree: an error',
      plan('yes | 1', '— | 2'),
      'no-batch-overlap error 24:14-24:27 Unexpected overlap in batch 1: S-A owns `docs/**` (line 20) and S-B owns `docs/guide.md` (line 24), both match `docs/guide.md`; make them sequential or split the paths',
    ],
    [
      'each on its own branch, one without a merge order: an error that names it',
      plan('../wt-a | 1', 'yes | —'),
      'no-batch-overlap error 24:14-24:27 Unexpected overlap in batch 1 without a merge order: S-A owns `docs/**` (line 20) and S-B owns `docs/guide.md` (line 24), both may change `docs/guide.md`; each works on its own branch, so they may run in parallel when their branches land in a set order, but S-B has no `Merge order`: write `2` for S-B (a `Merge order` column of the Dispatch table, or `- **Merge order:**` in the session)',
    ],
    [
      'each on its own branch with a merge order: a warning with the witness path',
      plan('yes | 2', '../wt-b | 1'),
      'branch-overlap warning 24:14-24:27 Parallel with a branch strategy in batch 1: S-A owns `docs/**` (line 20) and S-B owns `docs/guide.md` (line 24), both may change `docs/guide.md`; they land in Merge order, S-B before S-A, and a conflict there fails S-A',
    ],
  ])('%s', (_, text, finding) => {
    expect(lint(text)).toEqual([finding]);
  });
});
