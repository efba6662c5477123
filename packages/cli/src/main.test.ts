import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { main } from './main.ts';

function capture(cwd = process.cwd()): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      cwd,
      env: {},
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      isTTY: false,
      readStdin: () => Promise.resolve(''),
    },
    out: () => out,
    err: () => err,
  };
}

const fixtures = fileURLToPath(new URL('../../../test/fixtures/plans/', import.meta.url));

describe('main', () => {
  it('lists every command in --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    for (const name of ['init', 'plan', 'lint', 'guard', 'check', 'explain', 'doctor', 'dispatch', 'status', 'stop']) {
      expect(c.out()).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('exits 2 on an unknown command or option, saying so', async () => {
    const c = capture();
    expect(await main(['plann'], c.io)).toBe(2);
    expect(c.err()).toContain("error: unknown command 'plann'");
    const d = capture();
    expect(await main(['plan', '--nope', 'x.md'], d.io)).toBe(2);
    expect(d.err()).toContain("error: unknown option '--nope'");
  });

  it('prints a usage error as `lanes: …` with exit 2', async () => {
    const c = capture();
    expect(await main(['plan', 'missing.md'], c.io)).toBe(2);
    expect(c.err()).toBe('lanes: cannot read plan missing.md: ENOENT; check the path\n');
  });

  it('runs a command and returns its exit code', async () => {
    const c = capture(fixtures);
    expect(await main(['plan', '2026-11-20-shop-checkout-split.md', '--json'], c.io)).toBe(0);
    expect((JSON.parse(c.out()) as { sessions: unknown[] }).sessions).toHaveLength(3);
  });
});
