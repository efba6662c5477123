import { describe, expect, test } from 'vitest';
import { hookAnswer, patchTargets, toolWrites, type HookAgent, type ToolWrites } from './agent-hook-payload.ts';

const patch = ['*** Begin Patch', '*** Add File: work/a.txt', '+A', '*** Update File: src/b.ts', '@@', '-x', '+y', '*** Move to: src/c.ts', '*** Delete File: old.txt', '*** End Patch'].join('\n');
const opaque = (...paths: string[]): { path: string; change: { kind: 'opaque' } }[] => paths.map((path) => ({ path, change: { kind: 'opaque' } }));
const writes = (tool: string, cwd: string | null, targets: unknown[]): ToolWrites => ({ kind: 'writes', tool, cwd, targets }) as ToolWrites;

describe('patchTargets', () => {
  test('every Add, Update, Delete and Move header, once, in order; indented headers count; other lines do not', () => {
    expect(patchTargets(patch)).toEqual(['work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt']);
    expect(patchTargets(`apply_patch <<'EOF'\n  *** Add File: a b.txt  \n+x\n*** Add File: a b.txt\nEOF`)).toEqual(['a b.txt']);
    expect(patchTargets('+*** Add File: not/a/header\n*** Add File:\n')).toEqual([]);
  });
});

