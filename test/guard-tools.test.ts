import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commit, guardedRepo, messageOf, planPath, planText, sessionEnv, stage } from './helpers/guard.ts';
import { git, lanes, lanesBin, makeRepo, removedAfterEach, run, tempDir, testEnv, writeFiles } from './helpers/repo.ts';

const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

describe('lanes explain', () => {
  test('names the owning session, its batch and pattern line; exclusions; nobody', () => {
    const dir = repo();
    const r = lanes(join(dir, 'src/a'), ['explain', 'x.ts', '../b/generated/t.ts', '../../docs/none.md']);
    expect(r).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'src/a/x.ts',
        `  S-A (batch 1) owns it: ${planPath}:21 \`src/a/**\``,
        'src/b/generated/t.ts',
        '  owned by no session',
        `  S-B (batch 1) excludes it: ${planPath}:31 \`!src/b/generated/**\``,
        'docs/none.md',
        '  owned by no session',
        '',
      ].join('\n'),
    });
  });

  test('--plan reads a plan file as it is on disk; --json', () => {
    const dir = repo();
    writeFiles(dir, { 'draft.md': planText({ ownsA: ['`docs/**`'] }) });
    const r = lanes(dir, ['explain', '--plan', 'draft.md', '--json', 'docs/none.md']);
    expect(JSON.parse(r.stdout)).toEqual({
      from: 'file',
      plans: ['draft.md'],
      paths: [{ path: 'docs/none.md', owners: [{ session: 'S-A', batch: 1, plan: 'draft.md', line: 21, pattern: 'docs/**' }], excludedBy: [] }],
      problems: [],
    });
  });
});

