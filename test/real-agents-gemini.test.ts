// `lanes dispatch` with the real gemini (0.61.0, the root devDependency) and its edit-time hook, offline against
// the scripted model server (GOOGLE_GEMINI_BASE_URL): gemini has no per-run flag for hooks, so the runner writes
// `lanes guard --hook gemini` into the session tree's `.gemini/settings.json` for the run (hidden from git, and
// the user's file put back after) and trusts the folder (GEMINI_CLI_TRUST_WORKSPACE). Gemini's shell runs git
// with its hooks off, so the hook also checks a shell command that commits before it runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentEnv, answer, geminiReplace, geminiShell, geminiWrite, logEvents, modelServersClosedAfterEach, readSessions, runLanes, sessionCommits, sessionRequests, type ModelRequest } from './helpers/agents.ts';
import { makeDispatchRepo, planPath, planText, registryRows } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, tempDir } from './helpers/repo.ts';

const removeLater = removedAfterEach();
const serve = modelServersClosedAfterEach();
const home = (): string => removeLater(tempDir('lanes-agent-home-'));
const plan = planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'gemini' });

const refusal = (path: string): string =>
  `lanes: S-A may not edit ${path}: it is owned by S-B (plans/2026-11-20-test-dispatch.md:28 \`work/S-B/**\`). S-A owns \`work/S-A/**\` (plans/2026-11-20-test-dispatch.md:24); stay within them, or ask the coordinator to extend the Owns`;

/** The `functionResponse` parts a gemini request sends back to the model for its tool calls, as `name: output`. */
function functionResponses(request: ModelRequest): string[] {
  const contents = (request.body as { contents?: { role: string; parts?: { functionResponse?: { name: string; response: unknown } }[] }[] } | null)?.contents ?? [];
  const last = contents.at(-1)?.parts ?? [];
  return last.filter((p) => p.functionResponse !== undefined).map((p) => `${p.functionResponse!.name}: ${JSON.stringify(p.functionResponse!.response)}`);
}

/** gemini's stream-json `tool_result` events: each tool's status, and the error type of those that failed. */
function toolResults(log: string): [string, string | null][] {
  return logEvents(log)
    .filter((e) => e.type === 'tool_result')
    .map((e) => [e.status as string, (e.error as { type?: string } | undefined)?.type ?? null]);
}

