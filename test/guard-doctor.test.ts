import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { guardedRepo, installHusky } from './helpers/guard.ts';
import { git, lanes, lanesBin, removedAfterEach, tempDir, writeFiles } from './helpers/repo.ts';

const removeLater = removedAfterEach();

/** `node_modules/.bin/lanes` in a folder, as a package manager installs it. */
function installLanes(dir: string): void {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/.bin/lanes'), `#!/bin/sh\nexec "${process.execPath}" "${lanesBin}" "$@"\n`);
  chmodSync(join(dir, 'node_modules/.bin/lanes'), 0o755);
}

/** A guarded repository whose husky scripts call `lanes guard` as a user's do: by name. */
function repoCallingLanes(files: Record<string, string> = {}): string {
  const dir = removeLater(guardedRepo({ files: { '.gitignore': 'node_modules\n', ...files } }));
  writeFiles(dir, { '.husky/pre-commit': 'lanes guard\n', '.husky/prepare-commit-msg': 'lanes guard --prepare-commit-msg "$@"\n', ...files });
  git(dir, ['commit', '-q', '--no-verify', '-am', 'hooks by name']);
  installLanes(dir);
  return dir;
}

describe('lanes doctor tells the truth', () => {
  test('a hook that mentions `lanes guard` only in a comment is not active', () => {
    const dir = repoCallingLanes({ '.husky/pre-commit': '# lanes guard (turned off for now)\nnpm test # then lanes guard\n' });
    const r = lanes(dir, ['doctor'], { env: { ...process.env, PATH: '/usr/bin:/bin' } });
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      `gap  hooks: pre-commit: ${dir}/.husky/pre-commit does not run \`lanes guard\` (it is only in a comment)`,
      '     fix: run `lanes doctor --fix` in this worktree (or `npx husky`)',
    ]);
  });

  test('a linked worktree whose hooks cannot find `lanes` is a gap, seen from it and from every other worktree', () => {
    const dir = repoCallingLanes();
    const env = { ...process.env, PATH: '/usr/bin:/bin' }; // no lanes on PATH
    expect(lanes(dir, ['doctor'], { env }).status).toBe(0);
    const worktree = removeLater(join(tempDir(), 'wt'));
    git(dir, ['worktree', 'add', '-q', '-b', 'claude/demo-1-a', worktree]);
    installHusky(worktree); // the hooks are there, but not node_modules
    writeFiles(worktree, { '.husky/pre-commit': 'lanes guard\n', '.husky/prepare-commit-msg': 'lanes guard --prepare-commit-msg "$@"\n' });
    const lost = (hook: string): string =>
      `${hook}: ${worktree}/.husky/${hook} runs \`lanes guard\`, but it cannot find \`lanes\` from ${worktree} (no node_modules/.bin/lanes there, and none on PATH)`;
    const inside = lanes(worktree, ['doctor'], { env });
    expect(inside.status).toBe(1);
    expect(inside.stdout.split('\n').slice(1, 3)).toEqual([
      `gap  hooks: ${lost('pre-commit')}; ${lost('prepare-commit-msg')}`,
      `     fix: install the dependencies in this worktree (\`pnpm install\`), or make the hook call lanes by a path that exists`,
    ]);
    const fromMain = lanes(dir, ['doctor'], { env });
    expect(fromMain.status).toBe(1);
    expect(fromMain.stdout.split('\n').slice(1, 4)).toEqual([
      `ok   hooks: pre-commit and prepare-commit-msg run the guard (${dir}/.husky/_)`,
      `gap  hooks: ${worktree} (another worktree): ${lost('pre-commit')}; ${lost('prepare-commit-msg')}`,
      `     fix: install the dependencies in ${worktree} (\`pnpm install\`), or make the hook call lanes by a path that exists`,
    ]);
    installLanes(worktree);
    expect(lanes(dir, ['doctor'], { env }).status).toBe(0);
  });
});
