import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRange, verifyStamp, worktreeSessionFile } from '../packages/guard/src/index.ts';
import { describe, expect, test } from 'vitest';
import { commit, guardedRepo, installHusky, messageOf, planPath, planText, sessionEnv, stage } from './helpers/guard.ts';
import { git, lanes, removedAfterEach, run, testEnv, writeFiles } from './helpers/repo.ts';

const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

const keyA = 'a1'.repeat(32);
const keyB = 'b2'.repeat(32);
const keys = { 'S-A': keyA, 'S-B': keyB };
const noHooks = testEnv({ HUSKY: '0' });

/** A linked worktree on `branch`, made the way the runner makes a session's: its session in its git dir. */
function sessionWorktree(dir: string, session: string, branch: string): string {
  const worktree = removeLater(`${dir}-${session}`);
  git(dir, ['worktree', 'add', '-q', '-b', branch, worktree]);
  const gitDir = git(worktree, ['rev-parse', '--absolute-git-dir']).trim();
  writeFileSync(join(gitDir, worktreeSessionFile), `${session}\n`);
  installHusky(worktree);
  return worktree;
}

/** Does a commit's stamp verify with the key, over the tree and parents git recorded? */
function stampVerifies(dir: string, rev: string, session: string, key: string): boolean {
  const [tree = '', parents = ''] = git(dir, ['show', '-s', '--format=%T%n%P', rev]).split('\n');
  const stamp = /\nLanes-Stamp: ([0-9a-f]+)\n?$/.exec(messageOf(dir, rev))?.[1] ?? '';
  return verifyStamp(key, session, tree, parents.split(' ').filter((p) => p !== ''), stamp);
}

