import { describe, expect, it } from 'vitest';
import { githubWorkflowPath } from './ci-workflow.ts';
import { blockEnd, blockStart, claudeHookCommand, guardBlock } from './hook-text.ts';
import { initPaths, planInit, type InitPlan, type RepoSnapshot } from './plan-init.ts';

const emptyMessageCheck = 'check "$1"';

function snapshot(files: Record<string, string>, facts: Partial<Omit<RepoSnapshot, 'files'>> = {}): RepoSnapshot {
  return {
    files: new Map(initPaths.map((p) => [p, files[p] ?? null])),
    huskyDir: Object.keys(files).some((p) => p.startsWith('.husky/')),
    huskyActive: true,
    hooksPath: null,
    plans: 0,
    branch: 'main',
    today: '2026-12-07',
    ...facts,
  };
}

/** The snapshot after the plan's changes were written and its hooksPath set. */
function applied(before: RepoSnapshot, plan: InitPlan): RepoSnapshot {
  const files = new Map(before.files);
  for (const c of plan.changes) files.set(c.path, c.after);
  return { ...before, files, hooksPath: plan.hooksPath ?? before.hooksPath, plans: before.plans + (plan.changes.some((c) => c.path.startsWith('plans/')) ? 1 : 0) };
}

const changed = (plan: InitPlan): string[] => plan.changes.map((c) => `${c.before === null ? '+' : '~'} ${c.path}`);
const after = (plan: InitPlan, path: string): string => plan.changes.find((c) => c.path === path)!.after;
const none = { agents: [], ci: null } as const;