// Each agent's payload, as measured (claude 2.1.332, codex 0.171, gemini 0.61) or documented (cursor, copilot).
const table: [string, HookAgent, unknown, ToolWrites][] = [
  ['claude Write', 'claude', { cwd: '/r', tool_name: 'Write', tool_input: { file_path: '/r/a', content: 'x' } }, writes('Write', '/r', [{ path: '/r/a', change: { kind: 'write', content: 'x' } }])],
  ['claude Edit', 'claude', { cwd: '/r', tool_name: 'Edit', tool_input: { file_path: 'a', old_string: '1', new_string: '2', replace_all: true } }, writes('Edit', '/r', [{ path: 'a', change: { kind: 'replace', edits: [{ old: '1', new: '2', all: true }] } }])],
  ['claude MultiEdit', 'claude', { tool_name: 'MultiEdit', tool_input: { file_path: 'a', edits: [{ old_string: '1', new_string: '2' }] } }, writes('MultiEdit', null, [{ path: 'a', change: { kind: 'replace', edits: [{ old: '1', new: '2', all: undefined }] } }])],
  ['claude NotebookEdit', 'claude', { tool_name: 'NotebookEdit', tool_input: { notebook_path: 'n.ipynb' } }, writes('NotebookEdit', null, opaque('n.ipynb'))],
  ['claude Bash', 'claude', { tool_name: 'Bash', tool_input: { command: 'rm -rf x' } }, { kind: 'none', tool: 'Bash' }],
  ['claude Write without a path', 'claude', { tool_name: 'Write', tool_input: { content: 'x' } }, { kind: 'unreadable', tool: 'Write', problem: 'Write names no file' }],
  ['codex apply_patch (catalogue models)', 'codex', { cwd: '/r', tool_name: 'apply_patch', tool_input: { command: patch } }, writes('apply_patch', '/r', opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'))],
  ['codex Bash with an apply_patch heredoc', 'codex', { cwd: '/r', tool_name: 'Bash', tool_input: { command: `apply_patch <<'EOF'\n${patch}\nEOF` } }, writes('Bash', '/r', opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'))],
  ['codex Bash as argv', 'codex', { tool_name: 'Bash', tool_input: { command: ['apply_patch', patch] } }, writes('Bash', null, opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'))],
  ['codex Bash without a patch', 'codex', { tool_name: 'Bash', tool_input: { command: 'git status' } }, { kind: 'none', tool: 'Bash' }],
  ['codex apply_patch without a command', 'codex', { tool_name: 'apply_patch', tool_input: {} }, { kind: 'unreadable', tool: 'apply_patch', problem: 'apply_patch gives no command' }],
  ['codex patch with no header', 'codex', { tool_name: 'apply_patch', tool_input: { command: '*** Begin Patch\n*** End Patch' } }, { kind: 'unreadable', tool: 'apply_patch', problem: 'the patch of apply_patch names no file' }],
  ['gemini write_file', 'gemini', { cwd: '/r', tool_name: 'write_file', tool_input: { file_path: '/r/a', content: 'x' } }, writes('write_file', '/r', [{ path: '/r/a', change: { kind: 'write', content: 'x' } }])],
  ['gemini replace', 'gemini', { cwd: '/r', tool_name: 'replace', tool_input: { file_path: '/r/a', old_string: '1', new_string: '2' } }, writes('replace', '/r', [{ path: '/r/a', change: { kind: 'replace', edits: [{ old: '1', new: '2', all: false }] } }])],
  ['gemini replace of several', 'gemini', { tool_name: 'replace', tool_input: { file_path: 'a', old_string: '1', new_string: '2', expected_replacements: 3 } }, writes('replace', null, [{ path: 'a', change: { kind: 'replace', edits: [{ old: '1', new: '2', all: true }] } }])],
  ['gemini run_shell_command with a patch', 'gemini', { tool_name: 'run_shell_command', tool_input: { command: `apply_patch <<EOF\n${patch}\nEOF` } }, { kind: 'writes', tool: 'run_shell_command', cwd: null, targets: opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'), shell: `apply_patch <<EOF\n${patch}\nEOF` }],
  ['gemini run_shell_command', 'gemini', { tool_name: 'run_shell_command', tool_input: { command: 'ls' } }, { kind: 'writes', tool: 'run_shell_command', cwd: null, targets: [], shell: 'ls' }],
  ['gemini run_shell_command that commits (its shell has hooks off)', 'gemini', { cwd: '/r', tool_name: 'run_shell_command', tool_input: { command: 'git add a && git commit -m x' } }, { kind: 'writes', tool: 'run_shell_command', cwd: '/r', targets: [], shell: 'git add a && git commit -m x', commits: [{ subcommand: 'commit', args: ['-m', 'x'] }] }],
  ['gemini run_shell_command without a command', 'gemini', { tool_name: 'run_shell_command', tool_input: {} }, { kind: 'unreadable', tool: 'run_shell_command', problem: 'run_shell_command gives no command' }],
  ['codex Bash that commits (its git hooks run)', 'codex', { tool_name: 'Bash', tool_input: { command: 'git commit -m x' } }, { kind: 'none', tool: 'Bash' }],
  ['gemini read_file', 'gemini', { tool_name: 'read_file', tool_input: { file_path: 'a' } }, { kind: 'none', tool: 'read_file' }],
  ['cursor Write (cwd from workspace_roots)', 'cursor', { workspace_roots: ['/r'], tool_name: 'Write', tool_input: { file_path: 'a', content: 'x' } }, writes('Write', '/r', [{ path: 'a', change: { kind: 'write', content: 'x' } }])],
  ['cursor Write with path', 'cursor', { cwd: '/w', workspace_roots: ['/r'], tool_name: 'Write', tool_input: { path: 'a', contents: 'x' } }, writes('Write', '/w', [{ path: 'a', change: { kind: 'write', content: 'x' } }])],
  ['cursor StrReplace', 'cursor', { tool_name: 'StrReplace', tool_input: { file_path: 'a', old_string: '1', new_string: '2' } }, writes('StrReplace', null, opaque('a'))],
  ['cursor Delete', 'cursor', { tool_name: 'Delete', tool_input: { path: 'a' } }, writes('Delete', null, opaque('a'))],
  ['cursor Shell with a patch', 'cursor', { tool_name: 'Shell', tool_input: { command: patch } }, writes('Shell', null, opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'))],
  ['cursor Read', 'cursor', { tool_name: 'Read', tool_input: { file_path: 'a' } }, { kind: 'none', tool: 'Read' }],
  ['copilot create (toolArgs an object)', 'copilot', { cwd: '/r', toolName: 'create', toolArgs: { path: '/r/a', file_text: 'x' } }, writes('create', '/r', [{ path: '/r/a', change: { kind: 'write', content: 'x' } }])],
  ['copilot edit (toolArgs a JSON string)', 'copilot', { cwd: '/r', toolName: 'edit', toolArgs: JSON.stringify({ path: 'a', old_str: '1', new_str: '2' }) }, writes('edit', '/r', [{ path: 'a', change: { kind: 'replace', edits: [{ old: '1', new: '2', all: false }] } }])],
  ['copilot bash with a patch', 'copilot', { toolName: 'bash', toolArgs: { command: patch } }, writes('bash', null, opaque('work/a.txt', 'src/b.ts', 'src/c.ts', 'old.txt'))],
  ['copilot view', 'copilot', { toolName: 'view', toolArgs: '{"path":"a"}' }, { kind: 'none', tool: 'view' }],
  ['copilot toolArgs not JSON', 'copilot', { toolName: 'create', toolArgs: '{path' }, { kind: 'unreadable', tool: 'create', problem: 'the toolArgs of create are not JSON' }],
  ['copilot create without a path', 'copilot', { toolName: 'create', toolArgs: {} }, { kind: 'unreadable', tool: 'create', problem: 'create names no file' }],
  ['not an object', 'gemini', [1], { kind: 'unreadable', tool: '', problem: 'the hook input is not a JSON object' }],
  ['tool_input a string that is not JSON', 'cursor', { tool_name: 'Write', tool_input: 'x' }, { kind: 'unreadable', tool: 'Write', problem: 'the input of Write is not JSON' }],
];

describe('toolWrites', () => {
  test.each(table)('%s', (_name, agent, payload, expected) => {
    expect(toolWrites(agent, payload)).toEqual(expected);
  });
});

describe('hookAnswer', () => {
  const reason = 'lanes: S-A may not edit src/b.ts: it is owned by S-B\n';
  test.each([
    ['claude', { exitCode: 2, stdout: '', stderr: reason }],
    ['codex', { exitCode: 2, stdout: '', stderr: reason }],
    ['gemini', { exitCode: 2, stdout: '', stderr: reason }],
    ['copilot', { exitCode: 0, stdout: '{"permissionDecision":"deny","permissionDecisionReason":"lanes: S-A may not edit src/b.ts: it is owned by S-B"}\n', stderr: '' }],
    ['cursor', { exitCode: 0, stdout: '{"permission":"deny","user_message":"lanes: S-A may not edit src/b.ts: it is owned by S-B","agent_message":"lanes: S-A may not edit src/b.ts: it is owned by S-B"}\n', stderr: '' }],
  ] as const)('a refusal to %s', (agent, expected) => {
    expect(hookAnswer(agent, reason)).toEqual(expected);
  });

  test.each([
    ['claude', { exitCode: 0, stdout: '', stderr: '' }],
    ['codex', { exitCode: 0, stdout: '', stderr: '' }],
    ['gemini', { exitCode: 0, stdout: '', stderr: '' }],
    ['copilot', { exitCode: 0, stdout: '', stderr: '' }],
    ['cursor', { exitCode: 0, stdout: '{"permission":"allow"}\n', stderr: '' }],
  ] as const)('an allowed edit to %s', (agent, expected) => {
    expect(hookAnswer(agent, null)).toEqual(expected);
  });

  test('gemini, allowed with another tool input: hookSpecificOutput.tool_input on exit 0; a refusal stays a refusal', () => {
    expect(hookAnswer('gemini', null, { command: 'x' })).toEqual({ exitCode: 0, stdout: '{"hookSpecificOutput":{"hookEventName":"BeforeTool","tool_input":{"command":"x"}}}\n', stderr: '' });
    expect(hookAnswer('gemini', reason, { command: 'x' })).toEqual({ exitCode: 2, stdout: '', stderr: reason });
  });

  test('an empty reason is never an empty stderr (codex lets an empty one through)', () => {
    expect(hookAnswer('codex', '')).toEqual({ exitCode: 2, stdout: '', stderr: 'lanes: the edit is refused\n' });
  });
});
