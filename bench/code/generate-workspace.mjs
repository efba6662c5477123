#!/usr/bin/env node
// Generates the code benchmark's workspace: a pnpm monorepo of 20 packages (12 under packages/, 6 under
// services/, 2 under apps/), 10 folders of 24 modules each per package, an index per folder and per package:
// 5,020 TypeScript and JavaScript files of 30–60 lines. Each module imports 2–5 others: siblings (`./f03.ts`,
// extensionless `./f03`), folders (`../m02`, their index), workspace packages through their `exports`
// (`@bench/p03`, `@bench/p03/m04/f07`), tsconfig `paths` aliases in apps (`#ui/*`), `import()` and, in the `.cjs`
// module of each folder, `require()`. Package k depends on up to three packages below it. The plan has 24 sessions in
// three batches: one per package and four more; some same-batch imports are declared (`Depends on`, `Reads`),
// others are not, and `lintCode` finds them. Deterministic (a seeded generator).
// Usage: node bench/code/generate-workspace.mjs <dir>
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node bench/code/generate-workspace.mjs <dir>');

let seed = 0x5eed;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const pad = (n) => String(n).padStart(2, '0');

const files = new Map();
const write = (path, text) => files.set(path, text);

const packages = [
  ...Array.from({ length: 12 }, (_, i) => ({ dir: `packages/p${pad(i)}`, name: `@bench/p${pad(i)}` })),
  ...Array.from({ length: 6 }, (_, i) => ({ dir: `services/s${pad(i)}`, name: `@bench/s${pad(i)}` })),
  ...Array.from({ length: 2 }, (_, i) => ({ dir: `apps/a${pad(i)}`, name: `@bench/a${pad(i)}` })),
];
packages.forEach((pkg, k) => {
  pkg.index = k;
  pkg.deps = [k - 1, k - 2, k - 3].filter((d) => d >= 0 && random() < 0.8).map((d) => packages[d]);
});
const folders = 10;
const modules = 24;

