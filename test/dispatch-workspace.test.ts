import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchEnv, makeDispatchRepo, planText, readState, registryRows, planPath } from './helpers/dispatch.ts';
import { git, lanes, lanesBin, removedAfterEach } from './helpers/repo.ts';

const removeLater = removedAfterEach(['.record', '.bin']);
const repo = (plan: string, files: Record<string, string> = {}): string => removeLater(makeDispatchRepo(plan, files));
const filesOf = (dir: string, sha: string): string[] => git(dir, ['show', '--name-only', '--format=', sha]).trim().split('\n').filter((l) => l !== '');

describe('lanes dispatch: workspaces and the registry', () => {
  it('an agent’s own `git add -A && git commit` in the shared workspace never sweeps the runner’s registry edits', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 2 }]));
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'shared'], { env: dispatchEnv(dir, { 'S-A': 'sweep', 'S-B': 'after:S-A', 'S-C': 'sweep' }) });
    expect(r.status).toBe(0);
    const log = git(dir, ['log', '--format=%H %s', '--reverse']).trim().split('\n').slice(1);
    const commits = log.map((l) => {
      const [sha, ...subject] = l.split(' ');
      return [subject.join(' '), filesOf(dir, sha!)];
    });
    // Sessions' commits hold only their own files; the runner's hold only the plan.
    for (const [subject, files] of commits) {
      if (String(subject).startsWith('lanes: registry')) expect(files).toEqual([planPath]);
      else expect(files).toEqual([`work/${String(subject).slice(0, 3)}/${String(subject).slice(0, 3)}.txt`]);
    }
    expect(commits.map(([s]) => s)).toEqual([
      'lanes: registry of 2026-11-20-test-dispatch.md (batch 1 starts)',
      'S-A: everything',
      'S-B: work',
      'lanes: registry of 2026-11-20-test-dispatch.md (batch 1 ended, batch 2 starts)',
      'S-C: everything',
      'lanes: registry of 2026-11-20-test-dispatch.md (end of run)',
    ]);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('runs sessions in worktrees on their branches and writes the registry right after concurrent completions', () => {
    const ids = ['S-A', 'S-B', 'S-C', 'S-D'];
    const dir = repo(planText(ids.map((id) => ({ id, batch: 1 })), { maxParallel: 4 }));
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env: dispatchEnv(dir, Object.fromEntries(ids.map((id) => [id, 'slow:500']))) });
    expect(r.status).toBe(0);
    ids.forEach((id, i) => {
      const branch = `command/test-${i + 10}-work`;
      expect(existsSync(join(dir, `.lanes/worktrees/${id}/work/${id}/${id}.txt`))).toBe(true);
      expect(git(dir, ['log', '--format=%s', '-1', branch])).toBe(`${id}: work\n`);
      expect(filesOf(dir, branch)).toEqual([`work/${id}/${id}.txt`]);
    });
    const rows = registryRows(readFileSync(join(dir, planPath), 'utf8'));
    expect(rows.map((row) => [row[0], row[4], row[5]])).toEqual(ids.map((id) => [id, 'Done', '$0.25 (est. $1)']));
    expect(rows.every((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(row[6]!) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(row[7]!))).toBe(true);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(readFileSync(join(dir, '.git/info/exclude'), 'utf8')).toContain('/.lanes/\n');
    expect(Object.values(readState(dir).sessions).map((s) => s.status)).toEqual(['Done', 'Done', 'Done', 'Done']);
    // A second run reconciles the worktrees it left instead of failing on them.
    const again = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env: dispatchEnv(dir, Object.fromEntries(ids.map((id) => [id, 'ok']))) });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(1);
    expect(Object.values(readState(dir).sessions).map((s) => s.reason)).toEqual(ids.map(() => expect.stringMatching(/^exit 1/) as unknown as string));
  });

  it('makes the guard’s hooks active in every worktree and shared tree, and fails a session whose commits the audit rejects', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }, { id: 'S-C', batch: 1 }]));
    const env = dispatchEnv(dir, { 'S-A': 'stray', 'S-B': 'sneak', 'S-C': 'ok' });
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env });
    expect(r.status).toBe(1);
    const states = readState(dir).sessions;
    expect(states['S-A']!.reason).toBe(
      `exit 1 — lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it: added elsewhere/S-A.txt owned by no session`,
    );
    const sneaked = git(dir, ['rev-parse', 'command/test-11-work']).trim();
    expect(states['S-B']!.reason).toMatch(new RegExp(`^guard: 1 commit out of lane: ${sneaked.slice(0, 7)} .*elsewhere/S-B\\.txt \\(added\\)`));
    expect([states['S-C']!.status, states['S-C']!.reason]).toEqual(['Done', null]);
    for (const id of ['S-A', 'S-B', 'S-C']) {
      const hooks = git(join(dir, `.lanes/worktrees/${id}`), ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']).trim();
      expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toContain('lanes guard');
      expect(readFileSync(join(hooks, 'prepare-commit-msg'), 'utf8')).toContain('lanes guard --prepare-commit-msg');
    }
    // The shared tree: the session's commit carries its trailer, which the audit reads.
    // (one batch each: agents that stage at the same moment in one index sweep in each other's files)
    const shared = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 2 }]));
    const s = lanes(shared, ['dispatch', '--yes', '--workspace', 'shared', '--keep-going'], { env: dispatchEnv(shared, { 'S-A': 'sneak', 'S-B': 'ok' }) });
    expect(s.status).toBe(1);
    expect(git(shared, ['log', '--format=%(trailers:key=Lanes-Session,valueonly)', '--grep', 'S-A: sneaked']).trim()).toBe('S-A');
    expect(readState(shared).sessions['S-A']!.reason).toMatch(/^guard: 1 commit out of lane: [0-9a-f]{7} .*elsewhere\/S-A\.txt \(added\)/);
    expect([readState(shared).sessions['S-B']!.status, readState(shared).sessions['S-B']!.reason]).toEqual(['Done', null]);
  });

  it('in a husky repository, every worktree gets husky’s runtime (its `.husky/_` is not committed) and the guard runs there', () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }]), {
      '.husky/pre-commit': 'lanes guard\n',
      '.husky/prepare-commit-msg': 'lanes guard --prepare-commit-msg "$1"\n',
      '.gitignore': '.husky/_\n',
    });
    git(dir, ['config', 'core.hooksPath', '.husky/_']);
    // husky's scripts call `lanes` from PATH (node_modules/.bin in a real repository).
    const bin = `${dir}.bin`;
    mkdirSync(bin);
    writeFileSync(join(bin, 'lanes'), `#!/bin/sh\nexec "${process.execPath}" "${lanesBin}" "$@"\n`);
    chmodSync(join(bin, 'lanes'), 0o755);
    const env = { ...dispatchEnv(dir, { 'S-A': 'stray', 'S-B': 'ok' }), PATH: `${bin}:${process.env.PATH ?? ''}` };
    const r = lanes(dir, ['dispatch', '--yes', '--workspace', 'worktree'], { env });
    expect(r.status).toBe(1);
    const states = readState(dir).sessions;
    expect(states['S-A']!.reason).toBe(
      `exit 1 — lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it: added elsewhere/S-A.txt owned by no session`,
    );
    expect([states['S-B']!.status, states['S-B']!.reason]).toEqual(['Done', null]);
    for (const id of ['S-A', 'S-B']) {
      const worktree = join(dir, `.lanes/worktrees/${id}`);
      expect(git(worktree, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']).trim()).toBe(join(worktree, '.husky/_'));
      expect(existsSync(join(worktree, '.husky/_/h'))).toBe(true);
      expect(existsSync(join(worktree, '.husky/_/pre-commit'))).toBe(true);
    }
    expect(git(dir, ['log', '-1', '--format=%(trailers:key=Lanes-Session,valueonly)', 'command/test-11-work']).trim()).toBe('S-B');
  });
});
