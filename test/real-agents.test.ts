// `lanes dispatch` with the real agent CLIs (the pinned claude and codex of the root devDependencies), offline: each
// talks to a scripted model server on 127.0.0.1 (test/fixtures/agents/model-server.mjs) that answers every session
// with the turns its script gives (a session's prompt holds its id, which is how the server tells them apart), and the
// agents really run the tools: claude's Write and Bash, codex's exec_command and apply_patch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentEnv, answer, claudeBash, claudeWrite, codexAddFile, codexExec, logEvents, modelServersClosedAfterEach, processesWithToken, readSessions, runLanes, sessionCommits, sessionRequests } from './helpers/agents.ts';
import { alive, makeDispatchRepo, planPath, planText, registryRows } from './helpers/dispatch.ts';
import { git, removedAfterEach, tempDir } from './helpers/repo.ts';

const removeLater = removedAfterEach();
const serve = modelServersClosedAfterEach();
const repo = (plan: string): string => removeLater(makeDispatchRepo(plan));
const home = (): string => removeLater(tempDir('lanes-agent-home-'));

describe('lanes dispatch with the real claude', () => {
  it('runs two sessions at once in their lanes: both Done, each commit carries its session, the cost is claude\'s', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    // S-A commits once S-B has written its file (which only sessions running at once can do), S-B once S-A has committed.
    // The shared tree has one index, and a plain `git commit` lets go of it while its pre-commit hook runs and reads it
    // again after: another session's `git add` in between lands in the commit without the guard seeing it.
    const server = await serve({
      'S-A': [
        claudeWrite(join(dir, 'work/S-A/a.txt'), 'A\n'),
        claudeBash('for i in $(seq 200); do test -e work/S-B/b.txt && break; sleep 0.05; done; git add work/S-A/a.txt && git commit -q -m "S-A: a"'),
        answer(),
      ],
      'S-B': [
        claudeWrite(join(dir, 'work/S-B/b.txt'), 'B\n'),
        claudeBash('for i in $(seq 200); do git log --format=%s | grep -q "^S-A: a$" && break; sleep 0.05; done; git add work/S-B/b.txt && git commit -q -m "S-B: b"'),
        answer(),
      ],
    });
    const r = await runLanes(dir, ['dispatch', '--yes'], agentEnv(home(), server));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);

    const state = readSessions(dir);
    expect(Object.values(state).map((s) => [s.status, s.reason])).toEqual([['Done', null], ['Done', null]]);
    // Three model calls of 1000 tokens in and 100 out each, priced by claude itself.
    // The state keeps claude's own session id (the one its result event names).
    for (const id of ['S-A', 'S-B']) {
      const result = logEvents(state[id]!.log).find((e) => e.type === 'result');
      expect(result?.total_cost_usd).toBe(0.018000000000000002);
      expect(state[id]!.cost).toBe(0.018000000000000002);
      expect(state[id]!.agentSessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(result?.session_id).toBe(state[id]!.agentSessionId);
    }
    const text = readFileSync(join(dir, planPath), 'utf8');
    expect(registryRows(text).map((row) => [row[0], row[4], row[5]])).toEqual([
      ['S-A', 'Done', '$0.02 (est. $1)'],
      ['S-B', 'Done', '$0.02 (est. $1)'],
    ]);
    expect(git(dir, ['show', 'HEAD:' + planPath])).toBe(text);
    expect(git(dir, ['log', '--format=%s', '-1'])).toBe('lanes: registry of 2026-11-20-test-dispatch.md (end of run)\n');
    expect(sessionCommits(dir)).toEqual([
      ['S-B: b', ['work/S-B/b.txt'], 'S-B'],
      ['S-A: a', ['work/S-A/a.txt'], 'S-A'],
    ]);
    expect(git(dir, ['status', '--porcelain'])).toBe('');

    // Each session made its three model calls, and the two ran at the same time.
    const a = sessionRequests(server, 'S-A').map((q) => q.at);
    const b = sessionRequests(server, 'S-B').map((q) => q.at);
    expect([a.length, b.length]).toEqual([3, 3]);
    expect(a[0]! < b[b.length - 1]! && b[0]! < a[a.length - 1]!).toBe(true);
  });

  it('ends a session whose model call hangs with the idle timeout, and leaves none of its processes', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }], { agent: 'claude' }));
    const server = await serve({ 'S-A': [{ hang: true }] });
    const started = Date.now();
    // The idle clock starts at the spawn, and claude takes 1.5 to 5 s to its first model call on a busy machine.
    const r = await runLanes(dir, ['dispatch', '--yes', '--idle-timeout', '8s'], agentEnv(home(), server));
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const s = readSessions(dir)['S-A']!;
    expect([s.status, s.reason]).toEqual(['Failed', 'idle for 8s (no output)']);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8'))[0]![4]).toBe('Failed: idle for 8s (no output)');
    expect(sessionRequests(server, 'S-A')).toHaveLength(1);
    expect(alive(s.process!.pid)).toBe(false);
    expect(processesWithToken(s.token!)).toEqual([]);
  });

});

describe('lanes dispatch with the real codex', () => {
  it('runs a session in its lane: apply_patch adds its file, it commits it, Done', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }], { agent: 'codex' }));
    const server = await serve({
      'S-A': [codexAddFile('work/S-A/a.txt', ['A']), codexExec('git add work/S-A/a.txt && git commit -q -m "S-A: a"'), answer()],
    });
    const r = await runLanes(dir, ['dispatch', '--yes'], agentEnv(home(), server));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = readSessions(dir)['S-A']!;
    expect([s.status, s.reason, s.exitCode, s.cost]).toEqual(['Done', null, 0, null]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0], row[4], row[5]])).toEqual([['S-A', 'Done', '— (est. $1)']]);
    expect(readFileSync(join(dir, 'work/S-A/a.txt'), 'utf8')).toBe('A\n');
    expect(sessionCommits(dir)).toEqual([['S-A: a', ['work/S-A/a.txt'], 'S-A']]);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // codex ran the patch itself (a file_change item), and the thread id is the session's agent id.
    const events = logEvents(s.log);
    expect(events.filter((e) => e.type === 'item.completed').map((e) => (e.item as { type: string }).type)).toEqual(['error', 'file_change', 'command_execution', 'agent_message']);
    expect(s.agentSessionId).toBe(events.find((e) => e.type === 'thread.started')?.thread_id);
    expect(sessionRequests(server, 'S-A')).toHaveLength(3);
  });
});
