import { patternCovers } from '@lanes/core';
import type { PlanRule, Report } from '../types.ts';
import { compilePatterns } from '../plan-facts.ts';

/** `no-redundant-pattern`: warns about an `Owns` line that an earlier line of the same session already covers. */
const rule: PlanRule = {
  id: 'no-redundant-pattern',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    description: 'Warn about an `Owns` or `Reads` pattern made redundant by an earlier one of the same session',
    rationale:
      'A line that adds nothing hides the real shape of the session’s ownership and is often a sign the author meant something else (an exclusion, or another folder). A line after an exclusion is not redundant: it may take back part of what was excluded.',
    group: 'patterns',
    messages: {
      redundant: 'Unexpected `{{pattern}}` in the {{field}} of {{session}}: `{{earlier}}` (line {{line}}) already covers it; remove it',
    },
  },
  check(plan) {
    const reports: Report[] = [];
    for (const session of plan.sessions) {
      for (const [field, refs] of [
        ['Owns', session.owns],
        ['Reads', session.reads],
      ] as const) {
        const { set, refs: lines } = compilePatterns(refs);
        const patterns = set.patterns;
        patterns.forEach((pattern, j) => {
          if (pattern.negated) return;
          // Only lines since the last exclusion: a line after an exclusion may take part of it back.
          let i = j - 1;
          while (i >= 0 && !patterns[i]!.negated) {
            if (patternCovers(patterns[i]!, pattern)) {
              reports.push({
                messageId: 'redundant',
                data: { pattern: lines[j]!.text, field, session: session.id, earlier: lines[i]!.text, line: lines[i]!.span.start.line },
                span: lines[j]!.span,
              });
              return;
            }
            i -= 1;
          }
        });
      }
    }
    return reports;
  },
};

export default rule;
