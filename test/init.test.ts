import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../packages/cli/src/io.ts';
import { main } from '../packages/cli/src/main.ts';
import { agentHookCommand, claudeHookCommand } from '../packages/cli/src/init/hook-text.ts';
import { git, lanesBin, makeRepo, removedAfterEach, run, tempDir, testEnv } from './helpers/repo.ts';

const removeLater = removedAfterEach();

function terminal(cwd: string, answer?: string): { io: Io; out: () => string; err: () => string; asked: string[] } {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const io: Io = {
    cwd,
    env: testEnv(),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: answer !== undefined,
    readStdin: () => Promise.resolve(''),
    ...(answer === undefined
      ? {}
      : {
          ask: (question: string) => {
            asked.push(question);
            return Promise.resolve(answer);
          },
        }),
  };
  return { io, out: () => out, err: () => err, asked };
}

const repo = (): string => removeLater(makeRepo({ 'package.json': '{ "name": "notes" }\n' }));

const changes = `  + .githooks/commit-msg
  + .githooks/pre-commit
  + .githooks/pre-merge-commit
  + .githooks/prepare-commit-msg
  ~ package.json
  + plans/${new Date().toISOString().slice(0, 10)}-notes-first-plan.md
  ~ git config core.hooksPath .githooks
`;

