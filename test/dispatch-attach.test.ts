import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDispatchRepo, planText, readState } from './helpers/dispatch.ts';
import { lanes, removedAfterEach, run, tempDir, testEnv } from './helpers/repo.ts';

// A session that needs a person runs in a tmux window (`lanes dispatch --attach`), which the runner tracks.
const removeLater = removedAfterEach();
const servers: NodeJS.ProcessEnv[] = [];
afterEach(() => {
  for (const env of servers.splice(0)) run('tmux', ['kill-server'], { cwd: '/', env });
});

describe('lanes dispatch: a session a person attaches to', () => {
  it("gets the dispatch's environment in a tmux server that was already running, and is Done with its exit status", () => {
    const tmuxDir = removeLater(tempDir('lanes-tmux-'));
    const seen = join(tmuxDir, 'seen');
    // `pair` runs in Plan mode: a person's session, opened in a tmux window.
    const dir = repo(planText([{ id: 'S-A', batch: 1, mode: 'pair' }], { agent: 'command' }));
    const base = testEnv({ CI: '1', TMUX_TMPDIR: tmuxDir });
    servers.push(base);
    // The server starts before the dispatch, with an environment of its own: its windows get that one.
    expect(run('tmux', ['new-session', '-d', '-s', 'before', 'sleep 120'], { cwd: dir, env: { ...base, LANES_PROBE: 'server' } }).status).toBe(0);
    const r = lanes(dir, ['dispatch', '--yes', '--command', `sh -c 'printf %s "$LANES_PROBE" > ${seen}'`], { env: { ...base, LANES_PROBE: 'dispatch' } });
    expect(r.stdout).toContain('S-A Active: waiting for a person to attach');
    expect(r.status).toBe(0);
    expect(readFileSync(seen, 'utf8')).toBe('dispatch');
    const s = readState(dir).sessions['S-A']!;
    expect([s.status, s.reason]).toEqual(['Done', null]);
  });
});

function repo(plan: string): string {
  return removeLater(makeDispatchRepo(plan));
}
