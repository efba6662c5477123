import { join } from 'node:path';
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { removeWorkspace, writeShopWorkspace } from '../fixtures/shop-workspace.ts';
import { noCrossLaneImport, type NoCrossLaneImportOptions } from './no-cross-lane-import.ts';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// The plan the rule finds by default is the configured one; LANES_PLAN of the shell running the tests must not win.
delete process.env.LANES_PLAN;

const root = writeShopWorkspace();
afterAll(() => {
  removeWorkspace(root);
});

const plan = 'plans/2026-11-20-shop-lanes.md';
const cartApi = join(root, 'services/cart/src/api.ts');

type Options = [NoCrossLaneImportOptions];
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<'crossLaneImport', Options>;

/**
 * S-A (cart, `services/cart/src/**` at line 17) reads S-B's (`services/payments/**` at line 24) file `to` from
 * `services/cart/src/api.ts`, the specifier at `line`, `column` and `length` characters long.
 */
function cartReadsPayments(to: string, line: number, column: number, length: number, other: { from?: string; ownerPattern?: string } = {}) {
  const { from = 'services/cart/src/api.ts', ownerPattern = 'services/payments/**' } = other;
  return {
    messageId: 'crossLaneImport' as const,
    data: {
      reader: 'S-A',
      owner: 'S-B',
      from,
      to,
      readerPattern: 'services/cart/src/**',
      readerAt: `${plan}:17`,
      ownerPattern,
      ownerAt: `${plan}:24`,
    },
    line,
    column,
    endLine: line,
    endColumn: column + length,
  };
}

/** Cases that resolve the same with and without type information. */
const valid: Valid[] = [
  // S-A's own file, a file nobody owns, Node's built-ins, packages outside the workspace, computed specifiers.
  { filename: cartApi, code: "import type { Line } from './model';\nimport { x } from './missing';" },
  { filename: cartApi, code: "import type { Cents } from '../../../shared/money.ts';" },
  { filename: cartApi, code: "import { readFileSync } from 'node:fs';\nimport path from 'path';\nimport react from 'react';" },
  { filename: cartApi, code: "const name = 'adapter';\nconst m = await import(`../../payments/src/${name}`);\nexport { m };" },
  // S-C lists the file in its Reads; S-D depends on S-B; S-E runs in batch 2.
  { filename: join(root, 'packages/ui/src/view.ts'), code: "import type { Card } from '../../../services/payments/src/types';" },
  { filename: join(root, 'packages/report/src/sum.ts'), code: "import { charge } from '@shop/payments/adapter';" },
  { filename: join(root, 'apps/web/main.ts'), code: "import { charge } from '@pay/adapter';" },
  // A plan (named by the option) where S-A depends on S-B.
  {
    filename: cartApi,
    code: "import { charge } from '../../payments/src/adapter';",
    options: [{ plan: 'plans/2026-11-21-shop-sequential.md' }],
  },
];

