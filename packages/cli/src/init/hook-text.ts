import { stagedDiffPipe } from '@lanes/guard/reads';

/** The git hooks `lanes init` sets up: the guard, its session trailer, and merges git commits by itself. */
export const guardHooks = ['pre-commit', 'prepare-commit-msg', 'pre-merge-commit'] as const;

/** A git hook `lanes init` writes. */
export type GuardHook = (typeof guardHooks)[number];

/** The first and last lines of the block `lanes init` owns inside a hook file it shares with other tools. */
export const blockStart = '# >>> lanes (written by `lanes init`; run it again to update this block)';
export const blockEnd = '# <<< lanes';

// Hooks run at the top of the worktree. A linked worktree (`git worktree add`, a parallel session's) has no
// node_modules of its own, so the bin is looked up in the main worktree next: `git worktree list --porcelain`
// prints "worktree <path>" of the main worktree first, from any worktree of the repository.
const findLanes = `lanes=node_modules/.bin/lanes
[ -x "$lanes" ] || lanes="$(git worktree list --porcelain | sed -n '1s/^worktree //p')/node_modules/.bin/lanes"`;

/**
 * The shell lines that run the guard for one hook; they block (exit 2) when no `lanes` bin can be found. The
 * package's own bin beside `.bin/lanes` is run with node straight away: pnpm's `.bin/lanes` is a shell script
 * that forks four times before node starts. For a commit, the shell starts git's staged diff at the same time
 * as node and pipes it in (`stagedDiffPipe`): git works while node starts (bench/guard).
 */
export function guardLines(hook: GuardHook): string {
  const what = hook === 'pre-merge-commit' ? 'merge' : 'commit';
  const args = hook === 'prepare-commit-msg' ? 'guard --prepare-commit-msg "$1"' : 'guard';
  const node = hook === 'prepare-commit-msg' ? `node "$bin" ${args}` : `${stagedDiffPipe} | node "$bin" guard --staged-from-stdin`;
  return `${findLanes}
[ -x "$lanes" ] || { echo "lanes guard: no node_modules/.bin/lanes in this worktree or the main one, so the ${what} is blocked; run npm install (or pnpm install)" >&2; exit 2; }
bin="\${lanes%/.bin/lanes}/lanes/bin/lanes.js"
if [ -f "$bin" ] && command -v node >/dev/null; then ${node} || exit $?; else "$lanes" ${args} || exit $?; fi`;
}

/** The guard's block for a hook file shared with other tools (husky's `.husky/<hook>`). */
export function guardBlock(hook: GuardHook): string {
  return `${blockStart}\n${guardLines(hook)}\n${blockEnd}\n`;
}

/**
 * The `.husky/post-checkout` block that makes husky's hooks active in a new linked worktree. Husky points
 * `core.hooksPath` at `.husky/_`, which is git-ignored, so `git worktree add` leaves it out and git would run no
 * hook there at all. `git worktree add` runs the post-checkout hook of the worktree it is called from, in the new
 * worktree, with "$3" = 1 and husky's runner given as `$0` with its absolute path; the runner is copied from there.
 */
export const huskyWorktreeBlock = `${blockStart}
if [ "$3" = 1 ] && [ ! -e .husky/_ ] && [ -f "$(dirname "$0")/_/h" ]; then cp -R "$(dirname "$0")/_" .husky/_; fi
${blockEnd}
`;

/**
 * A hook file of the versioned hooks folder that `lanes init` makes when the repository has no hook manager; a
 * hook that was in `.git/hooks` before is still run after the guard.
 */
export function hookFile(hook: GuardHook | 'commit-msg', emptyMessageCheck: string): string {
  const body = hook === 'commit-msg' ? emptyMessageCheck : guardLines(hook);
  return `#!/bin/sh
# Lanes (written by \`lanes init\`; run it again to update this file): ${hookPurpose[hook]}
${body}
own="$(git rev-parse --git-common-dir)/hooks/${hook}"
if [ -x "$own" ]; then exec "$own" "$@"; fi
exit 0
`;
}

