import { problemRule } from './problem-rule.ts';

/** `run-block`: a `Run` field has exactly one fenced `sh` or `bash` block. */
export default problemRule({
  id: 'run-block',
  code: 'run-block',
  severity: 'error',
  group: 'fields',
  description: 'Require one fenced `sh` or `bash` block under a `- **Run:**` field',
  rationale: 'The shell agent runs the block with `bash -e` (decision 13); a missing block, two blocks or another language leave it nothing certain to run.',
  messages: {
    secondRun: 'Unexpected second `Run` field in session {{session}}: a session runs one block',
    noBlock: 'Expected a fenced `sh` block directly below `- **Run:**`',
    manyBlocks: 'Unexpected {{count}} code blocks for `Run` in session {{session}}, expected one',
    language: 'Unexpected `{{lang}}` block for `Run`, expected ```sh or ```bash',
  },
});
