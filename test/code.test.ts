import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { lintCode, noCrossLaneImport, type CodeFinding } from '../packages/code/src/index.ts';
import type { Finding } from '../packages/lint/src/index.ts';
import { crossPlan, sequentialPlan } from './fixtures/code/workspace.ts';
import { codePlanPath, makeCodeWorkspace } from './helpers/code.ts';
import { removedAfterEach } from './helpers/repo.ts';

const planPath = codePlanPath;
const removeLater = removedAfterEach();
const workspace = (plan: string): string => removeLater(makeCodeWorkspace(plan));

const at = (line: number, column: number, endColumn: number) => ({ line, column, endLine: line, endColumn });

/** The `Owns` lines of S-A (`services/cart/**`) and S-B (`services/payments/**`) in the plan: the text inside the backticks. */
const ownsA = { start: { line: 16, column: 14, offset: 160 }, end: { line: 16, column: 30, offset: 176 } };
const ownsB = { start: { line: 23, column: 6, offset: 250 }, end: { line: 23, column: 26, offset: 270 } };

/** The findings of the cross plan, at the importing session's `Owns` line. */
const crossFindings: CodeFinding[] = [
  {
    ruleId: 'no-cross-lane-import',
    severity: 'error',
    message:
      "S-A reads S-B's output through `services/cart/scripts/seed.cjs` → `services/payments/src/adapter.ts`: make S-A depend on S-B, or add `services/payments/src/adapter.ts` to its Reads",
    ...at(16, 14, 30),
    reader: 'S-A',
    owner: 'S-B',
    readerPattern: { text: 'services/cart/**', span: ownsA },
    ownerPattern: { text: 'services/payments/**', span: ownsB },
    target: 'services/payments/src/adapter.ts',
    source: { file: 'services/cart/scripts/seed.cjs', ...at(1, 28, 59) },
    imports: 1,
  },
  {
    ruleId: 'no-cross-lane-import',
    severity: 'error',
    message:
      "S-A reads S-B's output through `services/cart/src/api.ts` → `services/payments/src/index.ts`: make S-A depend on S-B, or add `services/payments/src/index.ts` to its Reads",
    ...at(16, 14, 30),
    reader: 'S-A',
    owner: 'S-B',
    readerPattern: { text: 'services/cart/**', span: ownsA },
    ownerPattern: { text: 'services/payments/**', span: ownsB },
    target: 'services/payments/src/index.ts',
    source: { file: 'services/cart/src/api.ts', ...at(2, 24, 40) },
    imports: 2,
  },
  {
    ruleId: 'no-cross-lane-import',
    severity: 'error',
    message:
      "S-B reads S-A's output through `services/payments/src/adapter.ts` → `services/cart/src/api.ts`: make S-B depend on S-A, or add `services/cart/src/api.ts` to its Reads",
    ...at(23, 6, 26),
    reader: 'S-B',
    owner: 'S-A',
    readerPattern: { text: 'services/payments/**', span: ownsB },
    ownerPattern: { text: 'services/cart/**', span: ownsA },
    target: 'services/cart/src/api.ts',
    source: { file: 'services/payments/src/adapter.ts', ...at(1, 27, 43) },
    imports: 1,
  },
];

describe('lintCode on a workspace of several packages', () => {
  it.each([
    ['without type information', false],
    ['with type information', true],
  ] as const)('finds the reads each session makes of the other, once per file read (%s)', async (_, typeInformation) => {
    const root = workspace(crossPlan);
    const findings = await lintCode({ root, planPath, typeInformation });
    expect(findings).toEqual(crossFindings);
    // `lanes lint --code` appends them to the plan's own findings.
    const planFindings: Finding[] = findings;
    expect(planFindings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['16:14 no-cross-lane-import', '16:14 no-cross-lane-import', '23:6 no-cross-lane-import']);
  });

  it('resolves with the options of each package tsconfig.json by default', async () => {
    const root = workspace(crossPlan);
    expect(await lintCode({ root, planPath })).toEqual(crossFindings);
  });

  it('finds the same parsing every file, not only those the import scan keeps', async () => {
    const root = workspace(crossPlan);
    expect(await lintCode({ root, planPath, scan: false })).toEqual(crossFindings);
  });

  it('finds nothing when the importing session depends on the other or lists the file in Reads', async () => {
    const root = workspace(sequentialPlan);
    expect(await lintCode({ root, planPath, typeInformation: false })).toEqual([]);
    expect(await lintCode({ root, planPath, typeInformation: true })).toEqual([]);
  });

  it('lints only the files given, with the plan given', async () => {
    const root = workspace(sequentialPlan);
    const { parsePlan } = await import('../packages/core/src/index.ts');
    const plan = parsePlan(crossPlan, { path: planPath });
    const findings = await lintCode({ root, planPath, plan, files: ['services/payments/src/adapter.ts', 'README.md'] });
    expect(findings).toEqual([crossFindings[2]]);
  });
});

describe('the rule in a repository ESLint config', () => {
  it('reports at the import, with both pattern lines', async () => {
    const root = workspace(crossPlan);
    const tsParser = tseslint.parser;
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { lanes: { rules: { 'no-cross-lane-import': noCrossLaneImport as never } } },
          rules: { 'lanes/no-cross-lane-import': 'error' },
        },
      ],
    });
    const results = await eslint.lintFiles(['services/payments/src/adapter.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => [m.ruleId, m.line, m.column, m.message]))).toEqual([
      [
        'lanes/no-cross-lane-import',
        1,
        27,
        "S-B reads S-A's output through `services/payments/src/adapter.ts` → `services/cart/src/api.ts` (S-B owns it by `services/payments/**` at plans/2026-11-20-shop-code.md:23, S-A by `services/cart/**` at plans/2026-11-20-shop-code.md:16): make S-B depend on S-A, or add the file to S-B's Reads",
      ],
    ]);
  });
});
