import { problemRule } from './problem-rule.ts';

/** `prompt-session`: every literal prompt belongs to a session of the plan. */
export default problemRule({
  id: 'prompt-session',
  code: 'prompt-without-session',
  severity: 'warning',
  group: 'prompts',
  description: 'Disallow a literal prompt for a session the plan does not have',
  rationale: 'A prompt under a heading that names no session is never sent; it is usually a renamed session whose prompt was left behind.',
  messages: { noSession: 'Unexpected prompt for `{{id}}`: no session of that ID in the plan' },
});
