#!/usr/bin/env node
// The code benchmark: `no-cross-lane-import` and `lintCode` on a generated pnpm workspace of 5,020 code files,
// 20 packages and a 24-session plan (bench/code/generate-workspace.mjs), committed in a repository of its own.
// Every measurement runs in a fresh Node process, as `lanes lint --code` and `eslint` would:
//   - lintCode, the whole run (git ls-files, the plan, the import scan, parsing and linting what the scan keeps),
//     in each resolution mode, the median of `runs` runs; and once parsing every file (`scan: false`);
//   - the rule per file, through ESLint's Linter with its `stats` (parse and rule times apart): over every file
//     without type information, and over a sample with type information (`projectService`, as an ESLint config
//     with typed linting would run it).
// Wall time and CPU time (user + system) both; the machine's load average is printed, since other work on it
// slows everything alike. Needs `pnpm install` and `pnpm --filter @lanes/code build`.
// Usage: node bench/code/run.mjs [runs] [typed-sample]
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(repo, 'packages/code/dist/index.js');
const planPath = 'plans/2026-11-20-bench-code.md';

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3]));
} else {
  await main(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 300));
}

async function main(runs, typedSample) {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm --filter @lanes/code build`);
  const workspace = join(repo, 'bench/.out/code-workspace');
  rmSync(workspace, { recursive: true, force: true });
  const sh = (command, args, cwd) => {
    const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  process.stdout.write(sh(process.execPath, [join(here, 'generate-workspace.mjs'), workspace], repo));
  sh('git', ['init', '-q', '-b', 'main'], workspace);
  sh('git', ['add', '-A'], workspace);
  sh('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@lanes.invalid', 'commit', '-q', '--no-verify', '-m', 'workspace'], workspace);

  const measure = (task) => {
    const start = process.hrtime.bigint();
    const out = sh(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify({ ...task, root: workspace })], repo);
    return { ...JSON.parse(out), process: Number(process.hrtime.bigint() - start) / 1e6 };
  };
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ms = (n) => `${(n / 1000).toFixed(2)} s`;
  process.stdout.write(`${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the start\n\n`);

  process.stdout.write(`lintCode, whole run (median of ${runs}; wall in lintCode / CPU / whole process)\n`);
  const modes = [
    ['typeInformation: auto (default)', { mode: 'lintCode', typeInformation: 'auto' }],
    ['typeInformation: false (fallback resolver)', { mode: 'lintCode', typeInformation: false }],
    ['typeInformation: true (TypeScript programs)', { mode: 'lintCode', typeInformation: true }],
  ];
  for (const [name, task] of modes) {
    const results = Array.from({ length: runs }, () => measure(task));
    const r = results[0];
    process.stdout.write(
      `  ${name.padEnd(44)} ${ms(median(results.map((x) => x.wall))).padStart(8)}  ${ms(median(results.map((x) => x.cpu))).padStart(8)}  ${ms(median(results.map((x) => x.process))).padStart(8)}` +
        `   ${r.files} files, ${(median(results.map((x) => x.wall)) / r.files).toFixed(2)} ms/file; ${r.findings} findings (${r.imports} imports)\n`,
    );
  }
  const every = measure({ mode: 'lintCode', typeInformation: 'auto', scan: false });
  process.stdout.write(
    `  ${'every file parsed (scan: false), once'.padEnd(44)} ${ms(every.wall).padStart(8)}  ${ms(every.cpu).padStart(8)}  ${ms(every.process).padStart(8)}   ${(every.wall / every.files).toFixed(2)} ms/file; ${every.findings} findings\n`,
  );
  process.stdout.write('\nthe rule per file through ESLint\'s Linter (mean ms per file: parse / rule / whole verify)\n');
  for (const [name, task] of [
    ['without type information, every file', { mode: 'rule', typed: false }],
    [`with type information (projectService), ${typedSample} files`, { mode: 'rule', typed: true, sample: typedSample }],
  ]) {
    const r = measure(task);
    process.stdout.write(
      `  ${name.padEnd(52)} ${r.parse.toFixed(2).padStart(6)} / ${r.rule.toFixed(3).padStart(6)} / ${r.total.toFixed(2).padStart(6)}   ${r.files} files, ${r.messages} reports, ${ms(r.wall)} in all\n`,
    );
  }
  process.stdout.write(`\nload average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the end\n`);
}

async function child(task) {
  const { root } = task;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const done = (result) => {
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ ...result, wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 }));
  };
  if (task.mode === 'lintCode') {
    const { lintCode } = await import(dist);
    const files = spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter((f) => /\.[cm]?[jt]sx?$/.test(f));
    const findings = await lintCode({
      root,
      planPath,
      typeInformation: task.typeInformation,
      ...(task.scan === undefined ? {} : { scan: task.scan }),
    });
    done({ files: files.length, findings: findings.length, imports: findings.reduce((n, f) => n + f.imports, 0) });
    return;
  }
  const require = createRequire(join(repo, 'packages/code/package.json'));
  const tsParser = require('@typescript-eslint/parser');
  const { Linter } = require('eslint');
  const { readFileSync } = await import('node:fs');
  const { noCrossLaneImport } = await import(dist);
  let files = spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter((f) => /\.[cm]?[jt]sx?$/.test(f));
  if (task.sample !== undefined) files = files.filter((_, i) => i % Math.ceil(files.length / task.sample) === 0);
  const linter = new Linter({ cwd: root });
  const config = [
    {
      files: ['**/*.ts', '**/*.cjs'],
      plugins: { lanes: { rules: { 'no-cross-lane-import': noCrossLaneImport } } },
      languageOptions: { parser: tsParser, ...(task.typed ? { parserOptions: { projectService: true, tsconfigRootDir: root } } : {}) },
      rules: { 'lanes/no-cross-lane-import': ['error', { plan: planPath }] },
    },
  ];
  let parse = 0;
  let rule = 0;
  let total = 0;
  let messages = 0;
  for (const file of files) {
    const result = linter.verifyAndFix(readFileSync(join(root, file), 'utf8'), config, { filename: join(root, file), stats: true });
    const fatal = result.messages.find((m) => m.fatal);
    if (fatal) throw new Error(`${file}: ${fatal.message}`);
    messages += result.messages.length;
    const pass = linter.getTimes().passes[0];
    parse += pass.parse.total;
    rule += pass.rules?.['lanes/no-cross-lane-import']?.total ?? 0;
    total += pass.total;
  }
  done({ files: files.length, messages, parse: parse / files.length, rule: rule / files.length, total: total / files.length });
}