describe("borrowed identity in a session's worktree", () => {
  test('LANES_SESSION naming another session blocks, and says whose worktree it is', () => {
    const dir = repo();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    const gitDir = git(worktree, ['rev-parse', '--absolute-git-dir']).trim();
    stage(worktree, { 'src/b/two.ts': 'borrowed\n' });
    const r = commit(worktree, ['-m', 'as S-B'], sessionEnv('S-B'));
    expect(r).toEqual({
      status: 1,
      stdout: '',
      stderr: [
        `lanes guard: commit blocked: this worktree belongs to S-A (${gitDir}/${worktreeSessionFile}), but LANES_SESSION says S-B`,
        'To fix:',
        "  commit S-A's work here without LANES_SESSION: the worktree names its session",
        "  or make S-B's commit in S-B's own worktree",
        'husky - pre-commit script failed (code 1)',
        '',
      ].join('\n'),
    });
  });

  test('the Claude Code hook refuses an edit there as another session, and judges one without LANES_SESSION as the worktree\'s', () => {
    const dir = repo();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    const edit = (env: NodeJS.ProcessEnv, file: string): ReturnType<typeof lanes> =>
      lanes(worktree, ['guard', '--claude-hook'], {
        env,
        input: JSON.stringify({ cwd: worktree, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(worktree, file), content: 'x' } }),
      });
    expect(edit(sessionEnv('S-B'), 'src/b/two.ts')).toEqual({
      status: 2,
      stdout: '',
      stderr: "lanes: this worktree belongs to S-A, but LANES_SESSION says S-B; work as S-A here, or in S-B's own worktree\n",
    });
    expect(edit(sessionEnv(null), 'src/b/two.ts').status).toBe(2);
    expect(edit(sessionEnv(null), 'src/a/new.ts')).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('without LANES_SESSION the worktree names the session, even off its branch', () => {
    const dir = repo();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    git(worktree, ['checkout', '-q', '-b', 'elsewhere']);
    stage(worktree, { 'src/b/two.ts': 'not mine\n' });
    const r = commit(worktree, ['-m', 'b work']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`);
    stage(worktree, { 'src/a/one.ts': 'mine\n' });
    git(worktree, ['reset', '-q', 'src/b/two.ts']);
    expect(commit(worktree, ['-m', 'a work'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(messageOf(worktree)).toBe('a work\n\nLanes-Session: S-A\n');
  });

  test("lanes check judges a commit on a session's branch as that session, whatever its trailer says", () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    stage(worktree, { 'src/b/two.ts': 'borrowed\n' });
    // --no-verify skips pre-commit; prepare-commit-msg still runs and names the worktree's session.
    expect(commit(worktree, ['--no-verify', '-m', 'as S-B'], sessionEnv('S-B')).status).toBe(0);
    git(worktree, ['commit', '-q', '--amend', '-m', 'as S-B\n\nLanes-Session: S-B'], noHooks); // a trailer written by hand
    const r = lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      `  ${git(dir, ['rev-parse', 'claude/demo-1-a']).trim().slice(0, 12)}  blocked     S-A (branch)  as S-B`,
      `      S-A changed 1 paths outside its Owns (${planPath})`,
    ]);
  });
});

describe("lanes check judges by the branch and by --session, never by a commit's claim", () => {
  /** S-A's worktree branch, holding a commit that claims S-B by a trailer written by hand (S-B's file). */
  function borrowedOnBranch(): { dir: string; base: string; borrowed: string } {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    stage(worktree, { 'src/a/one.ts': 'mine\n' });
    expect(commit(worktree, ['-m', 'a work']).status).toBe(0);
    writeFiles(worktree, { 'src/b/two.ts': 'borrowed\n' });
    git(worktree, ['commit', '-q', '-am', 'as S-B\n\nLanes-Session: S-B'], noHooks);
    return { dir, base, borrowed: git(dir, ['rev-parse', 'claude/demo-1-a']).trim() };
  }

  test("--session S-A judges a commit on S-A's branch that names S-B as S-A: the check the GitHub Actions workflow runs", () => {
    const { dir, base, borrowed } = borrowedOnBranch();
    const r = lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`, '--session', 'S-A']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `lanes check ${base}..claude/demo-1-a: 2 commit(s), rules from ${planPath} at ${base.slice(0, 12)}`,
      `  ${git(dir, ['rev-parse', 'claude/demo-1-a~1']).trim().slice(0, 12)}  allowed     S-A (--session)  a work`,
      `  ${borrowed.slice(0, 12)}  blocked     S-A (--session)  as S-B`,
      `      S-A changed 1 paths outside its Owns (${planPath})`,
      `      modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`,
      '1 blocked, 0 overridden, 0 failed',
      '',
    ]);
  });

  test("on S-A's branch, what a merge brings is S-A's too: a commit claiming S-B and a commit by nobody, made on a side branch", () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    const worktree = sessionWorktree(dir, 'S-A', 'claude/demo-1-a');
    git(worktree, ['checkout', '-q', '-b', 'side']);
    writeFiles(worktree, { 'src/b/two.ts': 'borrowed\n' });
    git(worktree, ['commit', '-q', '-am', 'as S-B\n\nLanes-Session: S-B'], noHooks);
    writeFiles(worktree, { 'src/b/three.ts': 'by nobody\n' });
    git(worktree, ['add', 'src/b/three.ts']);
    git(worktree, ['commit', '-q', '-m', 'by nobody'], noHooks);
    expect(messageOf(worktree)).toBe('by nobody\n');
    git(worktree, ['checkout', '-q', 'claude/demo-1-a']);
    git(worktree, ['merge', '-q', '--no-ff', '--no-edit', 'side'], noHooks);
    const json = (args: string[]): { exitCode: number; commits: object[] } =>
      JSON.parse(lanes(dir, ['check', '--range', `${base}..claude/demo-1-a`, '--format', 'json', ...args]).stdout) as never;
    expect(json([])).toMatchObject({
      exitCode: 1,
      commits: [
        { subject: 'as S-B', session: 'S-A', via: 'branch', decision: 'blocked', paths: [{ path: 'src/b/two.ts' }] },
        { subject: 'by nobody', session: 'S-A', via: 'branch', decision: 'blocked', paths: [{ path: 'src/b/three.ts' }] },
        { subject: "Merge branch 'side' into claude/demo-1-a", session: 'S-A', via: 'branch', merge: true, decision: 'allowed' },
      ],
    });
    expect(json(['--session', 'S-A'])).toMatchObject({
      exitCode: 1,
      commits: [
        { subject: 'as S-B', session: 'S-A', via: 'option', decision: 'blocked' },
        { subject: 'by nobody', session: 'S-A', via: 'option', decision: 'blocked' },
        { subject: "Merge branch 'side' into claude/demo-1-a", session: 'S-A', via: 'option', decision: 'allowed' },
      ],
    });
    // A branch that is checked as its own session's is left out by name.
    expect(json(['--session', 'S-A', '--exclude', 'side'])).toMatchObject({
      exitCode: 0,
      commits: [{ subject: "Merge branch 'side' into claude/demo-1-a", session: 'S-A', decision: 'allowed' }],
    });
  });
});

