import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTestEnv } from '@lanes/repo/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptGeminiHook, installGeminiHook, releaseGeminiHook, withGeminiHook } from './gemini-workspace.ts';

const env = gitTestEnv();
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
const lanes = ['/usr/bin/node', '/opt/lanes bin/lanes.js'];
const hookEntry = { matcher: 'write_file|replace|run_shell_command', hooks: [{ type: 'command', name: 'lanes-guard', command: "/usr/bin/node '/opt/lanes bin/lanes.js' guard --hook gemini" }] };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-gemini-ws-')));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries({ 'README.md': '# r\n', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

describe('withGeminiHook', () => {
  it('adds the BeforeTool hook after the user\'s own, keeps the rest, and takes our name out of hooks.disabled', () => {
    const user = { ui: { theme: 'x' }, hooks: { disabled: ['lanes-guard', 'other'], BeforeTool: [{ matcher: 'x', hooks: [] }] } };
    expect(JSON.parse(withGeminiHook(JSON.stringify(user), lanes))).toEqual({
      ui: { theme: 'x' },
      hooks: { disabled: ['other'], BeforeTool: [{ matcher: 'x', hooks: [] }, hookEntry] },
    });
    expect(JSON.parse(withGeminiHook(null, lanes))).toEqual({ hooks: { BeforeTool: [hookEntry] } });
    const once = withGeminiHook(null, lanes);
    expect(withGeminiHook(once, lanes)).toBe(once);
  });

  it('refuses a file that is not a JSON object, saying which', () => {
    expect(() => withGeminiHook('{ // a comment\n}', lanes)).toThrow(/^\.gemini\/settings\.json is not JSON \(.+\); the lanes hook cannot be added to it$/);
    expect(() => withGeminiHook('[]', lanes)).toThrow('.gemini/settings.json is not a JSON object; the lanes hook cannot be added to it');
  });
});

describe('installGeminiHook and releaseGeminiHook', () => {
  it('no file: writes it hidden by info/exclude, and removes file, folder and exclude line after the last user', () => {
    const dir = repo();
    installGeminiHook(dir, lanes, env);
    installGeminiHook(dir, lanes, env);
    expect(JSON.parse(readFileSync(join(dir, '.gemini/settings.json'), 'utf8'))).toEqual({ hooks: { BeforeTool: [hookEntry] } });
    expect(git(dir, 'status', '--porcelain', '-uall')).toBe('');
    releaseGeminiHook(dir);
    expect(existsSync(join(dir, '.gemini/settings.json'))).toBe(true);
    releaseGeminiHook(dir);
    expect(existsSync(join(dir, '.gemini'))).toBe(false);
    expect(readFileSync(join(dir, '.git/info/exclude'), 'utf8')).not.toContain('gemini');
  });

  it('a tracked file: merged with --skip-worktree, then the same bytes and times, and git sees nothing at any point', () => {
    const user = '{\n  "hooks": { "BeforeTool": [] }\n}\n';
    const dir = repo({ '.gemini/settings.json': user });
    const before = statSync(join(dir, '.gemini/settings.json')).mtimeMs;
    installGeminiHook(dir, lanes, env);
    expect(JSON.parse(readFileSync(join(dir, '.gemini/settings.json'), 'utf8'))).toEqual({ hooks: { BeforeTool: [hookEntry] } });
    expect(git(dir, 'status', '--porcelain')).toBe('');
    git(dir, 'add', '-A');
    expect(git(dir, 'diff', '--cached', '--name-only')).toBe('');
    releaseGeminiHook(dir);
    expect(readFileSync(join(dir, '.gemini/settings.json'), 'utf8')).toBe(user);
    expect(statSync(join(dir, '.gemini/settings.json')).mtimeMs).toBe(before);
    expect(git(dir, 'ls-files', '-v', '.gemini/settings.json')).toBe('H .gemini/settings.json\n');
  });

  it('a runner that dies with the hook installed: --resume adopts and releases it, or a new install undoes it first', () => {
    const user = '{ "theme": "dark" }\n';
    // A runner of its own (the built module, in a node process) installs the hook and dies without releasing it.
    const dieInstalled = (dir: string): void => {
      const module = new URL('../dist/gemini-workspace.js', import.meta.url).href;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); m.installGeminiHook(${JSON.stringify(dir)}, ${JSON.stringify(lanes)}, process.env); process.kill(process.pid, 'SIGKILL');`], { env, encoding: 'utf8' });
      expect(r.signal).toBe('SIGKILL');
      expect(JSON.parse(readFileSync(join(dir, '.gemini/settings.json'), 'utf8'))).toEqual({ theme: 'dark', hooks: { BeforeTool: [hookEntry] } });
      expect(readFileSync(join(dir, '.git/lanes-gemini-settings.json'), 'utf8')).toBe(user);
    };
    const tracked = repo({ '.gemini/settings.json': user });
    const mtime = statSync(join(tracked, '.gemini/settings.json')).mtimeMs;
    dieInstalled(tracked);
    adoptGeminiHook(tracked, env);
    releaseGeminiHook(tracked);
    expect(readFileSync(join(tracked, '.gemini/settings.json'), 'utf8')).toBe(user);
    expect(statSync(join(tracked, '.gemini/settings.json')).mtimeMs).toBe(mtime);
    expect(git(tracked, 'ls-files', '-v', '.gemini/settings.json')).toBe('H .gemini/settings.json\n');
    expect(existsSync(join(tracked, '.git/lanes-gemini-hook.json'))).toBe(false);
    expect(existsSync(join(tracked, '.git/lanes-gemini-settings.json'))).toBe(false);

    const untracked = repo();
    writeFileSync(join(untracked, '.git/info/exclude'), '# mine\n');
    mkdirSync(join(untracked, '.gemini'));
    writeFileSync(join(untracked, '.gemini/settings.json'), user);
    dieInstalled(untracked);
    installGeminiHook(untracked, lanes, env); // the session runs again: the dead runner's install is undone first
    expect(JSON.parse(readFileSync(join(untracked, '.gemini/settings.json'), 'utf8'))).toEqual({ theme: 'dark', hooks: { BeforeTool: [hookEntry] } });
    expect(readFileSync(join(untracked, '.git/info/exclude'), 'utf8').match(/lanes dispatch/g)).toHaveLength(1);
    releaseGeminiHook(untracked);
    expect(readFileSync(join(untracked, '.gemini/settings.json'), 'utf8')).toBe(user);
    expect(readFileSync(join(untracked, '.git/info/exclude'), 'utf8')).toBe('# mine\n');
    expect(git(untracked, 'status', '--porcelain', '-uall')).toBe('?? .gemini/settings.json\n');
  });
});
