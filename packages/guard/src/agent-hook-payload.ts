/**
 * The agents whose pre-tool hook `lanes guard --hook <agent>` answers, and what each one's payload says it
 * would write. Pure: no files, no git. Each agent's documented (or, for claude, codex and gemini, measured)
 * payload comes in; the files the tool would write come out, with what is known of the change, so that one
 * lane decision (`decideWrites` in claude-hook.ts) serves them all.
 */

/** The agents `lanes guard --hook` knows. */
export const hookAgents = ['claude', 'codex', 'gemini', 'cursor', 'copilot'] as const;

/** One of `hookAgents`. */
export type HookAgent = (typeof hookAgents)[number];

/** What is known of the change a tool would make to one file, for the plan's own-row rule. */
export type EditChange =
  | { kind: 'write'; content: string }
  | { kind: 'replace'; edits: { old: unknown; new: unknown; all: unknown }[] }
  /** A patch, a delete or a move: the file after it is not worked out here. */
  | { kind: 'opaque' };

/** A file a tool would write: its path as the agent gave it (absolute, or relative to the hook's cwd). */
export interface WriteTarget {
  path: string;
  change: EditChange;
}

/**
 * What a hook payload asks: nothing the guard judges, files to write, or a payload it cannot read (refused). A
 * gemini shell command, whose shell runs git with hooks off, also gives its text (`shell`, for the hook to turn
 * them back on) and its git calls that commit (`commits`).
 */
export type ToolWrites =
  | { kind: 'none'; tool: string }
  | { kind: 'writes'; tool: string; cwd: string | null; targets: WriteTarget[]; shell?: string; commits?: ShellCommit[] }
  | { kind: 'unreadable'; tool: string; problem: string };

import { gitCommandsIn, makesCommits, type ShellCommit } from './shell-commits.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const headerRe = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)\s*$/;

/**
 * The files a patch in codex's `apply_patch` format writes: each `*** Add File:`, `*** Update File:`,
 * `*** Delete File:` and `*** Move to:` header, in order, once each. The text may be a whole shell command
 * (`apply_patch <<'EOF' … EOF`, `cd x && apply_patch …`): only header lines count.
 */
export function patchTargets(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = headerRe.exec(line.trimStart());
    if (m !== null && !out.includes(m[2]!)) out.push(m[2]!);
  }
  return out;
}

/** True when a shell command or tool text carries a patch (`*** Begin Patch`). */
const hasPatch = (text: string): boolean => /^\s*\*\*\* Begin Patch\s*$/m.test(text);

/** A command as text: a string, or an argv array joined by newlines (codex passes `["apply_patch", "<patch>"]` too). */
function commandText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((w) => typeof w === 'string')) return v.join('\n');
  return null;
}

/** The writes of a shell command or patch text: its patch headers (other shell writes are the commit guard's). */
function patchWrites(tool: string, cwd: string | null, text: string | null): ToolWrites {
  if (text === null) return { kind: 'unreadable', tool, problem: `${tool} gives no command` };
  if (!hasPatch(text)) return { kind: 'none', tool };
  const paths = patchTargets(text);
  if (paths.length === 0) return { kind: 'unreadable', tool, problem: `the patch of ${tool} names no file` };
  return { kind: 'writes', tool, cwd, targets: paths.map((path) => ({ path, change: { kind: 'opaque' } })) };
}

function oneFile(tool: string, cwd: string | null, path: unknown, change: EditChange): ToolWrites {
  const p = str(path);
  return p === null ? { kind: 'unreadable', tool, problem: `${tool} names no file` } : { kind: 'writes', tool, cwd, targets: [{ path: p, change }] };
}

const write = (content: unknown): EditChange => (typeof content === 'string' ? { kind: 'write', content } : { kind: 'opaque' });
const replace = (old: unknown, next: unknown, all: unknown = false): EditChange => ({ kind: 'replace', edits: [{ old, new: next, all }] });

/** Claude Code's `PreToolUse`: `Edit`, `Write`, `MultiEdit` (`file_path`), `NotebookEdit` (`notebook_path`). */
function claudeWrites(tool: string, input: Record<string, unknown>, cwd: string | null): ToolWrites {
  switch (tool) {
    case 'Write':
      return oneFile(tool, cwd, input.file_path, write(input.content));
    case 'Edit':
      return oneFile(tool, cwd, input.file_path, replace(input.old_string, input.new_string, input.replace_all));
    case 'MultiEdit': {
      const edits = Array.isArray(input.edits) ? (input.edits as unknown[]).filter(isObject) : null;
      const change: EditChange = edits === null ? { kind: 'opaque' } : { kind: 'replace', edits: edits.map((e) => ({ old: e.old_string, new: e.new_string, all: e.replace_all })) };
      return oneFile(tool, cwd, input.file_path, change);
    }
    case 'NotebookEdit':
      return oneFile(tool, cwd, input.notebook_path, { kind: 'opaque' });
    default:
      return { kind: 'none', tool };
  }
}

/**
 * What one agent's pre-tool hook payload (already parsed JSON) would write.
 *
 * - claude `PreToolUse`: `{cwd, tool_name, tool_input}` as above.
 * - codex `PreToolUse` (0.171): the same fields; `apply_patch` with the patch in `tool_input.command`, or `Bash`
 *   (also `shell`, `exec_command`, `local_shell`) with an `apply_patch <<EOF` heredoc in `tool_input.command`.
 * - gemini `BeforeTool` (0.61): `write_file {file_path, content}`, `replace {file_path, old_string, new_string}`,
 *   `run_shell_command {command}` (its git calls too, when it commits: `gitCommandsIn`).
 * - cursor `preToolUse` (documented): `{tool_name, tool_input, cwd?, workspace_roots}`; `Write`, `Edit`,
 *   `StrReplace`, `MultiEdit`, `Delete` with `file_path` (or `path`), `Shell` with `command`.
 * - copilot `preToolUse` (documented): `{cwd, toolName, toolArgs}`, `toolArgs` an object or a JSON string;
 *   `create {path, file_text}`, `edit {path, old_str, new_str}`, `bash {command}`.
 */