describe('borrowed identity in the shared tree: the stamp', () => {
  test("a commit stamped with one session's key under another's name verifies with neither, and --session judges it as the given session", async () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    stage(dir, { 'src/a/one.ts': 'a\n' });
    expect(commit(dir, ['-m', 'a work'], sessionEnv('S-A', { LANES_SESSION_KEY: keyA })).status).toBe(0);
    expect(messageOf(dir)).toMatch(/^a work\n\nLanes-Session: S-A\nLanes-Stamp: [0-9a-f]{64}\n$/);
    expect(stampVerifies(dir, 'HEAD', 'S-A', keyA)).toBe(true);
    stage(dir, { 'src/b/two.ts': 'borrowed\n' });
    // S-A's process, with S-A's key, claims to be S-B: the hook cannot tell, the stamp can.
    expect(commit(dir, ['-m', 'as S-B'], sessionEnv('S-B', { LANES_SESSION_KEY: keyA }))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(messageOf(dir)).toMatch(/^as S-B\n\nLanes-Session: S-B\nLanes-Stamp: [0-9a-f]{64}\n$/);
    expect(stampVerifies(dir, 'HEAD', 'S-B', keyB)).toBe(false);
    expect(stampVerifies(dir, 'HEAD', 'S-B', keyA)).toBe(true);

    const borrowed = git(dir, ['rev-parse', 'HEAD']).trim();
    const audit = await checkRange({ cwd: dir, range: `${base}..HEAD`, sessionKeys: keys, env: testEnv() });
    expect(audit.commits.map((c) => [c.subject, c.session, c.decision, c.unattributed])).toEqual([
      ['a work', 'S-A', 'allowed', false],
      ['as S-B', null, 'blocked', true],
    ]);
    expect(audit.commits[1]).toMatchObject({
      commit: borrowed,
      reason: "made by no session that can be shown: its Lanes-Stamp does not verify with S-B's key; 1 path changed",
      paths: [{ path: 'src/b/two.ts', change: 'modified', owner: { session: 'S-B', line: 30 } }],
    });

    const asA = await checkRange({ cwd: dir, range: `${base}..HEAD`, judgeAs: 'S-A', env: testEnv() });
    expect(asA.exitCode).toBe(1);
    expect(asA.commits).toMatchObject([
      { subject: 'a work', session: 'S-A', via: 'option', decision: 'allowed' },
      { subject: 'as S-B', session: 'S-A', via: 'option', decision: 'blocked', paths: [{ path: 'src/b/two.ts' }] },
    ]);
  });

  test('the stamp is over the tree and parents the commit really gets: amend, merge, `commit <paths>`, first commit', () => {
    const dir = repo();
    const env = sessionEnv('S-A', { LANES_SESSION_KEY: keyA });
    stage(dir, { 'src/a/one.ts': '1\n' });
    expect(commit(dir, ['-m', 'one'], env).status).toBe(0);
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['--amend', '--no-edit'], env).status).toBe(0);
    expect(stampVerifies(dir, 'HEAD', 'S-A', keyA)).toBe(true);
    writeFiles(dir, { 'src/a/one.ts': '111\n', 'src/a/other.ts': 'not committed\n' });
    git(dir, ['add', 'src/a/other.ts']);
    expect(commit(dir, ['-m', 'paths', '--', 'src/a/one.ts'], env).status).toBe(0); // git's own temporary index
    expect(stampVerifies(dir, 'HEAD', 'S-A', keyA)).toBe(true);
    git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
    stage(dir, { 'src/a/side.ts': 's\n' });
    expect(commit(dir, ['-m', 'side'], env).status).toBe(0);
    git(dir, ['checkout', '-q', 'main']);
    expect(run('git', ['merge', '-q', '--no-edit', 'side'], { cwd: dir, env }).status).toBe(0);
    expect(git(dir, ['show', '-s', '--format=%P', 'HEAD']).trim().split(' ')).toHaveLength(2);
    expect(stampVerifies(dir, 'HEAD', 'S-A', keyA)).toBe(true);
    git(dir, ['checkout', '-q', '--orphan', 'fresh']);
    expect(commit(dir, ['-m', 'root'], sessionEnv(null, { LANES_SESSION_KEY: keyA })).status).toBe(0); // nobody: no stamp
    expect(messageOf(dir)).toBe('root\n');
  });
});

