import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspaceRoot } from './helpers/repo.ts';

describe('README', () => {
  it('carries the rule table generated from the rules', () => {
    const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
    const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1];
    const generated = run(process.execPath, [join(workspaceRoot, 'packages/lint/scripts/rules-table.js'), 'docs/rules/'], { cwd: workspaceRoot });
    expect(generated.status).toBe(0);
    expect(table).toBe(generated.stdout);
  });

  it('shows the two set-up commands that CI and newcomers run', () => {
    const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm i -g pnpm@10 && pnpm install && pnpm build && pnpm dispatch --demo --yes');
    expect(readme).toContain('npm i -g pnpm@10 && pnpm install && pnpm test');
    expect(readFileSync(join(workspaceRoot, '.ci/run'), 'utf8')).toContain('pnpm test');
  });
});