const hookPurpose: Record<GuardHook | 'commit-msg', string> = {
  'pre-commit': 'the guard: a session commits only what its lane owns.',
  'prepare-commit-msg': "the Lanes-Session trailer of a session's commits.",
  'pre-merge-commit': 'the guard on the merges git commits by itself.',
  'commit-msg': 'the trailers do not count as a message (an emptied message still aborts the commit).',
};

/** The text with the block put in: in place of an earlier one, else after a leading shebang, else first. */
export function withBlock(text: string, block: string): string {
  const start = text.indexOf(blockStart);
  if (start >= 0) {
    const endAt = text.indexOf(blockEnd, start);
    const lineEnd = endAt < 0 ? -1 : text.indexOf('\n', endAt);
    const end = endAt < 0 ? text.length : lineEnd < 0 ? text.length : lineEnd + 1;
    return text.slice(0, start) + block + text.slice(end);
  }
  if (text.startsWith('#!')) {
    const lineEnd = text.indexOf('\n');
    if (lineEnd < 0) return `${text}\n${block}`;
    return text.slice(0, lineEnd + 1) + block + text.slice(lineEnd + 1);
  }
  return block + text;
}

/**
 * Claude Code's `PreToolUse` hook command: the installed bin (never `npx`, which fetches whatever package has the
 * name when Lanes is not installed), found like the git hooks'. Claude Code lets the tool run on any exit code but
 * 2, so every failure, the bin not found included, becomes 2: the edit is refused (fail closed).
 */
export const claudeHookCommand =
  `lanes="\${CLAUDE_PROJECT_DIR:-.}/node_modules/.bin/lanes"; ` +
  `[ -x "$lanes" ] || lanes="$(git -C "\${CLAUDE_PROJECT_DIR:-.}" worktree list --porcelain | sed -n '1s/^worktree //p')/node_modules/.bin/lanes"; ` +
  `[ -x "$lanes" ] || { echo "lanes: no node_modules/.bin/lanes in this worktree or the main one, so the edit is refused; run npm install" >&2; exit 2; }; ` +
  `"$lanes" guard --claude-hook || exit 2`;

/** The tools Claude Code's hook guards: every tool that writes a file. */
export const claudeHookMatcher = 'Edit|Write|MultiEdit|NotebookEdit';

/** The agents whose project hook file `lanes init --agents` writes. */
export const initAgents = ['claude', 'codex', 'gemini', 'cursor', 'copilot'] as const;

/** One of `initAgents`. */
export type InitAgent = (typeof initAgents)[number];

/**
 * An agent's pre-tool hook command (codex, gemini, cursor, copilot): the installed bin found like the Claude
 * hook's, from the project folder the agent names (gemini: GEMINI_PROJECT_DIR) or git's top. A bin not found is a
 * refusal in the agent's own terms: exit 2 with the reason on stderr (codex, gemini), or the deny JSON on exit 0
 * (cursor, copilot, which read a non-zero exit as an error and let the tool run).
 */
export function agentHookCommand(agent: Exclude<InitAgent, 'claude'>): string {
  const reason = 'lanes: no node_modules/.bin/lanes in this worktree or the main one, so the edit is refused; run npm install';
  const refuse =
    agent === 'cursor'
      ? `echo '${JSON.stringify({ permission: 'deny', user_message: reason, agent_message: reason })}'; exit 0`
      : agent === 'copilot'
        ? `echo '${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: reason })}'; exit 0`
        : `echo "${reason}" >&2; exit 2`;
  const root = agent === 'gemini' ? 'root="${GEMINI_PROJECT_DIR:-.}"; ' : 'root="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"; ';
  return (
    root +
    'lanes="$root/node_modules/.bin/lanes"; ' +
    `[ -x "$lanes" ] || lanes="$(git -C "$root" worktree list --porcelain | sed -n '1s/^worktree //p')/node_modules/.bin/lanes"; ` +
    `[ -x "$lanes" ] || { ${refuse}; }; ` +
    `"$lanes" guard --hook ${agent}${agent === 'codex' || agent === 'gemini' ? ' || exit 2' : ''}`
  );
}