export function toolWrites(agent: HookAgent, payload: unknown): ToolWrites {
  if (!isObject(payload)) return { kind: 'unreadable', tool: '', problem: 'the hook input is not a JSON object' };
  if (agent === 'copilot') return copilotWrites(payload);
  const tool = typeof payload.tool_name === 'string' ? payload.tool_name : '';
  let input: unknown = payload.tool_input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input) as unknown;
    } catch {
      return { kind: 'unreadable', tool, problem: `the input of ${tool} is not JSON` };
    }
  }
  if (!isObject(input)) return { kind: 'unreadable', tool, problem: `the input of ${tool} is not a JSON object` };
  const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots : [];
  const cwd = str(payload.cwd) ?? (agent === 'cursor' ? str(roots[0]) : null);
  switch (agent) {
    case 'claude':
      return claudeWrites(tool, input, cwd);
    case 'codex':
      if (tool === 'apply_patch') return patchWrites(tool, cwd, commandText(input.command) ?? commandText(input.patch) ?? commandText(input.input));
      if (['Bash', 'shell', 'exec_command', 'local_shell', 'unified_exec'].includes(tool)) return patchWrites(tool, cwd, commandText(input.command) ?? commandText(input.cmd));
      return claudeWrites(tool, input, cwd);
    case 'gemini':
      if (tool === 'write_file') return oneFile(tool, cwd, input.file_path, write(input.content));
      if (tool === 'replace') return oneFile(tool, cwd, input.file_path, replace(input.old_string, input.new_string, (input.expected_replacements ?? 1) !== 1));
      if (tool === 'run_shell_command') return geminiShell(tool, cwd, commandText(input.command));
      return { kind: 'none', tool };
    case 'cursor': {
      const path = input.file_path ?? input.path ?? input.target_file;
      if (tool === 'Write') return oneFile(tool, cwd, path, write(input.content ?? input.contents));
      if (tool === 'Edit' || tool === 'StrReplace' || tool === 'Delete' || tool === 'MultiEdit') return oneFile(tool, cwd, path, { kind: 'opaque' });
      if (tool === 'Shell') return patchWrites(tool, cwd, commandText(input.command));
      return { kind: 'none', tool };
    }
  }
}

/** A gemini shell command (gemini sets `core.hooksPath=""` for it): its patch, its text, and its git calls that commit. */
function geminiShell(tool: string, cwd: string | null, text: string | null): ToolWrites {
  const patch = patchWrites(tool, cwd, text);
  if (text === null || patch.kind === 'unreadable') return patch;
  const git = gitCommandsIn(text);
  return { kind: 'writes', tool, cwd, targets: patch.kind === 'writes' ? patch.targets : [], shell: text, ...(makesCommits(git) ? { commits: git } : {}) };
}

function copilotWrites(payload: Record<string, unknown>): ToolWrites {
  const tool = typeof payload.toolName === 'string' ? payload.toolName : '';
  let args: unknown = payload.toolArgs ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args) as unknown;
    } catch {
      return { kind: 'unreadable', tool, problem: `the toolArgs of ${tool} are not JSON` };
    }
  }
  if (!isObject(args)) return { kind: 'unreadable', tool, problem: `the toolArgs of ${tool} are not a JSON object` };
  const cwd = str(payload.cwd);
  if (tool === 'create') return oneFile(tool, cwd, args.path, write(args.file_text));
  if (tool === 'edit') return oneFile(tool, cwd, args.path, replace(args.old_str, args.new_str));
  if (tool === 'bash' || tool === 'shell') return patchWrites(tool, cwd, commandText(args.command));
  return { kind: 'none', tool };
}

/** What the hook prints and its exit status, in the agent's own form. */
export interface HookAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * The answer to an agent, from the decision (`reason` null: allowed). claude, codex and gemini refuse with exit
 * 2 and the reason on stderr (never empty: an empty stderr lets codex through); copilot only with
 * `{"permissionDecision":"deny"}` on exit 0 (a non-zero exit is logged and ignored); cursor with
 * `{"permission":"deny"}`. Allowed: exit 0 and nothing, except cursor, which wants JSON on every path, and gemini
 * given `toolInput`: `{"hookSpecificOutput":{"hookEventName":"BeforeTool","tool_input":…}}`, which gemini 0.61
 * merges into the tool's input before it runs the tool.
 */
export function hookAnswer(agent: HookAgent, reason: string | null, toolInput?: Record<string, unknown>): HookAnswer {
  const text = reason === null ? '' : reason.trim() === '' ? 'lanes: the edit is refused' : reason.replace(/\n+$/, '');
  switch (agent) {
    case 'copilot':
      return { exitCode: 0, stdout: reason === null ? '' : `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: text })}\n`, stderr: '' };
    case 'cursor':
      return {
        exitCode: 0,
        stdout: `${JSON.stringify(reason === null ? { permission: 'allow' } : { permission: 'deny', user_message: text, agent_message: text })}\n`,
        stderr: '',
      };
    default:
      if (reason === null && agent === 'gemini' && toolInput !== undefined) {
        return { exitCode: 0, stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'BeforeTool', tool_input: toolInput } })}\n`, stderr: '' };
      }
      return reason === null ? { exitCode: 0, stdout: '', stderr: '' } : { exitCode: 2, stdout: '', stderr: `${text}\n` };
  }
}
