// Bundles the entry of `lanes guard` (dist/commands/guard.js and the guard it loads) into one file,
// dist/guard-hook.js: the pre-commit hook runs on every commit, and node loads one file much faster than
// thirty. The modules that need the markdown parser stay out of it (they are loaded from @lanes/guard
// when a plan must be compiled), so that the bundle never loads the parser. Run by `pnpm build`, after tsc.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const lazy = /^\.\/(compile-plan|own-row-rule|registry-change)\.js$/;

await build({
  entryPoints: [fileURLToPath(new URL('../dist/commands/guard.js', import.meta.url))],
  outfile: fileURLToPath(new URL('../dist/guard-hook.js', import.meta.url)),
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
