import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commit, commitCount, guardedRepo, installHusky, messageOf, planPath, planText, sessionEnv, stage } from './helpers/guard.ts';
import { git, lanes, makeRepo, removedAfterEach, run, testEnv, writeFiles } from './helpers/repo.ts';

const husky = 'husky - pre-commit script failed (code 1)\n';
const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

/** The stderr of a blocked S-A commit, from its listed lines (change, path, why) and the paths to unstage. */
function blockedA(lines: string[], restore: string, total: number, stagesItself = false): string {
  return [
    `lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); ${lines.length} of ${total} staged paths ${lines.length === 1 ? 'is' : 'are'} outside it:`,
    ...lines.map((l) => `  ${l}`),
    'To fix:',
    `  unstage ${lines.length === 1 ? 'it' : 'them'}:`,
    `    git restore --staged -- ${restore}`,
    ...(stagesItself ? [`  this commit stages ${lines.length === 1 ? 'it' : 'them'} again itself (git commit -a, or paths named): commit without -a, naming only your own paths`] : []),
    `  or, if the work belongs to S-A, ask the coordinator to extend its Owns (${planPath}:21)`,
    '',
  ].join('\n');
}

describe('lanes guard as the pre-commit hook', () => {
  test('a session commits inside its lane: allowed, with its Lanes-Session trailer', () => {
    const dir = repo();
    stage(dir, { 'src/a/one.ts': 'export const one = 11;\n', 'src/a/new/deep.ts': 'x\n' });
    const r = commit(dir, ['-m', 'lane a work'], sessionEnv('S-A'));
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(messageOf(dir)).toBe('lane a work\n\nLanes-Session: S-A\n');
  });

  test("a session's commit of another session's path is blocked, naming the owner's pattern line and the fix", () => {
    const dir = repo();
    stage(dir, { 'src/a/one.ts': 'export const one = 11;\n', 'src/b/two.ts': 'export const two = 22;\n' });
    const r = commit(dir, ['-m', 'sweep'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(blockedA([`modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`], 'src/b/two.ts', 2) + husky);
    expect(commitCount(dir)).toBe(1);
  });

  test('a path no session owns is blocked; one excluded by the committer\'s own `!pattern` says so', () => {
    const dir = repo();
    stage(dir, { 'docs/notes.md': 'n\n', 'src/b/generated/more.ts': 'g\n', 'src/b/ok.ts': 'b\n' });
    const r = commit(dir, ['-m', 'x'], sessionEnv('S-B'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked: S-B may commit only what its Owns covers (${planPath}); 2 of 3 staged paths are outside it:`,
        '  added  docs/notes.md  owned by no session',
        `  added  src/b/generated/more.ts  owned by no session; your Owns excludes it (${planPath}:31 \`!src/b/generated/**\`)`,
        'To fix:',
        '  unstage them:',
        '    git restore --staged -- docs/notes.md src/b/generated/more.ts',
        `  or, if the work belongs to S-B, ask the coordinator to extend its Owns (${planPath}:30)`,
        '',
      ].join('\n') + husky,
    );
  });

  test('a commit by no session is allowed, whatever it touches', () => {
    const dir = repo();
    stage(dir, { 'src/a/one.ts': '1\n', 'src/b/two.ts': '2\n', 'docs/x.md': 'x\n' });
    expect(commit(dir, ['-m', 'coordinator'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(messageOf(dir)).toBe('coordinator\n');
  });

  test('an analysis-only session owns nothing, so any commit of it is blocked', () => {
    const dir = repo();
    stage(dir, { 'docs/survey.md': 's\n' });
    const r = commit(dir, ['-m', 'survey'], sessionEnv('S-C'));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `lanes guard: commit blocked: S-C owns no paths (analysis-only) (${planPath}); 1 of 1 staged paths is outside it:`,
    );
  });

  test('every change kind is checked: deletion, both sides of a rename, mode and type changes, symlinks, submodules', () => {
    const dir = repo({ files: { 'src/b/three.ts': '3\n', 'src/b/four.ts': '4\n', 'src/b/five.ts': '5\n' } });
    git(dir, ['rm', '-q', 'src/b/two.ts']);
    git(dir, ['mv', 'src/b/three.ts', 'src/a/three.ts']); // a rename out of S-B's lane into S-A's
    git(dir, ['mv', 'src/a/one.ts', 'src/b/one.ts']); // and one into S-B's lane
    chmodSync(join(dir, 'src/b/four.ts'), 0o755);
    rmSync(join(dir, 'src/b/five.ts'));
    symlinkSync('four.ts', join(dir, 'src/b/five.ts'));
    symlinkSync('../a', join(dir, 'src/b/link'));
    git(dir, ['add', '-A']);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    git(dir, ['update-index', '--add', '--cacheinfo', `160000,${head},src/b/vendored`]);
    const r = commit(dir, ['-m', 'everything'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    const owner = `owned by S-B (${planPath}:30 \`src/b/**\`)`;
    expect(r.stderr).toBe(
      blockedA(
        [
          `type changed (symlink)  src/b/five.ts  ${owner}`,
          `mode changed            src/b/four.ts  ${owner}`,
          `added (symlink)         src/b/link  ${owner}`,
          `added                   src/b/one.ts  ${owner}`,
          `deleted                 src/b/three.ts  ${owner}`,
          `deleted                 src/b/two.ts  ${owner}`,
          `added (submodule)       src/b/vendored  ${owner}`,
        ],
        'src/b/five.ts src/b/four.ts src/b/link src/b/one.ts src/b/three.ts src/b/two.ts src/b/vendored',
        9,
      ) + husky,
    );
  });

  test('names with spaces, newlines, quotes and non-ASCII are reported exactly, and quoted for the shell', () => {
    const dir = repo();
    stage(dir, { 'src/b/with space.ts': '1\n', 'src/b/new\nline.ts': '2\n', 'src/b/it\'s "q".ts': '3\n', 'src/b/ünï.ts': '4\n' });
    const r = commit(dir, ['-m', 'odd'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    const owner = `owned by S-B (${planPath}:30 \`src/b/**\`)`;
    expect(r.stderr).toBe(
      blockedA(
        [`added  "src/b/it's \\"q\\".ts"  ${owner}`, `added  "src/b/new\\nline.ts"  ${owner}`, `added  src/b/with space.ts  ${owner}`, `added  src/b/ünï.ts  ${owner}`],
        `'src/b/it'\\''s "q".ts' 'src/b/new\nline.ts' 'src/b/with space.ts' src/b/ünï.ts`,
        4,
      ) + husky,
    );
  });

  test('paths are matched in NFC: a decomposed name matches the composed pattern', () => {
    const dir = repo({ ownsA: ['`docs/café/**`'] });
    stage(dir, { 'docs/cafe\u0301/menu.md': 'm\n' });
    expect(commit(dir, ['-m', 'nfd'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('a name that is not valid UTF-8 matches no pattern, so a session may not commit it', () => {
    const dir = repo();
    writeFileSync(Buffer.from(join(dir, 'src/a/\xff.ts'), 'latin1'), 'x\n');
    git(dir, ['add', '-A']);
    const r = commit(dir, ['-m', 'latin1'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(blockedA(['added  "src/a/\\377.ts"  its name is not valid UTF-8, so no pattern matches it'], "$'src/a/\\xff.ts'", 1) + husky);
  });

  test('from a subdirectory, with diff.relative and GIT_LITERAL_PATHSPECS set, paths stay whole', () => {
    const dir = repo();
    git(dir, ['config', 'diff.relative', 'true']);
    stage(dir, { 'src/a/one.ts': '11\n', 'src/b/two.ts': '22\n' });
    const r = run('git', ['commit', '-q', '-m', 'from a/'], { cwd: join(dir, 'src/a'), env: sessionEnv('S-A', { GIT_LITERAL_PATHSPECS: '1' }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(blockedA([`modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`], 'src/b/two.ts', 2) + husky);
    const direct = lanes(join(dir, 'src/a'), ['guard'], { env: sessionEnv('S-A', { GIT_LITERAL_PATHSPECS: '1' }) });
    expect(direct.stderr.split('\n')[1]).toBe(`  modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`);
  });

  test('`git add -N` paths are not committed, so they are not checked', () => {
    const dir = repo();
    writeFiles(dir, { 'src/b/wip.ts': 'later\n' });
    git(dir, ['add', '-N', 'src/b/wip.ts']);
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'mine'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(git(dir, ['show', '--name-only', '--format=', 'HEAD'])).toBe('src/a/one.ts\n');
  });

  test('`git commit -a` is checked on what it stages, `git add -N` paths included', () => {
    const dir = repo();
    writeFiles(dir, { 'src/a/one.ts': '11\n', 'src/b/two.ts': '22\n' });
    const r = commit(dir, ['-a', '-m', 'all'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(blockedA([`modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`], 'src/b/two.ts', 2, true) + husky);
  });

  test('`git commit <paths>` is checked on git\'s own temporary index: only those paths', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n' }); // staged, but not part of the commit below
    writeFiles(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'only a', '--', 'src/a/one.ts'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(git(dir, ['show', '--name-only', '--format=', 'HEAD'])).toBe('src/a/one.ts\n');
    const r = commit(dir, ['-m', 'only b', '--', 'src/b/two.ts'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(blockedA([`modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`], 'src/b/two.ts', 1, true) + husky);
  });

  test('the session is the one whose Branch is the branch, when LANES_SESSION is unset', () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-2-b']);
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(commit(dir, ['-m', 'b work'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(messageOf(dir)).toBe('b work\n\nLanes-Session: S-B\n');
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = commit(dir, ['-m', 'a work']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      `lanes guard: commit blocked: S-B may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`,
      `  modified  src/a/one.ts  owned by S-A (${planPath}:21 \`src/a/**\`)`,
    ]);
  });

  test('during a rebase the session is the branch being rebased', () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '-b', 'claude/demo-1-a']);
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'a1']).status).toBe(0);
    stage(dir, { 'src/a/one.ts': '111\n' });
    expect(commit(dir, ['-m', 'a2']).status).toBe(0);
    const env = testEnv({ GIT_SEQUENCE_EDITOR: "sed -i -e '1s/^pick/edit/'" });
    git(dir, ['rebase', '-q', '-i', 'HEAD~2'], env);
    expect(run('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: dir }).status).toBe(1); // detached, stopped at the first commit
    stage(dir, { 'src/b/two.ts': '22\n' });
    const r = commit(dir, ['--amend', '--no-edit']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`,
    );
  });

  test('many staged files: all checked, the message capped at 20 and a count', () => {
    const dir = repo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`src/a/gen/f${String(i).padStart(4, '0')}.ts`] = `${i}\n`;
    for (let i = 0; i < 25; i++) files[`src/b/gen/f${String(i).padStart(2, '0')}.ts`] = `${i}\n`;
    writeFiles(dir, files);
    git(dir, ['add', '-A']);
    const r = commit(dir, ['-m', 'many'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 25 of 3025 staged paths are outside it:`);
    expect(lines[20]).toBe(`  added  src/b/gen/f19.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`);
    expect(lines[21]).toBe('  and 5 more');
    expect(lines[24]).toMatch(/^ {4}git restore --staged -- src\/b\/gen\/f00\.ts .* src\/b\/gen\/f19\.ts {2}# and 5 more: lanes guard --json lists them all$/);
    git(dir, ['rm', '-q', '--cached', '-r', 'src/b/gen']);
    expect(commit(dir, ['-m', 'many in a'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('--json gives the decision, the session, the plan and each path with its change, owner and pattern line', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n', 'src/a/one.ts': '11\n' });
    const r = lanes(dir, ['guard', '--json'], { env: sessionEnv('S-A') });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      decision: 'blocked',
      exitCode: 1,
      session: 'S-A',
      via: 'env',
      branch: 'main',
      plan: planPath,
      merge: false,
      checked: 2,
      reason: `commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 2 staged paths is outside it:`,
      pathCount: 1,
      paths: [
        { path: 'src/b/two.ts', validUtf8: true, change: 'modified', object: null, owner: { session: 'S-B', plan: planPath, line: 30, pattern: 'src/b/**' }, excludedBy: null, note: null },
      ],
      problems: [],
      warnings: [],
      fix: ['unstage it:\n  git restore --staged -- src/b/two.ts', `or, if the work belongs to S-A, ask the coordinator to extend its Owns (${planPath}:21)`],
      override: null,
    });
    expect(r.stderr).toBe('');
  });

  test('--session names the session ahead of LANES_SESSION', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(lanes(dir, ['guard', '--session', 'S-B'], { env: sessionEnv('S-A') })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1);
  });

  test('the first commit of a repository: the plan comes from the index, and a session may not add it', () => {
    const dir = makeRepo();
    removeLater(dir);
    writeFiles(dir, { 'package.json': '{"name":"demo"}\n', [planPath]: planText(), 'src/a/one.ts': '1\n' });
    installHusky(dir);
    git(dir, ['add', '-A']);
    const r = commit(dir, ['-m', 'first'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`  added  ${planPath}  it adds ${planPath}; only the coordinator writes plans\n`);
    expect(commit(dir, ['-m', 'first'])).toEqual({ status: 0, stdout: '', stderr: '' });
    stage(dir, { 'src/a/two.ts': '2\n' });
    expect(commit(dir, ['-m', 'second'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('a repository without a plan lets every commit through, quickly and silently', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    removeLater(dir);
    installHusky(dir);
    mkdirSync(join(dir, 'plans'));
    stage(dir, { 'b.txt': 'b\n' });
    expect(commit(dir, ['-m', 'b'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
