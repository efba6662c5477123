// Bundles the entry of `lanes guard` (dist/commands/guard.js and the guard it loads) into dist/guard-hook.js,
// and the module that starts the guard's git reads into dist/guard-start.js: the pre-commit hook runs on every
// commit, and node loads one file much faster than thirty. `bin/lanes.js` loads guard-start.js first, so that
// git works while node loads guard-hook.js. The modules that need the markdown parser stay out (they are loaded from
// @lanes/guard when a plan must be compiled), so that the bundle never loads the parser. Run by `pnpm build`,
// after tsc.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lazy = /^\.\/(compile-plan|own-row-rule|registry-change)\.js$/;
const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));

// Two bundles, each one file: guard-start.js holds its own copy of the module that starts the reads, and hands
// them over through a slot of the process (`prestartGuardReads`), which costs less than shared chunk files.
rmSync(dist('guard-chunks'), { recursive: true, force: true }); // left by an older build
for (const [out, entry] of [
  ['guard-hook.js', 'commands/guard.js'],
  ['guard-start.js', 'start-guard.js'],
]) {
  await build({
    entryPoints: [dist(entry)],
    outfile: dist(out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'lanes-lazy',
        setup(b) {
          b.onResolve({ filter: lazy }, (args) =>
            args.importer.includes('/guard/dist/') ? { path: `@lanes/guard/lazy/${lazy.exec(args.path)[1]}`, external: true } : undefined,
          );
          b.onResolve({ filter: /^@lanes\/core$/ }, () => {
            throw new Error('the guard bundle would load the markdown parser (@lanes/core); load that module lazily');
          });
        },
      },
    ],
  });
}
