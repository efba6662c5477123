import type { PlanRule, Report } from '../types.ts';

/** The session fields whose values reach an agent's or git's command line. */
const fields = [
  ['model', 'Model'],
  ['branch', 'Branch'],
] as const;

/**
 * `no-option-value`: no value that reaches a command line begins with `-`. The runner never puts one where a
 * program could read it as an option, but such a value is a mistake or an attack: a `Model` of
 * `--dangerously-skip-permissions`, a `base` of `--orphan`.
 */
const rule: PlanRule = {
  id: 'no-option-value',
  meta: {
    type: 'problem',
    severity: 'error',
    description: 'Disallow a `Model`, `Branch`, `base` or literal prompt that begins with `-`',
    rationale:
      'These values reach an agent’s or git’s command line. The runner passes them after `--` or joined to their flag, but a value that begins with `-` is read as an option by any tool that is less careful: it is a typo, or an attempt to smuggle a flag in through the plan.',
    group: 'fields',
    messages: {
      field: 'Unexpected {{field}} `{{value}}` of {{session}} beginning with `-`: it would read as an option; write the {{what}} itself, without the leading dash',
      base: 'Unexpected `base: {{value}}` beginning with `-`: it would read as an option; name a branch or commit, such as `main`',
      prompt: 'Unexpected literal prompt of {{session}} beginning with `-`: it would read as an option; begin it with a word, such as `Implement …`',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      for (const [key, field] of fields) {
        for (const value of session.fields[key] ?? []) {
          const text = value.value.trim();
          if (!text.startsWith('-')) continue;
          reports.push({ messageId: 'field', data: { field, value: text, session: session.id, what: key === 'model' ? 'model name' : 'branch name' }, span: value.span });
        }
      }
      if (session.prompt !== null && session.prompt.text.trimStart().startsWith('-')) {
        reports.push({ messageId: 'prompt', data: { session: session.id }, span: session.prompt.span });
      }
    }
    const base = plan.frontMatter.base.trim();
    const baseAt = plan.frontMatter.baseSpan ?? plan.frontMatter.span;
    if (base.startsWith('-') && baseAt !== null) reports.push({ messageId: 'base', data: { value: base }, span: baseAt });
    return reports;
  },
};

export default rule;
