// `lanes dispatch` with the real claude when it strays or fails (see real-agents.test.ts for the set-up): an edit
// refused by the guard's PreToolUse hook, a commit the pre-commit guard blocked though claude carried on and exited
// 0, and an API error that claude ends with. What the runner must make of each is in issue 11 (points 1, 3 and 4).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentEnv, answer, claudeBash, claudeWrite, logEvents, modelServersClosedAfterEach, readSessions, runLanes, sessionCommits, sessionRequests, toolResults } from './helpers/agents.ts';
import { makeDispatchRepo, planPath, planText, registryRows } from './helpers/dispatch.ts';
import { git, lanes, lanesBin, removedAfterEach, tempDir } from './helpers/repo.ts';

const removeLater = removedAfterEach();
const serve = modelServersClosedAfterEach();
const repo = (plan: string): string => removeLater(makeDispatchRepo(plan));
const home = (): string => removeLater(tempDir('lanes-agent-home-'));

/** What claude 2.1.332 gives the model for S-A's Write of work/S-B/x.txt that the guard's PreToolUse hook refused. */
const REFUSED_WRITE = [
  `PreToolUse:Write hook error: [${process.execPath} ${lanesBin} guard --claude-hook]: `,
  'lanes: S-A may not edit work/S-B/x.txt: it is owned by S-B (plans/2026-11-20-test-dispatch.md:28 `work/S-B/**`). ',
  'S-A owns `work/S-A/**` (plans/2026-11-20-test-dispatch.md:24); stay within them, or ask the coordinator to extend the Owns\n',
].join('');