write('package.json', `${JSON.stringify({ name: 'bench', private: true, type: 'module', lanes: { plans: ['plans/*.md'] } }, null, 2)}\n`);
write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n  - services/*\n  - apps/*\n');
write('.gitignore', 'node_modules\ndist\n');
write(
  'tsconfig.base.json',
  `${JSON.stringify(
    {
      compilerOptions: {
        module: 'esnext',
        moduleResolution: 'bundler',
        target: 'es2022',
        strict: true,
        allowJs: true,
        allowImportingTsExtensions: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
    },
    null,
    2,
  )}\n`,
);

function moduleText(pkg, folder, file) {
  const imports = [];
  const uses = [];
  const sibling = (file + 1 + Math.floor(random() * (modules - 2))) % modules;
  if (sibling !== modules - 1) {
    imports.push(random() < 0.5 ? `import { value${pad(sibling)} } from './f${pad(sibling)}.ts';` : `import { value${pad(sibling)} } from './f${pad(sibling)}';`);
    uses.push(`value${pad(sibling)}`);
  }
  const other = (folder + 1 + Math.floor(random() * (folders - 1))) % folders;
  imports.push(`import * as m${pad(other)} from '../m${pad(other)}';`);
  uses.push(`m${pad(other)}.size`);
  if (pkg.deps.length > 0 && random() < 0.6) {
    const dep = pick(pkg.deps);
    const alias = `dep${pad(dep.index)}`;
    if (random() < 0.5) imports.push(`import * as ${alias} from '${dep.name}';`);
    else imports.push(`import * as ${alias} from '${dep.name}/m${pad(Math.floor(random() * folders))}/f${pad(Math.floor(random() * (modules - 1)))}';`);
    uses.push(`Object.keys(${alias}).length`);
  }
  if (pkg.dir.startsWith('apps/') && random() < 0.5) {
    imports.push(`import type { Shape } from '#ui/m${pad(Math.floor(random() * folders))}/f${pad(Math.floor(random() * (modules - 1)))}.ts';`);
  }
  const lazy = random() < 0.1 ? `\nexport const later = () => import('../m${pad(other)}/f${pad(Math.floor(random() * (modules - 1)))}.ts');\n` : '';
  const body = [];
  const functions = 3 + Math.floor(random() * 4);
  for (let i = 0; i < functions; i += 1) {
    body.push(
      `/** Measure ${i} of a shape. */`,
      `export function measure${i}(shape: Shape, factor = ${i + 1}): number {`,
      `  const base = shape.width * shape.height + ${uses.join(' + ')};`,
      `  if (shape.tags.includes('${pkg.name}-${i}')) return base * factor;`,
      `  return shape.tags.reduce((sum, tag) => sum + tag.length, base) / factor;`,
      '}',
      '',
    );
  }
  return [
    ...imports,
    '',
    'export interface Shape { width: number; height: number; tags: string[] }',
    `export const value${pad(file)} = ${Math.floor(random() * 1000)};`,
    '',
    ...body,
    lazy,
  ].join('\n');
}

for (const pkg of packages) {
  const exports = { '.': './src/index.ts', './*': './src/*.ts' };
  write(`${pkg.dir}/package.json`, `${JSON.stringify({ name: pkg.name, version: '0.0.0', type: 'module', exports, dependencies: Object.fromEntries(pkg.deps.map((d) => [d.name, 'workspace:*'])) }, null, 2)}\n`);
  const compilerOptions = pkg.dir.startsWith('apps/') ? { paths: { '#ui/*': ['../../packages/p00/src/*'] } } : {};
  write(`${pkg.dir}/tsconfig.json`, `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions, include: ['src'] }, null, 2)}\n`);
  const top = [];
  for (let folder = 0; folder < folders; folder += 1) {
    const index = [];
    for (let file = 0; file < modules - 1; file += 1) {
      write(`${pkg.dir}/src/m${pad(folder)}/f${pad(file)}.ts`, moduleText(pkg, folder, file));
      index.push(`export * as f${pad(file)} from './f${pad(file)}.ts';`);
    }
    // One CommonJS module per folder, as build scripts and configs are.
    const sibling = Math.floor(random() * (modules - 1));
    const dep = pkg.deps.length > 0 && random() < 0.5 ? `\nconst dep = require('${pick(pkg.deps).name}');\n` : '\n';
    write(`${pkg.dir}/src/m${pad(folder)}/legacy.cjs`, `const sibling = require('./f${pad(sibling)}.ts');${dep}module.exports = { sibling, size: ${folder} };\n`);
    write(`${pkg.dir}/src/m${pad(folder)}/index.ts`, `${index.join('\n')}\nexport const size = ${modules - 1};\n`);
    top.push(`export * as m${pad(folder)} from './m${pad(folder)}/index.ts';`);
  }
  write(`${pkg.dir}/src/index.ts`, `${top.join('\n')}\n`);
}

// Sessions: one per package, in batches of 8 by package order (so packages' dependencies on their near
// neighbours cross lanes within a batch), and four that own no code. Some same-batch dependencies are declared.
const sessions = packages.map((pkg, k) => ({
  id: `S-${pad(k + 1)}`,
  focus: pkg.name,
  batch: 1 + Math.floor(k / 8),
  owns: [`${pkg.dir}/**`],
  reads: [],
  dependsOn: [],
  pkg,
}));
for (const [i, focus] of ['Docs', 'CI', 'Scripts', 'Plans'].entries()) {
  const dir = ['docs', '.github', 'scripts', 'notes'][i];
  sessions.push({ id: `S-${pad(21 + i)}`, focus, batch: 3, owns: [`${dir}/**`], reads: [], dependsOn: [], pkg: null });
}
for (const session of sessions) {
  if (session.pkg === null) continue;
  for (const dep of session.pkg.deps) {
    const owner = sessions[dep.index];
    if (owner.batch !== session.batch) continue;
    // A third of the same-batch reads are declared as a dependency, a third as `Reads`, a third forgotten.
    const r = random();
    if (r < 1 / 3) session.dependsOn.push(owner.id);
    else if (r < 2 / 3) session.reads.push(`${dep.dir}/src/`);
  }
}
const plan = [
  '---',
  'project: bench',
  'max-parallel: 8',
  '---',
  '',
  '# Bench',
  '',
  '**Parent issue:** BENCH-1',
  '**Date:** 2026-11-20',
  '',
  '## Sessions',
  '',
  ...sessions.flatMap((s, k) => [
    `### ${s.id}: ${s.focus}`,
    '',
    `- **Issue:** BENCH-${k + 2}`,
    `- **Batch:** ${s.batch}`,
    ...(s.dependsOn.length > 0 ? [`- **Depends on:** ${s.dependsOn.join(', ')}`] : []),
    `- **Owns:** ${s.owns.map((p) => `\`${p}\``).join(', ')}`,
    ...(s.reads.length > 0 ? [`- **Reads:** ${s.reads.map((p) => `\`${p}\``).join(', ')}`] : []),
    '',
  ]),
].join('\n');
write('plans/2026-11-20-bench-code.md', plan);

for (const [path, text] of files) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}
// `node_modules` links as `pnpm install` makes them, so that TypeScript resolves the workspace packages too.
for (const pkg of packages) {
  for (const dep of pkg.deps) {
    const link = join(out, pkg.dir, 'node_modules', dep.name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(out, dep.dir)), link, 'dir');
  }
}
const code = [...files.keys()].filter((p) => /\.(?:[cm]?[jt]sx?)$/.test(p)).length;
console.log(`${files.size} files (${code} code files), ${packages.length} packages, ${sessions.length} sessions`);
