import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FallbackResolver, resolveExports, type ImportKind, type ModuleResolver } from './fallback-resolver.ts';
import { stripJsonc } from './read-jsonc.ts';
import { ProjectResolver } from './typescript-resolver.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-resolve-')));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const files: Record<string, string> = {
  // npm/yarn workspaces in package.json; a base tsconfig with `baseUrl` and `paths`, extended by the app's
  'package.json': JSON.stringify({ name: 'mono', workspaces: { packages: ['libs/*', '!libs/ignored'] } }),
  'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", /* paths from the base */ "paths": { "@libs/*": ["libs/*/src"], "config": ["config/index.ts"] }, }, }',
  'app/tsconfig.json': '{ "extends": "../tsconfig.base.json", "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", "allowJs": true } }',
  'app/src/main.ts': '',
  'app/src/util/index.ts': '',
  'app/src/esm.mts': '',
  'app/src/styles.css': '',
  'app/src/legacy.cjs': '',
  'app/package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'config/index.ts': '',
  'shared/strings.ts': '',
  // a package with conditional exports: types first, `import` and `require` apart, a subpath pattern, a blocked path
  'libs/dual/package.json': JSON.stringify({
    name: '@mono/dual',
    exports: {
      '.': { import: { types: './src/esm.d.mts', default: './dist/esm.mjs' }, require: { types: './src/cjs.d.cts', default: './dist/cjs.cjs' } },
      './feature/*': './src/feature/*.ts',
      './feature/private/*': null,
      './package.json': './package.json',
    },
  }),
  'libs/dual/src/esm.d.mts': '',
  'libs/dual/src/cjs.d.cts': '',
  'libs/dual/src/feature/a.ts': '',
  'libs/dual/src/feature/private/b.ts': '',
  'libs/dual/src/index.ts': '',
  // a package without exports: `types`, then the folder's index
  'libs/plain/package.json': JSON.stringify({ name: '@mono/plain', types: './lib/main.d.ts' }),
  'libs/plain/lib/main.d.ts': '',
  'libs/plain/src/index.ts': '',
  'libs/ignored/package.json': JSON.stringify({ name: '@mono/ignored' }),
  'libs/ignored/index.ts': '',
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
// npm links the workspace packages into the root's node_modules, which TypeScript's resolution walks.
mkdirSync(join(root, 'node_modules/@mono'), { recursive: true });
symlinkSync('../../libs/dual', join(root, 'node_modules/@mono/dual'), 'dir');
symlinkSync('../../libs/plain', join(root, 'node_modules/@mono/plain'), 'dir');
mkdirSync(join(root, '.git'));

const main = join(root, 'app/src/main.ts');

/** Cases both resolvers agree on: [specifier, kind, the file from the root or null]. */
const cases: [string, ImportKind, string | null][] = [
  ['./util/index.ts', 'import', 'app/src/util/index.ts'],
  ['./util/index.js', 'import', 'app/src/util/index.ts'],
  ['./esm.mjs', 'import', 'app/src/esm.mts'],
  ['./legacy.cjs', 'require', 'app/src/legacy.cjs'],
  ['../../shared/strings.ts', 'import', 'shared/strings.ts'],
  ['@mono/dual', 'import', 'libs/dual/src/esm.d.mts'],
  ['@mono/dual', 'require', 'libs/dual/src/cjs.d.cts'],
  ['@mono/dual/feature/a', 'import', 'libs/dual/src/feature/a.ts'],
  ['@mono/dual/feature/private/b', 'import', null],
  ['@mono/dual/src/index.ts', 'import', null],
  ['@mono/plain', 'import', 'libs/plain/lib/main.d.ts'],
  ['@libs/plain', 'require', 'libs/plain/src/index.ts'],
  ['config', 'import', 'config/index.ts'],
  ['shared/strings', 'require', 'shared/strings.ts'],
  ['node:fs', 'import', null],
  ['fs', 'require', null],
  ['left-pad', 'import', null],
];

function check(resolver: ModuleResolver, specifier: string, kind: ImportKind): string | null {
  const found = resolver.resolve(specifier, main, kind);
  return found === null ? null : found.slice(root.length + 1);
}

describe('FallbackResolver', () => {
  const resolver = new FallbackResolver();
  it.each(cases)('%s (%s) → %s', (specifier, kind, expected) => {
    expect(check(resolver, specifier, kind)).toBe(expected);
  });

  it('resolves what TypeScript does not: extensionless in NodeNext, any existing file, folders', () => {
    expect(check(resolver, './util', 'import')).toBe('app/src/util/index.ts');
    expect(check(resolver, '@libs/plain', 'import')).toBe('libs/plain/src/index.ts');
    expect(check(resolver, 'shared/strings', 'dynamic')).toBe('shared/strings.ts');
    expect(check(resolver, './styles.css', 'import')).toBe('app/src/styles.css');
  });

  it('leaves out packages the workspace globs exclude', () => {
    expect(check(resolver, '@mono/ignored', 'import')).toBe(null);
  });
});

describe('ProjectResolver (TypeScript with the nearest tsconfig.json)', () => {
  const resolver = new ProjectResolver(root);
  it.each(cases)('%s (%s) → %s', (specifier, kind, expected) => {
    expect(check(resolver, specifier, kind)).toBe(expected);
  });

  it('is strict where TypeScript is: NodeNext wants extensions in relative ESM imports', () => {
    expect(check(resolver, './util', 'import')).toBe(null);
    expect(check(resolver, '@libs/plain', 'import')).toBe(null);
    expect(check(resolver, 'shared/strings', 'dynamic')).toBe(null);
    expect(check(resolver, './util', 'require')).toBe('app/src/util/index.ts');
    expect(check(resolver, './styles.css', 'import')).toBe(null);
  });
});

describe('resolveExports', () => {
  const conditions = new Set(['types', 'import', 'default']);
  it('reads a string, a condition object, an array, subpaths and patterns', () => {
    expect(resolveExports('./index.js', '.', conditions)).toBe('./index.js');
    expect(resolveExports('./index.js', './x', conditions)).toBe(null);
    expect(resolveExports({ node: './n.js', import: './i.js' }, '.', conditions)).toBe('./i.js');
    expect(resolveExports([{ worker: './w.js' }, './fallback.js'], '.', conditions)).toBe('./fallback.js');
    expect(resolveExports({ './a/*': './src/a/*.ts', './a/b/*': './src/b/*.ts' }, './a/b/c', conditions)).toBe('./src/b/c.ts');
    expect(resolveExports({ './a/*.js': './src/a/*.ts' }, './a/x/y.js', conditions)).toBe('./src/a/x/y.ts');
  });
});

describe('stripJsonc', () => {
  it('drops comments and trailing commas, never inside strings', () => {
    expect(JSON.parse(stripJsonc('{ "a": "// not a comment", /* c */ "b": [1, 2,], // end\n "c": "/* x */", }'))).toEqual({
      a: '// not a comment',
      b: [1, 2],
      c: '/* x */',
    });
  });
});
