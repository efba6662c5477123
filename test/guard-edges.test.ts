import { describe, expect, test } from 'vitest';
import { commit, guardedRepo, planPath, sessionEnv, stage } from './helpers/guard.ts';
import { git, removedAfterEach, run } from './helpers/repo.ts';

const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

const husky = 'husky - pre-commit script failed (code 1)\n';

describe('edge cases of the pre-commit guard', () => {
  test("an orphan branch's first commit: the plan from the index, else from the path LANES_PLAN names", () => {
    const dir = repo();
    git(dir, ['checkout', '-q', '--orphan', 'fresh']);
    expect(commit(dir, ['-m', 'the coordinator starts over'])).toEqual({ status: 0, stdout: '', stderr: '' });
    git(dir, ['checkout', '-q', '--orphan', 'lane-a']);
    git(dir, ['rm', '-q', '-r', '--cached', '.']);
    stage(dir, { 'src/a/one.ts': 'a\n' });
    expect(commit(dir, ['-m', 'a from scratch'], sessionEnv('S-A', { LANES_PLAN: planPath }))).toEqual({ status: 0, stdout: '', stderr: '' });
    git(dir, ['checkout', '-q', '--orphan', 'lane-b']);
    git(dir, ['rm', '-q', '-r', '--cached', '.']);
    stage(dir, { 'src/a/one.ts': 'b?\n' });
    const r = commit(dir, ['-m', 'not b'], sessionEnv('S-B', { LANES_PLAN: planPath }));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`lanes guard: commit blocked: S-B may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`);
    const missing = commit(dir, ['-m', 'no plan'], sessionEnv('S-B', { LANES_PLAN: 'plans/none.md' }));
    expect(missing.stderr.split('\n')[0]).toBe(
      'lanes guard: commit blocked (the guard fails closed): the plan plans/none.md is neither in the index nor in the working tree; fix --plan / LANES_PLAN',
    );
  });

  test('GIT_ICASE_PATHSPECS: the guard still reads git, and its fix unstages exactly the refused paths', () => {
    const dir = repo({ ownsA: ['`docs/A.md`'] });
    stage(dir, { 'docs/A.md': 'mine\n', 'docs/a.md': 'nobody\n' });
    const env = sessionEnv('S-A', { GIT_ICASE_PATHSPECS: '1' });
    const r = commit(dir, ['-m', 'docs'], env);
    expect(r).toEqual({
      status: 1,
      stdout: '',
      stderr: [
        `lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 2 staged paths is outside it:`,
        '  added  docs/a.md  owned by no session',
        'To fix:',
        '  unstage it:',
        '    GIT_ICASE_PATHSPECS=0 git restore --staged -- docs/a.md',
        `  or, if the work belongs to S-A, ask the coordinator to extend its Owns (${planPath}:21)`,
        husky,
      ].join('\n'),
    });
    expect(run('sh', ['-c', 'GIT_ICASE_PATHSPECS=0 git restore --staged -- docs/a.md'], { cwd: dir, env }).status).toBe(0);
    expect(git(dir, ['diff', '--cached', '--name-only'])).toBe('docs/A.md\n');
    expect(commit(dir, ['-m', 'docs'], env)).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
