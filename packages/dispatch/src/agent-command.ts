import { createHash } from 'node:crypto';
import type { LaunchMode } from '@lanes/core/model';

/** The agents the runner can launch. */
export const agentNames = ['claude', 'codex', 'gemini', 'opencode', 'aider', 'command', 'shell'] as const;

/** One of `agentNames`. */
export type AgentName = (typeof agentNames)[number];

/** Which stream of JSON events an agent prints on stdout, so that the runner can read its result, cost and ids. */
export type EventFormat = 'claude' | 'codex' | 'gemini' | 'opencode';

/** What the runner starts for a session: an argv array (never a shell string built from plan text). */
export interface AgentLaunch {
  argv: string[];
  /** The event stream the agent prints, or null when its exit status alone decides. */
  events: EventFormat | null;
  /** True when a person drives the agent in a terminal (Plan mode, Ask permissions). */
  interactive: boolean;
  /** Variables the agent needs besides the session's (gemini: the trust of the folder it runs in). */
  env?: Record<string, string>;
  /** A hook the runner writes into the working tree for the run and takes out after (`prepareAgentWorkspace`). */
  workspaceHook?: 'gemini';
}

/** Everything an agent command is made from. */
export interface AgentInput {
  agent: string;
  sessionId: string;
  issue: string | null;
  prompt: string;
  /** Where the prompt is written, for templates and for people. */
  promptFile: string;
  launchAs: LaunchMode;
  model: string | null;
  /** A fresh uuid for agents that take one (`claude --session-id`). */
  agentSessionId: string;
  /** The `Run` block, for the shell agent. */
  run: string | null;
  /** How to call `lanes` (argv), for the agents' pre-tool hooks (claude `--settings`, codex `-c`). */
  lanesCommand: readonly string[];
  /** The `command` agent's template: argv words with `{prompt}`, `{promptFile}`, `{session}`, `{issue}`, `{model}`, `{launchAs}` placeholders. */
  commandTemplate: readonly string[] | null;
  /** The event format the `command` agent prints, if any (`--command-events claude`). */
  commandEvents: EventFormat | null;
  /** True when the session needs a person: the agent is launched interactively, never with permissions bypassed. */
  interactive: boolean;
}

/** A problem that keeps a session from being launched, such as an unknown agent or a shell session without `Run`. */
export class AgentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentError';
  }
}

/** Quotes one word for a POSIX shell (for the hook command that Claude Code runs with a shell, and for display). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The settings JSON that injects the guard's PreToolUse hook into one Claude Code run (`claude --settings`). */
export function claudeHookSettings(lanesCommand: readonly string[]): string {
  const command = [...lanesCommand, 'guard', '--claude-hook'].map(shellQuote).join(' ');
  return JSON.stringify({
    hooks: { PreToolUse: [{ matcher: 'Edit|Write|MultiEdit|NotebookEdit', hooks: [{ type: 'command', command }] }] },
  });
}

/** The tools codex 0.171 hands to `PreToolUse` when it writes a file: `apply_patch` (catalogue models), else a shell with an `apply_patch` heredoc. */
export const codexHookMatcher = 'apply_patch|Bash|shell|exec_command|local_shell';

/** How long codex waits for the hook, in seconds. */
const codexHookTimeout = 60;

/** A TOML basic string (JSON's escapes are TOML's: `\"`, `\\`, `\uXXXX`). */
const tomlString = (text: string): string => JSON.stringify(text);

/**
 * The trust hash codex keeps for a hook (`[hooks.state."<key>"] trusted_hash`): SHA-256 of the canonical JSON of
 * the hook's identity, keys sorted and no spaces: `{"event_name":"pre_tool_use","hooks":[{"async":false,
 * "command":…,"timeout":…,"type":"command"}],"matcher":…}`. Checked against the `currentHash` that codex 0.171's
 * `app-server` reports for the same hook (`hooks/list`); a hook whose hash does not match is skipped silently.
 */
