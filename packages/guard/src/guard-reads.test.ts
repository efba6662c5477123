import { execFileSync, spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { prestartGuardReads, stagedDiffPipe, startGuardReads } from './guard-reads.ts';
import { parseHeadState } from './repo-state.ts';

const env = gitTestEnv();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

/** A repository whose HEAD has the given files (none: an unborn branch). */
function repo(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-reads-')));
  git(dir, 'init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (Object.keys(files).length > 0) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'one');
  }
  return dir;
}

async function headState(dir: string, cwd = dir) {
  const reads = startGuardReads(cwd, env);
  const parsed = parseHeadState(cwd, env, await reads.state, reads.pathspecs);
  await reads.staged;
  return { parsed, pathspecs: reads.pathspecs };
}

describe('the reads of a pre-commit check: one rev-parse for the repository, HEAD and the listing key', () => {
  it('names HEAD, and the ids of HEAD:package.json and of each plan location the working tree configures', async () => {
    const dir = repo({ 'package.json': JSON.stringify({ lanes: { plans: ['work/plans/*.md'], registry: 'docs/registry.md' } }), 'work/plans/a.md': '# A\n', 'docs/registry.md': '# R\n' });
    const { parsed, pathspecs } = await headState(dir);
    expect(pathspecs).toEqual(['docs/registry.md', 'work/plans']);
    expect(parsed).toEqual({
      state: { cwd: dir, env: { ...env, GIT_NO_REPLACE_OBJECTS: '1' }, pathspecVars: [], top: dir, gitDir: join(dir, '.git'), commonDir: join(dir, '.git'), prefix: '', head: git(dir, 'rev-parse', 'HEAD') },
      key: {
        packageJson: git(dir, 'rev-parse', 'HEAD:package.json'),
        locations: [
          { path: 'docs/registry.md', oid: git(dir, 'rev-parse', 'HEAD:docs/registry.md') },
          { path: 'work/plans', oid: git(dir, 'rev-parse', 'HEAD:work/plans') },
        ],
      },
    });
  });

  it('has no key when HEAD lacks package.json or a plan location, or the locations are the whole tree; no state on an unborn branch', async () => {
    const noPlans = repo({ 'package.json': '{}\n', 'src/a.ts': '1\n' });
    expect(await headState(noPlans)).toMatchObject({ pathspecs: ['plans'], parsed: { state: { head: git(noPlans, 'rev-parse', 'HEAD'), prefix: '' }, key: null } });
    const noPackage = repo({ 'plans/a.md': '# A\n' });
    expect((await headState(noPackage)).parsed).toMatchObject({ state: { head: git(noPackage, 'rev-parse', 'HEAD') }, key: null });
    const wholeTree = repo({ 'package.json': JSON.stringify({ lanes: { plans: ['**/PLAN.md'] } }), 'PLAN.md': '# P\n' });
    expect(await headState(wholeTree)).toMatchObject({ pathspecs: [], parsed: { key: null } });
    // From a subfolder: the prefix, and the default locations (the guess reads the package.json where it runs).
    mkdirSync(join(noPlans, 'src/deep'));
    expect((await headState(noPlans, join(noPlans, 'src/deep'))).parsed?.state).toMatchObject({ top: noPlans, prefix: 'src/deep/' });
    expect((await headState(repo({}))).parsed).toBeNull();
    expect((await headState(realpathSync(mkdtempSync(join(tmpdir(), 'lanes-no-repo-'))))).parsed).toBeNull();
  });

  it('hands reads started ahead to the check of the same folder and environment, once; others start their own', () => {
    const dir = repo({ 'package.json': '{}\n' });
    const ahead = prestartGuardReads(dir, env);
    const taken = startGuardReads(dir, env);
    expect(taken).toBe(ahead);
    const fresh = startGuardReads(dir, env); // once only
    expect(fresh).not.toBe(ahead);
    const unused = prestartGuardReads(dir, env);
    const other = startGuardReads(dir, { ...env }); // another environment: not the reads started for this one
    expect(other).not.toBe(unused);
    for (const reads of [taken, fresh, other]) reads.cancelStaged();
  });

  it('reads the staged diff the hook lines pipe in, and the status of git after it; a pipe without a status line reads as failed', async () => {
    const dir = repo({ 'package.json': '{}\n', 'src/a.ts': '1\n' });
    writeFileSync(join(dir, 'src/a.ts'), '2\n');
    writeFileSync(join(dir, 'src/b.ts'), '3\n');
    git(dir, 'add', '-A');
    const shell = spawn('sh', ['-c', stagedDiffPipe], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const piped = prestartGuardReads(dir, env, shell.stdout);
    const staged = await piped.staged;
    expect(staged).toMatchObject({ status: 0, count: 2 });
    expect(staged.changes?.map((c) => [c.kind, c.path, c.newOid])).toEqual([
      ['modified', 'src/a.ts', git(dir, 'rev-parse', ':src/a.ts')],
      ['added', 'src/b.ts', git(dir, 'rev-parse', ':src/b.ts')],
    ]);
    expect(startGuardReads(dir, env)).toBe(piped);
    // git's own failure is passed on (an unborn HEAD: 128); no status line, or a torn one, is a failed read.
    for (const [text, status] of [
      ['128\n', 128],
      ['', -1],
      [':100644 100644 ', -1],
      ['0', -1],
    ] as const) {
      const reads = prestartGuardReads(dir, env, Readable.from([Buffer.from(text)]));
      expect((await reads.staged).status).toBe(status);
      expect((await reads.staged).changes).toBeNull();
      startGuardReads(dir, env);
    }
  });
});