/** A `lanes` command on PATH, as an installed package would give one. */
function lanesOnPath(): NodeJS.ProcessEnv {
  const bin = tempDir('lanes-bin-');
  removeLater(bin);
  writeFileSync(join(bin, 'lanes'), `#!/bin/sh\nexec "${process.execPath}" "${lanesBin}" "$@"\n`);
  chmodSync(join(bin, 'lanes'), 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? ''}` };
}

describe('lanes doctor', () => {
  test('all well in a guarded repository: exit 0', () => {
    const dir = repo();
    const r = lanes(dir, ['doctor']);
    expect(r).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `ok   repository: ${dir}`,
        `ok   hooks: pre-commit and prepare-commit-msg run the guard (${dir}/.husky/_)`,
        `ok   plan: ${planPath} (3 sessions), as committed at HEAD`,
        "ok   session: no session: LANES_SESSION is unset and no session's Branch is main; commits here are the coordinator's",
        '',
      ].join('\n'),
    });
  });

  test('a fresh `git worktree add` has no hooks: doctor says so (exit 1), --fix makes them active, and commits there are guarded', () => {
    const dir = repo();
    const worktree = join(tempDir(), 'wt');
    removeLater(worktree);
    git(dir, ['worktree', 'add', '-q', '-b', 'claude/demo-1-a', worktree]);
    const r = lanes(worktree, ['doctor']);
    expect(r.status).toBe(1);
    const missing = (hook: string): string =>
      `${hook}: ${worktree}/.husky/_/${hook} is missing (core.hooksPath is .husky/_, which this worktree does not have: commits here run no hook at all)`;
    expect(r.stdout).toBe(
      [
        `ok   repository: ${worktree} (a linked worktree)`,
        `gap  hooks: ${missing('pre-commit')}; ${missing('prepare-commit-msg')}`,
        '     fix: run `lanes doctor --fix` in this worktree (or `npx husky`)',
        `ok   plan: ${planPath} (3 sessions), as committed at HEAD`,
        `ok   session: S-A of ${planPath} (its Branch is claude/demo-1-a); owns src/a/**`,
        '',
      ].join('\n'),
    );
    const fixed = lanes(worktree, ['doctor', '--fix']);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout.split('\n')[0]).toBe('hooks: installed commit-msg, pre-commit, pre-merge-commit, prepare-commit-msg');
    expect(fixed.stdout.split('\n')[2]).toBe(`ok   hooks: pre-commit and prepare-commit-msg run the guard (${worktree}/.husky/_)`);
    stage(worktree, { 'src/b/two.ts': 'from the worktree\n' });
    const blocked = commit(worktree, ['-m', 'now guarded']);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr.split('\n')[1]).toBe(`  modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`);
    expect(lanes(worktree, ['doctor', '--fix']).stdout.split('\n')[0]).toBe('hooks: nothing to install');
  });

  test('without husky, --fix installs the hooks and chains to a hook it did not write', () => {
    const dir = makeRepo({ 'package.json': '{"name":"plain"}\n', [planPath]: planText(), 'src/a/one.ts': '1\n', 'src/b/two.ts': '2\n' });
    removeLater(dir);
    writeFileSync(join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho ran >> .git/user-hook-ran\n');
    chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    const env = sessionEnv(null, lanesOnPath());
    const before = lanes(dir, ['doctor'], { env });
    expect(before.status).toBe(1);
    expect(before.stdout.split('\n')[1]).toBe(`gap  hooks: pre-commit: ${dir}/.git/hooks/pre-commit does not run \`lanes guard\`; prepare-commit-msg: ${dir}/.git/hooks/prepare-commit-msg is missing or not executable`);
    const fixed = lanes(dir, ['doctor', '--fix'], { env });
    expect(fixed.stdout.split('\n')[0]).toBe('hooks: installed pre-commit, prepare-commit-msg, pre-merge-commit, commit-msg');
    expect(fixed.status).toBe(0);
    expect(readFileSync(join(dir, '.git/hooks/pre-commit.lanes-chained'), 'utf8')).toBe('#!/bin/sh\necho ran >> .git/user-hook-ran\n');

    stage(dir, { 'src/b/two.ts': '22\n' });
    const blocked = commit(dir, ['-m', 'b'], { ...env, LANES_SESSION: 'S-A' });
    expect(blocked.status).toBe(1);
    expect(blocked.stderr.split('\n')[1]).toBe(`  modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`);
    expect(existsSync(join(dir, '.git/user-hook-ran'))).toBe(false);
    expect(commit(dir, ['-m', 'b'], { ...env, LANES_SESSION: 'S-B' })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, '.git/user-hook-ran'), 'utf8')).toBe('ran\n');
    expect(messageOf(dir)).toBe('b\n\nLanes-Session: S-B\n');
  });

  test('the commit-msg hook keeps an empty message (trailers only) from committing', () => {
    const dir = makeRepo({ [planPath]: planText(), 'src/a/one.ts': '1\n' });
    removeLater(dir);
    const env = sessionEnv('S-A', lanesOnPath());
    lanes(dir, ['doctor', '--fix'], { env });
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = commit(dir, [], { ...env, GIT_EDITOR: 'true' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Aborting commit due to empty commit message.\n');
    expect(commit(dir, [], { ...env, GIT_EDITOR: "sed -i -e '1s/^$/edited/'" }).status).toBe(0);
    expect(messageOf(dir)).toBe('edited\n\nLanes-Session: S-A\n');
  });

  test('a husky pre-commit script without the guard is a gap only a person can fix', () => {
    const dir = repo({ files: { '.husky/pre-commit': 'npm test\n' } });
    const worktree = join(tempDir(), 'wt');
    removeLater(worktree);
    git(dir, ['worktree', 'add', '-q', worktree]);
    const r = lanes(worktree, ['doctor', '--fix']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`lanes doctor: ${worktree}/.husky/pre-commit does not run \`lanes guard\`; add that line to it and commit it (see docs/guard.md)\n`);
  });
});

/** Runs `lanes guard --claude-hook` with a PreToolUse input. */
function claude(dir: string, session: string | null, tool: string, toolInput: Record<string, unknown>, extra: Record<string, unknown> = {}): ReturnType<typeof lanes> {
  const input = JSON.stringify({ session_id: 'abc', transcript_path: '/tmp/t.jsonl', cwd: dir, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: toolInput, ...extra });
  return lanes(dir, ['guard', '--claude-hook'], { env: sessionEnv(session), input });
}

describe('lanes guard --claude-hook (Claude Code PreToolUse)', () => {
  test('an edit inside the lane: allowed (exit 0, silent)', () => {
    const dir = repo();
    expect(claude(dir, 'S-A', 'Edit', { file_path: join(dir, 'src/a/one.ts'), old_string: '1', new_string: '2' })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(claude(dir, 'S-A', 'Write', { file_path: 'src/a/deep/new.ts', content: 'x' })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('Write, Edit, MultiEdit and NotebookEdit outside the lane: refused (exit 2) with the reason the agent reads', () => {
    const dir = repo();
    const reason = `lanes: S-A may not edit src/b/two.ts: it is owned by S-B (${planPath}:30 \`src/b/**\`). S-A owns \`src/a/**\` (${planPath}:21); stay within them, or ask the coordinator to extend the Owns\n`;
    expect(claude(dir, 'S-A', 'Write', { file_path: join(dir, 'src/b/two.ts'), content: 'x' })).toEqual({ status: 2, stdout: '', stderr: reason });
    expect(claude(dir, 'S-A', 'Edit', { file_path: join(dir, 'src/b/two.ts'), old_string: '2', new_string: '3' }).stderr).toBe(reason);
    expect(claude(dir, 'S-A', 'MultiEdit', { file_path: join(dir, 'src/b/two.ts'), edits: [] }).status).toBe(2);
    const notebook = claude(dir, 'S-A', 'NotebookEdit', { notebook_path: join(dir, 'docs/n.ipynb'), new_source: 'x' });
    expect(notebook).toEqual({
      status: 2,
      stdout: '',
      stderr: `lanes: S-A may not edit docs/n.ipynb: no session owns it. S-A owns \`src/a/**\` (${planPath}:21); stay within them, or ask the coordinator to extend the Owns\n`,
    });
  });

  test('outside the repository: refused; no session: allowed; other tools: allowed', () => {
    const dir = repo();
    expect(claude(dir, 'S-A', 'Write', { file_path: '/etc/hosts', content: 'x' })).toEqual({
      status: 2,
      stdout: '',
      stderr: `lanes: S-A may not edit /etc/hosts: it is outside the repository ${dir}\n`,
    });
    expect(claude(dir, 'S-A', 'Write', { file_path: join(dir, '.git/hooks/pre-commit'), content: 'exit 0' }).status).toBe(2);
    expect(claude(dir, null, 'Write', { file_path: join(dir, 'src/b/two.ts'), content: 'x' }).status).toBe(0);
    expect(claude(dir, 'S-A', 'Bash', { command: 'rm -rf src/b' }).status).toBe(0);
  });

  test('the plan file: only an edit that changes nothing but the session\'s own registry row', () => {
    const dir = repo();
    const file = join(dir, planPath);
    const own = { file_path: file, old_string: `| S-A | DEMO-1 | 1A | 2026-01-05-demo-lanes.md | Planned |`, new_string: '| S-A | DEMO-1 | 1A | 2026-01-05-demo-lanes.md | Active |' };
    expect(claude(dir, 'S-A', 'Edit', own).status).toBe(0);
    const other = { file_path: file, old_string: '| S-B | DEMO-2 | 1B | 2026-01-05-demo-lanes.md | Planned |', new_string: '| S-B | DEMO-2 | 1B | 2026-01-05-demo-lanes.md | Done |' };
    expect(claude(dir, 'S-A', 'Edit', other)).toEqual({
      status: 2,
      stdout: '',
      stderr: `lanes: S-A may not make this edit: it changes ${planPath} outside S-A's own Session Registry row (line 43); the rest of the plan is the coordinator's\n`,
    });
    expect(claude(dir, 'S-A', 'MultiEdit', { file_path: file, edits: [own, other] }).status).toBe(2);
    expect(claude(dir, 'S-A', 'Write', { file_path: file, content: planText({ status: { 'S-A': 'Done' } }) }).status).toBe(0);
    expect(claude(dir, 'S-A', 'Edit', { file_path: file, old_string: 'not in the plan', new_string: 'x' }).status).toBe(2);
  });

  test('under `guard: strict`, an edit by no session while a session is Active is refused', () => {
    const dir = repo({ strict: true, status: { 'S-B': 'Active' } });
    expect(claude(dir, null, 'Write', { file_path: join(dir, 'README.md'), content: 'x' })).toEqual({
      status: 2,
      stdout: '',
      stderr: `lanes: ${planPath} says \`guard: strict\` and S-B is Active, but no session is named; set LANES_SESSION to the session you are\n`,
    });
  });

  test('it refuses on its own errors: unreadable input, an unknown session, no repository', () => {
    const dir = repo();
    expect(lanes(dir, ['guard', '--claude-hook'], { env: sessionEnv('S-A'), input: '{not json' })).toEqual({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^lanes: cannot read the hook input as JSON \(.*\), so the edit is refused\n$/) as unknown,
    });
    expect(claude(dir, 'S-A', 'Write', { content: 'no path' })).toEqual({ status: 2, stdout: '', stderr: 'lanes: Write names no file, so the edit is refused\n' });
    expect(claude(dir, 'S-Q', 'Write', { file_path: join(dir, 'src/a/x.ts'), content: 'x' }).stderr).toBe(
      `lanes: session S-Q (from LANES_SESSION) is not in the plan: ${planPath} declares S-A, S-B, S-C; set LANES_SESSION to the session you are, or ask the coordinator to add S-Q to the plan and commit it\n`,
    );
    const nowhere = tempDir();
    removeLater(nowhere);
    mkdirSync(join(nowhere, 'x'));
    expect(claude(join(nowhere, 'x'), 'S-A', 'Write', { file_path: join(nowhere, 'x/f'), content: 'x' })).toEqual({
      status: 2,
      stdout: '',
      stderr: `lanes: ${join(nowhere, 'x')} is not in a git repository, so S-A may not edit ${join(nowhere, 'x/f')}\n`,
    });
    expect(testEnv().LANES_SESSION).toBeUndefined();
  });
});

/** Runs `lanes guard --hook <agent>` with a payload. */
function hook(dir: string, agent: string, session: string | null, payload: unknown): ReturnType<typeof lanes> {
  return lanes(dir, ['guard', '--hook', agent], { env: sessionEnv(session), input: typeof payload === 'string' ? payload : JSON.stringify(payload) });
}

/** The refusal records of a session in the repository's git dir. */
function records(dir: string, session: string): { kind: string; session: string; paths: unknown[]; reason: string }[] {
  const file = join(dir, '.git/lanes/records', `${session}.jsonl`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; session: string; paths: unknown[]; reason: string }) : [];
}

describe('lanes guard --hook <agent> (each agent\'s pre-tool hook, one decision)', () => {
  const refusal = `lanes: S-A may not edit src/b/two.ts: it is owned by S-B (${planPath}:30 \`src/b/**\`). S-A owns \`src/a/**\` (${planPath}:21); stay within them, or ask the coordinator to extend the Owns`;
  const patchOf = (path: string): string => `apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: ${path}\n+x\n*** End Patch\nEOF`;

  test('codex and gemini: an out-of-lane patch, write_file or replace is refused with exit 2 and the reason on stderr, and recorded; in-lane ones pass', () => {
    const dir = repo();
    const out = { status: 2, stdout: '', stderr: `${refusal}\n` };
    expect(hook(dir, 'codex', 'S-A', { cwd: dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: patchOf('src/b/two.ts') } })).toEqual(out);
    expect(hook(dir, 'codex', 'S-A', { cwd: dir, hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: patchOf('src/b/two.ts') } })).toEqual(out);
    expect(hook(dir, 'gemini', 'S-A', { cwd: dir, hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: join(dir, 'src/b/two.ts'), content: 'x' } })).toEqual(out);
    expect(hook(dir, 'gemini', 'S-A', { cwd: dir, hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: 'src/b/two.ts', old_string: '2', new_string: '3' } })).toEqual(out);
    expect(hook(dir, 'codex', 'S-A', { cwd: dir, tool_name: 'Bash', tool_input: { command: patchOf('src/a/new.ts') } })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(hook(dir, 'gemini', 'S-A', { cwd: dir, tool_name: 'write_file', tool_input: { file_path: join(dir, 'src/a/new.ts'), content: 'x' } })).toEqual({ status: 0, stdout: '', stderr: '' });
    // A gemini shell command comes back with git's hooks turned on again (gemini's shell turns them off).
    const hooks = git(dir, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']).trim();
    const prefixed = `export GIT_CONFIG_PARAMETERS=''\\''core.hookspath'\\''='\\''${hooks}'\\'''\nls`;
    expect(hook(dir, 'gemini', 'S-A', { cwd: dir, tool_name: 'run_shell_command', tool_input: { command: 'ls' } })).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'BeforeTool', tool_input: { command: prefixed } } })}\n`,
      stderr: '',
    });
    // …over gemini's own setting, which it passes as GIT_CONFIG_COUNT/KEY/VALUE.
    const geminiShell = testEnv({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: '' });
    expect(run('sh', ['-c', 'git config core.hooksPath'], { cwd: dir, env: geminiShell }).stdout).toBe('\n');
    const shell = run('sh', ['-c', `${prefixed.replace(/ls$/, '')}git config core.hooksPath`], { cwd: dir, env: geminiShell });
    expect(shell.stdout).toBe(`${hooks}\n`);
    const recorded = records(dir, 'S-A');
    expect(recorded.map((r) => [r.kind, r.session, r.paths, r.reason])).toEqual(Array(4).fill(['refused-edit', 'S-A', [{ path: 'src/b/two.ts', owner: 'S-B' }], refusal]));
  });

  test('copilot refuses only with permissionDecision deny on exit 0; cursor with permission deny', () => {
    const dir = repo();
    expect(hook(dir, 'copilot', 'S-A', { timestamp: 1, cwd: dir, toolName: 'create', toolArgs: JSON.stringify({ path: 'src/b/two.ts', file_text: 'x' }) })).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: refusal })}\n`,
      stderr: '',
    });
    expect(hook(dir, 'copilot', 'S-A', { cwd: dir, toolName: 'edit', toolArgs: { path: join(dir, 'src/a/one.ts'), old_str: '1', new_str: '2' } })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(hook(dir, 'cursor', 'S-A', { hook_event_name: 'preToolUse', workspace_roots: [dir], tool_name: 'Write', tool_input: { file_path: join(dir, 'src/b/two.ts'), content: 'x' } })).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ permission: 'deny', user_message: refusal, agent_message: refusal })}\n`,
      stderr: '',
    });
    expect(hook(dir, 'cursor', 'S-A', { workspace_roots: [dir], tool_name: 'Write', tool_input: { file_path: join(dir, 'src/a/x.ts'), content: 'x' } })).toEqual({ status: 0, stdout: '{"permission":"allow"}\n', stderr: '' });
    expect(records(dir, 'S-A')).toHaveLength(2);
  });

  test('it fails closed in each agent\'s own terms: unreadable input, an unknown agent; --claude-hook is --hook claude', () => {
    const dir = repo();
    const why = /^lanes: cannot read the hook input as JSON \(.*\), so the edit is refused$/;
    const codex = hook(dir, 'codex', 'S-A', '{not json');
    expect([codex.status, codex.stdout, codex.stderr.trimEnd()]).toEqual([2, '', expect.stringMatching(why)]);
    const copilot = hook(dir, 'copilot', 'S-A', '{not json');
    expect([copilot.status, copilot.stderr]).toEqual([0, '']);
    expect(JSON.parse(copilot.stdout) as unknown).toEqual({ permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(why) as unknown });
    const cursor = hook(dir, 'cursor', 'S-A', '{not json');
    expect([cursor.status, (JSON.parse(cursor.stdout) as { permission: string }).permission]).toEqual([0, 'deny']);
    expect(hook(dir, 'copilot', 'S-A', { cwd: dir, toolName: 'create', toolArgs: '{path' })).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: 'lanes: the toolArgs of create are not JSON, so the edit is refused' })}\n`,
      stderr: '',
    });
    expect(hook(dir, 'windsurf', 'S-A', {})).toEqual({ status: 2, stdout: '', stderr: 'lanes guard: --hook takes one of claude, codex, gemini, cursor, copilot, not "windsurf"; the edit is refused\n' });
    const input = { cwd: dir, tool_name: 'Write', tool_input: { file_path: join(dir, 'src/b/two.ts'), content: 'x' } };
    expect(hook(dir, 'claude', 'S-A', input)).toEqual(claude(dir, 'S-A', 'Write', input.tool_input));
  });
});