describe('lanes dispatch with the real gemini and its BeforeTool hook', () => {
  it('refuses write_file and replace into another lane at edit time and records them; the in-lane edit and commit go through; the user\'s settings file is back', async () => {
    const userSettings = '{\n  "ui": { "theme": "Default" }\n}\n';
    const dir = removeLater(makeDispatchRepo(plan, { 'work/S-B/b.txt': 'B\n' }));
    // The user's own untracked gemini settings, which the run must leave as they were.
    const settings = join(dir, '.gemini', 'settings.json');
    mkdirSync(join(dir, '.gemini'));
    writeFileSync(settings, userSettings);
    const server = await serve({
      'S-A': [
        geminiWrite('work/S-B/x.txt', 'not mine\n'),
        geminiReplace('work/S-B/b.txt', 'B', 'A was here'),
        geminiWrite('work/S-A/a.txt', 'A\n'),
        geminiShell('git add work/S-A/a.txt'),
        geminiShell('git commit -q -m "S-A: a"'),
        answer(),
      ],
    });
    const env = agentEnv(home(), server);
    const r = await runLanes(dir, ['dispatch', '--yes', '--only', 'S-A'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'work/S-B/x.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'work/S-B/b.txt'), 'utf8')).toBe('B\n');
    expect(readFileSync(join(dir, 'work/S-A/a.txt'), 'utf8')).toBe('A\n');
    // What gemini gave the model for the refused calls: the hook's reason.
    expect(functionResponses(sessionRequests(server, 'S-A')[1]!)).toEqual([`write_file: ${JSON.stringify({ error: `Tool execution blocked: ${refusal('work/S-B/x.txt')}` })}`]);
    expect(functionResponses(sessionRequests(server, 'S-A')[2]!)).toEqual([`replace: ${JSON.stringify({ error: `Tool execution blocked: ${refusal('work/S-B/b.txt')}` })}`]);
    const s = readSessions(dir)['S-A']!;
    expect(toolResults(s.log)).toEqual([['error', 'policy_violation'], ['error', 'policy_violation'], ['success', null], ['success', null], ['success', null]]);
    expect(sessionCommits(dir)).toEqual([['S-A: a', ['work/S-A/a.txt'], 'S-A']]);
    expect(s.status).toBe('Done');
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => [row[0], row[4]])).toEqual([
      ['S-A', 'Done (2 edits refused: work/S-B/x.txt, work/S-B/b.txt)'],
      ['S-B', 'Planned'],
    ]);
    expect(lanes(dir, ['status'], { env }).stdout).toContain('2 edits refused: work/S-B/x.txt, work/S-B/b.txt');
    // The run's hook is gone, the user's file is as it was, and git saw none of it.
    expect(readFileSync(settings, 'utf8')).toBe(userSettings);
    expect(git(dir, ['status', '--porcelain'])).toBe('?? .gemini/\n');
    expect(readFileSync(join(dir, '.git/info/exclude'), 'utf8')).not.toContain('.gemini');
  });

  it('catches a gemini commit into another lane: at commit time (the hook turns git hooks back on), before it runs, and by the audit', async () => {
    const dir = removeLater(makeDispatchRepo(plan));
    const server = await serve({
      'S-A': [
        geminiShell('mkdir -p work/S-B && echo sneaky > work/S-B/y.txt'),
        // Staged and committed in one command: the guard's own pre-commit hook blocks it (gemini had turned it off).
        geminiShell('git add work/S-B/y.txt && git commit -q -m "S-A: y"'),
        // Now staged: the hook's staged check refuses the command before it runs, however git is reached.
        geminiShell('git commit -q -m "S-A: y"'),
        geminiShell("sh -c 'git -c core.hooksPath=/dev/null commit -q --no-verify -m \"S-A: y\"'"),
        // git through a variable and the hooks turned off by hand: the hook cannot see it, and the commit lands.
        geminiShell('G=git; GIT_CONFIG_PARAMETERS= $G commit -q -m "S-A: y"'),
        answer(),
      ],
    });
    const env = agentEnv(home(), server);
    const r = await runLanes(dir, ['dispatch', '--yes', '--only', 'S-A'], env);
    const s = readSessions(dir)['S-A']!;
    expect(toolResults(s.log)).toEqual([['success', null], ['success', null], ['error', 'policy_violation'], ['error', 'policy_violation'], ['success', null]]);
    const guardText = [
      'lanes guard: commit blocked: S-A may commit only what its Owns covers (plans/2026-11-20-test-dispatch.md); 1 of 1 staged paths is outside it:',
      '  added  work/S-B/y.txt  owned by S-B (plans/2026-11-20-test-dispatch.md:28 `work/S-B/**`)',
      'To fix:',
      '  unstage it:',
      '    git restore --staged -- work/S-B/y.txt',
      '  or, if the work belongs to S-A, ask the coordinator to extend its Owns (plans/2026-11-20-test-dispatch.md:24)',
    ].join('\n');
    const responses = sessionRequests(server, 'S-A').map(functionResponses);
    // At commit time: the command ran with git's hooks on again, and the guard's pre-commit hook said no.
    expect(responses[2]![0]).toContain(JSON.stringify(`Output: ${guardText}\nExit Code: 1\n`).slice(1, -1));
    // Before it ran: the hook's staged check, for both forms.
    const refused = `run_shell_command: ${JSON.stringify({ error: `Tool execution blocked: lanes: this command commits, and the guard blocks a commit of what is staged:\n${guardText}` })}`;
    expect([responses[3], responses[4]]).toEqual([[refused], [refused]]);
    // The commit the hook could not see landed; the runner names it as made by no session, with its path.
    expect(sessionCommits(dir).map(([subject, files, trailer]) => [subject, files, trailer])).toEqual([['S-A: y', ['work/S-B/y.txt'], '']]);
    const sha = git(dir, ['log', '-1', '--format=%h', '--grep=^S-A: y']).trim();
    expect(r.stdout).toContain(`note: commit ${sha} ("S-A: y"), made during the dispatch, is no session's: made by no session that can be shown: it has no Lanes-Stamp; 1 path changed (work/S-B/y.txt)`);
    expect([s.status, s.reason]).toEqual(['Failed', 'the guard blocked a commit: work/S-B/y.txt (owned by S-B); 3 commits blocked']);
    const records = readFileSync(join(dir, '.git/lanes/records/S-A.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; paths: unknown[] });
    expect(records.map((x) => [x.kind, x.paths])).toEqual([
      ['blocked-commit', [{ path: 'work/S-B/y.txt', owner: 'S-B' }]],
      ['blocked-commit', [{ path: 'work/S-B/y.txt', owner: 'S-B' }]],
      ['blocked-commit', [{ path: 'work/S-B/y.txt', owner: 'S-B' }]],
    ]);
  });
});
