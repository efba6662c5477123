import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../packages/cli/src/io.ts';
import { main } from '../packages/cli/src/main.ts';
import { claudeHookCommand } from '../packages/cli/src/init/hook-text.ts';
import { git, makeRepo, removedAfterEach, run, tempDir, testEnv } from './helpers/repo.ts';

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
});
