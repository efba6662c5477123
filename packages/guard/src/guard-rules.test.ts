import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { describe, expect, it } from 'vitest';
import { readRules } from './guard-rules.ts';
import { listPlanSourcesKeyed, readConfigAt } from './plan-sources.ts';
import { readRepoState, type ListingKey } from './repo-state.ts';

const env = { ...gitTestEnv(), XDG_CACHE_HOME: realpathSync(mkdtempSync(join(tmpdir(), 'lanes-key-'))) };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

const plan = (owns: string): string => `# Plan\n\n## Sessions\n\n### S-A: A\n\n- **Issue:** X-1\n- **Owns:** ${owns}\n`;

/** A repository with two commits: `wide`, where S-A owns src/**, then `narrow` (HEAD), where it owns src/a/**. */
function repo(): { dir: string; wide: string; narrow: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-rules-')));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'package.json'), '{}\n');
  writeFileSync(join(dir, 'plans/p.md'), plan('`src/**`'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'wide');
  writeFileSync(join(dir, 'plans/p.md'), plan('`src/a/**`'));
  git(dir, 'commit', '-qam', 'narrow');
  return { dir, wide: git(dir, 'rev-parse', 'HEAD~1'), narrow: git(dir, 'rev-parse', 'HEAD') };
}

const keyAt = (dir: string, commit: string): ListingKey => ({
  packageJson: git(dir, 'rev-parse', `${commit}:package.json`),
  locations: [{ path: 'plans', oid: git(dir, 'rev-parse', `${commit}:plans`) }],
});

describe('the plan listing cache', () => {
  it('reads its key from the listing itself, at the commit listed', () => {
    const { dir, wide } = repo();
    const state = readRepoState(dir, env);
    const at = { commit: wide };
    expect(listPlanSourcesKeyed({ ...state, top: dir }, at, readConfigAt(state, at))).toEqual({
      sources: { config: { plans: ['plans/**/*.md'], registry: null }, plans: [{ path: 'plans/p.md', blob: git(dir, 'rev-parse', `${wide}:plans/p.md`) }], registry: null },
      key: keyAt(dir, wide),
    });
  });

  it('caches nothing under a key that is not the listed commit’s (HEAD moved between the reads), and answers for the commit', async () => {
    const { dir, wide, narrow } = repo();
    const state = readRepoState(dir, env);
    // The guard's state names `wide`, but rev-parse resolved the locations at `narrow`: the race a moving HEAD makes.
    const raced = await readRules({ ...state, head: wide }, { commit: wide }, null, [], keyAt(dir, narrow));
    expect(raced.plans.map((p) => p.sessions[0]!.owns.map((o) => o.source))).toEqual([['src/**']]);
    expect(readdirSync(join(dir, '.git/lanes/cache')).filter((f) => f.startsWith('listing-'))).toEqual([]);
    // The next check at `narrow` reads its own plan, not `wide`'s under `narrow`'s key; and caches it.
    const next = await readRules(state, { commit: narrow }, null, [], keyAt(dir, narrow));
    expect(next.plans.map((p) => p.sessions[0]!.owns.map((o) => o.source))).toEqual([['src/a/**']]);
    expect(readdirSync(join(dir, '.git/lanes/cache')).filter((f) => f.startsWith('listing-'))).toHaveLength(1);
    const again = await readRules(state, { commit: narrow }, null, [], keyAt(dir, narrow));
    expect(again.plans.map((p) => p.sessions[0]!.owns.map((o) => o.source))).toEqual([['src/a/**']]);
  });
});
