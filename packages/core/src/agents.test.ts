import { describe, expect, it } from 'vitest';
import { agentIdOf, isLaunchableAgent, ownBranch, readWorktree } from './agents.ts';

describe('agentIdOf', () => {
  it('maps the display names plans write to the agents', () => {
    const names = ['Claude Code', 'claude-code', 'claude', 'CLAUDE', 'Codex', 'codex-cli', 'Gemini CLI', 'gemini', 'OpenCode', 'Aider', 'shell'];
    expect(names.map(agentIdOf)).toEqual(['claude', 'claude', 'claude', 'claude', 'codex', 'codex', 'gemini', 'gemini', 'opencode', 'aider', 'shell']);
  });

  it('makes any other name a slug a branch can carry, and external', () => {
    const names = ['Cursor', 'GitHub Copilot', 'cto.new', 'Tembo', 'Factory'];
    expect(names.map((n) => [agentIdOf(n), isLaunchableAgent(agentIdOf(n))])).toEqual([
      ['cursor', false],
      ['github-copilot', false],
      ['cto.new', false],
      ['tembo', false],
      ['factory', false],
    ]);
  });
});

describe('readWorktree', () => {
  it('reads `yes`, `no` and `n/a` as a flag, anything else as a folder', () => {
    expect(['yes', 'Yes', 'no', 'n/a', '../wt-a'].map(readWorktree)).toEqual([
      { own: true, folder: null },
      { own: true, folder: null },
      { own: false, folder: null },
      { own: null, folder: null },
      { own: true, folder: '../wt-a' },
    ]);
  });
});

describe('ownBranch', () => {
  it.each([
    [{ worktree: '../wt-a', ownWorktree: true }, true],
    [{ worktree: null, ownWorktree: true }, true],
    [{ worktree: null, ownWorktree: false }, false],
    [{ worktree: null, ownWorktree: null }, false],
  ])('%j → %s', (session, expected) => {
    expect(ownBranch(session)).toBe(expected);
  });
});
