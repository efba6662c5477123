import { md, testRule } from '../testing/test-rule.ts';
import rule from './merge-order.ts';

const plan = (rows: string, sessions = ''): string =>
  md`
    # Plan

    **Parent issue:** SHOP-120
    **Date:** 2026-11-20

    ## Dispatch

    | Session | Issue | Batch | Worktree | Merge order |
    |---|---|---|---|---|
  ` +
  rows +
  sessions;

testRule(rule, {
  valid: [
    plan('| S-A | SHOP-121 | 1 | yes | 2 |\n| S-B | SHOP-122 | 1 | yes | 1 |\n| S-C | SHOP-123 | 2 | yes | 1 |\n'),
    plan('| S-A | SHOP-121 | 1 | yes | — |\n| S-B | SHOP-122 | 1 | no | |\n'),
  ],
  invalid: [
    {
      code: plan('| S-A | SHOP-121 | 1 | yes | first |\n| S-B | SHOP-122 | 1 | yes | 0 |\n| S-C | SHOP-123 | 1 | yes | 1.5 |\n| S-D | SHOP-124 | 1 | yes | 3 |\n'),
      errors: [
        { messageId: 'notNumber', message: 'Unexpected `Merge order` `first` of S-A, expected a whole number of at least 1, such as `4`', line: 10, column: 30, endLine: 10, endColumn: 35 },
        { messageId: 'notNumber', message: 'Unexpected `Merge order` `0` of S-B, expected a whole number of at least 1, such as `4`', line: 11, column: 30, endLine: 11, endColumn: 31 },
        { messageId: 'notNumber', message: 'Unexpected `Merge order` `1.5` of S-C, expected a whole number of at least 1, such as `4`', line: 12, column: 30, endLine: 12, endColumn: 33 },
      ],
    },
    {
      code: plan('| S-A | SHOP-121 | 1 | yes | 1 |\n| S-B | SHOP-122 | 1 | yes | 2 |\n| S-C | SHOP-123 | 1 | yes | 1 |\n| S-D | SHOP-124 | 2 | yes | 1 |\n'),
      errors: [
        {
          messageId: 'duplicate',
          message: 'Unexpected `Merge order` 1 of S-C, already the merge order of S-A in batch 1: give each session of a batch its own number, such as `3`',
          line: 12,
          column: 30,
          endLine: 12,
          endColumn: 31,
        },
      ],
    },
    {
      code: plan(
        '| S-A | SHOP-121 | 1 | yes | 1 |\n| S-B | SHOP-122 | 1 | yes | |\n',
        '\n' +
          md`
          ## Sessions

          ### S-B: Work

          - **Merge order:** 1
        `,
      ),
      errors: [
        {
          messageId: 'duplicate',
          message: 'Unexpected `Merge order` 1 of S-B, already the merge order of S-A in batch 1: give each session of a batch its own number, such as `2`',
          line: 17,
          column: 20,
          endLine: 17,
          endColumn: 21,
        },
      ],
    },
  ],
});
