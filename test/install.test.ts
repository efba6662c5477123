import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryEnv, startRegistry, type LocalRegistry } from './helpers/registry.ts';
import { git, removeDir, tempDir, testEnv, workspaceRoot, type RunResult } from './helpers/repo.ts';

// A user's view of Lanes: the workspace published to a verdaccio on 127.0.0.1 (nothing is published anywhere
// else), `lanes` installed from there into scratch repositories with npm and with pnpm, `lanes init`, and the
// guard holding in the main worktree, in a linked worktree and in a fresh clone.

let dir: string;
let registry: LocalRegistry;
let env: NodeJS.ProcessEnv;

// Commands run without blocking, so that the three repositories install at the same time (most of the time
// is spent waiting on the registry).
async function sh(cwd: string, command: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<RunResult> {
  const child = spawn(command, args, { cwd, env: { ...env, ...extra }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (input === undefined) child.stdin.end();
  else child.stdin.end(input);
  const status = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve(code ?? -1);
    });
  });
  return { status, stdout, stderr };
}

/** Runs a command that must succeed, and gives its stdout. */
async function ok(cwd: string, command: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await sh(cwd, command, args, extra);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const pnpm = (cwd: string, args: readonly string[]): Promise<string> =>
  ok(cwd, 'pnpm', [...args, '--store-dir', join(dir, 'pnpm-store'), '--cache-dir', join(dir, 'pnpm-cache')]);

/** A new repository on `main` with these files (not committed). */
function scratch(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  mkdirSync(root);
  git(root, ['init', '-q', '-b', 'main']);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

/** Writes a file (making its folder) and stages it. */
function stage(root: string, path: string, text = `${path}\n`): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
  git(root, ['add', '--', path]);
}

const commit = (root: string, message: string, session?: string): Promise<RunResult> =>
  sh(root, 'git', ['commit', '-q', '-m', message], session === undefined ? {} : { LANES_SESSION: session });

const blocked = (session: string): string => `lanes guard: commit blocked: ${session} may commit only what its Owns covers`;

/** Commits in and out of S-A's lane (`src/**`) and S-B's (`docs/**`) where the starter plan is committed. */
async function expectGuardHolds(root: string, plan: string): Promise<void> {
  stage(root, 'src/a.js', 'export const a = 1;\n');
  expect((await commit(root, 'S-A: in its lane', 'S-A')).status).toBe(0);
  expect(git(root, ['log', '-1', '--format=%(trailers:key=Lanes-Session,valueonly)']).trim()).toBe('S-A');
  stage(root, 'docs/out.md');
  const out = await commit(root, 'S-A: out of its lane', 'S-A');
  expect(out.status).toBe(1);
  expect(out.stderr).toContain(blocked('S-A'));
  expect(out.stderr).toContain(`added  docs/out.md  owned by S-B (${plan}:37 \`docs/**\`)`);
  git(root, ['reset', '-q']);
}

/** In a linked worktree beside the repository (no node_modules there), on S-B's branch: a stray commit is blocked. */
async function expectWorktreeHeld(root: string, plan: string, allowed: boolean): Promise<void> {
  const worktree = `${root}-worktree`;
  git(root, ['worktree', 'add', '-q', '-b', `claude/${plan.includes('notes') ? 'notes' : 'shop'}-3-docs`, worktree]);
  expect(existsSync(join(worktree, 'node_modules'))).toBe(false);
  stage(worktree, 'src/stray.js');
  const stray = await commit(worktree, 'S-B: out of its lane');
  expect(stray.status).toBe(1);
  expect(stray.stderr).toContain(blocked('S-B'));
  git(worktree, ['reset', '-q']);
  if (allowed) {
    stage(worktree, 'docs/guide.md');
    expect((await commit(worktree, 'S-B: in its lane')).status).toBe(0);
    expect(git(worktree, ['log', '-1', '--format=%(trailers:key=Lanes-Session,valueonly)']).trim()).toBe('S-B');
  }
}

/** A fresh clone, installed: its hooks are active and a stray commit is blocked. */
async function expectCloneHeld(root: string, install: (clone: string) => Promise<unknown>): Promise<void> {
  const clone = `${root}-clone`;
  git(dir, ['clone', '-q', root, clone]);
  await install(clone);
  stage(clone, 'docs/stray.md');
  const stray = await commit(clone, 'S-A: out of its lane', 'S-A');
  expect(stray.status).toBe(1);
  expect(stray.stderr).toContain(blocked('S-A'));
}

function onlyPlan(root: string): string {
  const [plan, ...more] = readdirSync(join(root, 'plans'));
  expect(more).toEqual([]);
  return `plans/${plan!}`;
}

beforeAll(async () => {
  dir = tempDir('lanes-install-');
  registry = await startRegistry(dir);
  env = registryEnv(registry, dir, testEnv());
  const published = await sh(workspaceRoot, 'pnpm', ['-r', 'publish', '--registry', registry.url, '--no-git-checks'], { npm_config_userconfig: registry.publishNpmrc });
  if (published.status !== 0) throw new Error(`pnpm -r publish failed (${published.status}):\n${published.stdout}\n${published.stderr}`);
}, 300_000);

afterAll(async () => {
  await registry.stop();
  removeDir(dir);
});

describe.concurrent('lanes installed from a registry', () => {
  it('npm, with husky and lint-staged: init, the guard in the main tree, a linked worktree and a fresh clone', async () => {
    const root = scratch('shop', {
      'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', 'lint-staged': { '*.js': 'node --check' } }, null, 2),
      '.gitignore': 'node_modules\n',
    });
    await ok(root, 'npm', ['install', '-D', 'husky@9', 'lint-staged@16']);
    await ok(root, 'npx', ['husky', 'init']);
    writeFileSync(join(root, '.husky/pre-commit'), 'npx lint-staged\n');
    await ok(root, 'npm', ['install', '-D', 'lanes']);
    const init = await ok(root, 'npx', ['lanes', 'init', '--yes']);
    expect(init).toContain('lanes init (hooks: husky):\n');
    const plan = onlyPlan(root);
    expect(init).toContain(`  + ${plan}\n`);
    expect(readFileSync(join(root, '.husky/pre-commit'), 'utf8')).toMatch(/# <<< lanes\nnpx lint-staged\n$/);
    expect(await ok(root, 'npx', ['lanes', 'init', '--yes'])).toBe('lanes init: nothing to change (hooks: husky)\n');
    git(root, ['add', '-A']);
    expect((await commit(root, 'lanes init')).status).toBe(0);
    // The starter plan lints clean; its patterns match no file yet, which is only a warning.
    expect(await ok(root, 'npx', ['lanes', 'lint'])).toContain('✖ 2 problems (0 errors, 2 warnings)');
    await expectGuardHolds(root, plan);
    await expectWorktreeHeld(root, plan, false);
    await expectCloneHeld(root, (clone) => ok(clone, 'npm', ['install']));
  }, 300_000);

  it('pnpm, with no hook manager: .githooks/, a linked worktree, a fresh clone, and the demo dispatch', async () => {
    const root = scratch('notes', { 'package.json': JSON.stringify({ name: 'notes', version: '1.0.0' }, null, 2), '.gitignore': 'node_modules\n' });
    await pnpm(root, ['add', '-D', 'lanes']);
    const installed = readdirSync(join(root, 'node_modules/.pnpm'));
    expect(installed.filter((name) => /^(typescript|eslint)@/.test(name))).toEqual([]);
    const init = await ok(root, 'pnpm', ['exec', 'lanes', 'init', '--yes', '--agents', 'claude', '--ci', 'github']);
    expect(init).toContain('lanes init (hooks: .githooks/ (no hook manager found)):\n');
    expect(init).toContain('  ~ git config core.hooksPath .githooks\n');
    const plan = onlyPlan(root);
    git(root, ['add', '-A']);
    expect((await commit(root, 'lanes init')).status).toBe(0);
    expect((await sh(root, 'pnpm', ['exec', 'lanes', 'init', '--check'])).status).toBe(0);
    await expectGuardHolds(root, plan);
    await expectWorktreeHeld(root, plan, true);
    await expectCloneHeld(root, async (clone) => {
      await pnpm(clone, ['install', '--frozen-lockfile']);
      expect(git(clone, ['config', 'core.hooksPath']).trim()).toBe('.githooks');
    });

    // Claude Code's hook, as Claude Code runs it: the installed bin refuses an edit outside the session's lane.
    const command = (JSON.parse(readFileSync(join(root, '.claude/settings.json'), 'utf8')) as { hooks: { PreToolUse: { hooks: { command: string }[] }[] } }).hooks
      .PreToolUse[0]!.hooks[0]!.command;
    const input = JSON.stringify({ cwd: root, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(root, 'docs/x.md'), content: 'x' } });
    const edit = await sh(root, 'sh', ['-c', command], { CLAUDE_PROJECT_DIR: root, LANES_SESSION: 'S-A' }, input);
    expect(edit.status).toBe(2);
    expect(edit.stderr).toContain('docs/x.md');

    const demo = await sh(root, 'pnpm', ['exec', 'lanes', 'dispatch', '--demo', '--yes'], { TMPDIR: dir, CI: '1' });
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/The demo ended as scripted/);
  }, 300_000);

  it('npm next to typescript@7: installs; --code says what it needs; lint with no plan exits 2', async () => {
    const root = scratch('typed', { 'package.json': JSON.stringify({ name: 'typed', version: '1.0.0' }, null, 2), '.gitignore': 'node_modules\n' });
    await ok(root, 'npm', ['install', '-D', 'typescript@7']);
    await ok(root, 'npm', ['install', '-D', 'lanes']);
    expect((JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version).toMatch(/^7\./);
    expect(existsSync(join(root, 'node_modules/eslint'))).toBe(false);
    // @lanes/core's exact micromark is the one npm gives the markdown parser (newer ones are quadratic on large plans).
    expect((JSON.parse(readFileSync(join(root, 'node_modules/micromark/package.json'), 'utf8')) as { version: string }).version).toBe('4.0.2');
    const none = await sh(root, 'npx', ['lanes', 'lint']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      `lanes: no plans found in ${root} (looked for plans/**/*.md); write one (\`lanes init\` writes a starter), pass plan paths, set "lanes.plans" in package.json, or pass --pass-on-no-plans\n`,
    );
    await ok(root, 'npx', ['lanes', 'init', '--yes']);
    const code = await sh(root, 'npx', ['lanes', 'lint', '--code']);
    expect(code.status).toBe(2);
    expect(code.stderr).toMatch(/^lanes: --code needs TypeScript 5 or 6 \(typescript-eslint reads its compiler API\), and this repository has typescript 7\.[^,]+; install them: npm i -D typescript@6 eslint @typescript-eslint\/parser @typescript-eslint\/utils\n$/);
  }, 300_000);
});
