import { describe, expect, it } from 'vitest';
import { agentCommand, claudeHookSettings, codexHookHash, codexHookOverrides, geminiHookSettings, splitTemplate, type AgentInput } from './agent-command.ts';

const base: AgentInput = {
  agent: 'claude',
  sessionId: 'S-A',
  issue: 'SHOP-121',
  prompt: 'Do it; rm -rf / $(whoami)',
  promptFile: '/r/.lanes/p/S-A.md',
  launchAs: 'Bypass permissions',
  model: 'opus',
  agentSessionId: '0b0c0d0e-0000-4000-8000-000000000000',
  run: null,
  lanesCommand: ['/usr/bin/node', '/opt/lanes it/lanes.js'],
  commandTemplate: null,
  commandEvents: null,
  interactive: false,
};

describe('agentCommand', () => {
  it('runs claude headless with stream-json, bypassed permissions, the model, a fresh session id and the guard hook', () => {
    expect(agentCommand(base)).toEqual({
      argv: [
        'claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'bypassPermissions',
        '--session-id', '0b0c0d0e-0000-4000-8000-000000000000', '--model=opus', '--settings', claudeHookSettings(base.lanesCommand), '--', 'Do it; rm -rf / $(whoami)',
      ],
      events: 'claude',
      interactive: false,
    });
    expect(JSON.parse(claudeHookSettings(base.lanesCommand))).toEqual({
      hooks: { PreToolUse: [{ matcher: 'Edit|Write|MultiEdit|NotebookEdit', hooks: [{ type: 'command', command: "/usr/bin/node '/opt/lanes it/lanes.js' guard --claude-hook" }] }] },
    });
  });

  it('never bypasses permissions for a session that needs a person', () => {
    const plan = agentCommand({ ...base, launchAs: 'Plan mode', interactive: true });
    expect(plan.argv.slice(0, 3)).toEqual(['claude', '--permission-mode', 'plan']);
    expect(plan.interactive).toBe(true);
    for (const agent of ['claude', 'codex', 'gemini', 'opencode', 'aider']) {
      const argv = agentCommand({ ...base, agent, launchAs: 'Ask permissions', interactive: true }).argv.join(' ');
      expect(argv).not.toMatch(/bypass|yolo|dangerously|yes-always/i);
    }
  });

  it('builds codex, gemini, opencode and aider command lines, aider with its git hooks on', () => {
    expect(agentCommand({ ...base, agent: 'codex' }).argv).toEqual(['codex', 'exec', '--json', '--dangerously-bypass-approvals-and-sandbox', '--model=opus', ...codexHookOverrides(base.lanesCommand), '--', base.prompt]);
    expect(agentCommand({ ...base, agent: 'gemini', model: null }).argv).toEqual(['gemini', '--approval-mode', 'yolo', '--skip-trust', '--output-format', 'stream-json', `--prompt=${base.prompt}`]);
    expect(agentCommand({ ...base, agent: 'opencode', model: null }).argv).toEqual(['opencode', 'run', '--format', 'json', '--dangerously-skip-permissions', '--', base.prompt]);
    expect(agentCommand({ ...base, agent: 'aider', model: null })).toEqual({
      argv: ['aider', '--git-commit-verify', '--no-dirty-commits', '--yes-always', `--message=${base.prompt}`],
      events: null,
      interactive: false,
    });
  });

  it('injects the guard into codex with -c, trusting exactly that hook by its hash', () => {
    const command = "/usr/bin/node '/opt/lanes it/lanes.js' guard --hook codex";
    const matcher = 'apply_patch|Bash|shell|exec_command|local_shell';
    // The hash codex 0.171's app-server reported (`hooks/list` currentHash, trustStatus "trusted") for these overrides.
    const hash = 'sha256:4e416f3607df2cba71c7a5adeedfc1ea565a6600086502a4dd9ed07c4c21fda0';
    expect(codexHookHash(command, matcher, 60)).toBe(hash);
    expect(codexHookOverrides(base.lanesCommand)).toEqual([
      '-c',
      `hooks.PreToolUse=[{matcher="${matcher}",hooks=[{type="command",command="${command}",timeout=60}]}]`,
      '-c',
      `hooks.state={"/<session-flags>/config.toml:pre_tool_use:0:0"={trusted_hash="${hash}"}}`,
    ]);
    // The hook's identity with the default timeout, as codex hashes it (app-server: sha256:4129455d…).
    expect(codexHookHash('lanes guard --hook codex', 'apply_patch|Bash', 600)).toBe('sha256:4129455d06b1740da7b2fd93115a522a81ac71e96cee0014b71213e66d75a6e5');
    // A quote or backslash in the command is a TOML escape, the same one JSON uses.
    expect(codexHookOverrides(['/x "y"\\z'])[1]).toBe(`hooks.PreToolUse=[{matcher="${matcher}",hooks=[{type="command",command="'/x \\"y\\"\\\\z' guard --hook codex",timeout=60}]}]`);
    const human = agentCommand({ ...base, agent: 'codex', model: null, launchAs: 'Ask permissions', interactive: true }).argv;
    expect(human).toEqual(['codex', '--sandbox', 'workspace-write', '--ask-for-approval', 'on-request', ...codexHookOverrides(base.lanesCommand), '--', base.prompt]);
  });

  it('asks for a gemini session the trust of its folder and the hook in its tree, headless or not; no other agent', () => {
    const gemini = agentCommand({ ...base, agent: 'gemini' });
    expect([gemini.env, gemini.workspaceHook]).toEqual([{ GEMINI_CLI_TRUST_WORKSPACE: 'true' }, 'gemini']);
    const person = agentCommand({ ...base, agent: 'gemini', interactive: true });
    expect([person.env, person.workspaceHook, person.interactive]).toEqual([{ GEMINI_CLI_TRUST_WORKSPACE: 'true' }, 'gemini', true]);
    expect(agentCommand({ ...base, agent: 'codex' }).workspaceHook).toBeUndefined();
  });

  it('builds the BeforeTool hook of a gemini settings.json (checked with gemini-cli 0.61)', () => {
    expect(geminiHookSettings(base.lanesCommand)).toEqual({
      hooks: { BeforeTool: [{ matcher: 'write_file|replace|run_shell_command', hooks: [{ type: 'command', name: 'lanes-guard', command: "/usr/bin/node '/opt/lanes it/lanes.js' guard --hook gemini" }] }] },
    });
  });

  it('starts opencode and aider read-only for Plan mode when a person drives them', () => {
    const human = { ...base, model: null, interactive: true };
    expect(agentCommand({ ...human, agent: 'opencode', launchAs: 'Plan mode' }).argv).toEqual(['opencode', '--agent', 'plan', `--prompt=${base.prompt}`]);
    expect(agentCommand({ ...human, agent: 'opencode', launchAs: 'Ask permissions' }).argv).toEqual(['opencode', `--prompt=${base.prompt}`]);
    expect(agentCommand({ ...human, agent: 'aider', launchAs: 'Plan mode' }).argv).toEqual([
      'aider',
      '--git-commit-verify',
      '--no-dirty-commits',
      '--chat-mode',
      'ask',
      '--read=/r/.lanes/p/S-A.md',
    ]);
    expect(agentCommand({ ...human, agent: 'aider', launchAs: 'Ask permissions' }).argv).toEqual(['aider', '--git-commit-verify', '--no-dirty-commits', '--read=/r/.lanes/p/S-A.md']);
  });

  it('fills a command template word by word and runs a shell session’s Run block with bash -e', () => {
    const template = splitTemplate(`node "my agent.js" --file {promptFile} --id={session} '{prompt}'`);
    expect(template).toEqual(['node', 'my agent.js', '--file', '{promptFile}', '--id={session}', '{prompt}']);
    expect(agentCommand({ ...base, agent: 'command', commandTemplate: template, commandEvents: 'claude' })).toEqual({
      argv: ['node', 'my agent.js', '--file', '/r/.lanes/p/S-A.md', '--id=S-A', base.prompt],
      events: 'claude',
      interactive: false,
    });
    expect(agentCommand({ ...base, agent: 'shell', run: 'make test\n' }).argv).toEqual(['bash', '-e', '-c', 'make test\n', 'lanes-S-A']);
    expect(() => agentCommand({ ...base, agent: 'shell' })).toThrow('session S-A uses the `shell` agent but has no `Run` block; add `- **Run:**` with a fenced sh block');
    expect(() => agentCommand({ ...base, agent: 'cursor' })).toThrow('session S-A names the agent `cursor`, expected one of claude, codex, gemini, opencode, aider, command, shell');
    expect(() => splitTemplate('node "x')).toThrow('the command template has an unclosed "');
  });

  it('never puts plan text where an agent could read it as an option: a prompt or model that starts with -', () => {
    const sly = { ...base, prompt: '--print-secrets', model: '-x' };
    for (const agent of ['claude', 'codex', 'gemini', 'opencode', 'aider']) {
      for (const interactive of [false, true]) {
        const argv = agentCommand({ ...sly, agent, interactive, launchAs: interactive ? 'Ask permissions' : 'Bypass permissions' }).argv;
        const dashDash = argv.indexOf('--');
        argv.forEach((word, i) => {
          // A plan value is either joined to its flag, or after `--`.
          if (word === sly.prompt || word === sly.model) expect([agent, interactive, i > dashDash && dashDash !== -1]).toEqual([agent, interactive, true]);
        });
        expect(argv.some((w) => w.endsWith('=-x'))).toBe(true);
      }
    }
  });
});