/** Each import form and each way of resolving a specifier. */
const invalid: Invalid[] = [
  {
    // relative, no extension; the default plans (`lanes.plans`): only the one that runs S-A and S-B together reports
    filename: cartApi,
    code: "import { charge } from '../../payments/src/adapter';",
    errors: [cartReadsPayments('services/payments/src/adapter.ts', 1, 24, 28)],
  },
  {
    // relative with a `.ts` extension, type-only; the plan named by the option
    filename: cartApi,
    code: "import type { Card } from '../../payments/src/types.ts';",
    options: [{ plan }],
    errors: [cartReadsPayments('services/payments/src/types.ts', 1, 27, 29)],
  },
  {
    // `.js` naming its `.ts` source, in a re-export
    filename: cartApi,
    code: "export { charge } from '../../payments/src/adapter.js';",
    errors: [cartReadsPayments('services/payments/src/adapter.ts', 1, 24, 31)],
  },
  {
    // a folder's `index` file, in `export *`
    filename: cartApi,
    code: "export * from '../../payments/src/gateway';",
    errors: [cartReadsPayments('services/payments/src/gateway/index.ts', 1, 15, 28)],
  },
  {
    // tsconfig `paths`, in a dynamic import
    filename: cartApi,
    code: "export const adapter = await import('@pay/adapter');",
    errors: [cartReadsPayments('services/payments/src/adapter.ts', 1, 37, 14)],
  },
  {
    // a workspace package through its `exports`: `.` (the `types` condition), a subpath, a subpath pattern
    filename: cartApi,
    code: [
      "import { charge } from '@shop/payments';",
      "import { charge as c } from '@shop/payments/adapter';",
      "import { stripe } from '@shop/payments/gateway/stripe';",
    ].join('\n'),
    errors: [
      cartReadsPayments('services/payments/src/index.ts', 1, 24, 16),
      cartReadsPayments('services/payments/src/adapter.ts', 2, 29, 24),
      cartReadsPayments('services/payments/src/gateway/stripe.ts', 3, 24, 31),
    ],
  },
  {
    // `require()` in JavaScript, `import x = require()` and `import()` types in TypeScript
    filename: join(root, 'services/cart/src/legacy.js'),
    code: "const adapter = require('../../payments/src/adapter');\nmodule.exports = adapter;",
    errors: [cartReadsPayments('services/payments/src/adapter.ts', 1, 25, 28, { from: 'services/cart/src/legacy.js' })],
  },
  {
    filename: cartApi,
    code: "import adapter = require('../../payments/src/adapter');\ntype Card = import('../../payments/src/types').Card;\nexport { adapter, type Card };",
    errors: [cartReadsPayments('services/payments/src/adapter.ts', 1, 26, 28), cartReadsPayments('services/payments/src/types.ts', 2, 20, 26)],
  },
  {
    // S-C reads only `types.ts`: its Reads do not cover the adapter
    filename: join(root, 'packages/ui/src/view.ts'),
    code: "import { charge } from '@shop/payments/adapter';",
    errors: [
      {
        messageId: 'crossLaneImport',
        data: {
          reader: 'S-C',
          owner: 'S-B',
          from: 'packages/ui/src/view.ts',
          to: 'services/payments/src/adapter.ts',
          readerPattern: 'packages/ui/**',
          readerAt: `${plan}:30`,
          ownerPattern: 'services/payments/**',
          ownerAt: `${plan}:24`,
        },
        line: 1,
        column: 24,
        endLine: 1,
        endColumn: 48,
      },
    ],
  },
];

// A package linked into node_modules outside the workspace globs: TypeScript follows the link, the fallback does not.
const linkedPackage = "import { sdk } from 'pay-sdk';";

// @typescript-eslint/rule-tester's latest release is 8.72.0, with its own copy of the utils' types (8.73.0 here): the
// same rule shape, distinct declarations.
const rule = noCrossLaneImport as unknown as Parameters<RuleTester['run']>[1];

describe('without type information (the fallback resolver)', () => {
  const ruleTester = new RuleTester({ languageOptions: { parser: tsParser } });
  ruleTester.run('no-cross-lane-import', rule, {
    valid: [...valid, { filename: cartApi, code: linkedPackage }],
    invalid,
  });
});

describe('with type information (TypeScript resolves)', () => {
  const ruleTester = new RuleTester({
    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: root } },
  });
  ruleTester.run('no-cross-lane-import', rule, {
    valid,
    invalid: [
      ...invalid,
      {
        filename: cartApi,
        code: linkedPackage,
        errors: [cartReadsPayments('vendor/pay-sdk/index.d.ts', 1, 21, 9, { ownerPattern: 'vendor/pay-sdk/**' })],
      },
    ],
  });
});

describe('the message', () => {
  it('names both sessions, both pattern lines and the fix', () => {
    const linter = new Linter({ cwd: root });
    const messages = linter.verify(
      "import { charge } from '../../payments/src/adapter';",
      [
        {
          files: ['**/*.ts'],
          plugins: { lanes: { rules: { 'no-cross-lane-import': noCrossLaneImport as never } } },
          languageOptions: { parser: tsParser },
          rules: { 'lanes/no-cross-lane-import': 'error' },
        },
      ],
      cartApi,
    );
    expect(messages.map((m) => [m.line, m.column, m.message])).toEqual([
      [
        1,
        24,
        "S-A reads S-B's output through `services/cart/src/api.ts` → `services/payments/src/adapter.ts` (S-A owns it by `services/cart/src/**` at plans/2026-11-20-shop-lanes.md:17, S-B by `services/payments/**` at plans/2026-11-20-shop-lanes.md:24): make S-A depend on S-B, or add the file to S-A's Reads",
      ],
    ]);
  });

  it('has its doc at docs/rules/no-cross-lane-import.md', () => {
    expect(noCrossLaneImport.meta.docs?.url).toMatch(/^file:\/\/.*\/docs\/rules\/no-cross-lane-import\.md$/);
  });
});
