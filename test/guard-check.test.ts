import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commit, guardedRepo, messageOf, planPath, sessionEnv, stage } from './helpers/guard.ts';
import { git, lanes, removedAfterEach, run, tempDir, testEnv, writeFiles } from './helpers/repo.ts';

const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

const ownerB = `owned by S-B (${planPath}:30 \`src/b/**\`)`;
const noHooks = testEnv({ HUSKY: '0' });

describe('merges: only what the merge itself authored', () => {
  test("a clean merge that brings another session's work is allowed (pre-merge-commit), and carries the trailer", () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a']);
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'a']).status).toBe(0);
    git(dir, ['checkout', '-q', 'main']);
    stage(dir, { 'src/b/two.ts': '22\n', 'src/b/three.ts': '3\n' });
    expect(commit(dir, ['-m', 'b'], sessionEnv('S-B')).status).toBe(0);
    git(dir, ['checkout', '-q', 'claude/demo-1-a']);
    const r = run('git', ['merge', '-q', '--no-edit', 'main'], { cwd: dir, env: testEnv() });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(git(dir, ['rev-list', '--parents', '-1', 'HEAD']).trim().split(' ')).toHaveLength(3);
    expect(messageOf(dir)).toBe("Merge branch 'main' into claude/demo-1-a\n\nLanes-Session: S-A\n");
  });

  test('what a merge adds of its own outside the lane is blocked; what the other side brought is not listed', () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a']);
    git(dir, ['checkout', '-q', 'main']);
    stage(dir, { 'src/b/two.ts': '22\n', 'src/b/three.ts': '3\n' });
    expect(commit(dir, ['-m', 'b'], sessionEnv('S-B')).status).toBe(0);
    git(dir, ['checkout', '-q', 'claude/demo-1-a']);
    git(dir, ['merge', '-q', '--no-ff', '--no-commit', 'main']);
    stage(dir, { 'src/b/three.ts': 'changed during the merge\n', 'src/a/one.ts': 'merged\n' });
    const r = commit(dir, ['--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      `lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 2 paths this merge authored is outside it:`,
      `  modified  src/b/three.ts  ${ownerB}`,
      'To fix:',
    ]);
  });

  test('a conflict resolved outside the lane counts as authored', () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a']);
    writeFiles(dir, { 'src/b/two.ts': 'from lane a\n' });
    git(dir, ['commit', '-q', '--no-verify', '-am', 'sneaky'], noHooks);
    git(dir, ['checkout', '-q', 'main']);
    stage(dir, { 'src/b/two.ts': 'from lane b\n' });
    expect(commit(dir, ['-m', 'b'], sessionEnv('S-B')).status).toBe(0);
    git(dir, ['checkout', '-q', 'claude/demo-1-a']);
    expect(run('git', ['merge', '-q', 'main'], { cwd: dir, env: testEnv() }).status).toBe(1); // conflict
    stage(dir, { 'src/b/two.ts': 'from lane b\n' }); // resolved as main had it: still authored by the merge
    const r = commit(dir, ['--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[1]).toBe(`  modified  src/b/two.ts  ${ownerB}`);
  });
});

/** A repository where S-A's branch holds an allowed commit, a `--no-verify` commit outside its lane, and more. */
function branchWithBypass(): { dir: string; base: string } {
  const dir = repo();
  const base = git(dir, ['rev-parse', 'HEAD']).trim();
  git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a']);
  stage(dir, { 'src/a/one.ts': '11\n' });
  expect(commit(dir, ['-m', 'in lane']).status).toBe(0);
  stage(dir, { 'src/b/two.ts': '22\n', 'docs/x.md': 'x\n' });
  expect(commit(dir, ['--no-verify', '-m', 'bypass']).status).toBe(0);
  return { dir, base };
}

