// What the guard's benches share (bench/guard, bench/agent-hook): a clean git environment, a plan of 30
// sessions with one lane each, the package installed in a repository as a user's has it, and medians.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The plan's sessions. */
export const sessions = 30;

/** The environment of every command: the user's without git's or Lanes' settings, and a bench identity. */
export const benchEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && !k.startsWith('LANES_') && k !== 'HUSKY')),
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@lanes.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@lanes.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` (with `input` on stdin) and returns its stdout; throws with git's message when it fails. */
export function git(cwd, argv, input) {
  const r = spawnSync('git', argv, { cwd, env: benchEnv, input, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`git ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A session's number as its id has it: 5 → "05". */
export const sessionNumber = (n) => String(n).padStart(2, '0');

/** The plan: session S-nn owns `src/snn/**`, and whatever `moreOwns(nn)` adds. */
export function planText(moreOwns = () => []) {
  const id = sessionNumber;
  const lines = ['---', 'project: bench', 'max-parallel: 3', '---', '', '# Bench plan', '', '## Dispatch', '', '| Session | Issue | Mode | Branch | Batch |', '|---|---|---|---|---|'];
  for (let s = 1; s <= sessions; s++) lines.push(`| S-${id(s)} | BENCH-${s} | tdd | claude/bench-${s}-lane | ${Math.ceil(s / 3)} |`);
  lines.push('', '## Sessions', '');
  for (let s = 1; s <= sessions; s++) {
    lines.push(`### S-${id(s)}: Lane ${s}`, '', `- **Issue:** BENCH-${s}`, '- **Owns:**', `  - \`src/s${id(s)}/**\``, ...moreOwns(id(s)).map((p) => `  - \`${p}\``), '');
  }
  lines.push('## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|');
  for (let s = 1; s <= sessions; s++) lines.push(`| S-${id(s)} | BENCH-${s} | ${Math.ceil(s / 3)}A | 2026-01-01-bench-lanes.md | Active |`);
  return `${lines.join('\n')}\n`;
}

/** The path of the plan in the bench repositories. */
export const planPath = 'plans/2026-01-01-bench-lanes.md';

/**
 * The package as a user's repository has it after `pnpm add -D lanes`: node_modules/lanes linked to this
 * workspace's, and pnpm's shim as node_modules/.bin/lanes. Returns the shim's path.
 */
export function installLanes(dir) {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(fileURLToPath(new URL('../../packages/cli', import.meta.url)), join(dir, 'node_modules/lanes'));
  const shim = join(dir, 'node_modules/.bin/lanes');
  copyFileSync(fileURLToPath(new URL('../../node_modules/.bin/lanes', import.meta.url)), shim);
  return shim;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The machine's load average, to print beside the figures. */
export function loadAverage() {
  return spawnSync('sh', ['-c', 'cat /proc/loadavg 2>/dev/null || uptime'], { encoding: 'utf8' }).stdout.trim();
}