export function codexHookHash(command: string, matcher: string, timeout: number): string {
  const identity = `{"event_name":"pre_tool_use","hooks":[{"async":false,"command":${JSON.stringify(command)},"timeout":${timeout},"type":"command"}],"matcher":${JSON.stringify(matcher)}}`;
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}

/**
 * The `codex -c` overrides that inject the guard's `PreToolUse` hook into one codex run, with the trust entry for
 * exactly that hook (its key is the one codex gives a hook from `-c`: `/<session-flags>/config.toml:pre_tool_use:0:0`).
 * No other hook is trusted and nothing is bypassed; the user's own hooks keep their own trust.
 */
export function codexHookOverrides(lanesCommand: readonly string[]): string[] {
  const command = [...lanesCommand, 'guard', '--hook', 'codex'].map(shellQuote).join(' ');
  const hook = `hooks.PreToolUse=[{matcher=${tomlString(codexHookMatcher)},hooks=[{type="command",command=${tomlString(command)},timeout=${codexHookTimeout}}]}]`;
  const key = '/<session-flags>/config.toml:pre_tool_use:0:0';
  const state = `hooks.state={${tomlString(key)}={trusted_hash=${tomlString(codexHookHash(command, codexHookMatcher, codexHookTimeout))}}}`;
  return ['-c', hook, '-c', state];
}

/** The gemini tools that write a file, or may (a shell command with a patch): those its `BeforeTool` hook is asked about. */
export const geminiHookMatcher = 'write_file|replace|run_shell_command';

/**
 * The `hooks` of a gemini `settings.json` that runs the guard before gemini writes a file or runs a shell command
 * (`BeforeTool`), checked with gemini-cli 0.61. Gemini has no per-run flag for hooks: the runner merges this into
 * the session worktree's `.gemini/settings.json` and takes it out after (gemini-workspace.ts).
 */
export function geminiHookSettings(lanesCommand: readonly string[]): { hooks: { BeforeTool: { matcher: string; hooks: { type: 'command'; name: string; command: string }[] }[] } } {
  const command = [...lanesCommand, 'guard', '--hook', 'gemini'].map(shellQuote).join(' ');
  return { hooks: { BeforeTool: [{ matcher: geminiHookMatcher, hooks: [{ type: 'command', name: 'lanes-guard', command }] }] } };
}

/** Splits a `command` agent template into argv words (whitespace, with '…' and "…" quoting); placeholders are filled per word later. */
export function splitTemplate(template: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of template) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== null) throw new AgentError(`the command template has an unclosed ${quote}: ${template}`);
  if (word !== null) words.push(word);
  return words;
}

