// Figures for the pre-commit guard; run on purpose, never in `test`. Prints figures, asserts nothing.
//   pnpm build && node bench/guard/run.mjs [--runs 15] [--files 100000] [--keep]
// It builds a repository of 100,000 files and a 30-session plan in a temp dir (git fast-import, then
// `git read-tree` for the index: `git diff-index --cached` reads the index and the trees, never the working
// tree), and times `lanes guard` against the floor measured in the same run: `node -e 0` plus the same
// `git diff-index`. `lanes` is called as a user's hook calls it: the pre-commit lines `lanes init` writes
// (`guardLines`, run with sh), in a repository whose node_modules has the package linked and pnpm's shim in
// .bin; for comparison, the bin itself (`node packages/cli/bin/lanes.js`) and pnpm's shim (`node_modules/.bin/lanes`,
// sh then node, which the hook no longer goes through). Medians of every run; the plan cache is warmed first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guardLines } from '../../packages/cli/dist/init/hook-text.js';
import { benchEnv as env, git, installLanes, loadAverage, median, planPath, planText, sessionNumber as id, sessions } from '../lib/guard-repo.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const runs = option('--runs', 15);
const fileCount = option('--files', 100_000);
const lanesBin = fileURLToPath(new URL('../../packages/cli/bin/lanes.js', import.meta.url));

function run(command, argv, options = {}) {
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1024 ** 3, env, ...options });
  if (r.error) throw r.error;
  return r;
}

/** Paths of `count` files: spread over the sessions' lanes, or all in the first lane. */
function paths(count, spread) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const lane = spread ? (i % sessions) + 1 : 1;
    out.push(`src/s${id(lane)}/m${id(Math.floor(i / 3000) % 100)}/file${String(i).padStart(6, '0')}.ts`);
  }
  return out;
}

/** One `git fast-import` stream: a base commit with the plan, and two commits of `fileCount` files. */
function importStream(plan) {
  const chunks = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  chunks.push('blob\nmark :1\n', data('export {};\n'));
  chunks.push('blob\nmark :2\n', data(plan));
  chunks.push('blob\nmark :3\n', data('{"name":"bench","private":true}\n'));
  const commit = (ref, mark, from, message, files) => {
    chunks.push(`commit ${ref}\nmark ${mark}\ncommitter Bench <bench@lanes.invalid> 1700000000 +0000\n`, data(message));
    if (from) chunks.push(`from ${from}\n`);
    chunks.push(`M 100644 :2 ${planPath}\nM 100644 :3 package.json\n`);
    for (const path of files) chunks.push(`M 100644 :1 ${path}\n`);
    chunks.push('\n');
  };
  commit('refs/heads/base', ':10', null, 'base', []);
  commit('refs/heads/main', ':11', ':10', 'spread', paths(fileCount, true));
  commit('refs/heads/lane', ':12', ':10', 'one lane', paths(fileCount, false));
  commit('refs/heads/half', ':13', ':10', 'half in one lane', paths(fileCount, false).slice(0, fileCount / 2));
  return chunks.join('');
}

// CPU time (user + system, children included) tells the cost apart from the machine's load; GNU time
// prints it where it is installed.
const gnuTime = run('sh', ['-c', 'command -v /usr/bin/time && /usr/bin/time -f %U true']).status === 0 ? '/usr/bin/time' : null;

