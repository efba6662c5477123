import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { guardLines } from './hook-text.ts';

describe('the pre-commit lines lanes init writes', () => {
  it('are the ones docs/init.md shows', () => {
    const doc = readFileSync(new URL('../../../../docs/init.md', import.meta.url), 'utf8');
    const block = /\*\*Linked worktrees\.\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBe(`${guardLines('pre-commit')}\n`);
  });

  it("run the package's bin with node when it is beside .bin/lanes, else .bin/lanes; block with exit 2 when there is neither", () => {
    const env = gitTestEnv();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-hook-lines-')));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
    const hook = (): { status: number | null; stdout: string; stderr: string } => spawnSync('sh', ['-c', guardLines('pre-commit')], { cwd: dir, env, encoding: 'utf8' });
    expect(hook()).toMatchObject({
      status: 2,
      stderr: 'lanes guard: no node_modules/.bin/lanes in this worktree or the main one, so the commit is blocked; run npm install (or pnpm install)\n',
    });
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.bin/lanes'), '#!/bin/sh\necho "shim $*"; exit 3\n');
    chmodSync(join(dir, 'node_modules/.bin/lanes'), 0o755);
    expect(hook()).toMatchObject({ status: 3, stdout: 'shim guard\n' });
    mkdirSync(join(dir, 'node_modules/lanes/bin'), { recursive: true });
    // The bin gets git's staged diff on stdin, then git's exit status (128 here: an unborn HEAD).
    writeFileSync(join(dir, 'node_modules/lanes/bin/lanes.js'), 'let i = ""; process.stdin.on("data", (d) => (i += d)).on("end", () => { console.log("bin", process.argv.slice(2).join(" "), JSON.stringify(i)); process.exitCode = 1; });\n');
    expect(hook()).toMatchObject({ status: 1, stdout: 'bin guard --staged-from-stdin "128\\n"\n' });
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    execFileSync('git', ['add', 'a.txt'], { cwd: dir, env });
    execFileSync('git', ['commit', '-qm', 'a', '--no-verify'], { cwd: dir, env });
    writeFileSync(join(dir, 'a.txt'), 'b\n');
    execFileSync('git', ['add', 'a.txt'], { cwd: dir, env });
    const [a, b] = execFileSync('git', ['rev-parse', 'HEAD:a.txt', ':a.txt'], { cwd: dir, env, encoding: 'utf8' }).trim().split('\n');
    expect(hook()).toMatchObject({ status: 1, stdout: `bin guard --staged-from-stdin ${JSON.stringify(`:100644 100644 ${a} ${b} M\0a.txt\0` + '0\n')}\n` });
  });
});
