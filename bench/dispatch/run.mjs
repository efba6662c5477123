#!/usr/bin/env node
// bench/dispatch: a 9-session plan of `shell` sessions that run `true` (3 batches of 3, max-parallel 3), dispatched
// in the shared workspace and in worktrees, against the floor: the same git work and the same nine `bash -e -c true`
// done by a plain shell script (and the same script started from node), measured in the same run.
//
// Two dispatches are timed: cold, the first time lanes reads the plan (it loads the markdown parser and the rules,
// parses and lints), and warm, after `lanes dispatch --dry-run` read it (the README's flow: look, then run), when
// the parse and lint come from the cache. Prints medians, the ratios and the overhead per session.
// Usage: node bench/dispatch/run.mjs [runs]   (build first: pnpm build)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 7);
const lanesBin = fileURLToPath(new URL('../../packages/cli/bin/lanes.js', import.meta.url));
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANES_') && !k.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@lanes.invalid', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@lanes.invalid',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', CI: '1',
};
const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((l) => `S-${l}`);

function plan() {
  const rows = ids.map((id, i) => `| ${id} | BENCH-${i + 10} | Session ${id} | quick | ~$1 | shell/bench-${i + 10}-s | ${Math.floor(i / 3) + 1} | — |`);
  const sessions = ids.map((id) => `### ${id}: Session ${id}\n\n- **Owns:** \`work/${id}/**\`\n- **Run:**\n\n\`\`\`sh\ntrue\n\`\`\`\n`);
  const registry = ids.map((id, i) => `| ${id} | BENCH-${i + 10} | ${Math.floor(i / 3) + 1}${'ABC'[i % 3]} | 2026-11-20-bench-nine.md | Planned |`);
  return `---\nproject: bench\nmax-parallel: 3\nbase: main\nagent: shell\n---\n\n# Bench\n\n**Parent issue:** BENCH-1\n**Date:** 2026-11-20\n\n## Dispatch\n\n| Session | Issue | Focus | Mode | Est. Cost | Branch | Batch | Depends on |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n\n## Sessions\n\n${sessions.join('\n')}\n## Session Registry\n\n| Session Name | Issue | Phase | Plan File | Status |\n|---|---|---|---|---|\n${registry.join('\n')}\n`;
}

function makeRepo() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-bench-dispatch-')));
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'plans/2026-11-20-bench-nine.md'), plan());
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  const git = (...args) => execFileSync('git', args, { cwd: dir, env });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'initial');
  return dir;
}

// The floor: the git work a dispatch cannot avoid, in plain sh, as lanes does it: the registry committed at each
// batch boundary (`git commit --only`: when batch 1 starts, between batches, at the end: four commits), the three
// sessions of a batch in parallel, each followed by the cheapest check of whether it committed (`git rev-parse
// HEAD`, or its branch); in worktrees, each session's `git worktree add -b` first, one at a time as the runner
// must (git's config.lock), each session starting as soon as its worktree exists.
const floorScript = (worktrees) => `
set -e
exclude=$(git rev-parse --git-path info/exclude); mkdir -p "$(dirname "$exclude")"; echo /.lanes/ >> "$exclude"
echo "<!-- batch 1 starts -->" >> plans/2026-11-20-bench-nine.md; git commit -q --no-verify --only -m "registry" -- plans/2026-11-20-bench-nine.md
for batch in 1 2 3; do
  for s in 1 2 3; do
    id="b$batch-s$s"; cwd=.; ref=HEAD
    ${worktrees ? 'git worktree add -q -b "bench/$id" ".lanes/worktrees/$id" main; cwd=".lanes/worktrees/$id"; ref="bench/$id"' : ''}
    (cd "$cwd" && bash -e -c true && git rev-parse "$ref" >/dev/null) &
  done
  wait
  echo "<!-- batch $batch done -->" >> plans/2026-11-20-bench-nine.md; git commit -q --no-verify --only -m "registry" -- plans/2026-11-20-bench-nine.md
done
`;

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function dispatch(dir, mode, ...extra) {
  const r = spawnSync(process.execPath, [lanesBin, 'dispatch', '--workspace', mode, ...extra], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lanes dispatch ${extra.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

const results = {};
for (const mode of ['shared', 'worktree']) {
  const m = { cold: [], warm: [], start: [], floor: [], nodeFloor: [] };
  for (let i = 0; i < runs; i++) {
    const cold = makeRepo();
    m.cold.push(time(() => dispatch(cold, mode, '--yes')));
    const warm = makeRepo();
    dispatch(warm, mode, '--dry-run'); // reads the plan once, as a person looking before running does
    // What lanes costs before it runs anything, warm: node, its modules, the cached plan, the table.
    m.start.push(time(() => dispatch(warm, mode, '--dry-run')));
    m.warm.push(time(() => dispatch(warm, mode, '--yes')));
    const b = makeRepo();
    m.floor.push(time(() => {
      const r = spawnSync('sh', ['-c', floorScript(mode === 'worktree')], { cwd: b, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`floor script failed: ${r.stderr}`);
    }));
    const c = makeRepo();
    m.nodeFloor.push(time(() => {
      const r = spawnSync(process.execPath, ['-e', `require('node:child_process').execFileSync('sh', ['-c', process.argv[1]], { stdio: 'inherit' })`, floorScript(mode === 'worktree')], { cwd: c, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`node floor failed: ${r.stderr}`);
    }));
    for (const d of [cold, warm, b, c]) rmSync(d, { recursive: true, force: true });
  }
  results[mode] = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]));
}

const nodeStart = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, ['-e', '0']))));
const ms = (v) => `${v.toFixed(0).padStart(5)} ms`;
console.log(`bench/dispatch: 9 shell sessions running \`true\`, 3 batches of 3, max-parallel 3; medians of ${runs} runs`);
console.log(`node -e 0 takes ${nodeStart.toFixed(0)} ms here`);
for (const [mode, r] of Object.entries(results)) {
  console.log(`\n${mode}: floor (sh) ${ms(r.floor)}, floor started from node ${ms(r.nodeFloor)}`);
  for (const [label, v] of [['cold (first read of the plan)', r.cold], ['warm (plan read by --dry-run)', r.warm]]) {
    console.log(
      `  ${label.padEnd(31)} ${ms(v)}   ${(v / r.floor).toFixed(2)}x the sh floor   ${(v / r.nodeFloor).toFixed(2)}x the node floor   overhead ${((v - r.floor) / 9).toFixed(0)} ms per session (${((v - r.nodeFloor) / 9).toFixed(0)} over the node floor)`,
    );
  }
  const running = r.warm - r.start;
  console.log(`  warm start-up (--dry-run: node, modules, cached plan, table) ${ms(r.start)}; the run itself ${ms(running)} = ${(running / r.floor).toFixed(2)}x the sh floor, ${((running - r.floor) / 9).toFixed(0)} ms per session`);
}
