import type { RuleDefinition } from '@eslint/core';
import { canRun, checkRule, narrowSpan, type PlanRule } from '@lanes/lint';
import type { PlanSourceCode } from './plan-source-code.ts';

/** A lint rule of @lanes/lint as an ESLint rule of the `lanes/plan` language: the same check, reported at the same places. */
export function toEslintRule(rule: PlanRule): RuleDefinition {
  return {
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.description, recommended: true },
      messages: rule.meta.messages,
      schema: [],
      ...(rule.meta.fixable ? { fixable: rule.meta.fixable } : {}),
      languages: ['lanes/plan'],
    },
    create(context) {
      const source = context.sourceCode as unknown as PlanSourceCode;
      return {
        root() {
          if (!canRun(rule, source.plan, source.lintContext)) return;
          for (const report of checkRule(rule, source.plan, source.ruleContext)) {
            const span = narrowSpan(report.span, source.text);
            const fix = report.fix;
            context.report({
              loc: { start: { line: span.start.line, column: span.start.column }, end: { line: span.end.line, column: span.end.column } },
              messageId: report.messageId,
              ...(report.data ? { data: report.data } : {}),
              ...(fix ? { fix: (fixer: { replaceTextRange: (range: [number, number], text: string) => unknown }) => fixer.replaceTextRange(fix.range, fix.text) } : {}),
            } as Parameters<typeof context.report>[0]);
          }
        },
      };
    },
  };
}
