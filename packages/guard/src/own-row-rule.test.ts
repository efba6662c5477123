import { describe, expect, test } from 'vitest';
import { checkOwnRowChange } from './own-row-rule.ts';

const plan = (a: string, b: string, extra = ''): string =>
  [
    '# Plan',
    '',
    '## Sessions',
    '',
    '### S-A: One',
    '',
    '- **Owns:** `a/**`',
    '',
    '### S-B: Two',
    '',
    `- **Owns:** \`b/**\`${extra}`,
    '',
    '## Session Registry',
    '',
    '| Session Name | Issue | Phase | Plan File | Status |',
    '|---|---|---|---|---|',
    `| S-A | X-1 | 1A | plan.md | ${a} |`,
    `| S-B | X-2 | 1B | plan.md | ${b} |`,
    '',
  ].join('\n');

const context = { session: 'S-A', path: 'plans/plan.md', sessionPlan: 'plans/plan.md' };

describe('checkOwnRowChange', () => {
  test('the session\'s own row, and nothing else: allowed', () => {
    expect(checkOwnRowChange(plan('Planned', 'Planned'), plan('Failed: tests time out', 'Planned'), context)).toBeNull();
  });

  test("another session's row, or anything outside the rows: refused, with the first line that differs", () => {
    expect(checkOwnRowChange(plan('Planned', 'Planned'), plan('Active', 'Done'), context)).toBe(
      "it changes plans/plan.md outside S-A's own Session Registry row (line 18); the rest of the plan is the coordinator's",
    );
    expect(checkOwnRowChange(plan('Planned', 'Planned'), plan('Active', 'Planned', ', `a/**`'), context)).toBe(
      "it changes plans/plan.md outside S-A's own Session Registry row (line 11); the rest of the plan is the coordinator's",
    );
  });

  test('adding or deleting the plan file: refused', () => {
    expect(checkOwnRowChange(null, plan('Planned', 'Planned'), context)).toBe('it adds plans/plan.md; only the coordinator writes plans');
    expect(checkOwnRowChange(plan('Planned', 'Planned'), null, context)).toBe('it deletes plans/plan.md; only the coordinator writes plans');
  });

  test('a second row of its own: refused', () => {
    const twice = plan('Planned', 'Planned').replace('| S-B |', '| S-A | X-1 | 1A | plan.md | Active |\n| S-B |');
    expect(checkOwnRowChange(plan('Planned', 'Planned'), twice, context)).toBe(
      'plans/plan.md has more than one Session Registry row for S-A; only the coordinator can untangle that',
    );
  });

  test("in a registry file, the row is the one naming the session's plan", () => {
    const registry = (status: string): string =>
      ['## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|', `| S-A | X-1 | 1A | plan.md | ${status} |`, '| S-A | Y-1 | 1A | other.md | Planned |', ''].join('\n');
    const rc = { session: 'S-A', path: 'plans/registry.md', sessionPlan: 'plans/plan.md' };
    expect(checkOwnRowChange(registry('Planned'), registry('Done'), rc)).toBeNull();
    expect(checkOwnRowChange(registry('Planned'), registry('Planned').replace('other.md | Planned', 'other.md | Done'), rc)).toMatch(/^it changes plans\/registry.md outside/);
  });
});
