import { rules } from './rules/index.ts';
import type { RuleGroup } from './types.ts';

const groups: RuleGroup[] = ['batches', 'fields', 'patterns', 'registry', 'registry files', 'file and header', 'prompts', 'structure'];

/** The markdown table of every rule, grouped as the issue lists them, with links to the rule docs under `base`. */
export function rulesTable(base = ''): string {
  const lines = ['| rule | group | severity | fix | needs | description |', '|---|---|---|---|---|---|'];
  for (const group of groups) {
    for (const rule of rules.filter((r) => r.meta.group === group)) {
      const needs = (rule.meta.requires ?? []).map((n) => (n === 'filesAtBase' ? 'files at `base`' : n === 'readPlan' ? 'other plans' : 'file path'));
      lines.push(
        `| [\`${rule.id}\`](${base}${rule.id}.md) | ${group} | ${rule.meta.severity} | ${rule.meta.fixable ? 'yes' : ''} | ${needs.join(', ')} | ${rule.meta.description.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
