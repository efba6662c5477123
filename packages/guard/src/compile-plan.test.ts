import { describe, expect, test } from 'vitest';
import { compilePlan } from './compile-plan.ts';

const base = [
  '---',
  'guard: strict',
  '---',
  '# P',
  '',
  '## Dispatch',
  '',
  '| Session | Issue | Branch |',
  '|---|---|---|',
  '| S-A | X-1 | claude/x-1-a |',
  '| S-B | X-2 | claude/x-2-b |',
  '',
  '## Sessions',
  '',
  '### S-A: One',
  '',
  '- **Owns:** `a/**`, `!a/gen/**`',
  '',
  '### S-B: Two',
  '',
  '- **Mode:** spike (analysis-only)',
  '',
  '## Session Registry',
  '',
  '| Session Name | Issue | Phase | Plan File | Status |',
  '|---|---|---|---|---|',
  '| S-A | X-1 | 1A | p.md | Active |',
  '',
].join('\n');

describe('compilePlan', () => {
  test('keeps what the guard needs: identity, lanes with their lines, statuses, strict mode', () => {
    const compiled = compilePlan(base, 'plans/p.md', 'b10b');
    expect(compiled).toEqual({
      format: 3,
      path: 'plans/p.md',
      blob: 'b10b',
      strict: true,
      unusable: [],
      sessions: [
        { id: 'S-A', branch: 'claude/x-1-a', status: 'Active', batch: 1, analysisOnly: false, owns: [{ source: 'a/**', line: 17 }, { source: '!a/gen/**', line: 17 }], ownsLine: 17 },
        { id: 'S-B', branch: 'claude/x-2-b', status: null, batch: 1, analysisOnly: true, owns: [], ownsLine: 11 },
      ],
      registryRows: [{ session: 'S-A', planFile: 'p.md', status: 'Active', line: 27 }],
    });
  });

  test('problems that touch ownership or identity make it unusable; other findings do not', () => {
    const broken = base.replace('`!a/gen/**`', '`a/{x,y}`').replace('guard: strict', 'guard: strict\nmax-parallel: lots');
    expect(compilePlan(broken, 'plans/p.md', 'b').unusable).toEqual([
      { line: 18, message: 'Unexpected `{x,y}` in pattern `a/{x,y}`: brace expansion is not supported; write one pattern per path' },
    ]);
    // Front matter that cannot be read, or a `guard` value that is not one: strict mode cannot be decided.
    const unreadable = compilePlan(base.replace('guard: strict', 'guard: [strict'), 'plans/p.md', 'b').unusable;
    expect(unreadable.map((u) => u.line)).toEqual([2]);
    expect(unreadable[0]!.message).toMatch(/^Unexpected YAML in front matter: /);
    expect(compilePlan(base.replace('guard: strict', 'guard: lax'), 'plans/p.md', 'b').unusable).toEqual([
      { line: 2, message: 'Unexpected `guard: lax`, expected `guard: strict` or no `guard` key' },
    ]);
    expect(compilePlan(base.replace('guard: strict', 'guard:\n  - strict'), 'plans/p.md', 'b').unusable).toEqual([
      { line: 3, message: 'Unexpected value of `guard` in front matter: expected a single value' },
    ]);
    const twoBranches = base.replace('- **Mode:** spike (analysis-only)', '- **Mode:** spike (analysis-only)\n- **Branch:** claude/other');
    expect(compilePlan(twoBranches, 'plans/p.md', 'b').unusable).toEqual([
      { line: 22, message: 'Unexpected `Branch` of S-B: `claude/x-2-b` at line 11, `claude/other` at line 22; the guard cannot tell which branch is the session\'s' },
    ]);
  });
});