describe('lanes dispatch with a real claude that strays or fails', () => {
  it('refuses a Write into another session\'s lane with the edit hook, and records the refusal on the session that is Done', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    const server = await serve({
      'S-A': [
        claudeWrite(join(dir, 'work/S-B/x.txt'), 'not mine\n'),
        claudeWrite(join(dir, 'work/S-A/a.txt'), 'A\n'),
        claudeBash('git add work/S-A/a.txt && git commit -q -m "S-A: a"'),
        answer(),
      ],
    });
    const env = agentEnv(home(), server);
    const r = await runLanes(dir, ['dispatch', '--yes', '--only', 'S-A'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'work/S-B/x.txt'))).toBe(false);
    // What claude gave back to the model after the refused Write: the hook's message.
    expect(toolResults(sessionRequests(server, 'S-A')[1]!)).toEqual([REFUSED_WRITE]);
    expect(sessionCommits(dir)).toEqual([['S-A: a', ['work/S-A/a.txt'], 'S-A']]);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect(readSessions(dir)['S-A']!.status).toBe('Done');
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0], row[4]])).toEqual([
      ['S-A', 'Done (1 edit refused: work/S-B/x.txt)'],
      ['S-B', 'Planned'],
    ]);
    const status = lanes(dir, ['status'], { env });
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('1 edit refused: work/S-B/x.txt');
  });

  it('fails a session whose commit the guard blocked, though claude carried on and exited 0', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    const server = await serve({
      'S-A': [claudeBash('mkdir -p work/S-B && echo y > work/S-B/y.txt && git add -A && git commit -q -m x'), answer()],
    });
    const r = await runLanes(dir, ['dispatch', '--yes', '--only', 'S-A'], agentEnv(home(), server));
    // Claude saw the guard's refusal as the Bash result, and still ended its turn well.
    const [blocked] = toolResults(sessionRequests(server, 'S-A')[1]!);
    expect(blocked).toMatch(/^Exit code 1\nlanes guard: commit blocked: S-A may commit only what its Owns covers \(plans\/2026-11-20-test-dispatch\.md\); 1 of 1 staged paths is outside it:\n {2}added {2}work\/S-B\/y\.txt {2}owned by S-B/);
    const result = logEvents(join(dir, '.lanes/dispatch/plans__2026-11-20-test-dispatch/logs/S-A.log')).find((e) => e.type === 'result');
    expect([result?.subtype, result?.is_error]).toEqual(['success', false]);
    expect(readSessions(dir)['S-A']!.exitCode).toBe(0);
    expect(sessionCommits(dir)).toEqual([]);
    // Lanes never deletes the work: the refused file is still there, staged.
    expect(git(dir, ['status', '--porcelain'])).toBe('A  work/S-B/y.txt\n');

    expect(r.status).toBe(1);
    const s = readSessions(dir)['S-A']!;
    expect(s.status).toBe('Failed');
    expect(s.reason).toMatch(/^the guard blocked a commit: work\/S-B\/y\.txt/);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8'))[0]![4]).toMatch(/^Failed: the guard blocked a commit: work\/S-B\/y\.txt/);
  });

  it('gives claude\'s error result as the reason of a failed session, never a raw JSON line', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    const server = await serve({
      'S-A': [{ status: 400, message: 'prompt is too long' }],
      'S-B': [{ status: 400, message: 'messages: text content blocks must be non-empty' }],
    });
    const r = await runLanes(dir, ['dispatch', '--yes'], agentEnv(home(), server));
    expect(r.status).toBe(1);
    // claude 2.1.332 ends with exit 1 and a result event: `{"type":"result","subtype":"success","is_error":true,
    // "api_error_status":400,"result":"API Error: 400 <the API's message>",…}`, except for a prompt that is too long,
    // whose message it words itself.
    const tooLong = 'Prompt is too long · this conversation is a single exchange and cannot be compacted — the request size comes mostly from system prompt, tool definitions, or attachments.';
    const state = readSessions(dir);
    const results = ['S-A', 'S-B'].map((id) => logEvents(state[id]!.log).find((e) => e.type === 'result'));
    expect(results.map((e) => [e?.subtype, e?.is_error, e?.api_error_status, e?.result])).toEqual([
      ['success', true, 400, tooLong],
      ['success', true, 400, 'API Error: 400 messages: text content blocks must be non-empty'],
    ]);
    expect(Object.values(state).map((s) => [s.status, s.exitCode, s.reason])).toEqual([
      ['Failed', 1, `exit 1 — ${tooLong}`],
      ['Failed', 1, 'exit 1 — API Error: 400 messages: text content blocks must be non-empty'],
    ]);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row[4])).toEqual([
      `Failed: exit 1 — ${tooLong}`,
      'Failed: exit 1 — API Error: 400 messages: text content blocks must be non-empty',
    ]);
  });
});

describe('lanes dispatch with a real codex that fails', () => {
  it('gives the API\'s message of codex\'s failed turn as the reason, not the JSON body codex passes on', async () => {
    const dir = repo(planText([{ id: 'S-A', batch: 1 }], { agent: 'codex' }));
    const server = await serve({ 'S-A': [{ status: 400, message: 'messages: text content blocks must be non-empty' }] });
    const r = await runLanes(dir, ['dispatch', '--yes'], agentEnv(home(), server));
    expect(r.status).toBe(1);
    // codex 0.171.0 exits 1 after `{"type":"error","message":<body>}` and `{"type":"turn.failed","error":{"message":<body>}}`,
    // where <body> is the HTTP response body as a string of JSON.
    const body = '{"error":{"message":"messages: text content blocks must be non-empty","type":"invalid_request_error"}}';
    const s = readSessions(dir)['S-A']!;
    const events = logEvents(s.log);
    expect(events.filter((e) => e.type === 'error' || e.type === 'turn.failed')).toEqual([
      { type: 'error', message: body },
      { type: 'turn.failed', error: { message: body } },
    ]);
    expect([s.status, s.exitCode, s.reason]).toEqual(['Failed', 1, 'exit 1 — messages: text content blocks must be non-empty']);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8'))[0]![4]).toBe('Failed: exit 1 — messages: text content blocks must be non-empty');
  });
});
