import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan } from '@lanes/core';
import { lintPlan } from '@lanes/lint';
import { describe, expect, it } from 'vitest';
import { gitTestEnv } from '@lanes/repo/testing';
import { readPlanChecked } from './plan-cache.ts';

const env = gitTestEnv();
const planPath = 'plans/2026-11-20-shop-checkout-split.md';
const shop = readFileSync(new URL('./fixtures/2026-11-20-shop-checkout-split.md', import.meta.url), 'utf8');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-plan-cache-')));
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, planPath), shop);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  return dir;
}

const cacheFiles = (dir: string): string[] => readdirSync(join(dir, '.git', 'lanes', 'cache')).filter((n) => n.startsWith('dispatch-'));

describe('readPlanChecked', () => {
  it('parses and lints a plan the first time, then gives the same model and findings from the cache', async () => {
    const dir = repo();
    const first = await readPlanChecked(dir, planPath, shop);
    expect(first.cached).toBe(false);
    expect(first.plan).toEqual(parsePlan(shop, { path: planPath }));
    const files = git(dir, 'ls-tree', '-r', '--name-only', 'main').split('\n');
    expect(first.findings).toEqual(
      lintPlan(parsePlan(shop, { path: planPath }), { text: shop, filesAtBase: files }).map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line, column: f.column })),
    );
    expect(first.findings.some((f) => f.ruleId === 'pattern-matches-files')).toBe(true);
    expect(cacheFiles(dir)).toHaveLength(1);

    const second = await readPlanChecked(dir, planPath, shop);
    expect(second.cached).toBe(true);
    expect(second.plan).toEqual(first.plan);
    expect(second.findings).toEqual(first.findings);
  });

  it('reads the plan again when its text, its base commit or the cache file changed', async () => {
    const dir = repo();
    await readPlanChecked(dir, planPath, shop);
    const edited = shop.replace('max-parallel: 3', 'max-parallel: 2');
    expect(edited).not.toBe(shop);
    const other = await readPlanChecked(dir, planPath, edited);
    expect(other.cached).toBe(false);
    expect(other.plan.frontMatter.maxParallel).toBe(2);
    expect(cacheFiles(dir)).toHaveLength(2);

    // A file at base now matches an `Owns` pattern: the finding about it goes away.
    const before = (await readPlanChecked(dir, planPath, shop)).findings.filter((f) => f.ruleId === 'pattern-matches-files').length;
    mkdirSync(join(dir, 'services', 'cart'), { recursive: true });
    writeFileSync(join(dir, 'services', 'cart', 'index.ts'), 'export {};\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'cart');
    const moved = await readPlanChecked(dir, planPath, shop);
    expect(moved.cached).toBe(false);
    expect(moved.findings.filter((f) => f.ruleId === 'pattern-matches-files')).toHaveLength(before - 1);

    for (const name of cacheFiles(dir)) writeFileSync(join(dir, '.git', 'lanes', 'cache', name), '{"torn');
    const torn = await readPlanChecked(dir, planPath, shop);
    expect(torn.cached).toBe(false);
    expect(torn.findings).toEqual(moved.findings);
  });
});