describe('commits by nobody', () => {
  test('a --no-verify commit by nobody after the dispatch starts is blocked under guard: strict, though the range starts before it', async () => {
    const dir = repo({ strict: true });
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    // The runner's registry commit: S-A and S-B become Active (no trailer, only registry rows).
    writeFiles(dir, { [planPath]: planText({ strict: true, status: { 'S-A': 'Active', 'S-B': 'Active' } }) });
    git(dir, ['commit', '-q', '-am', 'lanes: S-A, S-B Active'], noHooks);
    stage(dir, { 'src/a/one.ts': 'a\n' });
    expect(commit(dir, ['-m', 'a work'], sessionEnv('S-A', { LANES_SESSION_KEY: keyA })).status).toBe(0);
    stage(dir, { 'src/b/two.ts': 'whose?\n' });
    expect(commit(dir, ['--no-verify', '-m', 'nobody']).status).toBe(0);
    expect(messageOf(dir)).toBe('nobody\n');

    const r = lanes(dir, ['check', '--range', `${base}..HEAD`, '--format', 'json']);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { commits: object[] }).commits).toMatchObject([
      { subject: 'lanes: S-A, S-B Active', session: null, decision: 'allowed', reason: 'allowed' }, // nobody was Active before it
      { subject: 'a work', session: 'S-A', decision: 'allowed' },
      { subject: 'nobody', session: null, decision: 'blocked', reason: `${planPath} says \`guard: strict\` and S-A, S-B are Active, but the commit names no session` },
    ]);

    const audit = await checkRange({ cwd: dir, range: `${base}..HEAD`, sessionKeys: keys, env: testEnv() });
    expect(audit.commits.map((c) => [c.subject, c.session, c.decision, c.unattributed, c.paths.map((p) => p.path)])).toEqual([
      ['lanes: S-A, S-B Active', null, 'allowed', false, []],
      ['a work', 'S-A', 'allowed', false, []],
      ['nobody', null, 'blocked', true, ['src/b/two.ts']],
    ]);
    expect(audit.commits[2]!.reason).toBe('made by no session that can be shown: it has no Lanes-Stamp; 1 path changed');
  });
});

describe('a trailer grants nothing', () => {
  test('a commit with the runner\'s registry trailer that rewrites Owns is blocked, and --session never blames the runner\'s own registry commits', () => {
    const dir = repo({ strict: true, status: { 'S-A': 'Active' } });
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    writeFiles(dir, { [planPath]: planText({ strict: true, status: { 'S-A': 'Done', 'S-B': 'Active' } }) });
    git(dir, ['commit', '-q', '-am', 'lanes: S-A Done'], noHooks);
    writeFiles(dir, { [planPath]: planText({ strict: true, status: { 'S-A': 'Active', 'S-B': 'Active' }, ownsA: ['`**`'] }) });
    git(dir, ['commit', '-q', '-am', 'lanes: registry\n\nLanes-Dispatch: registry'], noHooks);
    const json = (args: string[]): { exitCode: number; commits: object[] } =>
      JSON.parse(lanes(dir, ['check', '--range', `${base}..HEAD`, '--format', 'json', ...args]).stdout) as never;
    expect(json([])).toMatchObject({
      exitCode: 1,
      commits: [
        { subject: 'lanes: S-A Done', session: null, decision: 'allowed' },
        { subject: 'lanes: registry', session: null, decision: 'blocked' },
      ],
    });
    expect(json(['--session', 'S-A'])).toMatchObject({
      exitCode: 1,
      commits: [
        { subject: 'lanes: S-A Done', session: null, decision: 'allowed', reason: "the runner's registry commit: it changes only Session Registry rows" },
        { subject: 'lanes: registry', session: 'S-A', decision: 'blocked', paths: [{ path: planPath, note: `it changes ${planPath} outside S-A's own Session Registry row (line 21); the rest of the plan is the coordinator's` }] },
      ],
    });
  });
});

