import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import lanes, { planFiles } from './index.ts';

const plan = `# Plan

**Parent issue:** SHOP-1
**Date:** 2026-11-20

## Sessions

<!-- eslint-disable-next-line lanes/owns-required -- owned paths come with the next revision -->
### S-A: Cart

- **Issue:** SHOP-2
- **Mode:** checkpoint
- **Launch as:** Bypass permissions

### S-B: Pay

- **Issue:** SHOP-3
- **Mode:** tdd
`;

const config = [{ ...lanes.configs.recommended, files: ['**/*.md'], languageOptions: { git: false } }] as Linter.Config[];

describe('eslint-plugin-lanes', () => {
  it('declares a plan language, its rules for that language, and a recommended config for plan files only', () => {
    expect(lanes.meta).toEqual({ name: 'eslint-plugin-lanes', version: '0.1.0', namespace: 'lanes' });
    expect(lanes.languages.plan).toMatchObject({ fileType: 'text', lineStart: 1, columnStart: 1, nodeTypeKey: 'type' });
    for (const [id, rule] of Object.entries(lanes.rules)) {
      if (id !== 'no-cross-lane-import') expect((rule.meta as { languages?: string[] }).languages).toEqual(['lanes/plan']);
    }
    expect(lanes.configs.code).toMatchObject({ files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], rules: { 'lanes/no-cross-lane-import': 'error' } });
    expect(lanes.configs.recommended).toMatchObject({ files: planFiles, language: 'lanes/plan' });
    expect(planFiles).not.toContain('**/*.md');
  });

  it('honours eslint-disable comments and fixes with --fix', () => {
    const linter = new Linter();
    const messages = linter.verify(plan, config, { filename: 'plans/2026-11-20-shop-x.md' });
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['lanes/launch-as-mode', 13, 18],
      ['lanes/owns-required', 15, 1],
    ]);
    const fixed = linter.verifyAndFix(plan, config, { filename: 'plans/2026-11-20-shop-x.md' });
    expect(fixed.output).toBe(plan.replace('**Launch as:** Bypass permissions', '**Launch as:** Ask permissions'));
    expect(fixed.messages.map((m) => m.ruleId)).toEqual(['lanes/owns-required']);
  });

  it('applies inline rule configuration', () => {
    const linter = new Linter();
    const off = `<!-- eslint lanes/owns-required: "off" -->\n\n${plan.replace(/<!-- eslint-disable-next-line .* -->\n/, '')}`;
    expect(linter.verify(off, config, { filename: 'plans/2026-11-20-shop-x.md' }).map((m) => m.ruleId)).toEqual(['lanes/launch-as-mode']);
  });

  it('reports binary content as a parsing error, never a crash', async () => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: config });
    const [result] = await eslint.lintText('# Plan\0\0\0', { filePath: 'plans/2026-11-20-shop-x.md' });
    expect(result!.messages).toMatchObject([{ ruleId: null, fatal: true, severity: 2, line: 1, column: 1 }]);
    expect(result!.messages[0]!.message).toContain('Unexpected binary content');
  });

  it('rejects unknown language options', () => {
    const linter = new Linter();
    expect(() => linter.verify(plan, [{ ...config[0], languageOptions: { gti: false } }], { filename: 'plans/x.md' })).toThrow(/Unexpected language option "gti"/);
  });
});
