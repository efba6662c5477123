import { problemRule } from './problem-rule.ts';

/** `run-block`: a `Run` field has exactly one fenced `sh` or `bash` block. */
export default problemRule({
  id: 'run-block',
  code: 'run-block',
  severity: 'error',
  group: 'fields',
  description: 'Require one fenced `sh` or `bash` block under a `- **Run:**` field',
  rationale: 'The shell agent runs the block with `bash -e` (decision 13); a missing block, two blocks or another language leave it nothing certain to run.',
});
