import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePlan, type ProblemCode } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { canRun, checkRule, compareFindings, defaultLintContext, ruleContext, toFinding } from './lint-plan.ts';
import { ruleForProblem } from './rule-for-problem.ts';
import { rulesReadme } from './rules-readme.ts';
import { rules } from './rules/index.ts';

const docsDir = new URL('../../../docs/rules/', import.meta.url);
const doc = (name: string): string => readFileSync(fileURLToPath(new URL(name, docsDir)), 'utf8');

/** The first ```md block after a heading, with the path and files at base its HTML comments give. */
function example(text: string, heading: string): { code: string; path: string; filesAtBase: string[] | null } {
  const section = text.slice(text.indexOf(`## ${heading}`));
  const m = /(`{3,4})md\n([\s\S]*?)\n\1\n/.exec(section)!;
  const path = /<!-- path: (.*) -->/.exec(section)?.[1] ?? 'plans/2026-11-20-shop-test.md';
  const files = /<!-- files-at-base: (.*) -->/.exec(section.slice(0, m.index))?.[1];
  return { code: `${m[2]!}\n`, path, filesAtBase: files === undefined ? null : files.split(', ') };
}

/** The plans a doc's *The plan the rows name* section gives, by path from the repository root. */
function otherPlans(text: string): Map<string, string> {
  const plans = new Map<string, string>();
  const at = text.indexOf('## The plan the rows name');
  if (at === -1) return plans;
  const section = text.slice(at, text.indexOf('\n## Options', at));
  for (const m of section.matchAll(/<!-- path: (.*) -->\n(`{3,4})md\n([\s\S]*?)\n\2\n/g)) plans.set(m[1]!, `${m[3]!}\n`);
  return plans;
}

describe('rule docs', () => {
  it('docs/rules/README.md is the generated table (run `node packages/lint/scripts/rules-table.js --readme > docs/rules/README.md`)', () => {
    expect(doc('README.md')).toBe(rulesReadme());
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s: file name, doc, examples', (id, rule) => {
    expect(existsSync(fileURLToPath(new URL(`./rules/${id}.ts`, import.meta.url)))).toBe(true);
    expect(rule.id).toBe(id);
    const text = doc(`${id}.md`);
    expect(text.startsWith(`# \`lanes/${id}\``)).toBe(true);
    for (const heading of ['Why', 'Incorrect', 'Correct', 'Options']) expect(text).toContain(`## ${heading}`);
    const others = otherPlans(text);
    const run = (ex: ReturnType<typeof example>) => {
      const plan = parsePlan(ex.code, { path: ex.path });
      // A `Plan File` from the registry's folder (decision 11), among the plans the doc gives.
      const folder = ex.path.slice(0, ex.path.lastIndexOf('/') + 1);
      const readPlan = (file: string) => {
        const other = others.get(`${folder}${file}`);
        return other === undefined ? null : parsePlan(other, { path: `${folder}${file}` });
      };
      const context = { ...defaultLintContext(), text: ex.code, filesAtBase: ex.filesAtBase, ...(others.size > 0 ? { readPlan } : {}) };
      if (!canRun(rule, plan, context)) return [];
      return checkRule(rule, plan, ruleContext(plan, context)).map((r) => toFinding(rule, rule.meta.severity, r, ex.code)).sort(compareFindings);
    };
    const bad = example(text, 'Incorrect');
    expect(run(example(text, 'Correct'))).toEqual([]);
    const reported = run(bad).map((f) => `${f.line}:${f.column}  ${f.severity}  ${f.message}  ${id}`);
    expect(reported.length).toBeGreaterThan(0);
    const listed = /`lanes lint` reports:\n\n(`{3,4})text\n([\s\S]*?)\n\1/.exec(text)?.[2]?.split('\n');
    expect(reported).toEqual(listed);
  });
});

describe('parser problems', () => {
  // Every code of `ProblemCode`, checked exhaustive by the type.
  const codes = {
    'front-matter': true,
    'table-header': true,
    'table-row-cells': true,
    'unknown-column': true,
    'field-conflict': true,
    'field-value': true,
    'unknown-field': true,
    'duplicate-field': true,
    'pattern-not-code': true,
    'invalid-pattern': true,
    'duplicate-session': true,
    'unknown-dependency': true,
    'run-block': true,
    'prompt-without-session': true,
    'no-sessions': true,
    nesting: true,
  } satisfies Record<ProblemCode, true>;

  it.each(Object.keys(codes) as ProblemCode[])('%s is reported by a rule of each severity', (code) => {
    for (const severity of ['error', 'warning'] as const) {
      const rule = ruleForProblem({ code, severity });
      expect(rule?.meta.problemCodes).toContain(code);
    }
  });
});
