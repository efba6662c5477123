import { md, testRule } from '../testing/test-rule.ts';
import rule from './known-agent.ts';

const agents = '`claude`, `codex`, `gemini`, `opencode`, `aider`, `command`, `shell`';

testRule(rule, {
  valid: [
    md`
      # Plan

      **Parent issue:** CIA-400
      **Date:** 2026-11-20

      ## Dispatch

      | Session | Issue | Agent | Branch |
      |---|---|---|---|
      | S-A | CIA-413 | Claude Code | claude/cia-413-gates |
      | S-B | CIA-414 | claude-code | claude/cia-414-docs |
      | S-C | CIA-415 | Codex | codex/cia-415-api |
      | S-D | CIA-416 | Gemini CLI | gemini/cia-416-ui |
    `,
  ],
  invalid: [
    {
      code: md`
        # Plan

        **Parent issue:** CIA-400
        **Date:** 2026-11-20

        ## Dispatch

        | Session | Issue | Agent |
        |---|---|---|
        | S-A | CIA-413 | Cursor |
        | S-B | CIA-414 | GitHub Copilot |
      `,
      errors: [
        {
          messageId: 'external',
          message: `Unexpected agent \`Cursor\` of S-A: no adapter launches it, so dispatch hands its prompt over instead; expected one of ${agents} to launch it`,
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 25,
        },
        {
          messageId: 'external',
          message: `Unexpected agent \`GitHub Copilot\` of S-B: no adapter launches it, so dispatch hands its prompt over instead; expected one of ${agents} to launch it`,
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 33,
        },
      ],
    },
    {
      code: md`
        ---
        agent: cto.new
        ---

        # Plan

        ## Sessions

        ### S-A: Work

        - **Issue:** CIA-413
      `,
      errors: [
        {
          messageId: 'external',
          message: `Unexpected agent \`cto.new\` of S-A: no adapter launches it, so dispatch hands its prompt over instead; expected one of ${agents} to launch it`,
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
