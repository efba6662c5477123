import type { PatternRef, Plan } from '@lanes/core';
import type { PlanRule } from '../types.ts';
import { problemReport } from './problem-rule.ts';

function allPatterns(plan: Plan): PatternRef[] {
  return plan.sessions.flatMap((s) => [...s.owns, ...s.reads]);
}

/** `pattern-in-code`: `Owns` and `Reads` patterns are written in inline code. */
const rule: PlanRule<'bare'> = {
  id: 'pattern-in-code',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Require `Owns` and `Reads` patterns in inline code',
    rationale:
      'Bare markdown mangles patterns: `src/**/*.ts` renders as `src/<strong>/</strong>.ts` and `a_b_c` as emphasis, so the plan a person reads is not the plan the tools read (contract §3).',
    group: 'patterns',
    fixable: 'code',
    messages: { bare: 'Unexpected bare pattern `{{pattern}}`, expected it in inline code: `` `{{pattern}}` `` (bare markdown mangles `*`)' },
    problemCodes: ['pattern-not-code'],
  },
  check(plan, context) {
    const bare = allPatterns(plan).filter((p) => !p.inCode);
    return context.problems('pattern-not-code').map((problem) => {
      const ref = bare.find((p) => p.span.start.offset === problem.span.start.offset);
      const fix =
        ref !== undefined && !ref.text.includes('`') && context.text?.slice(ref.span.start.offset, ref.span.end.offset) === ref.text
          ? { range: [ref.span.start.offset, ref.span.end.offset] as [number, number], text: `\`${ref.text}\`` }
          : undefined;
      return { ...problemReport<'bare'>(problem), ...(fix ? { fix } : {}) };
    });
  },
};

export default rule;
