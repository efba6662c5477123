import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findPlanFiles, planPathFromRoot, readConfig } from './config.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lanes-config-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('readConfig', () => {
  it('defaults without a lanes field', () => {
    expect(readConfig(tree({ 'package.json': '{"name":"x"}' }))).toEqual({ plans: ['plans/**/*.md'], registry: null, source: null, maxPlanBytes: 262144 });
  });

  it('reads plans as a pattern or a list, and the registry', () => {
    const root = tree({ 'package.json': JSON.stringify({ lanes: { plans: 'docs/plans/*.md', registry: 'docs/registry.md' } }) });
    expect(readConfig(root)).toEqual({ plans: ['docs/plans/*.md'], registry: 'docs/registry.md', source: join(root, 'package.json'), maxPlanBytes: 262144 });
  });

  it('says what is wrong with a bad field', () => {
    const root = tree({ 'package.json': JSON.stringify({ lanes: { plans: [1] } }) });
    expect(() => readConfig(root)).toThrow(ConfigError);
    expect(() => readConfig(root)).toThrow(`"lanes.plans" in ${join(root, 'package.json')} must be a pattern or a list of patterns such as ["plans/**/*.md"]`);
    expect(() => readConfig(tree({ 'package.json': '{' }))).toThrow(/cannot read .*package\.json: .*; fix its JSON/);
  });
});

describe('findPlanFiles', () => {
  it('finds the configured plans, skipping node_modules and the registry file', () => {
    const root = tree({
      'plans/2026-11-20-shop-a.md': '',
      'plans/sub/2026-11-21-shop-b.md': '',
      'plans/registry.md': '',
      'plans/notes.txt': '',
      'node_modules/x/plans/c.md': '',
    });
    expect(findPlanFiles(root, { plans: ['plans/**/*.md'], registry: 'plans/registry.md' })).toEqual([
      'plans/2026-11-20-shop-a.md',
      'plans/sub/2026-11-21-shop-b.md',
    ]);
  });

  it('refuses an invalid plan location', () => {
    expect(() => findPlanFiles(tree({}), { plans: ['plans/{a,b}.md'], registry: null })).toThrow(
      /^plan location `plans\/\{a,b\}\.md` is not a valid pattern: Unexpected/,
    );
  });
});

describe('planPathFromRoot', () => {
  it('makes a path from the repository root', () => {
    expect(planPathFromRoot('/r', 'p.md', '/r/plans')).toBe('plans/p.md');
    expect(planPathFromRoot('/r', '/r/x/p.md', '/elsewhere')).toBe('x/p.md');
  });
});
