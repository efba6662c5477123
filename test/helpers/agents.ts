import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startModelServer, type ModelRequest, type ModelServer, type Script, type Turn } from '../fixtures/agents/model-server.mjs';
import { readState, startLanes } from './dispatch.ts';
import { git, testEnv, workspaceRoot, type RunResult } from './repo.ts';

export type { ModelRequest, ModelServer, Script, Turn };

/** Where the pinned agent CLIs are (`claude` 2.1.332, `codex` 0.171.0, `gemini` 0.61.0, root devDependencies). */
export const agentBins = join(workspaceRoot, 'node_modules/.bin');

/**
 * For a test file's top level: the returned function starts a scripted model server (test/fixtures/agents/model-server.mjs)
 * that is closed after each test.
 */
export function modelServersClosedAfterEach(): (script: Script) => Promise<ModelServer> {
  const servers: ModelServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async (script) => {
    const server = await startModelServer(script);
    servers.push(server);
    return server;
  };
}

/**
 * The environment of a dispatch with the real agents, offline: `home` as HOME and `home/tmp` as TMPDIR (with a codex
 * provider pointing at the server in `home/.codex/config.toml`, which CODEX_HOME names), claude pointed at the server,
 * gemini too (GOOGLE_GEMINI_BASE_URL, an API key chosen in `home/.gemini/settings.json`, and a model named, so that
 * it asks no router model first), the pinned CLIs first in PATH, and nothing of the caller's own agent configuration.
 */
export function agentEnv(home: string, server: ModelServer, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(join(home, 'tmp'));
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "fake"',
      'model = "fake-model"',
      '',
      '[model_providers.fake]',
      'name = "fake"',
      `base_url = "${server.url}/v1"`,
      'wire_api = "responses"',
      'env_key = "FAKE_KEY"',
      '',
    ].join('\n'),
  );
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'settings.json'), `${JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } })}\n`);
  const env = Object.entries(testEnv()).filter(([key]) => !/^(ANTHROPIC_|CLAUDE|CODEX_|OPENAI_|XDG_|GEMINI_|GOOGLE_)/.test(key) && key !== 'IS_SANDBOX');
  return {
    ...Object.fromEntries(env),
    HOME: home,
    // claude keeps a folder per working tree and a socket under the temp dir: keep them with the rest.
    TMPDIR: join(home, 'tmp'),
    PATH: `${agentBins}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    ANTHROPIC_BASE_URL: server.url,
    ANTHROPIC_API_KEY: 'x',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // We run as root in CI containers, where claude refuses bypassPermissions unless told it is in a sandbox.
    IS_SANDBOX: '1',
    CODEX_HOME: codexHome,
    FAKE_KEY: 'x',
    GOOGLE_GEMINI_BASE_URL: server.url,
    GEMINI_API_KEY: 'x',
    GEMINI_MODEL: 'gemini-2.5-flash',
    CI: '1',
    ...extra,
  };
}

/** Runs `lanes` to the end without blocking the event loop (the model server lives in the test's process). */
export function runLanes(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return startLanes(cwd, args, env).done;
}

/** A session in the dispatch state file, with the fields these tests read besides those `readState` types. */
export type SessionRecord = ReturnType<typeof readState>['sessions'][string] & {
  exitCode: number | null;
  token: string | null;
  log: string;
  agentSessionId: string | null;
};

/** The sessions of the generated plan's dispatch state. */
export function readSessions(dir: string): Record<string, SessionRecord> {
  return readState(dir).sessions as Record<string, SessionRecord>;
}

/** A claude tool call: Write `content` to `file` (an absolute path). */
export function claudeWrite(file: string, content: string): Turn {
  return { tool: 'Write', input: { file_path: file, content } };
}

/** A claude tool call: Bash `command`. */
export function claudeBash(command: string): Turn {
  return { tool: 'Bash', input: { command, description: 'a scripted step' } };
}

/** A codex tool call: `exec_command` of `cmd`. */
export function codexExec(cmd: string): Turn {
  return { tool: 'exec_command', input: { cmd } };
}

/** A codex tool call that adds a file with `apply_patch` (codex reports it as a `file_change` item). */
export function codexAddFile(path: string, lines: readonly string[]): Turn {
  return codexExec(['apply_patch <<\'EOF\'', '*** Begin Patch', `*** Add File: ${path}`, ...lines.map((l) => `+${l}`), '*** End Patch', 'EOF'].join('\n'));
}

/** A gemini tool call: `write_file` of `content` to `path`. */
export function geminiWrite(path: string, content: string): Turn {
  return { tool: 'write_file', input: { file_path: path, content } };
}

/** A gemini tool call: `replace` of `old` by `next` in `path`. */
export function geminiReplace(path: string, old: string, next: string): Turn {
  return { tool: 'replace', input: { file_path: path, old_string: old, new_string: next, instruction: 'a scripted edit' } };
}

/** A gemini tool call: `run_shell_command` of `command`. */
export function geminiShell(command: string): Turn {
  return { tool: 'run_shell_command', input: { command, description: 'a scripted step' } };
}

/** The final answer of a session. */
export function answer(text = 'Session complete.'): Turn {
  return { text };
}

/** The requests the server answered for one session, in order. */
export function sessionRequests(server: ModelServer, id: string): ModelRequest[] {
  return server.requests.filter((r) => r.marker === id);
}

/** The JSON events of an agent's log (lines that are not JSON are left out). */
export function logEvents(logFile: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line that only starts like JSON.
    }
  }
  return events;
}

/** The tool results a claude conversation sent back to the model in one request, as text. */
export function toolResults(request: ModelRequest): string[] {
  const messages = (request.body as { messages?: { role: string; content: unknown }[] } | null)?.messages ?? [];
  const out: string[] = [];
  for (const m of messages) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const block of m.content as { type?: string; content?: unknown }[]) {
      if (block.type !== 'tool_result') continue;
      const c = block.content;
      out.push(typeof c === 'string' ? c : Array.isArray(c) ? (c as { text?: string }[]).map((x) => x.text ?? '').join('') : '');
    }
  }
  return out;
}

/** Pids of the live processes whose environment holds `LANES_DISPATCH_TOKEN=<token>` (Linux). */
export function processesWithToken(token: string): number[] {
  const needle = `\0LANES_DISPATCH_TOKEN=${token}\0`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(needle)) pids.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/** Each session commit's subject, files and `Lanes-Session` trailer, newest first, without the runner's registry commits. */
export function sessionCommits(dir: string): [string, string[], string][] {
  const shas = git(dir, ['log', '--format=%H', '--invert-grep', '--grep=^Lanes-Dispatch: registry']).trim().split('\n');
  return shas.slice(0, -1).map((sha) => [
    git(dir, ['log', '-1', '--format=%s', sha]).trim(),
    git(dir, ['show', '--name-only', '--format=', sha]).trim().split('\n'),
    git(dir, ['log', '-1', '--format=%(trailers:key=Lanes-Session,valueonly)', sha]).trim(),
  ]);
}
