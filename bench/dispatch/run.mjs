#!/usr/bin/env node
// bench/dispatch: a 9-session plan of `shell` sessions that run `true` (3 batches of 3, max-parallel 3), dispatched
// in the shared workspace and in worktrees, against the floor: the same git work and the same nine `bash -e -c true`
// done by a plain shell script (and the same script started from node), measured in the same run. Prints medians,
// the ratios and the overhead per session.
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

// The floor: the git work a dispatch cannot avoid, in plain sh. Per batch: the registry written and committed
// before and after (`git commit --only`), the three sessions' `bash -e -c true` in parallel and their commits
// listed; in worktrees, each session's `git worktree add -b` first, one at a time as the runner must (git's
// config.lock), each session starting as soon as its worktree exists.
const floorScript = (worktrees) => `
set -e
exclude=$(git rev-parse --git-path info/exclude); mkdir -p "$(dirname "$exclude")"; echo /.lanes/ >> "$exclude"
for batch in 1 2 3; do
  echo "<!-- batch $batch starts -->" >> plans/2026-11-20-bench-nine.md; git commit -q --no-verify --only -m "registry" -- plans/2026-11-20-bench-nine.md
  for s in 1 2 3; do
    id="b$batch-s$s"; cwd=.
    ${worktrees ? 'git worktree add -q -b "bench/$id" ".lanes/worktrees/$id" main; cwd=".lanes/worktrees/$id"' : ''}
    (cd "$cwd" && bash -e -c true && git log --format=%H HEAD..HEAD >/dev/null) &
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

const results = {};
for (const mode of ['shared', 'worktree']) {
  const lanesMs = [];
  const floorMs = [];
  const nodeFloorMs = [];
  const startMs = [];
  for (let i = 0; i < runs; i++) {
    const a = makeRepo();
    lanesMs.push(time(() => {
      const r = spawnSync(process.execPath, [lanesBin, 'dispatch', '--yes', '--workspace', mode], { cwd: a, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`lanes dispatch failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }));
    // What lanes costs before it runs anything: node, its modules, reading and linting the plan.
    startMs.push(time(() => {
      const r = spawnSync(process.execPath, [lanesBin, 'dispatch', '--dry-run', '--workspace', mode], { cwd: a, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`lanes dispatch --dry-run failed (${r.status}):\n${r.stderr}`);
    }));
    const b = makeRepo();
    floorMs.push(time(() => {
      const r = spawnSync('sh', ['-c', floorScript(mode === 'worktree')], { cwd: b, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`floor script failed: ${r.stderr}`);
    }));
    const c = makeRepo();
    nodeFloorMs.push(time(() => {
      const r = spawnSync(process.execPath, ['-e', `require('node:child_process').execFileSync('sh', ['-c', process.argv[1]], { stdio: 'inherit' })`, floorScript(mode === 'worktree')], { cwd: c, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`node floor failed: ${r.stderr}`);
    }));
    for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true });
  }
  results[mode] = { lanes: median(lanesMs), floor: median(floorMs), nodeFloor: median(nodeFloorMs), start: median(startMs) };
}

const nodeStart = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, ['-e', '0']))));
console.log(`bench/dispatch: 9 shell sessions running \`true\`, 3 batches of 3, max-parallel 3; medians of ${runs} runs`);
console.log(`(node -e 0 takes ${nodeStart.toFixed(0)} ms here)`);
for (const [mode, r] of Object.entries(results)) {
  console.log(
    `${mode.padEnd(8)}  lanes dispatch ${r.lanes.toFixed(0).padStart(5)} ms   floor (sh) ${r.floor.toFixed(0).padStart(5)} ms   ratio ${(r.lanes / r.floor).toFixed(2)}x   overhead ${((r.lanes - r.floor) / 9).toFixed(0)} ms per session`,
  );
  console.log(
    `${''.padEnd(8)}  floor with a node start ${r.nodeFloor.toFixed(0).padStart(5)} ms   ratio ${(r.lanes / r.nodeFloor).toFixed(2)}x   overhead ${((r.lanes - r.nodeFloor) / 9).toFixed(0)} ms per session`,
  );
  const running = r.lanes - r.start;
  console.log(
    `${''.padEnd(8)}  of which start-up (--dry-run: node, modules, parse, lint) ${r.start.toFixed(0)} ms; the run itself ${running.toFixed(0)} ms = ${(running / r.floor).toFixed(2)}x the sh floor, ${((running - r.floor) / 9).toFixed(0)} ms per session`,
  );
}
