import type { Session } from './model.ts';

/** The agents the dispatch runner has an adapter for (`packages/dispatch/src/agent-command.ts`). */
export const launchableAgents = ['claude', 'codex', 'gemini', 'opencode', 'aider', 'command', 'shell'] as const;

// Display names as plans write them (CCC's `Agent` column says `Claude Code`; others `claude-code`, `Codex`,
// `Gemini CLI`), keyed by their slug (`agentIdOf` lowercases and joins words with `-` first).
const displayNames: Record<string, string> = {
  'claude-code': 'claude',
  'claude-code-cli': 'claude',
  'anthropic-claude': 'claude',
  claudecode: 'claude',
  'codex-cli': 'codex',
  'openai-codex': 'codex',
  'gemini-cli': 'gemini',
  'google-gemini': 'gemini',
  'open-code': 'opencode',
  'opencode-cli': 'opencode',
  'aider-chat': 'aider',
};

/**
 * The agent a plan's `Agent` value names: `Claude Code`, `claude-code` → `claude`, `Codex` → `codex`,
 * `Gemini CLI` → `gemini`; any other name as a lowercase slug (`GitHub Copilot` → `github-copilot`), usable
 * in a branch name. Empty text gives the empty string.
 */
export function agentIdOf(text: string): string {
  const slug = text
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return displayNames[slug] ?? slug;
}

/** Whether an adapter of the dispatch runner can launch the agent (an id from `agentIdOf`); others are external. */
export function isLaunchableAgent(id: string): boolean {
  return (launchableAgents as readonly string[]).includes(id);
}

/** What a `Worktree` value means: `yes`, `no`, `n/a` are a flag (CCC's column), anything else a folder. */
export function readWorktree(text: string): { own: boolean | null; folder: string | null } {
  const value = text.trim();
  const word = value.toLowerCase();
  if (['yes', 'y', 'true', '✓', '✔'].includes(word)) return { own: true, folder: null };
  if (['no', 'n', 'false', '✗'].includes(word)) return { own: false, folder: null };
  if (['n/a', 'na', 'none', '—', '-', '--', ''].includes(word)) return { own: null, folder: null };
  return { own: true, folder: value };
}

/** Whether the plan gives the session its own worktree (a `Worktree` folder or `yes`), and so its own branch to land. */
export function ownBranch(s: Pick<Session, 'worktree' | 'ownWorktree'>): boolean {
  return s.worktree !== null || s.ownWorktree === true;
}
