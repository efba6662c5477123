import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, lanesBin, makeRepo, run, testEnv, workspaceRoot, writeFiles, type RunResult } from './repo.ts';

/** The plan's path in the repositories these tests make. */
export const planPath = 'plans/2026-01-05-demo-lanes.md';

/** What the test plan says, beyond its fixed sessions. */
export interface PlanOptions {
  strict?: boolean;
  /** Registry status of each session (default `Planned`). */
  status?: Partial<Record<'S-A' | 'S-B' | 'S-C', string>>;
  /** Extra lines of S-A's `Owns` list (inline code). */
  ownsA?: string[];
}

/**
 * A plan with three sessions: S-A owns `src/a/**` (branch `claude/demo-1-a`), S-B owns `src/b/**` but not
 * `src/b/generated/**` (branch `claude/demo-2-b`), S-C is analysis-only and owns nothing.
 * Line numbers that tests assert: S-A's Owns at 21, S-B's `src/b/**` at 30 and its exclusion at 31,
 * the registry rows of S-A, S-B, S-C at 42, 43, 44.
 */
export function planText(options: PlanOptions = {}): string {
  const status = { 'S-A': 'Planned', 'S-B': 'Planned', 'S-C': 'Planned', ...options.status };
  const front = options.strict ? 'guard: strict' : 'max-parallel: 3';
  const ownsA = ['`src/a/**`', ...(options.ownsA ?? [])];
  const lines = [
    '---', //                                                              1
    'project: demo',
    front,
    '---',
    '',
    '# Demo lanes', //                                                     6
    '',
    '## Dispatch',
    '',
    '| Session | Issue | Focus | Mode | Branch | Batch |', //               10
    '|---------|-------|-------|------|--------|-------|',
    '| S-A | DEMO-1 | Lane A | tdd | claude/demo-1-a | 1 |',
    '| S-B | DEMO-2 | Lane B | tdd | claude/demo-2-b | 1 |',
    '| S-C | DEMO-3 | Survey | spike (analysis-only) | claude/demo-3-c | 1 |',
    '',
    '## Sessions', //                                                      16
    '',
    '### S-A: Lane A',
    '',
    '- **Issue:** DEMO-1', //                                              20
    `- **Owns:** ${ownsA.join(', ')}`, //                                  21
    '',
    '**Tasks:**',
    '1. Work in lane A.',
    '',
    '### S-B: Lane B', //                                                  26
    '',
    '- **Issue:** DEMO-2',
    '- **Owns:**',
    '  - `src/b/**`', //                                                   30
    '  - `!src/b/generated/**`', //                                        31
    '',
    '### S-C: Survey',
    '',
    '- **Issue:** DEMO-3', //                                              35
    '- **Mode:** spike (analysis-only)',
    '',
    '## Session Registry',
    '',
    '| Session Name | Issue | Phase | Plan File | Status |', //             40
    '|--------------|-------|-------|-----------|--------|',
    `| S-A | DEMO-1 | 1A | 2026-01-05-demo-lanes.md | ${status['S-A']} |`, // 42
    `| S-B | DEMO-2 | 1B | 2026-01-05-demo-lanes.md | ${status['S-B']} |`, // 43
    `| S-C | DEMO-3 | 1C | 2026-01-05-demo-lanes.md | ${status['S-C']} |`, // 44
    '',
  ];
  return lines.join('\n');
}

/** The hooks the tests install with husky: each runs the built `lanes` bin by its absolute path. */
export function hookScripts(): Record<string, string> {
  const lanes = `node "${lanesBin}"`;
  return {
    '.husky/pre-commit': `${lanes} guard\n`,
    '.husky/pre-merge-commit': `${lanes} guard\n`,
    '.husky/prepare-commit-msg': `${lanes} guard --prepare-commit-msg "$@"\n`,
  };
}

/**
 * Installs hooks the way a user does: `.husky/*` files (husky runs them with `sh -e`, so they need no
 * executable bit), then husky's own bin run in the repository.
 */
export function installHusky(dir: string): void {
  writeFiles(dir, hookScripts());
  const r = run(process.execPath, [join(workspaceRoot, 'node_modules/husky/bin.js')], { cwd: dir });
  if (r.status !== 0) throw new Error(`husky failed: ${r.stderr}`);
}

/** A repository with the test plan, a few files in each lane, and the guard's hooks installed by husky. */
export function guardedRepo(options: PlanOptions & { files?: Record<string, string> } = {}): string {
  const dir = makeRepo({
    'package.json': `${JSON.stringify({ name: 'demo', private: true }, null, 2)}\n`,
    [planPath]: planText(options),
    'src/a/one.ts': 'export const one = 1;\n',
    'src/b/two.ts': 'export const two = 2;\n',
    'src/b/generated/types.ts': 'export type T = 1;\n',
    'README.md': '# demo\n',
    ...hookScripts(),
    ...options.files,
  });
  installHusky(dir);
  return dir;
}

/** The environment of a session's commit (`LANES_SESSION`), or of nobody's. */
export function sessionEnv(session: string | null, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return testEnv({ ...(session === null ? {} : { LANES_SESSION: session }), ...extra });
}

/** `git commit` with the hooks, as a session (or nobody): the result, never thrown. */
export function commit(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = sessionEnv(null)): RunResult {
  return run('git', ['commit', '-q', ...args], { cwd: dir, env });
}

/** Writes files and stages them. */
export function stage(dir: string, files: Record<string, string>): void {
  writeFiles(dir, files);
  git(dir, ['add', '--', ...Object.keys(files)]);
}

/** The commit message of a revision. */
export function messageOf(dir: string, rev = 'HEAD'): string {
  return git(dir, ['log', '-1', '--format=%B', rev]).replace(/\n$/, ''); // `--format` ends each entry with a newline of its own
}

/** The number of commits on HEAD. */
export function commitCount(dir: string): number {
  return Number(git(dir, ['rev-list', '--count', 'HEAD']).trim());
}

/** The lines of the override audit log. */
export function overrideLog(dir: string): Record<string, unknown>[] {
  const common = git(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']).trim();
  try {
    return readFileSync(join(common, 'lanes/overrides.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    return [];
  }
}