describe('lanes init', () => {
  it('asks before it changes anything, and a no changes nothing', async () => {
    const root = repo();
    const no = terminal(root, 'n');
    expect(await main(['init'], no.io)).toBe(1);
    expect(no.asked).toEqual(['Apply these changes? [y/N] ']);
    expect(no.out()).toBe(`lanes init (hooks: .githooks/ (no hook manager found)):\n${changes}nothing changed\n`);
    expect(existsSync(join(root, '.githooks'))).toBe(false);

    const yes = terminal(root, 'y');
    expect(await main(['init'], yes.io)).toBe(0);
    expect(yes.out()).toBe(`lanes init (hooks: .githooks/ (no hook manager found)):\n${changes}done; commit these files so that every clone and worktree has them\n`);
    expect(git(root, ['config', 'core.hooksPath']).trim()).toBe('.githooks');
  });

  it('refuses to change anything unasked where nobody can answer', async () => {
    const root = repo();
    const t = terminal(root);
    expect(await main(['init'], t.io)).toBe(2);
    expect(t.err()).toBe('lanes: lanes init asks before it changes anything, and this is not a terminal; pass --yes (or --dry-run to see the changes)\n');
    const dry = terminal(root);
    expect(await main(['init', '--dry-run'], dry.io)).toBe(0);
    expect(dry.out()).toBe(`lanes init (hooks: .githooks/ (no hook manager found)):\n${changes}dry run: nothing changed\n`);
    expect(existsSync(join(root, '.githooks'))).toBe(false);
  });

  it('--check exits 1 and names what is missing or has drifted; 0 once init ran', async () => {
    const root = repo();
    const before = terminal(root);
    expect(await main(['init', '--check'], before.io)).toBe(1);
    expect(before.out()).toBe(`lanes init: missing or drifted (hooks: .githooks/ (no hook manager found)); run lanes init to fix:\n${changes}`);
    expect(await main(['init', '--yes'], terminal(root).io)).toBe(0);
    const after = terminal(root);
    expect(await main(['init', '--check'], after.io)).toBe(0);
    expect(after.out()).toBe('lanes init: nothing missing (hooks: .githooks/ (no hook manager found))\n');
    writeFileSync(join(root, '.githooks/pre-commit'), '#!/bin/sh\nexit 0\n');
    const drifted = terminal(root);
    expect(await main(['init', '--check'], drifted.io)).toBe(1);
    expect(drifted.out()).toBe('lanes init: missing or drifted (hooks: .githooks/ (no hook manager found)); run lanes init to fix:\n  ~ .githooks/pre-commit\n');
  });

  it('--hooks (the prepare script) activates .githooks/ in a clone, and does nothing outside a git work tree', async () => {
    const root = repo();
    expect(await main(['init', '--yes'], terminal(root).io)).toBe(0);
    git(root, ['add', '-A']);
    git(root, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'lanes init']);
    const clone = removeLater(tempDir());
    git(clone, ['clone', '-q', root, '.']);
    expect(run('git', ['config', 'core.hooksPath'], { cwd: clone }).status).toBe(1);
    expect(await main(['init', '--hooks'], terminal(clone).io)).toBe(0);
    expect(git(clone, ['config', 'core.hooksPath']).trim()).toBe('.githooks');
    const outside = removeLater(tempDir());
    const t = terminal(outside);
    expect(await main(['init', '--hooks'], t.io)).toBe(0);
    expect(t.out() + t.err()).toBe('');
  });

  it('hooks and the Claude Code hook block where no lanes is installed, in this worktree or the main one', async () => {
    const root = repo();
    expect(await main(['init', '--yes', '--agents', 'claude'], terminal(root).io)).toBe(0);
    git(root, ['add', '-A']);
    const commit = run('git', ['commit', '-q', '-m', 'no lanes here'], { cwd: root });
    expect(commit.status).toBe(1); // git's own status for a hook that failed (this one exits 2)
    expect(commit.stderr).toBe('lanes guard: no node_modules/.bin/lanes in this worktree or the main one, so the commit is blocked; run npm install (or pnpm install)\n');

    const settings = JSON.parse(readFileSync(join(root, '.claude/settings.json'), 'utf8')) as unknown;
    expect(settings).toEqual({ hooks: { PreToolUse: [{ matcher: 'Edit|Write|MultiEdit|NotebookEdit', hooks: [{ type: 'command', command: claudeHookCommand }] }] } });
    const edit = run('sh', ['-c', claudeHookCommand], { cwd: root, env: testEnv({ CLAUDE_PROJECT_DIR: root }), input: '{}' });
    expect(edit.status).toBe(2);
    expect(edit.stderr).toBe('lanes: no node_modules/.bin/lanes in this worktree or the main one, so the edit is refused; run npm install\n');
  });

  it('--agents writes every agent\'s project hook file, keeps the user\'s entries, and --check reports drift with the fix', async () => {
    const root = removeLater(
      makeRepo({
        'package.json': '{ "name": "notes" }\n',
        '.gemini/settings.json': '{ "ui": { "theme": "Default" }, "hooks": { "BeforeTool": [{ "matcher": "run_shell_command", "hooks": [{ "type": "command", "command": "audit" }] }] } }\n',
        '.cursor/hooks.json': '{ "version": 1, "hooks": { "afterFileEdit": [{ "command": "fmt" }] } }\n',
        'src/a.ts': 'a\n',
      }),
    );
    const t = terminal(root);
    expect(await main(['init', '--yes', '--agents', 'claude,codex,gemini,cursor,copilot'], t.io)).toBe(0);
    expect(t.out()).toBe(
      [
        'lanes init (hooks: .githooks/ (no hook manager found)):',
        '  + .claude/settings.json',
        '  + .codex/hooks.json',
        '  ~ .cursor/hooks.json',
        '  ~ .gemini/settings.json',
        ...changes.trimEnd().split('\n').filter((l) => l.startsWith('  + .githooks')),
        '  + .github/hooks/lanes.json',
        ...changes.trimEnd().split('\n').filter((l) => !l.startsWith('  + .githooks')),
        'done; commit these files so that every clone and worktree has them',
        'note: codex runs a project hook only in a trusted project, and only once that hook is trusted too (its hash in [hooks.state], which codex asks for the first time it sees the hook); until then it skips it without a word. lanes dispatch injects and trusts its own hook per run',
        'note: gemini runs project hooks only in a trusted folder (trust it once in gemini, or set GEMINI_CLI_TRUST_WORKSPACE=true)',
        "note: the cursor hook is written from cursor's hooks documentation; Lanes has not run it against cursor",
        "note: the copilot hook is written from copilot's hooks documentation; Lanes has not run it against copilot",
        '',
      ].join('\n'),
    );
    const read = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
    expect(read('.codex/hooks.json')).toEqual({ hooks: { PreToolUse: [{ matcher: 'apply_patch|Bash|shell|exec_command|local_shell', hooks: [{ type: 'command', command: agentHookCommand('codex'), timeout: 60 }] }] } });
    expect(read('.gemini/settings.json')).toEqual({
      ui: { theme: 'Default' },
      hooks: { BeforeTool: [{ matcher: 'run_shell_command', hooks: [{ type: 'command', command: 'audit' }] }, { matcher: 'write_file|replace|run_shell_command', hooks: [{ type: 'command', name: 'lanes-guard', command: agentHookCommand('gemini') }] }] },
    });
    expect(read('.cursor/hooks.json')).toEqual({ version: 1, hooks: { afterFileEdit: [{ command: 'fmt' }], preToolUse: [{ command: agentHookCommand('cursor') }] } });
    expect(read('.github/hooks/lanes.json')).toEqual({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: agentHookCommand('copilot'), timeoutSec: 30 }] } });

    const check = terminal(root);
    expect(await main(['init', '--check', '--agents', 'claude,codex,gemini,cursor,copilot'], check.io)).toBe(0);
    writeFileSync(join(root, '.cursor/hooks.json'), '{ "version": 1, "hooks": { "afterFileEdit": [{ "command": "fmt" }] } }\n');
    const drifted = terminal(root);
    expect(await main(['init', '--check', '--agents', 'claude,codex,gemini,cursor,copilot'], drifted.io)).toBe(1);
    expect(drifted.out()).toBe("lanes init: missing or drifted (hooks: .githooks/ (no hook manager found)); run lanes init to fix:\n  ~ .cursor/hooks.json\nnote: the cursor hook is written from cursor's hooks documentation; Lanes has not run it against cursor\n");

    // Each hook answers in its agent's own form: with no lanes installed, a refusal; with it, the lane decision.
    const hook = (agent: 'codex' | 'gemini' | 'cursor' | 'copilot', input: unknown): [number | null, string, string] => {
      const r = run('sh', ['-c', agentHookCommand(agent)], { cwd: join(root, 'src'), env: testEnv({ GEMINI_PROJECT_DIR: root, LANES_SESSION: 'S-A' }), input: JSON.stringify(input) });
      return [r.status, r.stdout, r.stderr];
    };
    const none = 'lanes: no node_modules/.bin/lanes in this worktree or the main one, so the edit is refused; run npm install';
    expect(hook('codex', {})).toEqual([2, '', `${none}\n`]);
    expect(hook('cursor', {})).toEqual([0, `${JSON.stringify({ permission: 'deny', user_message: none, agent_message: none })}\n`, '']);
    expect(hook('copilot', {})).toEqual([0, `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: none })}\n`, '']);
    mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules/.bin/lanes'), `#!/bin/sh\nexec '${process.execPath}' '${lanesBin}' "$@"\n`, { mode: 0o755 });
    const write = { cwd: root, tool_name: 'write_file', tool_input: { file_path: 'README.md', content: 'x' } };
    // The starter plan is not committed yet: the guard reads plans from HEAD, so S-A is in no plan.
    expect(hook('gemini', write)).toEqual([2, '', 'lanes: session S-A (from LANES_SESSION) is not in the plan: no plan was found; set LANES_SESSION to the session you are, or ask the coordinator to add S-A to the plan and commit it\n']);
    expect(hook('cursor', { workspace_roots: [root], tool_name: 'Read', tool_input: { file_path: 'README.md' } })).toEqual([0, '{"permission":"allow"}\n', '']);
  });
});
