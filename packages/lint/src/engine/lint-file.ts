import { writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { parsePlan } from '@lanes/core';
import { readPlanFile } from '@lanes/repo';
import { applyFixes } from '../apply-fixes.ts';
import { findDirectives, isDisabled } from '../directives.ts';
import { lintPlan } from '../lint-plan.ts';
import { fatalFinding } from '../lint-text.ts';
import type { Finding } from '../types.ts';
import type { FatalFinding } from '../lint-text.ts';
import type { FileEnvironment } from './file-environment.ts';
import { digest } from './hash.ts';
import type { Dependencies, FileResult, LintMessage } from './types.ts';

/** A file's result with what the cache needs: the hash of the text linted and what else was read. */
export interface LintedFile {
  result: FileResult;
  hash: string;
  deps: Dependencies;
}

const maxFixPasses = 10;

/** Lints one file (absolute path) of the run; with `fix`, applies fixes (at most 10 passes, as ESLint) and writes the file. */
export function lintFile(path: string, env: FileEnvironment): LintedFile {
  const deps: Dependencies = {};
  const read = readPlanFile(path, env.options.maxPlanBytes === undefined ? {} : { maxBytes: env.options.maxPlanBytes });
  if (!read.ok) return { result: toResult(path, [fatalFinding(read.problem.message)], []), hash: digest(Buffer.from(read.problem.message)), deps };
  const hash = digest(read.bytes);
  const original = read.text;
  const rel = relative(env.options.root, path).split(sep).join('/');
  const lint = (text: string): Finding[] => {
    const plan = parsePlan(text, { path: rel });
    return lintPlan(plan, env.contextFor(path, plan, text, deps));
  };
  let text = original;
  let findings = lint(text);
  if (env.options.fix) {
    for (let pass = 0; pass < maxFixPasses; pass += 1) {
      const directives = findDirectives(text);
      const fixable = findings.filter((f) => f.fix !== undefined && !isDisabled(directives, `lanes/${f.ruleId}`, f.line, f.column));
      if (fixable.length === 0) break;
      const { output, applied } = applyFixes(text, fixable);
      if (applied === 0 || output === text) break;
      text = output;
      findings = lint(text);
    }
  }
  const result = toResult(path, findings, findDirectives(text));
  if (text !== original) {
    writeFileSync(path, text);
    result.output = text;
    return { result, hash: digest(Buffer.from(text)), deps };
  }
  return { result, hash, deps };
}

/** Findings as ESLint's result of one file: rule IDs `lanes/<id>`, severities 1 and 2, disabled ones suppressed. */
export function toResult(path: string, findings: readonly (Finding | FatalFinding)[], directives: ReturnType<typeof findDirectives>): FileResult {
  const messages: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  for (const f of findings) {
    const message: LintMessage = {
      ruleId: f.ruleId === null ? null : `lanes/${f.ruleId}`,
      severity: f.severity === 'error' ? 2 : 1,
      message: f.message,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      ...(f.fix ? { fix: f.fix } : {}),
      ...('fatal' in f ? { fatal: true as const } : {}),
    };
    (isDisabled(directives, message.ruleId, f.line, f.column) ? suppressed : messages).push(message);
  }
  return summarize({ filePath: path, messages, suppressedMessages: suppressed });
}

/** Adds the counts ESLint's results carry. */
export function summarize(result: Pick<FileResult, 'filePath' | 'messages' | 'suppressedMessages'> & Partial<FileResult>): FileResult {
  const errors = result.messages.filter((m) => m.severity === 2);
  const warnings = result.messages.filter((m) => m.severity === 1);
  return {
    ...result,
    errorCount: errors.length,
    fatalErrorCount: errors.filter((m) => m.fatal).length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: warnings.filter((m) => m.fix).length,
  };
}
