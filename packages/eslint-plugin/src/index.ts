import { readFileSync } from 'node:fs';
import { noCrossLaneImport } from '@lanes/code';
import tsParser from '@typescript-eslint/parser';
import { rules as planRules } from '@lanes/lint';
import type { ESLint, Linter } from 'eslint';
import { planLanguage } from './plan-language.ts';
import { toEslintRule } from './to-eslint-rule.ts';

const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** Every rule of @lanes/lint, by ID, and the code rule of @lanes/code. */
const rules: Record<string, ReturnType<typeof toEslintRule>> = {
  ...Object.fromEntries(planRules.map((rule) => [rule.id, toEslintRule(rule)])),
  'no-cross-lane-import': noCrossLaneImport as unknown as ReturnType<typeof toEslintRule>,
};

/** The files `configs.code` lints: JavaScript and TypeScript. */
export const codeFiles = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** `configs.code`: imports of files another session of the same batch owns (the plan `lanes` finds). */
const code: Linter.Config = {
  name: 'lanes/code',
  files: codeFiles,
  languageOptions: { parser: tsParser },
  rules: { 'lanes/no-cross-lane-import': 'error' },
};

/** The files `configs.recommended` lints: plan files only, so they never meet @eslint/markdown's `**\/*.md`. */
export const planFiles = ['plans/**/*.md', '**/*.plan.md'];

/** `configs.recommended`: every rule at its severity, for plan files only. */
const recommended: Linter.Config = {
  name: 'lanes/recommended',
  files: planFiles,
  language: 'lanes/plan',
  rules: Object.fromEntries(planRules.map((rule) => [`lanes/${rule.id}`, rule.meta.severity === 'error' ? 'error' : 'warn'])),
};

/** The plugin: the `plan` language, the rules and `configs.recommended`. */
const plugin = {
  meta: { name, version, namespace: 'lanes' },
  languages: { plan: planLanguage },
  rules,
  configs: { recommended, code },
} satisfies ESLint.Plugin;

recommended.plugins = { lanes: plugin };
code.plugins = { lanes: plugin };

export default plugin;
export { planLanguage } from './plan-language.ts';
export { PlanSourceCode } from './plan-source-code.ts';
export { toEslintRule } from './to-eslint-rule.ts';
