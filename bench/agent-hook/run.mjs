// Figures for the agents' edit-time hook, `lanes guard --hook <agent>`; run on purpose, never in `test`. Prints
// figures, asserts nothing.
//   pnpm build && node bench/agent-hook/run.mjs [--runs 15]
// A repository with a 30-session plan and 3,000 committed files in a temp dir; each agent's payload (the shapes
// of packages/guard/src/agent-hook-payload.ts: an in-lane write allowed, an out-of-lane write refused; for gemini
// also a shell command, which the hook hands back with git's hooks turned on, and a `git commit`, which runs the
// staged check) is piped into `lanes guard --hook <agent>` through the installed bin, as the agent runs it.
// The floor, measured in the same run and interleaved: `node -e 0`, and `lanes guard` (the pre-commit check of one
// staged file) for the guard's own budget. Medians.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = i === -1 ? 15 : Number(args[i + 1]);
const sessions = 30;
const cliDir = fileURLToPath(new URL('../../packages/cli', import.meta.url));
const pnpmShim = fileURLToPath(new URL('../../node_modules/.bin/lanes', import.meta.url));

const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && !k.startsWith('LANES_') && k !== 'HUSKY')),
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@lanes.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@lanes.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LANES_SESSION: 'S-05',
};

function git(cwd, argv) {
  const r = spawnSync('git', argv, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const id = (n) => String(n).padStart(2, '0');

function planText() {
  const lines = ['---', 'project: bench', 'max-parallel: 3', '---', '', '# Bench plan', '', '## Dispatch', '', '| Session | Issue | Mode | Branch | Batch |', '|---|---|---|---|---|'];
  for (let s = 1; s <= sessions; s++) lines.push(`| S-${id(s)} | BENCH-${s} | tdd | claude/bench-${s}-lane | ${Math.ceil(s / 3)} |`);
  lines.push('', '## Sessions', '');
  for (let s = 1; s <= sessions; s++) lines.push(`### S-${id(s)}: Lane ${s}`, '', `- **Issue:** BENCH-${s}`, '- **Owns:**', `  - \`src/s${id(s)}/**\``, '');
  lines.push('## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|');
  for (let s = 1; s <= sessions; s++) lines.push(`| S-${id(s)} | BENCH-${s} | ${Math.ceil(s / 3)}A | 2026-01-01-bench-lanes.md | Active |`);
  return `${lines.join('\n')}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(cwd, command, argv, input) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, env, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-bench-agent-hook-')));
try {
  git(dir, ['init', '-q', '-b', 'main']);
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'plans/2026-01-01-bench-lanes.md'), planText());
  writeFileSync(join(dir, 'package.json'), '{"name":"bench","private":true}\n');
  for (let s = 1; s <= sessions; s++) {
    mkdirSync(join(dir, `src/s${id(s)}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `src/s${id(s)}/file${f}.ts`), 'export {};\n');
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  writeFileSync(join(dir, 'src/s05/file0.ts'), 'export const changed = true;\n');
  git(dir, ['add', 'src/s05/file0.ts']);
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  // The package as a user's repository has it: node_modules/lanes and pnpm's shim in node_modules/.bin.
  symlinkSync(cliDir, join(dir, 'node_modules/lanes'));
  copyFileSync(pnpmShim, join(dir, 'node_modules/.bin/lanes'));
  const lanes = join(dir, 'node_modules/.bin/lanes');

  const mine = join(dir, 'src/s05/new.ts');
  const theirs = join(dir, 'src/s06/new.ts');
  // [label, agent, payload, expected exit status]
  const cases = [
    ['claude Write, in lane', 'claude', { cwd: dir, tool_name: 'Write', tool_input: { file_path: mine, content: 'x' } }, 0],
    ['claude Write, refused', 'claude', { cwd: dir, tool_name: 'Write', tool_input: { file_path: theirs, content: 'x' } }, 2],
    ['codex apply_patch, in lane', 'codex', { cwd: dir, tool_name: 'apply_patch', tool_input: { command: '*** Begin Patch\n*** Add File: src/s05/new.ts\n+x\n*** End Patch' } }, 0],
    ['codex apply_patch, refused', 'codex', { cwd: dir, tool_name: 'apply_patch', tool_input: { command: '*** Begin Patch\n*** Add File: src/s06/new.ts\n+x\n*** End Patch' } }, 2],
    ['gemini write_file, in lane', 'gemini', { cwd: dir, tool_name: 'write_file', tool_input: { file_path: mine, content: 'x' } }, 0],
    ['gemini replace, refused', 'gemini', { cwd: dir, tool_name: 'replace', tool_input: { file_path: theirs.replace('new', 'file1'), old_string: 'export', new_string: 'x' } }, 2],
    ['gemini shell (hooks turned on)', 'gemini', { cwd: dir, tool_name: 'run_shell_command', tool_input: { command: 'ls' } }, 0],
    ['gemini git commit (staged check)', 'gemini', { cwd: dir, tool_name: 'run_shell_command', tool_input: { command: 'git commit -m x' } }, 0],
    ['cursor Write, in lane', 'cursor', { workspace_roots: [dir], tool_name: 'Write', tool_input: { file_path: mine, content: 'x' } }, 0],
    ['copilot create, refused', 'copilot', { cwd: dir, toolName: 'create', toolArgs: JSON.stringify({ path: theirs, file_text: 'x' }) }, 0],
  ];
  for (const [label, agent, payload, status] of cases) {
    const r = time(dir, lanes, ['guard', '--hook', agent], JSON.stringify(payload));
    if (r.status !== status) throw new Error(`${label}: exit ${r.status}, expected ${status}: ${r.stderr}${r.stdout}`);
  }
  const load = spawnSync('sh', ['-c', 'cat /proc/loadavg 2>/dev/null || uptime'], { encoding: 'utf8' }).stdout.trim();
  console.log(`repository: ${sessions * 100} files, ${sessions}-session plan (${dir}); ${runs} runs each, interleaved, medians; load ${load}`);
  const node = [];
  const guard = [];
  const hooks = cases.map(() => []);
  for (let r = 0; r < runs; r++) {
    node.push(time(dir, process.execPath, ['-e', '0']).ms);
    guard.push(time(dir, lanes, ['guard']).ms);
    cases.forEach(([, agent, payload], k) => hooks[k].push(time(dir, lanes, ['guard', '--hook', agent], JSON.stringify(payload)).ms));
  }
  const floor = median(node);
  const commitGuard = median(guard);
  console.log(`floor: node -e 0 ${floor.toFixed(1)} ms; lanes guard (pre-commit, one staged file, installed bin) ${commitGuard.toFixed(1)} ms = ${(commitGuard / floor).toFixed(2)}x node`);
  for (const [k, [label]] of cases.entries()) {
    const m = median(hooks[k]);
    console.log(`  ${label.padEnd(34)} ${m.toFixed(1).padStart(7)} ms = ${(m / floor).toFixed(2)}x node -e 0, ${(m / commitGuard).toFixed(2)}x lanes guard`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
