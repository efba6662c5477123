import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNoSymlinkBelow, FileLock, openAppendNoFollow, SymlinkError, writeFileAtomic } from './files.ts';

const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lanes-files-'));
  dirs.push(d);
  return d;
};

/** Starts `n` processes that wait for one go signal (a file), then each try the lock once and report "won <pid>" or "held by <pid>". */
async function race(file: string, n: number): Promise<string[]> {
  const go = `${file}.go`;
  const done = `${file}.done`;
  const script = `
    const { FileLock } = await import(${JSON.stringify(built)});
    const { existsSync } = await import('node:fs');
    process.stdout.write('ready;');
    while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
    const r = new FileLock(${JSON.stringify(file)}).tryAcquire();
    process.stdout.write(r.ok ? 'won ' + process.pid : 'held by ' + r.holder.pid);
    // Every taker stays alive until all have tried: a lock whose holder has exited may rightly be taken over.
    while (!existsSync(${JSON.stringify(done)})) await new Promise((r) => setTimeout(r, 5));`;
  const children = Array.from({ length: n }, () => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let ready = 0;
  let tried = 0;
  let allReady: () => void = () => undefined;
  let allTried: () => void = () => undefined;
  const readyP = new Promise<void>((r) => (allReady = r));
  const triedP = new Promise<void>((r) => (allTried = r));
  const outputs = children.map(
    (c) =>
      new Promise<string>((resolve) => {
        let out = '';
        c.stdout.on('data', (d: Buffer) => {
          const before = out;
          out += d.toString();
          if (!before.includes('ready') && out.includes('ready') && ++ready === n) allReady();
          const answered = (s: string): boolean => s.includes('won') || s.includes('held by');
          if (!answered(before) && answered(out) && ++tried === n) allTried();
        });
        c.on('exit', () => {
          resolve(out.replace('ready;', ''));
        });
      }),
  );
  await readyP;
  writeFileSync(go, '');
  await triedP;
  writeFileSync(done, '');
  return Promise.all(outputs);
}

/** Asserts that exactly one of the racers won, that every other one names the winner, that the lock file is the winner's and that nothing else is left beside it. */
function expectOneWinner(file: string, results: string[]): void {
  const won = results.filter((r) => r.startsWith('won '));
  expect(won).toHaveLength(1);
  const pid = Number(won[0]?.slice('won '.length));
  expect(results.filter((r) => r === `held by ${pid}`)).toHaveLength(results.length - 1);
  expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).toBe(pid);
  expect(readdirSync(dirname(file)).sort()).toEqual([basename(file), `${basename(file)}.done`, `${basename(file)}.go`]);
}

const deadHolder = (nonce: string): string => JSON.stringify({ pid: 2 ** 22 + 7, startTime: '1', since: '2026-01-01T00:00:00.000Z', nonce });

describe('FileLock', () => {
  it('of 25 processes taking one lock at once, exactly one wins and the others name it', async () => {
    const file = join(temp(), 'runner.lock');
    expectOneWinner(file, await race(file, 25));
  });

  it('of 40 processes taking over a dead holder\'s lock at once, exactly one wins', async () => {
    const file = join(temp(), 'runner.lock');
    writeFileSync(file, deadHolder('dead'));
    expectOneWinner(file, await race(file, 40));
  });

  it('clears the takeover guards of takers that died holding them, at every level, and exactly one wins', async () => {
    const file = join(temp(), 'runner.lock');
    writeFileSync(file, deadHolder('dead'));
    writeFileSync(`${file}.takeover`, deadHolder('dead taker'));
    writeFileSync(`${file}.takeover.takeover`, deadHolder('dead taker of the guard'));
    expectOneWinner(file, await race(file, 25));
  });

  it('waits for a takeover guard that a live process holds, then takes the dead holder\'s lock', () => {
    const file = join(temp(), 'runner.lock');
    writeFileSync(file, deadHolder('dead'));
    writeFileSync(`${file}.takeover`, JSON.stringify({ pid: process.pid, startTime: '', since: '2026-01-01T00:00:00.000Z', nonce: 'live' }));
    spawn(process.execPath, ['-e', `setTimeout(() => require('node:fs').unlinkSync(${JSON.stringify(`${file}.takeover`)}), 300)`], { stdio: 'ignore' });
    const started = Date.now();
    const lock = new FileLock(file);
    expect(lock.tryAcquire()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    expect(readdirSync(dirname(file))).toEqual(['runner.lock']);
    lock.release();
  });

  it('says who holds a live lock and since when, and a release lets the next one in', () => {
    const file = join(temp(), 'x.lock');
    const a = new FileLock(file);
    expect(a.tryAcquire()).toEqual({ ok: true });
    const r = new FileLock(file).tryAcquire();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.holder.pid).toBe(process.pid);
      expect(r.holder.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    a.release();
    const b = new FileLock(file);
    expect(b.tryAcquire()).toEqual({ ok: true });
    // A holder that lost its lock to a takeover never removes the new holder's.
    a.release();
    expect(new FileLock(file).holder()?.nonce).toBe((JSON.parse(readFileSync(file, 'utf8')) as { nonce: string }).nonce);
    b.release();
  });
});

describe('assertNoSymlinkBelow', () => {
  it('refuses a path that passes through a link below the root, and accepts folders not made yet', () => {
    const root = temp();
    const elsewhere = temp();
    symlinkSync(elsewhere, join(root, '.lanes'));
    expect(() => {
      assertNoSymlinkBelow(root, join(root, '.lanes/dispatch/x'));
    }).toThrow(SymlinkError);
    expect(() => {
      assertNoSymlinkBelow(root, join(root, '.lanes/dispatch/x'));
    }).toThrow(`${join(root, '.lanes')} is a symbolic link`);
    mkdirSync(join(root, 'plain'));
    expect(() => {
      assertNoSymlinkBelow(root, join(root, 'plain/not/yet'));
    }).not.toThrow();
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole file, making its folder, and leaves no temp file', () => {
    const dir = temp();
    writeFileAtomic(join(dir, 'a/b/c.txt'), 'hello\n');
    expect(readFileSync(join(dir, 'a/b/c.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(dir, 'a/b/c.txt'), 'utf8')).toBe('hello\n');
  });
});

describe('openAppendNoFollow', () => {
  it('refuses a log that is a link (an agent could point it at any file) and appends to a plain one', () => {
    const dir = temp();
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'keep\n');
    symlinkSync(target, join(dir, 'S-A.log'));
    expect(() => openAppendNoFollow(join(dir, 'S-A.log'))).toThrow(/ELOOP/);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });
});
