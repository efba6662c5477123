// `lanes dispatch` with the real codex (0.171, the root devDependency) and its edit-time hook, offline against the
// scripted model server (see real-agents.test.ts for the set-up): the runner injects `lanes guard --hook codex` with
// `codex exec -c 'hooks.PreToolUse=[…]'` and the trust entry for exactly that hook, so an apply_patch into another
// session's lane is refused before it writes, and the refusal is recorded where the runner reads it (codex's own
// JSON stream says nothing of it).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentEnv, answer, codexAddFile, codexExec, logEvents, modelServersClosedAfterEach, readSessions, runLanes, sessionCommits, sessionRequests, type ModelRequest } from './helpers/agents.ts';
import { makeDispatchRepo, planPath, planText, registryRows } from './helpers/dispatch.ts';
import { codexHookHash, codexHookMatcher, codexHookOverrides } from '../packages/dispatch/src/agent-command.ts';
import { agentHookCommand } from '../packages/cli/src/init/hook-text.ts';
import { git, lanes, lanesBin, removedAfterEach, tempDir } from './helpers/repo.ts';

const removeLater = removedAfterEach();
const serve = modelServersClosedAfterEach();
const repo = (plan: string): string => removeLater(makeDispatchRepo(plan));
const home = (): string => removeLater(tempDir('lanes-agent-home-'));

const REFUSAL = [
  'lanes: S-A may not edit work/S-B/x.txt: it is owned by S-B (plans/2026-11-20-test-dispatch.md:28 `work/S-B/**`). ',
  'S-A owns `work/S-A/**` (plans/2026-11-20-test-dispatch.md:24); stay within them, or ask the coordinator to extend the Owns',
].join('');

/** The outputs of the tool calls a codex request sends back to the model (Responses API `function_call_output`). */
function functionOutputs(request: ModelRequest): string[] {
  const input = (request.body as { input?: { type: string; output?: unknown }[] } | null)?.input ?? [];
  return input.filter((i) => i.type === 'function_call_output').map((i) => String(i.output));
}

describe('lanes dispatch with the real codex and its PreToolUse hook', () => {
  it('refuses an apply_patch into another lane at edit time and records it; the in-lane patch goes through; Done', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'codex' }));
    const server = await serve({
      'S-A': [
        codexAddFile('work/S-B/x.txt', ['not mine']),
        codexAddFile('work/S-A/a.txt', ['A']),
        codexExec('git add work/S-A/a.txt && git commit -q -m "S-A: a"'),
        answer(),
      ],
    });
    const env = agentEnv(home(), server);
    const r = await runLanes(dir, ['dispatch', '--yes', '--only', 'S-A'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'work/S-B/x.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'work/S-A/a.txt'), 'utf8')).toBe('A\n');
    const s = readSessions(dir)['S-A']!;
    // What codex gave the model for the refused patch: the hook's reason (and the runner's record, below).
    expect(functionOutputs(sessionRequests(server, 'S-A')[1]!)).toEqual([
      `Command blocked by PreToolUse hook: ${REFUSAL}. Command: apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: work/S-B/x.txt\n+not mine\n*** End Patch\nEOF`,
    ]);
    // codex's stream says nothing of the refusal: only the in-lane patch is a file change.
    expect(logEvents(s.log).filter((e) => e.type === 'item.completed').map((e) => (e.item as { type: string }).type)).toEqual(['error', 'file_change', 'command_execution', 'agent_message']);
    expect(sessionCommits(dir)).toEqual([['S-A: a', ['work/S-A/a.txt'], 'S-A']]);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(s.status).toBe('Done');
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0], row[4]])).toEqual([
      ['S-A', 'Done (1 edit refused: work/S-B/x.txt)'],
      ['S-B', 'Planned'],
    ]);
    const status = lanes(dir, ['status'], { env });
    expect(status.stdout).toContain('1 edit refused: work/S-B/x.txt');
  });
});

/** Runs a command to the end without blocking the event loop (the model server lives in the test's process). */
function runAsync(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', (code) => {
      done(code);
    });
  });
}

