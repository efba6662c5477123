import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanes, removeDir, tempDir, writeFiles } from './helpers/repo.ts';

// Documents as people outside this project write them: CCC's skill files, its planning-preflight layout
// (Issue Registry, Phase Map, Session Registry, no Dispatch table), work logs, display names of agents.
const dir = tempDir();
afterAll(() => {
  removeDir(dir);
});

const notAPlan =
  '1:1  error  Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md  lanes/plan-sessions';

const cccPlan = [
  '---',
  'project: cia',
  '---',
  '# CIA-400: Review gates',
  '',
  '**Parent issue:** CIA-400',
  '**Date:** 2026-02-15',
  '',
  '## Issue Registry',
  '',
  '| ID | Title | Status | Exec | Est | Depends On |',
  '|---|---|---|---|---|---|',
  '| CIA-413 | Gates | Todo | tdd | 2h | — |',
  '| CIA-414 | Docs | Todo | quick | 1h | — |',
  '',
  '## Phase Map',
  '',
  '| Phase | Issues | Focus | Batch | Dependencies |',
  '|---|---|---|---|---|',
  '| 1A | CIA-413 | Gates | 1 | — |',
  '| 2A | CIA-414 | Docs | 2 | 1A |',
  '',
  '## Session Registry',
  '',
  '| Session Name | Issue | Phase | Agent | Worktree | Branch | Status |',
  '|---|---|---|---|---|---|---|',
  '| 1A | CIA-413 | 1A | Claude Code | yes | claude/cia-413-gates | Active |',
  '| 2A | CIA-414 | 2A | Cursor | yes | cursor/cia-414-docs | Planned |',
  '| 3A | CIA-415 | 3A | Active |',
  '',
].join('\n');

writeFiles(dir, {
  'docs/skill/SKILL.md': [
    '---',
    'name: ccc',
    'description: Use when: planning, dispatching, reviewing',
    'allowed-tools: Read, Write',
    '---',
    '# Claude Command Centre',
    '',
    '## Dispatch',
    '',
    '| When | Read |',
    '|---|---|',
    '| planning | planning-preflight.md |',
    '',
  ].join('\n'),
  'docs/log.md': '# Work log\n\n## Sessions\n\n### 2026-01-03: what happened\n\nFixed the build.\n\n### Session 2 — more notes\n\nMore.\n',
  'docs/README.md': '# Readme\n\nHello.\n',
  'plans/2026-02-15-cia-review-gates.md': cccPlan,
});

describe('lanes lint on documents from the wild', () => {
  it('gives each document that is not a plan one line that says so, and nothing else', () => {
    const r = lanes(dir, ['lint', '--no-git', 'docs/**/*.md']);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toBe(
      `\ndocs/README.md\n  ${notAPlan}\n\ndocs/log.md\n  ${notAPlan}\n\ndocs/skill/SKILL.md\n  ${notAPlan}\n\n✖ 3 problems (3 errors, 0 warnings)\n`,
    );
  });

  it('reads a plan laid out as CCC prescribes: Phase Map rows are sessions; display names are agents; one finding per cause', () => {
    const r = lanes(dir, ['lint', '--no-git', 'plans/']);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toBe(
      [
        '',
        'plans/2026-02-15-cia-review-gates.md',
        '   20:3  error    Expected `Owns` for 1A (Active): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`  lanes/owns-required',
        '   21:3  error    Expected `Owns` for 2A (Planned): list the paths it may change under `- **Owns:**`, such as `src/cart/**`, or mark its mode `(analysis-only)`  lanes/owns-required',
        '  28:23  warning  Unexpected agent `Cursor` of 2A: no adapter launches it, so dispatch hands its prompt over instead; expected one of `claude`, `codex`, `gemini`, `opencode`, `aider`, `command`, `shell` to launch it  lanes/known-agent',
        '   29:3  error    Unexpected 4 cells in a row of the `Session Registry` table, expected 7 as in its header  lanes/table-row-cells',
        '',
        '✖ 4 problems (3 errors, 1 warning)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(lanes(dir, ['plan', '--json', 'plans/2026-02-15-cia-review-gates.md']).stdout) as {
      sessions: { id: string; issue: string; batch: number; dependsOn: string[]; agent: string; agentLaunchable: boolean; worktree: string | null; ownWorktree: boolean | null }[];
      registry: { session: string; status: string }[];
    };
    expect(json.sessions.map((s) => [s.id, s.issue, s.batch, s.dependsOn, s.agent, s.agentLaunchable, s.worktree, s.ownWorktree])).toEqual([
      ['1A', 'CIA-413', 1, [], 'claude', true, null, true],
      ['2A', 'CIA-414', 2, ['1A'], 'cursor', false, null, true],
    ]);
    expect(json.registry.map((row) => [row.session, row.status])).toEqual([
      ['1A', 'Active'],
      ['2A', 'Planned'],
      ['3A', 'Active'],
    ]);
  });

  it('says nothing more about one front matter line that is not strict YAML', () => {
    const text = cccPlan.replace('project: cia', 'project: cia\ntags: [review, gates');
    writeFiles(dir, { 'yaml/2026-02-15-cia-review-gates.md': text });
    const r = lanes(dir, ['lint', '--no-git', 'yaml/']);
    expect(r.stdout.split('\n').filter((l) => l.includes('lanes/front-matter'))).toEqual([
      '   3:21  error    Unexpected YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]  lanes/front-matter',
    ]);
  });

  it('answers at once on a pattern of 200 `*` segments and on lists nested 11,000 deep', () => {
    const stars = Array.from({ length: 200 }, () => '*').join('/');
    writeFiles(dir, {
      'fast/2026-02-15-cia-stars.md': cccPlan.replace('## Issue Registry', `## Sessions\n\n### 1A: Gates\n\n- **Owns:** \`${stars}/x.ts\`, \`${'a*'.repeat(100)}b\`\n\n### 2A: Docs\n\n- **Owns:** \`${stars}/y.ts\`, \`${'*a'.repeat(100)}*c\`\n\n## Issue Registry`),
      'fast/2026-02-15-cia-nested.md': `# P\n\n${'- '.repeat(11_000)}x\n`,
    });
    const start = Date.now();
    const r = lanes(dir, ['lint', '--no-git', 'fast/']);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(r.stdout).toContain(
      'fast/2026-02-15-cia-nested.md\n  3:1  error  Unexpected list or quote nested 11000 levels deep, expected at most 32: no plan needs more; flatten it  lanes/nesting-depth\n',
    );
    expect(r.stdout).not.toContain('owns-required');
    expect(readFileSync(join(dir, 'fast/2026-02-15-cia-nested.md'), 'utf8').length).toBeGreaterThan(22_000);
  });
});
