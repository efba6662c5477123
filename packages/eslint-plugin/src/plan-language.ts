import type { File, Language, OkParseResult, ParseResult } from '@eslint/core';
import { findDeepNesting, maxNesting, parseMarkdown, parsePlan } from '@lanes/core';
import { defaultLintContext, unreadableReason } from '@lanes/lint';
import { environmentFor, findRoot } from '@lanes/lint/engine';
import type { Root } from 'mdast';
import { relative, resolve, sep } from 'node:path';
import { PlanSourceCode } from './plan-source-code.ts';

/** The options of the `lanes/plan` language. */
export interface PlanLanguageOptions extends Record<string, unknown> {
  /** Read the files at each plan's `base` from git (default true); false skips the rules that need them. */
  git?: boolean;
}

/** The `lanes/plan` language: a plan file parsed into its mdast tree and the plan model. */
export const planLanguage: Language<{ LangOptions: PlanLanguageOptions; Code: PlanSourceCode; RootNode: Root; Node: unknown }> = {
  fileType: 'text',
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: 'type',
  visitorKeys: { root: ['children'] },
  defaultLanguageOptions: { git: true },

  validateLanguageOptions(options) {
    for (const [key, value] of Object.entries(options)) {
      if (key !== 'git') throw new TypeError(`Unexpected language option "${key}" of lanes/plan, expected only "git"`);
      if (typeof value !== 'boolean') throw new TypeError('Expected the lanes/plan language option "git" to be true or false');
    }
  },

  parse(file: File): ParseResult<Root> {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const reason = unreadableReason(text);
    if (reason !== null) return { ok: false, errors: [{ message: reason, line: 1, column: 1 }] };
    // Nesting too deep to parse in time: an empty tree, and `parsePlan` gives the one finding without parsing.
    if (findDeepNesting(text, maxNesting) !== null) return { ok: true, ast: { type: 'root', children: [] } };
    return { ok: true, ast: parseMarkdown(text) };
  },

  createSourceCode(file: File, input: OkParseResult<Root>, context) {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const path = resolve(file.physicalPath);
    const root = findRoot(path);
    // The tree `parse` made: the markdown is parsed once.
    const plan = parsePlan(text, { path: relative(root, path).split(sep).join('/'), tree: input.ast });
    const env = environmentFor(path, context.languageOptions.git !== false);
    const lintContext = { ...defaultLintContext(), ...env.contextFor(path, plan, text, {}) };
    return new PlanSourceCode({ text, ast: input.ast, plan, lintContext });
  },
};
