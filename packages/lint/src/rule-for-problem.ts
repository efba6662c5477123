import type { Problem } from '@lanes/core';
import { rules } from './rules/index.ts';
import type { PlanRule } from './types.ts';

/** The rule that reports a parser problem (by its code and severity), or undefined when none does. */
export function ruleForProblem(problem: Pick<Problem, 'code' | 'severity'>): PlanRule | undefined {
  const candidates = rules.filter((r) => r.meta.problemCodes?.includes(problem.code));
  return candidates.find((r) => r.meta.severity === problem.severity) ?? candidates[0];
}