/** The command that runs a session's agent. */
export function agentCommand(input: AgentInput): AgentLaunch {
  // Plan text never stands where an agent could read it as an option: values are joined to their flag
  // (`--model=…`), and a prompt comes after `--` (checked with claude 2.1.332 and codex 0.171 for a prompt that
  // starts with `-`) or joined to its flag where the agent takes it as one.
  const model = input.model === null ? [] : [`--model=${input.model}`];
  const human = input.interactive;
  switch (input.agent) {
    case 'claude': {
      const settings = ['--settings', claudeHookSettings(input.lanesCommand)];
      const session = ['--session-id', input.agentSessionId];
      if (human) {
        const permission = input.launchAs === 'Plan mode' ? 'plan' : 'default';
        return { argv: ['claude', '--permission-mode', permission, ...session, ...model, ...settings, '--', input.prompt], events: null, interactive: true };
      }
      return {
        argv: ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'bypassPermissions', ...session, ...model, ...settings, '--', input.prompt],
        events: 'claude',
        interactive: false,
      };
    }
    case 'codex': {
      const hooks = codexHookOverrides(input.lanesCommand);
      if (human) {
        const sandbox = input.launchAs === 'Plan mode' ? 'read-only' : 'workspace-write';
        return { argv: ['codex', '--sandbox', sandbox, '--ask-for-approval', 'on-request', ...model, ...hooks, '--', input.prompt], events: null, interactive: true };
      }
      return { argv: ['codex', 'exec', '--json', '--dangerously-bypass-approvals-and-sandbox', ...model, ...hooks, '--', input.prompt], events: 'codex', interactive: false };
    }
    case 'gemini': {
      // Gemini runs a workspace's hooks only in a trusted folder, and headless in one it has not seen it stops
      // (exit 55). GEMINI_CLI_TRUST_WORKSPACE trusts the folder the runner starts it in; `--skip-trust` alone does
      // not do for hooks (0.61 reads the workspace settings before it takes the flag).
      const trusted = { env: { GEMINI_CLI_TRUST_WORKSPACE: 'true' }, workspaceHook: 'gemini' as const };
      if (human) {
        const mode = input.launchAs === 'Plan mode' ? 'plan' : 'default';
        return { argv: ['gemini', '--approval-mode', mode, ...model, `--prompt-interactive=${input.prompt}`], events: null, interactive: true, ...trusted };
      }
      return { argv: ['gemini', '--approval-mode', 'yolo', '--skip-trust', '--output-format', 'stream-json', ...model, `--prompt=${input.prompt}`], events: 'gemini', interactive: false, ...trusted };
    }
    case 'opencode': {
      // Plan mode runs opencode's read-only `plan` agent. `opencode run` refuses every permission it is asked for
      // unless told to skip them: a Bypass permissions session must say so.
      if (human) return { argv: ['opencode', ...(input.launchAs === 'Plan mode' ? ['--agent', 'plan'] : []), ...model, `--prompt=${input.prompt}`], events: null, interactive: true };
      return { argv: ['opencode', 'run', '--format', 'json', '--dangerously-skip-permissions', ...model, '--', input.prompt], events: 'opencode', interactive: false };
    }
    case 'aider': {
      // Aider commits with --no-verify unless told otherwise: --git-commit-verify keeps the guard's hooks on.
      const hooksOn = ['--git-commit-verify', '--no-dirty-commits'];
      // Interactive aider takes no first message: the prompt file is in its context (read-only), and Plan mode
      // starts it in `ask` mode, where it never edits.
      const ask = input.launchAs === 'Plan mode' ? ['--chat-mode', 'ask'] : [];
      if (human) return { argv: ['aider', ...hooksOn, ...ask, ...model, `--read=${input.promptFile}`], events: null, interactive: true };
      return { argv: ['aider', ...hooksOn, '--yes-always', ...model, `--message=${input.prompt}`], events: null, interactive: false };
    }
    case 'command': {
      if (input.commandTemplate === null || input.commandTemplate.length === 0) {
        throw new AgentError(`session ${input.sessionId} uses the \`command\` agent but no template is set; pass --command '<program> {promptFile}' or set LANES_AGENT_COMMAND`);
      }
      const values: Record<string, string> = {
        prompt: input.prompt,
        promptFile: input.promptFile,
        session: input.sessionId,
        issue: input.issue ?? '',
        model: input.model ?? '',
        launchAs: input.launchAs,
      };
      const argv = input.commandTemplate.map((word) => word.replace(/\{(prompt|promptFile|session|issue|model|launchAs)\}/g, (_, key: string) => values[key]!));
      return { argv, events: input.commandEvents, interactive: human };
    }
    case 'shell': {
      if (input.run === null) {
        throw new AgentError(`session ${input.sessionId} uses the \`shell\` agent but has no \`Run\` block; add \`- **Run:**\` with a fenced sh block`);
      }
      return { argv: ['bash', '-e', '-c', input.run, `lanes-${input.sessionId}`], events: null, interactive: false };
    }
    default:
      throw new AgentError(`session ${input.sessionId} names the agent \`${input.agent}\`, expected one of ${agentNames.join(', ')}`);
  }
}
