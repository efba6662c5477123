import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, lanes, makeRepo, removeDir, tempDir, workspaceRoot, writeFiles } from './helpers/repo.ts';

const example = (name: string): string => readFileSync(join(workspaceRoot, 'test/fixtures/plans', name), 'utf8');
const canonical = '2026-11-20-shop-checkout-split.md';
const today = '2026-02-15-sdd-parallel-dispatch.md';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

/** A repository with the canonical plan and every file it names. */
function shopRepo(extra: Record<string, string> = {}): string {
  const dir = makeRepo({
    'package.json': '{ "name": "shop", "lanes": { "plans": ["plans/**/*.md"] } }\n',
    'services/cart/src/index.ts': 'export {};\n',
    'packages/cart-client/index.ts': 'export {};\n',
    'packages/shared/src/money.ts': 'export {};\n',
    'docs/adr/0007-checkout.md': '# ADR\n',
    'services/payments/src/adapter.ts': 'export {};\n',
    'apps/web/src/checkout/page.tsx': 'export {};\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    [`plans/${canonical}`]: example(canonical),
    ...extra,
  });
  dirs.push(dir);
  return dir;
}

describe('lanes lint on the example plans', () => {
  it('finds nothing in the canonical plan when the files at base are unknown', () => {
    const r = lanes(workspaceRoot, ['lint', '--no-git', `test/fixtures/plans/${canonical}`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('finds nothing in the canonical plan in a repository that has its files', () => {
    const dir = shopRepo();
    const r = lanes(dir, ['lint']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('warns, and still exits 0, when the canonical plan names files that do not exist yet', () => {
    const dir = makeRepo({ 'README.md': '# shop\n', [`plans/${canonical}`]: example(canonical) });
    dirs.push(dir);
    const r = lanes(dir, ['lint', '--format', 'json']);
    expect(r.status).toBe(0);
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; severity: number; line: number; column: number; message: string }[] }[];
    expect(new Set(result!.messages.map((m) => m.ruleId))).toEqual(new Set(['lanes/pattern-matches-files']));
    expect(result!.messages.every((m) => m.severity === 1)).toBe(true);
    expect(result!.messages[0]).toMatchObject({
      line: 37,
      column: 6,
      message: 'Unexpected Owns pattern `services/cart/**` of S-A matching no file at main: check its spelling (fine for files the session creates)',
    });
  });

  it('says what today’s plan is missing: Owns for the sessions that need it (decision 8), the boundary line', () => {
    const r = lanes(workspaceRoot, ['lint', '--no-git', `test/fixtures/plans/${today}`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        '',
        `test/fixtures/plans/${today}`,
        '   22:3  error  Expected `Owns` for S-A (no registry row): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`  lanes/owns-required',
        '   23:3  error  Expected `Owns` for S-B (Active): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`  lanes/owns-required',
        '   24:3  error  Expected `Owns` for S-C (no registry row): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`  lanes/owns-required',
        '   30:1  error  Expected the boundary line `Do NOT touch files outside this list.` in the literal prompt of S-A: it runs in batch 1 with S-B; list its owned paths followed by that line  lanes/prompt-boundary',
        '  56:45  error  Unexpected `Plan File` `2026-02-12-sdd-review-dispatch.md` of composed-crunching-raven: no such plan next to the registry or in the configured plan locations  lanes/registry-plan-file',
        '',
        '✖ 5 problems (5 errors, 0 warnings)',
        '',
      ].join('\n'),
    );
  });
});

describe('lanes lint options', () => {
  const overlap = (cost: string) => `# Plan

**Parent issue:** SHOP-1
**Date:** 2026-11-20

## Sessions

### S-A: Cart

- **Issue:** SHOP-2
- **Mode:** tdd
- **Launch as:** Plan mode
- **Est. Cost:** ${cost}
- **Owns:** src/cart/

### S-B: Pay

- **Issue:** SHOP-3
- **Mode:** tdd
- **Owns:** \`src/\`
`;

  it('prints json, sarif and github annotations', () => {
    const dir = makeRepo({ 'plans/2026-11-20-shop-x.md': overlap('~$4') });
    dirs.push(dir);
    const json = JSON.parse(lanes(dir, ['lint', '--format', 'json', '--no-git']).stdout) as { filePath: string; errorCount: number; messages: { ruleId: string }[] }[];
    expect(json[0]!.filePath).toBe(join(dir, 'plans/2026-11-20-shop-x.md'));
    expect(json[0]!.messages.map((m) => m.ruleId)).toEqual(['lanes/launch-as-mode', 'lanes/pattern-in-code', 'lanes/no-batch-overlap']);
    const sarif = JSON.parse(lanes(dir, ['lint', '--format', 'sarif', '--no-git']).stdout) as {
      version: string;
      runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results[0]).toMatchObject({
      ruleId: 'lanes/launch-as-mode',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'plans/2026-11-20-shop-x.md' }, region: { startLine: 12 } } }],
    });
    const github = lanes(dir, ['lint', '--format', 'github', '--no-git']).stdout.split('\n');
    expect(github[0]).toBe(
      '::error file=plans/2026-11-20-shop-x.md,line=12,col=18,endLine=12,endColumn=27,title=lanes/launch-as-mode::Unexpected `Launch as: Plan mode` for S-A in mode `tdd`, expected `Bypass permissions` (the launch mode `tdd` maps to)',
    );
  });

  it('--fix rewrites what is mechanical and leaves the rest', () => {
    const dir = makeRepo({ 'plans/2026-11-20-shop-x.md': overlap('$4') });
    dirs.push(dir);
    const r = lanes(dir, ['lint', '--fix', '--no-git', '--format', 'json']);
    expect(r.status).toBe(1);
    const fixed = readFileSync(join(dir, 'plans/2026-11-20-shop-x.md'), 'utf8');
    expect(fixed).toBe(overlap('~$4').replace('Plan mode', 'Bypass permissions').replace('src/cart/\n', '`src/cart/`\n'));
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string }[]; output: string }[];
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['lanes/no-batch-overlap']);
    expect(result!.output).toBe(fixed);
  });

  it('--max-warnings turns warnings into exit 1; usage errors exit 2', () => {
    const plan = overlap('~$12').replace('- **Launch as:** Plan mode\n', '').replace('src/cart/\n', '`lib/`\n');
    const dir = makeRepo({ 'plans/2026-11-20-shop-x.md': plan });
    dirs.push(dir);
    expect(lanes(dir, ['lint', '--no-git']).status).toBe(0);
    expect(lanes(dir, ['lint', '--no-git', '--max-warnings', '1']).status).toBe(0);
    expect(lanes(dir, ['lint', '--no-git', '--max-warnings', '0']).status).toBe(1);
    const bad = lanes(dir, ['lint', '--format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('lanes: unknown format xml; use one of stylish, json, sarif, github\n');
    const missing = lanes(dir, ['lint', 'nope/*.md']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('lanes: no files match nope/*.md; check the path or the glob\n');
    expect(lanes(dir, ['lint', '--max-warnings', 'many']).status).toBe(2);
  });

  it('--cache reuses results until the plan, a plan it names or the files at base change', () => {
    const registry = `# Registry

## Session Registry

| Session Name | Issue | Phase | Plan File | Status |
|---|---|---|---|---|
| S-A | SHOP-121 | 1A | ${canonical} | Planned |
`;
    const dir = shopRepo({ 'plans/registry.md': registry });
    const first = lanes(dir, ['lint', '--cache', '--format', 'json']);
    expect(first.status).toBe(0);
    expect(existsSync(join(dir, '.lanescache'))).toBe(true);
    const cache = JSON.parse(readFileSync(join(dir, '.lanescache'), 'utf8')) as { files: Record<string, { deps: Record<string, string | null> }> };
    expect(Object.keys(cache.files[join(dir, 'plans/registry.md')]!.deps)).toContain(join(dir, `plans/${canonical}`));
    expect(lanes(dir, ['lint', '--cache', '--format', 'json']).stdout).toBe(first.stdout);
    // The plan the registry names changes its status: the registry's cached result is stale.
    writeFileSync(join(dir, `plans/${canonical}`), example(canonical).replace('| S-A | SHOP-121 | 1A | 2026-11-20-shop-checkout-split.md | Planned |', '| S-A | SHOP-121 | 1A | 2026-11-20-shop-checkout-split.md | Active |'));
    const after = lanes(dir, ['lint', '--cache']);
    expect(after.status).toBe(1);
    expect(after.stdout).toContain('Unexpected status `Planned` of S-A: the registry of `2026-11-20-shop-checkout-split.md` says `Active` (line 93); make them agree  lanes/registry-file-rows');
    // A file the plan reads is removed at base: the plan's cached result is stale too.
    git(dir, ['rm', '-q', 'docs/adr/0007-checkout.md']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'drop the ADR']);
    expect(lanes(dir, ['lint', '--cache']).stdout).toContain(
      'Unexpected Reads pattern `docs/adr/0007-checkout.md` of S-A matching no file at main: check its spelling (fine for files the session creates)  lanes/pattern-matches-files',
    );
  });

  it('lints the configured plans and the registry file by default', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFiles(dir, {
      'package.json': '{ "lanes": { "plans": "work/*.md", "registry": "work/registry.md" } }\n',
      'work/2026-11-20-shop-a.md': '# A\n',
      'work/registry.md': '# Registry\n\n## Session Registry\n\n| Session Name | Issue | Phase | Plan File | Status |\n|---|---|---|---|---|\n| S-A | SHOP-1 | 1A | 2026-11-20-shop-a.md | Planned |\n',
      'plans/ignored.md': '# not linted\n',
    });
    const r = lanes(dir, ['lint', '--format', 'json']);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(results.map((x) => x.filePath)).toEqual([join(dir, 'work/2026-11-20-shop-a.md'), join(dir, 'work/registry.md')]);
    expect(results[0]!.messages.map((m) => m.ruleId)).toEqual(['lanes/plan-sessions']);
    expect(results[1]!.messages.map((m) => m.ruleId)).toEqual(['lanes/registry-file-rows']);
  });
});
