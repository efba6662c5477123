import { readFileSync } from 'node:fs';
import { rules as planRules } from '@lanes/lint';
import type { ESLint, Linter } from 'eslint';
import { planLanguage } from './plan-language.ts';
import { toEslintRule } from './to-eslint-rule.ts';

const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** Every rule of @lanes/lint, by ID. */
const rules = Object.fromEntries(planRules.map((rule) => [rule.id, toEslintRule(rule)]));

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
  configs: { recommended },
} satisfies ESLint.Plugin;

recommended.plugins = { lanes: plugin };

export default plugin;
export { planLanguage } from './plan-language.ts';
export { PlanSourceCode } from './plan-source-code.ts';
export { toEslintRule } from './to-eslint-rule.ts';
