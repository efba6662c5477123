import { md, testRule } from '../testing/test-rule.ts';
import rule from './unique-worktrees.ts';

testRule(rule, {
  valid: [
    // CCC's `Worktree` column is a flag: `yes` twice is two worktrees, not one folder named `yes`.
    md`
      # Plan

      ## Dispatch

      | Session | Issue | Worktree | Batch |
      |---|---|---|---|
      | S-A | CIA-413 | yes | 1 |
      | S-B | CIA-414 | yes | 1 |
      | S-C | CIA-415 | n/a | 1 |
      | S-D | CIA-416 | ../wt-a | 2 |
      | S-E | CIA-417 | ../wt-a | 3 |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        ## Dispatch

        | Session | Issue | Worktree | Batch |
        |---|---|---|---|
        | S-A | CIA-413 | ../wt-a | 1 |
        | S-B | CIA-414 | ../wt-a/ | 1 |
      `,
      errors: [
        {
          messageId: 'shared',
          message: 'Unexpected worktree `../wt-a/` of S-B, already the worktree of S-A in batch 1: give each session of a batch its own folder',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 27,
        },
      ],
    },
  ],
});