describe('caches are checked, not trusted', () => {
  test('a git replace of the plans at HEAD changes nothing: the guard reads with replace refs off', () => {
    const dir = repo();
    git(dir, ['switch', '-qc', 'side']);
    writeFiles(dir, { [planPath]: planText({ ownsA: ['`src/b/**`'] }) });
    git(dir, ['commit', '-qam', 'wide', '--no-verify']);
    git(dir, ['switch', '-q', 'main']);
    git(dir, ['replace', git(dir, ['rev-parse', 'main:plans']).trim(), git(dir, ['rev-parse', 'side:plans']).trim()]);
    expect(git(dir, ['show', `main:${planPath}`])).toContain('`src/b/**`'); // git itself now reads the wide plan
    stage(dir, { 'src/b/two.ts': 'b\n' });
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-A') });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`);
  });

  test('an edited plan listing (which plans HEAD has, and their blobs) changes nothing: it is read from git again', () => {
    const dir = repo();
    const planBlob = git(dir, ['rev-parse', `HEAD:${planPath}`]).trim();
    // A plan in which S-A owns everything, as a blob the repository has but HEAD does not list.
    writeFileSync(join(dir, '.git/wide.md'), planText({ ownsA: ['`**`'] }));
    const wide = git(dir, ['hash-object', '-w', '.git/wide.md']).trim();
    stage(dir, { 'src/b/two.ts': 'b\n' });
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1); // lists the plans and caches the listing
    const cacheDir = join(dir, '.git/lanes/cache');
    const file = join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('listing-'))!);
    const [mac, json] = readFileSync(file, 'utf8').split('\n') as [string, string];
    expect(json).toContain(planBlob);
    writeFileSync(file, `${mac}\n${json.replace(planBlob, wide)}`); // the old signature over a forged listing
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-A') });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`);
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(json); // written again from git
    writeFileSync(file, json.replace(planBlob, wide)); // unsigned
    expect(commit(dir, ['-m', 'widened'], sessionEnv('S-A')).status).toBe(1);
  });

  test('an edited compiled-plan cache changes neither the hook nor lanes check', () => {
    const dir = repo();
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    stage(dir, { 'src/b/two.ts': 'b\n' });
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1); // compiles and caches the plan
    const cacheDir = join(dir, '.git/lanes/cache');
    const file = readdirSync(cacheDir).find((name) => name.startsWith('plan-'));
    const text = readFileSync(join(cacheDir, file!), 'utf8');
    const json = text.slice(text.indexOf('\n') + 1);
    const compiled = JSON.parse(json) as { sessions: { id: string; owns: { source: string; line: number }[] }[] };
    compiled.sessions.find((s) => s.id === 'S-A')!.owns = [{ source: '**', line: 21 }];
    writeFileSync(join(cacheDir, file!), `${text.slice(0, text.indexOf('\n'))}\n${JSON.stringify(compiled)}`); // the old signature
    expect(commit(dir, ['-m', 'widened'], sessionEnv('S-A')).status).toBe(1);
    writeFileSync(join(cacheDir, file!), JSON.stringify(compiled)); // the older, unsigned form
    expect(commit(dir, ['-m', 'widened'], sessionEnv('S-A')).status).toBe(1);
    writeFileSync(join(cacheDir, file!), JSON.stringify(compiled));
    expect(commit(dir, ['--no-verify', '-m', 'widened'], sessionEnv('S-A')).status).toBe(0);
    writeFileSync(join(cacheDir, file!), JSON.stringify(compiled));
    const r = lanes(dir, ['check', '--range', `${base}..HEAD`, '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 1, commits: [{ session: 'S-A', decision: 'blocked' }] });
  });
});