describe('codex 0.171 runs a -c hook only with the trust entry for exactly that hook', () => {
  it('skips the runner\'s hook silently when its hash is wrong, and refuses the patch with the right one', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'codex' }));
    const overrides = codexHookOverrides([process.execPath, lanesBin]);
    const untrusted = [...overrides.slice(0, 3), overrides[3]!.replace(/sha256:[0-9a-f]{64}/, `sha256:${'0'.repeat(64)}`)];
    const codex = async (extra: string[]): Promise<number | null> => {
      const server = await serve({ 'S-A': [codexAddFile('work/S-B/x.txt', ['not mine']), answer()] });
      const env = { ...agentEnv(home(), server), LANES_SESSION: 'S-A' };
      return runAsync('codex', ['exec', '--json', '--dangerously-bypass-approvals-and-sandbox', ...extra, '--', 'Session S-A: work.'], dir, env);
    };
    expect(await codex(untrusted)).toBe(0);
    expect(readFileSync(join(dir, 'work/S-B/x.txt'), 'utf8')).toBe('not mine\n');
    const records = join(dir, '.git/lanes/records/S-A.jsonl');
    expect(existsSync(records)).toBe(false);
    git(dir, ['clean', '-fdq']);
    expect(await codex(overrides)).toBe(0);
    expect(existsSync(join(dir, 'work/S-B/x.txt'))).toBe(false);
    const recorded = JSON.parse(readFileSync(records, 'utf8')) as { kind: string; session: string; paths: unknown[]; reason: string };
    expect([recorded.kind, recorded.session, recorded.paths, recorded.reason]).toEqual(['refused-edit', 'S-A', [{ path: 'work/S-B/x.txt', owner: 'S-B' }], REFUSAL]);
  });
});

describe('the .codex/hooks.json of lanes init --agents codex, with the real codex 0.171', () => {
  it('is skipped without a word until codex trusts it, then refuses the out-of-lane patch and records it', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'codex' }));
    writeFileSync(join(dir, 'package.json'), '{ "name": "x" }\n');
    expect(lanes(dir, ['init', '--yes', '--agents', 'codex']).status).toBe(0);
    // The installed bin the hooks look for (ignored, as node_modules is).
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.bin/lanes'), `#!/bin/sh\nexec '${process.execPath}' '${lanesBin}' "$@"\n`, { mode: 0o755 });
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'lanes init']);
    const codex = async (trust: string): Promise<number | null> => {
      const server = await serve({ 'S-A': [codexAddFile('work/S-B/x.txt', ['not mine']), answer()] });
      const codexHome = home();
      const env: NodeJS.ProcessEnv = { ...agentEnv(codexHome, server), LANES_SESSION: 'S-A' };
      appendFileSync(join(codexHome, '.codex', 'config.toml'), `\n[projects."${dir}"]\ntrust_level = "trusted"\n${trust}`);
      return runAsync('codex', ['exec', '--json', '--dangerously-bypass-approvals-and-sandbox', '--', 'Session S-A: work.'], dir, env);
    };
    expect(await codex('')).toBe(0);
    expect(readFileSync(join(dir, 'work/S-B/x.txt'), 'utf8')).toBe('not mine\n');
    git(dir, ['clean', '-fdq', 'work']);
    // The key codex gives the first hook of a project hooks.json, and the hash of exactly that hook.
    const hash = codexHookHash(agentHookCommand('codex'), codexHookMatcher, 60);
    expect(await codex(`\n[hooks.state."${dir}/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "${hash}"\n`)).toBe(0);
    expect(existsSync(join(dir, 'work/S-B/x.txt'))).toBe(false);
    const recorded = JSON.parse(readFileSync(join(dir, '.git/lanes/records/S-A.jsonl'), 'utf8')) as { kind: string; session: string; paths: unknown[]; reason: string };
    expect([recorded.kind, recorded.session, recorded.paths, recorded.reason]).toEqual(['refused-edit', 'S-A', [{ path: 'work/S-B/x.txt', owner: 'S-B' }], REFUSAL]);
  });
});