function time(cwd, command, argv, extraEnv = {}) {
  const timed = gnuTime ? [gnuTime, ['-f', '\n@cpu %U %S', command, ...argv]] : [command, argv];
  const start = process.hrtime.bigint();
  const r = spawnSync(timed[0], timed[1], { cwd, env: { ...env, ...extraEnv }, maxBuffer: 1024 ** 3 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  let stderr = r.stderr.toString();
  let cpu = null;
  const m = /\n@cpu ([\d.]+) ([\d.]+)\n?$/.exec(stderr);
  if (m) {
    cpu = (Number(m[1]) + Number(m[2])) * 1000;
    stderr = stderr.slice(0, m.index);
  }
  return { ms, cpu, status: r.status, stderr };
}

function measure(cwd, label, session, expectStatus) {
  const diffIndex = ['diff-index', '--cached', '-z', '--raw', '--no-renames', 'HEAD'];
  const sessionEnv = { LANES_SESSION: session };
  const hook = ['sh', ['-c', guardLines('pre-commit')]];
  const cold = time(cwd, ...hook, sessionEnv);
  if (cold.status !== expectStatus) throw new Error(`${label}: the hook exited ${cold.status}, expected ${expectStatus}: ${cold.stderr.slice(0, 400)}`);
  const runsOf = { node: [], git: [], hook: [], direct: [], shim: [] };
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that a slow moment of the machine hits all of them alike.
    runsOf.node.push(time(cwd, process.execPath, ['-e', '0']));
    runsOf.git.push(time(cwd, 'git', diffIndex));
    runsOf.hook.push(time(cwd, ...hook, sessionEnv));
    runsOf.direct.push(time(cwd, process.execPath, [lanesBin, 'guard'], sessionEnv));
    runsOf.shim.push(time(cwd, join(cwd, 'node_modules/.bin/lanes'), ['guard'], sessionEnv));
  }
  const wall = (list) => median(list.map((t) => t.ms));
  const floor = wall(runsOf.node) + wall(runsOf.git);
  const ratio = (list) => `${wall(list).toFixed(1)} ms = ${(wall(list) / floor).toFixed(2)}x`;
  console.log(
    `${label}\n  wall: node -e 0 ${wall(runsOf.node).toFixed(1)} ms + git diff-index ${wall(runsOf.git).toFixed(1)} ms = floor ${floor.toFixed(1)} ms; the hook ${ratio(runsOf.hook)} floor; bin itself ${ratio(runsOf.direct)}; through pnpm's shim ${ratio(runsOf.shim)} (cold cache ${cold.ms.toFixed(0)} ms)`,
  );
  let cpuRatio = null;
  if (gnuTime) {
    const cpu = (list) => median(list.map((t) => t.cpu));
    const cpuFloor = cpu(runsOf.node) + cpu(runsOf.git);
    cpuRatio = cpu(runsOf.hook) / cpuFloor;
    console.log(
      `  cpu:  node -e 0 ${cpu(runsOf.node).toFixed(0)} ms + git diff-index ${cpu(runsOf.git).toFixed(0)} ms = floor ${cpuFloor.toFixed(0)} ms; the hook ${cpu(runsOf.hook).toFixed(0)} ms = ${cpuRatio.toFixed(2)}x floor; bin itself ${(cpu(runsOf.direct) / cpuFloor).toFixed(2)}x; pnpm's shim ${(cpu(runsOf.shim) / cpuFloor).toFixed(2)}x`,
    );
  }
  return { wall: wall(runsOf.hook) / floor, direct: wall(runsOf.direct) / floor, cpu: cpuRatio };
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-bench-guard-')));
try {
  const started = Date.now();
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['fast-import', '--quiet'], importStream(planText((n) => [`docs/s${n}/*.md`, `!src/s${n}/generated/**`])));
  git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
  const load = loadAverage();
  console.log(`repository: ${fileCount} files, ${sessions}-session plan, built in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir}); ${runs} runs each, medians; load ${load}`);

  // A one-file commit: HEAD holds every file; one of S-05's files is changed in the index.
  git(dir, ['read-tree', 'HEAD']);
  const changed = paths(fileCount, true).find((p) => p.startsWith('src/s05/'));
  const blob = git(dir, ['hash-object', '-w', '--stdin'], 'export const changed = true;\n').trim();
  git(dir, ['update-index', '--cacheinfo', `100644,${blob},${changed}`]);
  installLanes(dir);
  const one = measure(dir, 'one-file commit (S-05, allowed)', 'S-05', 0);
  measure(dir, 'one-file commit (S-06, blocked)', 'S-06', 1);

  // Staged files: HEAD is the plan alone, the index holds half the files, then all of them.
  git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/base']);
  git(dir, ['read-tree', 'half']);
  const half = measure(dir, `${fileCount / 2} staged files in S-01's lane (allowed)`, 'S-01', 0);
  git(dir, ['read-tree', 'lane']);
  measure(dir, `${fileCount} staged files in S-01's lane (allowed)`, 'S-01', 0);
  git(dir, ['read-tree', 'main']);
  measure(dir, `${fileCount} staged files in 30 lanes (S-01, blocked)`, 'S-01', 1);
  const cpu = (r) => (r.cpu === null ? '' : `, cpu ${r.cpu.toFixed(2)}x`);
  console.log(
    `ratios to the floor, the hook as \`lanes init\` writes it (targets 1.2x and 1.5x): one-file commit ${one.wall.toFixed(2)}x${cpu(one)} (bin itself ${one.direct.toFixed(2)}x); ${fileCount / 2} staged files ${half.wall.toFixed(2)}x${cpu(half)} (bin itself ${half.direct.toFixed(2)}x)`,
  );
} finally {
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
