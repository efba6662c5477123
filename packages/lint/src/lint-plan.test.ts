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
