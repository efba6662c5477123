import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from '@lanes/repo';

/** The bundled examples folder (`examples/` at the workspace root). */
export function examplesDir(): string {
  const candidates = [new URL('../../../examples/', import.meta.url), new URL('../examples/', import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((c) => existsSync(join(c, 'demo')));
  if (found === undefined) throw new Error(`the bundled examples are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** A scratch repository made for `lanes dispatch --demo`: its root and the plan's path from it. */
export interface DemoRepo {
  root: string;
  planPath: string;
  /** The status each session is scripted to end with (`examples/demo-expected.json`). */
  expected: Record<string, string>;
}

/**
 * Makes a scratch git repository in a temp folder from `examples/demo/` (a small project and its plan under
 * `plans/`), committed on `main` as its first commit, with a fixed identity so that it commits anywhere.
 */
export function createDemoRepo(env: NodeJS.ProcessEnv, parent = tmpdir()): DemoRepo {
  const root = realpathSync(mkdtempSync(join(parent, 'lanes-demo-')));
  cpSync(join(examplesDir(), 'demo'), root, { recursive: true });
  const plans = readdirSync(join(root, 'plans')).filter((f) => f.endsWith('.md'));
  if (plans.length !== 1) throw new Error(`examples/demo/plans should hold one plan, found ${plans.length}`);
  const run = (args: string[]): string => git(args, { cwd: root, env });
  run(['init', '-q', '-b', 'main']);
  run(['config', 'user.name', 'Lanes Demo']);
  run(['config', 'user.email', 'demo@lanes.invalid']);
  run(['add', '-A']);
  run(['commit', '-q', '--no-verify', '-m', 'demo: a small project and its plan']);
  const expected = (JSON.parse(readFileSync(join(examplesDir(), 'demo-expected.json'), 'utf8')) as { sessions: Record<string, string> }).sessions;
  return { root, planPath: `plans/${plans[0]!}`, expected };
}
