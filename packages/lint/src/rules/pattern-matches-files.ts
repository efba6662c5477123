import { matchesPattern } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { compilePatterns } from '../plan-facts.ts';

/** `pattern-matches-files`: warns about an `Owns` or `Reads` pattern that matches no file at `base`. */
const rule: PlanRule = {
  id: 'pattern-matches-files',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about an `Owns` or `Reads` pattern that matches no file at `base`',
    rationale:
      'A pattern that matches nothing today is often a typo (`service/cart/**` for `services/cart/**`), which leaves the session unable to commit its real paths. It is also how a session that creates new files declares them, so this is a warning, and only when the files at `base` are known.',
    group: 'patterns',
    requires: ['filesAtBase'],
    messages: {
      noFile:
        'Unexpected {{field}} pattern `{{pattern}}` of {{session}} matching no file at {{base}}: check its spelling (fine for files the session creates)',
    },
  },
  check(plan, context) {
    const reports: Report[] = [];
    const files = context.filesAtBase;
    if (files === null) return reports;
    for (const session of plan.sessions) {
      for (const [field, refs] of [
        ['Owns', session.owns],
        ['Reads', session.reads],
      ] as const) {
        const compiled = compilePatterns(refs);
        compiled.set.patterns.forEach((pattern, i) => {
          if (pattern.negated) return;
          const prefix = pattern.literalPrefix.join('/');
          const matches = files.some((f) => f.startsWith(prefix) && matchesPattern(pattern, f));
          if (matches) return;
          const ref = compiled.refs[i]!;
          reports.push({ messageId: 'noFile', data: { field, pattern: ref.text, session: session.id, base: plan.frontMatter.base }, span: ref.span });
        });
      }
    }
    return reports;
  },
};

export default rule;