describe('lanes check --range A..B: the backstop', () => {
  test("catches a --no-verify commit on a session's branch, as that branch's session", () => {
    const { dir, base } = branchWithBypass();
    const r = lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`]);
    expect(r.status).toBe(1);
    const ids = git(dir, ['rev-list', '--reverse', `${base}..claude/demo-1-a`]).trim().split('\n').map((c) => c.slice(0, 12));
    expect(r.stdout).toBe(
      [
        `lanes check ${base}..claude/demo-1-a: 2 commit(s), rules from ${planPath} at ${base.slice(0, 12)}`,
        `  ${ids[0]!}  allowed     S-A (branch)  in lane`,
        `  ${ids[1]!}  blocked     S-A (branch)  bypass`,
        `      S-A changed 2 paths outside its Owns (${planPath})`,
        '      added     docs/x.md  owned by no session',
        `      modified  src/b/two.ts  ${ownerB}`,
        '1 blocked, 0 overridden, 0 failed',
        '',
      ].join('\n'),
    );
  });

  test('without trailers: --session, else the branch the range ends at, else --branch', () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-2-b']);
    writeFiles(dir, { 'src/b/two.ts': '22\n' });
    git(dir, ['commit', '-q', '-am', 'no hooks at all'], noHooks); // HUSKY=0: no guard, no trailer
    expect(messageOf(dir)).toBe('no hooks at all\n');
    const json = (args: string[]): { exitCode: number; commits: { session: string | null; via: string | null; decision: string }[] } =>
      JSON.parse(lanes(dir, ['check', '--range', `${base}..claude/demo-2-b`, '--format', 'json', ...args]).stdout) as never;
    expect(json([]).commits[0]).toMatchObject({ session: 'S-B', via: 'branch', decision: 'allowed' });
    expect(json(['--session', 'S-A']).commits[0]).toMatchObject({ session: 'S-A', via: 'option', decision: 'blocked' });
    expect(json(['--branch', 'claude/demo-1-a'])).toMatchObject({ exitCode: 1, commits: [{ session: 'S-A', via: 'branch', decision: 'blocked' }] });
    const detached = lanes(dir, ['check', '--range', `${base}..${git(dir, ['rev-parse', 'HEAD']).trim()}`, '--format', 'json']);
    expect(JSON.parse(detached.stdout)).toMatchObject({ exitCode: 0, commits: [{ session: null, via: null, decision: 'allowed' }] });
  });

  test("a merge in the range is judged by what it authored; on a session's branch the commits it brings are that session's, unless --exclude leaves them out", () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(commit(dir, ['-m', 'b on main'], sessionEnv('S-B')).status).toBe(0);
    git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a', base]);
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'a']).status).toBe(0);
    git(dir, ['merge', '-q', '--no-commit', 'main']);
    stage(dir, { 'docs/merge-note.md': 'n\n' });
    expect(commit(dir, ['--no-verify', '--no-edit']).status).toBe(0);
    const r = lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { commits: { subject: string; session: string; merge: boolean; decision: string; paths: { path: string }[] }[] };
    const judged = report.commits.map((c) => [c.subject, c.session, c.merge, c.decision, c.paths.map((p) => p.path)]);
    expect(judged.at(-1)).toEqual(["Merge branch 'main' into claude/demo-1-a", 'S-A', true, 'blocked', ['docs/merge-note.md']]);
    expect(judged.slice(0, 2).sort()).toEqual([
      ['a', 'S-A', false, 'allowed', []],
      ['b on main', 'S-A', false, 'blocked', ['src/b/two.ts']],
    ]);
    const excluded = JSON.parse(lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`, '--exclude', 'main', '--format', 'json']).stdout) as typeof report;
    expect(excluded.commits.map((c) => [c.subject, c.session, c.decision])).toEqual([
      ['a', 'S-A', 'allowed'],
      ["Merge branch 'main' into claude/demo-1-a", 'S-A', 'blocked'],
    ]);
  });

  test('lists overridden commits and fails on them, unless --allow-overrides', () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(commit(dir, ['-m', 'fix'], sessionEnv('S-A', { LANES_OVERRIDE: 'pager duty' })).status).toBe(0);
    const r = lanes(dir, ['check', '--range', `${base}..HEAD`]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}[0-9a-f]{12} {2}blocked {5}S-A \(trailer\) {2}fix$/),
      `      S-A changed 1 paths outside its Owns (${planPath})`,
      '      Lanes-Override: pager duty',
      `      modified  src/b/two.ts  ${ownerB}`,
      '1 blocked, 1 overridden, 0 failed',
      'overrides fail the check; pass --allow-overrides to accept them',
      '',
    ]);
    const allowed = lanes(dir, ['check', '--range', `${base}..HEAD`, '--allow-overrides']);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain(`  overridden  S-A (trailer)  fix\n      S-A changed 1 paths outside its Owns (${planPath}) (overridden: pager duty)\n`);
  });

  test('--format github prints annotations', () => {
    const { dir, base } = branchWithBypass();
    const r = lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`, '--format', 'github']);
    expect(r.status).toBe(1);
    const id = git(dir, ['rev-parse', 'HEAD']).trim().slice(0, 12);
    expect(r.stdout).toBe(
      [
        `::error file=docs/x.md,title=lanes%3A ${id} by S-A (branch)::added docs/x.md: owned by no session`,
        `::error file=src/b/two.ts,title=lanes%3A ${id} by S-A (branch)::modified src/b/two.ts: ${ownerB}`,
        `lanes check ${base}..claude/demo-1-a: 2 commit(s), 1 blocked, 0 overridden, 0 failed`,
        '',
      ].join('\n'),
    );
  });

  test('a trailer naming a session the plan does not have fails closed (exit 2)', () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    stage(dir, { 'src/a/one.ts': '11\n' });
    git(dir, ['commit', '-q', '-m', 'who\n\nLanes-Session: S-Q'], noHooks);
    const r = lanes(dir, ['check', '--range', `${base}..HEAD`, '--format', 'json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ failed: 1, commits: [{ decision: 'failed', session: 'S-Q', via: 'trailer' }] });
  });

  test('a bad range is a usage error', () => {
    const dir = repo();
    expect(lanes(dir, ['check', '--range', 'main'])).toEqual({ status: 2, stdout: '', stderr: 'lanes: expected a range `A..B` such as `origin/main..HEAD`, got `main`\n' });
    expect(lanes(dir, ['check', '--range', 'main..nope']).stderr).toBe(`lanes: \`nope\` is not a commit in ${dir}\n`);
  });

  test('a commit in a fresh `git worktree add` runs no hook at all; the range check still catches it', () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    const worktree = join(tempDir(), 'wt');
    removeLater(worktree);
    git(dir, ['worktree', 'add', '-q', '-b', 'claude/demo-1-a', worktree]);
    writeFiles(worktree, { 'src/b/two.ts': 'from the worktree\n' });
    const r = run('git', ['commit', '-q', '-am', 'unguarded'], { cwd: worktree, env: testEnv() });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' }); // .husky/_ is not in the new worktree: no hook ran
    const check = lanes(worktree, ['check', '--range', `${base}..HEAD`, '--format', 'json']);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ commits: [{ session: 'S-A', via: 'branch', decision: 'blocked', paths: [{ path: 'src/b/two.ts' }] }] });
  });
});

describe("the dispatch runner's registry commits under `guard: strict`", () => {
  test('a commit by nobody with `Lanes-Dispatch: registry` that changes only the plan passes the range check; one that changes more does not', () => {
    const dir = repo({ strict: true, status: { 'S-A': 'Active' } });
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    writeFiles(dir, { [planPath]: `${git(dir, ['show', `HEAD:${planPath}`])}\n` });
    git(dir, ['commit', '-q', '--no-verify', '-am', 'lanes: registry', '-m', 'Lanes-Dispatch: registry'], noHooks);
    const registryOnly = lanes(dir, ['check', '--range', `${base}..HEAD`], { env: noHooks });
    expect(registryOnly.status).toBe(0);

    writeFiles(dir, { 'README.md': 'not the plan\n' });
    git(dir, ['add', 'README.md']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'lanes: registry and more', '-m', 'Lanes-Dispatch: registry'], noHooks);
    const more = lanes(dir, ['check', '--range', `${base}..HEAD`], { env: noHooks });
    expect(more.status).toBe(1);
    expect(more.stdout).toContain(`${planPath} says \`guard: strict\` and S-A is Active, but the commit names no session`);
  });
});
