import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { git, lanesBin, makeRepo, testEnv, workspaceRoot, type RunResult } from './repo.ts';

/** Where the generated plan lives in a test repository, and its file name. */
export const planPath = 'plans/2026-11-20-test-dispatch.md';
export const planFile = '2026-11-20-test-dispatch.md';

/** The scripted fake agent (`test/fixtures/dispatch/fake-agent.mjs`). */
export const fakeAgent = join(workspaceRoot, 'test/fixtures/dispatch/fake-agent.mjs');

/** One session of a generated plan. */
export interface PlanSession {
  id: string;
  batch: number;
  dependsOn?: string[];
  owns?: string[];
  mode?: string;
  timeout?: string;
  branch?: string;
  run?: string;
  /** The `Merge order` cell (a column is added when any session has one). */
  mergeOrder?: string;
  /** The `Worktree` cell (a column is added when any session has one). */
  worktree?: string;
}

/** A plan with the given sessions, each owning `work/<id>/**` unless told otherwise. */
export function planText(sessions: PlanSession[], front: { maxParallel?: number; verify?: string; agent?: string; integrate?: string; integrateInto?: string } = {}): string {
  const lines = ['---', 'project: test', `max-parallel: ${front.maxParallel ?? 3}`, 'base: main', `agent: ${front.agent ?? 'command'}`];
  if (front.verify) lines.push(`verify: ${front.verify}`);
  if (front.integrate) lines.push(`integrate: ${front.integrate}`);
  if (front.integrateInto) lines.push(`integrate-into: ${front.integrateInto}`);
  lines.push('---', '', '# Test plan', '', '**Parent issue:** TEST-1', '**Date:** 2026-11-20', '', '## Dispatch', '');
  const extra = [
    ...(sessions.some((s) => s.worktree !== undefined) ? [['Worktree', (s: PlanSession) => s.worktree ?? '—'] as const] : []),
    ...(sessions.some((s) => s.mergeOrder !== undefined) ? [['Merge order', (s: PlanSession) => s.mergeOrder ?? ''] as const] : []),
  ];
  const header = ['Session', 'Issue', 'Focus', 'Mode', 'Est. Cost', 'Branch', 'Batch', 'Depends on', ...extra.map(([name]) => name)];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  sessions.forEach((s, i) => {
    const cells = [s.id, `TEST-${i + 10}`, `Work ${s.id}`, s.mode ?? 'tdd', '~$1', s.branch ?? `${front.agent ?? 'command'}/test-${i + 10}-work`, String(s.batch), (s.dependsOn ?? []).join(', ') || '—', ...extra.map(([, cell]) => cell(s))];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  lines.push('', '## Sessions', '');
  for (const s of sessions) {
    lines.push(`### ${s.id}: Work ${s.id}`, '', `- **Owns:** ${(s.owns ?? [`work/${s.id}/**`]).map((p) => `\`${p}\``).join(', ')}`);
    if (s.timeout) lines.push(`- **Timeout:** ${s.timeout}`);
    if (s.run) lines.push('- **Run:**', '', '```sh', s.run, '```');
    lines.push('');
  }
  lines.push('## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|');
  const perBatch = new Map<number, number>();
  sessions.forEach((s, i) => {
    const n = perBatch.get(s.batch) ?? 0;
    perBatch.set(s.batch, n + 1);
    lines.push(`| ${s.id} | TEST-${i + 10} | ${s.batch}${String.fromCharCode(65 + n)} | ${planFile} | Planned |`);
  });
  return `${lines.join('\n')}\n`;
}

/** A repository on `main` with the plan at `planPath`, committed. */
export function makeDispatchRepo(plan: string, files: Record<string, string> = {}): string {
  return makeRepo({ [planPath]: plan, 'README.md': '# test\n', ...files });
}

/** The environment of a dispatch with fake agents: behaviours by session, and the record file. */
export function dispatchEnv(dir: string, agents: Record<string, string>): NodeJS.ProcessEnv {
  return testEnv({
    FAKE_AGENTS: JSON.stringify(agents),
    FAKE_RECORD: `${dir}.record`,
    LANES_AGENT_COMMAND: `node ${fakeAgent} {session}`,
    LANES_AGENT_EVENTS: 'claude',
    CI: '1',
  });
}

/** What the fake agents recorded: starts and ends (ms) and every pid they made. */
export interface Record_ {
  starts: Map<string, number[]>;
  ends: Map<string, number[]>;
  pids: Map<string, number[]>;
  lines: string[];
}

/** Reads the record file the fake agents append to. */
export function readRecord(dir: string): Record_ {
  const file = `${dir}.record`;
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter((l) => l !== '') : [];
  const starts = new Map<string, number[]>();
  const ends = new Map<string, number[]>();
  const pids = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number): void => {
    m.set(k, [...(m.get(k) ?? []), v]);
  };
  for (const l of lines) {
    const [kind, id, a, b] = l.split(' ');
    if (kind === 'start') {
      push(starts, id!, Number(a));
      push(pids, id!, Number(b));
    } else if (kind === 'end') push(ends, id!, Number(a));
    else if (kind === 'pid') push(pids, id!, Number(a));
  }
  return { starts, ends, pids, lines };
}

/** True when a process with this pid exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The dispatch state file of the generated plan. */
export function readState(dir: string): {
  sessions: Record<string, { status: string; reason: string | null; process: { pid: number } | null; attempts: number; cost: number | null; endedAt: string | null; landed?: string | null }>;
} {
  return JSON.parse(readFileSync(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/state.json'), 'utf8')) as never;
}

/** The registry rows of the committed plan: `[session, status cell, cost cell]`. */
export function registryRows(text: string): string[][] {
  const table = text.slice(text.indexOf('## Session Registry'));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Session Name'))
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

/** Starts `lanes` in the background. */
export function startLanes(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [lanesBin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ status: code ?? (signal === 'SIGKILL' ? 137 : -1), stdout, stderr });
    });
  });
  return { child, done };
}

/** Waits until `check` holds, polling every 50 ms, or throws after `ms`. */
export async function waitFor(check: () => boolean, ms = 20_000, what = 'the condition'): Promise<void> {
  const until = Date.now() + ms;
  const holds = (): boolean => {
    try {
      return check();
    } catch {
      return false; // the state file is not there yet
    }
  };
  while (!holds()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A `shell` session's `Run` block that writes files (`printf` text, so `\\n` for a newline) and commits them as
 * "<id> work"; `extra` is shell run after the writes, before the commit.
 */
export function commitScript(id: string, files: Record<string, string>, extra = ''): string {
  const writes = Object.entries(files).map(([path, text]) => `mkdir -p "$(dirname ${path})" && printf '${text}' > ${path}`);
  return `${writes.join(' && ')}${extra}\ngit add -A && git commit -q -m "${id} work"`;
}

/** Subjects of the commits on `ref` since the first, oldest first, without the runner's registry commits. */
export function landedHistory(dir: string, ref = 'main'): string[] {
  return git(dir, ['log', '--reverse', '--format=%s', ref])
    .trim()
    .split('\n')
    .slice(1)
    .filter((s) => !s.startsWith('lanes: registry'));
}

/**
 * A `shell` session's `Run` block for `--resolve` tests: its first run runs `first` (which commits "<id> work");
 * run again (the resolve prompt), it runs `resolve` with `$onto` (the commit to rebase onto) and `$paths` (the
 * conflicted paths) read from the resolve prompt, as an agent reads them.
 */
export function resolverScript(id: string, first: string, resolve: string): string {
  return [
    `if git log -1 --format=%s | grep -q "${id} work"; then`,
    `  prompt="$(git rev-parse --git-common-dir)/../.lanes/dispatch/plans__2026-11-20-test-dispatch/prompts/${id}.resolve.md"`,
    '  onto=$(sed -n "s/^Rebase onto: //p" "$prompt")',
    '  paths=$(sed -n "s/^Conflicted paths: //p" "$prompt")',
    resolve,
    'else',
    first,
    'fi',
  ].join('\n');
}

/** A resolution for `resolverScript` that does what the prompt asks: rebase onto `$onto`, keep what landed plus " + B" in each conflicted path, stage them. */
export const keepBothSides = ['  git rebase -q "$onto" >/dev/null 2>&1 || true', '  for f in $paths; do printf "%s\\n" "$(git show "$onto:$f" | head -1) + B" > "$f"; git add "$f"; done'].join('\n');
