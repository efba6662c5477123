import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lanes, makeRepo, removedAfterEach, run, testEnv, workspaceRoot } from './helpers/repo.ts';

const removeLater = removedAfterEach();

/** The fenced block of `lang` that follows `after` in a doc. */
function block(doc: string, after: string, lang: string): string {
  const text = readFileSync(join(workspaceRoot, doc), 'utf8');
  const from = text.indexOf(after);
  expect(from).toBeGreaterThanOrEqual(0);
  const found = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(text.slice(from));
  expect(found).not.toBeNull();
  return found![1]!;
}

const completePlan = (): string => block('docs/plan-format.md', '## A complete plan', 'markdown');
const planPath = 'plans/2026-11-20-shop-checkout-split.md';

/** The files of the repository the complete plan is written for, which its `Owns` and `Reads` name. */
const shopFiles = {
  'services/cart/src/api.ts': 'export const api = 1;\n',
  'services/cart/generated/client.ts': 'export const client = 1;\n',
  'packages/shared/src/money.ts': 'export const cents = 100;\n',
  'apps/web/src/checkout/page.ts': 'export const page = 1;\n',
};

describe('the examples of the docs', () => {
  it('the complete plan of docs/plan-format.md lints clean', () => {
    const root = removeLater(makeRepo({ ...shopFiles, [planPath]: completePlan() }));
    const r = lanes(root, ['lint']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it("the ESLint config of docs/lint.md lints plans, markdown and TypeScript side by side", () => {
    const root = removeLater(
      makeRepo({
        ...shopFiles,
        'package.json': '{ "name": "shop", "type": "module" }\n',
        'eslint.config.js': block('docs/lint.md', '## ESLint', 'js'),
        [planPath]: completePlan().replace('| ~$4 |', '| $4 |'),
        'README.md': '# Shop\n\n### A skipped level\n',
        'src/cart.ts': 'export const total: any = 1;\n',
      }),
    );
    // The packages the config imports, as an install would put them in node_modules.
    const links: Record<string, string> = {
      'eslint-plugin-lanes': join(workspaceRoot, 'packages/eslint-plugin'),
      eslint: join(workspaceRoot, 'node_modules/eslint'),
      '@eslint/js': join(workspaceRoot, 'node_modules/@eslint/js'),
      '@eslint/markdown': join(workspaceRoot, 'node_modules/@eslint/markdown'),
      'typescript-eslint': join(workspaceRoot, 'node_modules/typescript-eslint'),
    };
    for (const [name, target] of Object.entries(links)) {
      mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
      symlinkSync(realpathSync(target), join(root, 'node_modules', name), 'dir');
    }
    const r = run(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], { cwd: root, env: testEnv() });
    expect(r.stderr).toBe('');
    const results = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[])
      .filter((f) => f.messages.length > 0)
      .map((f) => [f.filePath.slice(root.length + 1), f.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)]);
    expect(results).toEqual([
      ['README.md', ['3:1 markdown/heading-increment']],
      [planPath, ['21:79 lanes/est-cost-format']],
      ['src/cart.ts', ['1:21 @typescript-eslint/no-explicit-any']],
    ]);
    expect(r.status).toBe(1);
  });
});
