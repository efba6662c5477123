import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../apply-fixes.ts';
import { canRun, checkRule, compareFindings, defaultLintContext, ruleContext, toFinding } from '../lint-plan.ts';
import type { LintContext, PlanRule } from '../types.ts';

/** A plan for a rule test: its markdown, and optionally its path and what the edge knows. */
export interface PlanCase {
  code: string;
  path?: string;
  context?: Partial<LintContext>;
}

/**
 * A plan the rule reports: each expected finding's message, line and column (and, where given, its message id
 * and the end of its range, as ESLint's RuleTester checks them), and the text after `--fix`.
 */
export interface InvalidCase extends PlanCase {
  errors: ExpectedFinding[];
  output?: string;
}

/** One expected finding of a rule test. */
export interface ExpectedFinding {
  messageId?: string;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Removes the common indentation of a template literal and its first and last blank lines. */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Runs one rule over a plan as `lintPlan` would, returning its findings in order. */
export function runRule(rule: PlanRule, test: PlanCase): ReturnType<typeof toFinding>[] {
  const plan = parsePlan(test.code, { path: test.path ?? 'plans/2026-11-20-shop-test.md' });
  const context: LintContext = { ...defaultLintContext(), text: test.code, ...test.context };
  if (!canRun(rule, plan, context)) return [];
  return checkRule(rule, plan, ruleContext(plan, context))
    .map((r) => toFinding(rule, rule.meta.severity, r, context.text))
    .sort(compareFindings);
}

/** Declares the tests of a rule, as ESLint's RuleTester does: valid plans report nothing, invalid ones exactly the errors listed. */
export function testRule(rule: PlanRule, cases: { valid: (string | PlanCase)[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    cases.valid.forEach((test, i) => {
      it(`valid #${i + 1}`, () => {
        expect(runRule(rule, typeof test === 'string' ? { code: test } : test)).toEqual([]);
      });
    });
    cases.invalid.forEach((test, i) => {
      it(`invalid #${i + 1}`, () => {
        const findings = runRule(rule, test);
        expect(
          findings.map((finding, k) => {
            const expected = test.errors[k];
            const { messageId, message, line, column, endLine, endColumn } = finding;
            return {
              ...(expected?.messageId === undefined ? {} : { messageId }),
              message,
              line,
              column,
              ...(expected?.endLine === undefined ? {} : { endLine }),
              ...(expected?.endColumn === undefined ? {} : { endColumn }),
            };
          }),
        ).toEqual(test.errors);
        const fixed = applyFixes(test.code, findings).output;
        expect(fixed).toEqual(test.output ?? test.code);
      });
    });
  });
}
