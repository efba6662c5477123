import { parsePlan, type Plan } from '@lanes/core';
import { defaultMaxPlanBytes, tooLargeMessage } from '@lanes/repo';
import { lintPlan } from './lint-plan.ts';
import type { Finding, LintContext } from './types.ts';

/** A message about a file as a whole that could not be linted as a plan (ESLint's `fatal` parse error). */
export interface FatalFinding extends Omit<Finding, 'ruleId' | 'messageId'> {
  ruleId: null;
  fatal: true;
}

/** What linting one file's text gave: its findings, and the plan when the text could be read as one. */
export interface TextLintResult {
  plan: Plan | null;
  findings: (Finding | FatalFinding)[];
}

/**
 * The largest plan read, in characters; a larger file is reported, not parsed. Real plans are tens of
 * kilobytes; markdown parsing takes seconds per megabyte, so a much larger file would look like a hang.
 */
export const maxPlanLength = defaultMaxPlanBytes;

/** Why a text cannot be a plan (binary or too large), or null when it can be parsed. */
export function unreadableReason(text: string): string | null {
  const nul = text.slice(0, 64 * 1024).indexOf('\0');
  if (nul !== -1) return `Unexpected binary content (a NUL byte at offset ${nul}), expected a markdown plan`;
  if (text.includes('\uFFFD')) {
    const at = text.indexOf('\uFFFD');
    if (text.slice(0, 64 * 1024).split('\uFFFD').length > 8) return `Unexpected bytes that are not UTF-8 (first at character ${at}), expected a markdown plan in UTF-8`;
  }
  if (text.length > maxPlanLength) return tooLarge(text.length);
  return null;
}

/** The message for a text over `maxPlanLength`. */
export function tooLarge(length: number): string {
  return tooLargeMessage('plan', length, maxPlanLength);
}

/** A fatal finding at the start of the file. */
export function fatalFinding(message: string): FatalFinding {
  return { ruleId: null, fatal: true, severity: 'error', message, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Parses and lints one file's text; binary or oversized text gives one fatal finding instead. */
export function lintText(text: string, path: string | null, context: Partial<LintContext> = {}): TextLintResult {
  const reason = unreadableReason(text);
  if (reason !== null) return { plan: null, findings: [fatalFinding(reason)] };
  const plan = parsePlan(text, path === null ? {} : { path });
  return { plan, findings: lintPlan(plan, { ...context, text }) };
}
