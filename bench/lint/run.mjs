#!/usr/bin/env node
// The lint benchmark: 200 generated plans (~10 KB, 30 sessions each), linted by `lanes lint` cold and with
// `--cache`, by markdownlint-cli2 (default rules) and by remark-cli with remark-preset-lint-recommended, in
// the same run; whole-process wall time, the median of 5 runs each, runs interleaved so that load on the
// machine falls on every tool alike. Needs `pnpm install` and a build (`pnpm build`).
// Usage: node bench/lint/run.mjs [runs]
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const corpus = join(root, 'bench/.out/lint-corpus');
const lintPackage = join(root, 'packages/lint');
const bin = (name) => join(lintPackage, 'node_modules/.bin', name);
const preset = join(realpathSync(join(lintPackage, 'node_modules/remark-preset-lint-recommended')), 'index.js');
const lanesBin = join(root, 'packages/cli/bin/lanes.js');

const sh = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return r;
};

// The corpus is a repository of its own, so that `lanes lint` reads its files at `base` from git as usual.
rmSync(corpus, { recursive: true, force: true });
sh(process.execPath, [join(root, 'bench/lint/generate-corpus.mjs'), join(corpus, 'plans')], root);
const gitEnv = ['-c', 'user.name=bench', '-c', 'user.email=bench@lanes.invalid'];
sh('git', ['init', '-q', '-b', 'main'], corpus);
sh('git', ['add', '-A'], corpus);
sh('git', [...gitEnv, 'commit', '-q', '--no-verify', '-m', 'corpus'], corpus);

const cache = join(corpus, '.lanescache');
const tools = [
  // Cold: no cache read or written. Warm: the cache primed below, every file unchanged.
  { name: 'lanes lint (cold)', command: process.execPath, args: [lanesBin, 'lint', 'plans'] },
  { name: 'lanes lint --cache (warm)', command: process.execPath, args: [lanesBin, 'lint', '--cache', 'plans'] },
  { name: 'markdownlint-cli2@0.22', command: bin('markdownlint-cli2'), args: ['plans/**/*.md'] },
  { name: 'remark-cli@12 + preset-lint-recommended', command: bin('remark'), args: ['plans', '--use', preset, '--quiet'] },
];

for (const tool of tools) if (!existsSync(tool.command)) throw new Error(`${tool.command} is missing: run pnpm install and pnpm build`);
rmSync(cache, { force: true });
sh(process.execPath, [lanesBin, 'lint', '--cache', 'plans'], corpus);

const times = new Map(tools.map((t) => [t.name, []]));
for (let i = 0; i < runs; i += 1) {
  for (const tool of tools) {
    const start = process.hrtime.bigint();
    const r = sh(tool.command, tool.args, corpus);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status === null || r.status > 1) throw new Error(`${tool.name} failed (${r.status}): ${r.stderr.slice(0, 400)}`);
    times.get(tool.name).push(seconds);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const reference = median(times.get('markdownlint-cli2@0.22'));
const width = Math.max(...tools.map((t) => t.name.length));
process.stdout.write(`200 plans, median of ${runs} runs, whole-process wall time\n`);
for (const tool of tools) {
  const m = median(times.get(tool.name));
  process.stdout.write(`${tool.name.padEnd(width)}  ${m.toFixed(2).padStart(6)} s  ${(m / reference).toFixed(2)}× markdownlint-cli2\n`);
}
