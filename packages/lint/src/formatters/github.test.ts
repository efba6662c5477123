import { describe, expect, it } from 'vitest';
import { formatGithub } from './github.ts';

describe('github annotations', () => {
  it('escapes what workflow commands need escaped', () => {
    const out = formatGithub(
      [
        {
          filePath: '/r/plans/a,b:c.md',
          messages: [{ ruleId: 'lanes/x', severity: 1, message: '50% of\nit', line: 2, column: 3, endLine: 2, endColumn: 9 }],
          suppressedMessages: [],
          errorCount: 0,
          fatalErrorCount: 0,
          warningCount: 1,
          fixableErrorCount: 0,
          fixableWarningCount: 0,
        },
      ],
      (p) => p.slice(3),
    );
    expect(out).toBe('::warning file=plans/a%2Cb%3Ac.md,line=2,col=3,endLine=2,endColumn=9,title=lanes/x::50%25 of%0Ait\n');
  });
});
