import { rulesTable } from './rules-table.ts';

/** The text of `docs/rules/README.md`: the rule table, generated from the rules. */
export function rulesReadme(): string {
  return [
    '# Lint rules',
    '',
    'Every rule of the plan format’s dispatch rules, as checked by `lanes lint` and by `eslint-plugin-lanes`',
    '(`lanes/<rule>`). Generated from the rules by `node packages/lint/scripts/rules-table.js`; a test fails when',
    'this table is out of date. Severities are those of `lanes lint` and `configs.recommended`.',
    '',
    rulesTable(),
  ].join('\n');
}
