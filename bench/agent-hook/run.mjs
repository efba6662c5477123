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
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEnv, git, installLanes, loadAverage, median, planPath, planText, sessionNumber as id, sessions } from '../lib/guard-repo.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = i === -1 ? 15 : Number(args[i + 1]);
const env = { ...benchEnv, LANES_SESSION: 'S-05' };

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
  writeFileSync(join(dir, planPath), planText());
  writeFileSync(join(dir, 'package.json'), '{"name":"bench","private":true}\n');
  for (let s = 1; s <= sessions; s++) {
    mkdirSync(join(dir, `src/s${id(s)}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `src/s${id(s)}/file${f}.ts`), 'export {};\n');
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  writeFileSync(join(dir, 'src/s05/file0.ts'), 'export const changed = true;\n');
  git(dir, ['add', 'src/s05/file0.ts']);
  const lanes = installLanes(dir);

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
  const load = loadAverage();
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