describe('planInit', () => {
  it('without a hook manager: versioned .githooks/, made active by the prepare script; a second run changes nothing', () => {
    const before = snapshot({ 'package.json': '{\n    "name": "@acme/my-app",\n    "scripts": { "prepare": "tsc" }\n}\n' });
    const plan = planInit(before, none, emptyMessageCheck);
    expect(plan.manager).toBe('lanes');
    expect(changed(plan)).toEqual([
      '+ .githooks/commit-msg',
      '+ .githooks/pre-commit',
      '+ .githooks/pre-merge-commit',
      '+ .githooks/prepare-commit-msg',
      '~ package.json',
      '+ plans/2026-12-07-myapp-first-plan.md',
    ]);
    expect(plan.hooksPath).toBe('.githooks');
    expect(JSON.parse(after(plan, 'package.json'))).toEqual({
      name: '@acme/my-app',
      scripts: { prepare: 'tsc && lanes init --hooks' },
      lanes: { plans: ['plans/**/*.md'] },
    });
    expect(after(plan, 'package.json')).toMatch(/^\{\n {4}"name"/);
    expect(after(plan, '.githooks/pre-commit')).toContain(
      ' | node "$bin" guard --staged-from-stdin || exit $?; else "$lanes" guard || exit $?; fi\nown="$(git rev-parse --git-common-dir)/hooks/pre-commit"\n',
    );
    expect(after(plan, '.githooks/prepare-commit-msg')).toContain('then node "$bin" guard --prepare-commit-msg "$1" || exit $?; else "$lanes" guard --prepare-commit-msg "$1" || exit $?; fi\n');
    expect(after(plan, '.githooks/commit-msg')).toContain('\ncheck "$1"\n');
    expect(plan.changes.filter((c) => c.executable).map((c) => c.path)).toEqual(['.githooks/commit-msg', '.githooks/pre-commit', '.githooks/pre-merge-commit', '.githooks/prepare-commit-msg']);

    const again = planInit(applied(before, plan), none, emptyMessageCheck);
    expect(again.changes).toEqual([]);
    expect(again.hooksPath).toBeNull();
  });

  it('finds the bin in the worktree, then in the main worktree, and blocks the commit when neither has it', () => {
    const text = after(planInit(snapshot({ 'package.json': '{}' }), none, emptyMessageCheck), '.githooks/pre-commit');
    expect(text).toContain(`lanes=node_modules/.bin/lanes
[ -x "$lanes" ] || lanes="$(git worktree list --porcelain | sed -n '1s/^worktree //p')/node_modules/.bin/lanes"
[ -x "$lanes" ] || { echo "lanes guard: no node_modules/.bin/lanes in this worktree or the main one, so the commit is blocked; run npm install (or pnpm install)" >&2; exit 2; }
`);
  });

  it('with husky: its hook files get the guard block ahead of what they run, and a post-checkout that activates husky in new worktrees', () => {
    const before = snapshot({ 'package.json': '{ "scripts": { "prepare": "husky" } }', '.husky/pre-commit': 'npx lint-staged\n' }, { huskyActive: false });
    const plan = planInit(before, none, emptyMessageCheck);
    expect(plan.manager).toBe('husky');
    expect(changed(plan)).toEqual([
      '+ .husky/commit-msg',
      '+ .husky/post-checkout',
      '~ .husky/pre-commit',
      '+ .husky/pre-merge-commit',
      '+ .husky/prepare-commit-msg',
      '~ package.json',
      '+ plans/2026-12-07-app-first-plan.md',
    ]);
    expect(after(plan, '.husky/pre-commit')).toBe(`${guardBlock('pre-commit')}npx lint-staged\n`);
    expect(after(plan, '.husky/post-checkout')).toBe(`${blockStart}
if [ "$3" = 1 ] && [ ! -e .husky/_ ] && [ -f "$(dirname "$0")/_/h" ]; then cp -R "$(dirname "$0")/_" .husky/_; fi
${blockEnd}
`);
    expect(JSON.parse(after(plan, 'package.json'))).toEqual({ scripts: { prepare: 'husky' }, lanes: { plans: ['plans/**/*.md'] } });
    expect(plan.notes).toEqual(['husky is not active in this clone (no .husky/_/h): run npx husky, or npm install, which runs it through the prepare script']);
    expect(plan.hooksPath).toBeNull();

    const drifted = applied(before, plan);
    const files = new Map(drifted.files);
    files.set('.husky/pre-commit', `${blockStart}\nlanes guard\n${blockEnd}\nnpx lint-staged\n`);
    const fixed = planInit({ ...drifted, files, huskyActive: true }, none, emptyMessageCheck);
    expect(changed(fixed)).toEqual(['~ .husky/pre-commit']);
    expect(after(fixed, '.husky/pre-commit')).toBe(`${guardBlock('pre-commit')}npx lint-staged\n`);
  });

  it('with lefthook: the guard as commands of its config, the rest kept', () => {
    const plan = planInit(snapshot({ 'package.json': '{}', 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n' }), none, emptyMessageCheck);
    expect(plan.manager).toBe('lefthook');
    const config = after(plan, 'lefthook.yml');
    expect(config).toContain(`pre-commit:
  commands:
    lint:
      run: npx eslint {staged_files}
    lanes-guard:
      run: |-
        lanes=node_modules/.bin/lanes
        [ -x "$lanes" ] || lanes="$(git worktree list --porcelain | sed -n '1s/^worktree //p')/node_modules/.bin/lanes"
`);
    expect(config).toContain('then node "$bin" guard --prepare-commit-msg {1} || exit $?; else "$lanes" guard --prepare-commit-msg {1} || exit $?; fi\n');
    expect(config).toContain('    lanes-message:\n      run: |-\n        check {1}\n');
  });

  it('--agents claude merges a PreToolUse hook that runs the installed bin and fails closed, keeping the other settings', () => {
    const settings = { permissions: { allow: ['Bash(ls)'] }, hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit' }] }, { matcher: 'Edit', hooks: [{ type: 'command', command: 'npx lanes guard --claude-hook' }] }] } };
    const plan = planInit(snapshot({ 'package.json': '{}', '.claude/settings.json': JSON.stringify(settings) }, { plans: 1 }), { agents: ['claude'], ci: null }, emptyMessageCheck);
    expect(JSON.parse(after(plan, '.claude/settings.json'))).toEqual({
      permissions: { allow: ['Bash(ls)'] },
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: 'audit' }] },
          { matcher: 'Edit|Write|MultiEdit|NotebookEdit', hooks: [{ type: 'command', command: claudeHookCommand }] },
        ],
      },
    });
    expect(claudeHookCommand).not.toMatch(/npx/);
    expect(claudeHookCommand).toMatch(/"\$lanes" guard --claude-hook \|\| exit 2$/);
  });

  it('--ci github writes a workflow that passes pull request values through env, never into a script', () => {
    const plan = planInit(snapshot({ 'package.json': '{}', 'pnpm-lock.yaml': '' }, { plans: 1 }), { agents: [], ci: 'github' }, emptyMessageCheck);
    const workflow = after(plan, githubWorkflowPath);
    for (const line of workflow.split('\n').filter((l) => l.includes('run:'))) expect(line).not.toContain('${{');
    expect(workflow).toContain('      - run: pnpm install --frozen-lockfile\n');
    expect(workflow).toContain('      - run: node_modules/.bin/lanes check --range "$BASE_SHA..$HEAD_SHA" --branch "$HEAD_REF" --format github\n');
    expect(workflow).toContain('          HEAD_REF: ${{ github.head_ref }}\n');
  });

  it('says what it cannot do, as a usage error', () => {
    expect(() => planInit(snapshot({}), none, emptyMessageCheck)).toThrow('no package.json at the repository root; run npm init (or pnpm init) first, then lanes init');
    expect(() => planInit(snapshot({ 'package.json': '[]' }), none, emptyMessageCheck)).toThrow('package.json is not a JSON object; fix it, then run lanes init again');
    expect(() => planInit(snapshot({ 'package.json': '{}' }), { agents: ['aider'], ci: null }, emptyMessageCheck)).toThrow(
      '--agents aider: lanes init writes the hook settings of claude, codex, gemini, cursor, copilot; leave aider out',
    );
    expect(() => planInit(snapshot({ 'package.json': '{}' }, { hooksPath: 'tools/hooks' }), none, emptyMessageCheck)).toThrow(
      'core.hooksPath is tools/hooks, so git would not run the hooks of .githooks/; unset it (git config --unset core.hooksPath) and run lanes init again, or add `lanes guard` to that folder\'s pre-commit yourself (see docs/guard.md)',
    );
  });
});
