import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.ts';
import { dependentsOf, findDependencyCycles, planBatches, scheduleWaves } from './schedule.ts';

const planWith = (rows: string[], frontMatter = ''): ReturnType<typeof parsePlan> =>
  parsePlan(`${frontMatter}# T\n\n## Dispatch\n\n| Session | Issue | Batch | Depends on |\n|---|---|---|---|\n${rows.map((r) => `| ${r} |`).join('\n')}\n`);

describe('planBatches', () => {
  it('orders explicit batches and keeps plan order inside each', () => {
    const plan = planWith(['S-C | X-3 | 2 | S-A', 'S-A | X-1 | 1 | —', 'S-B | X-2 | 1 | —']);
    expect(planBatches(plan).map((b) => [b.number, b.sessions.map((s) => s.id)])).toEqual([
      [1, ['S-A', 'S-B']],
      [2, ['S-C']],
    ]);
  });
});

describe('findDependencyCycles', () => {
  it('names each cycle along its edges, self-loops included', () => {
    const sessions = [
      { id: 'A', dependsOn: ['B'] },
      { id: 'B', dependsOn: ['C'] },
      { id: 'C', dependsOn: ['A'] },
      { id: 'D', dependsOn: ['D'] },
      { id: 'E', dependsOn: ['A'] },
    ];
    expect(findDependencyCycles(sessions)).toEqual([['A', 'B', 'C'], ['D']]);
  });

  it('finds none in a DAG', () => {
    expect(findDependencyCycles([{ id: 'A', dependsOn: [] }, { id: 'B', dependsOn: ['A'] }])).toEqual([]);
  });

  it('breaks a cycle when deriving batches instead of looping', () => {
    const plan = parsePlan('# T\n\n## Dispatch\n\n| Session | Issue | Depends on |\n|---|---|---|\n| A | X-1 | B |\n| B | X-2 | A |\n');
    expect(plan.sessions.map((s) => s.batch)).toEqual([2, 1]);
    expect(findDependencyCycles(plan.sessions)).toEqual([['A', 'B']]);
  });
});

describe('dependentsOf', () => {
  it('holds transitive dependents only', () => {
    const plan = planWith(['A | X-1 | 1 | —', 'B | X-2 | 2 | A', 'C | X-3 | 3 | B', 'D | X-4 | 2 | —']);
    expect(dependentsOf(plan, 'A').map((s) => s.id)).toEqual(['B', 'C']);
    expect(dependentsOf(plan, 'D').map((s) => s.id)).toEqual([]);
  });
});

describe('scheduleWaves', () => {
  it('runs waves of at most max-parallel, batch by batch', () => {
    const plan = planWith(['A | X-1 | 1 | —', 'B | X-2 | 1 | —', 'C | X-3 | 1 | —', 'D | X-4 | 1 | —', 'E | X-5 | 2 | —']);
    expect(scheduleWaves(plan, 3)).toEqual([['A', 'B', 'C'], ['D'], ['E']]);
    expect(scheduleWaves(plan, 2)).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
  });

  it('puts a session after a session of its own batch it depends on', () => {
    const plan = planWith(['A | X-1 | 1 | B', 'B | X-2 | 1 | —', 'C | X-3 | 1 | —']);
    expect(scheduleWaves(plan, 3)).toEqual([['B', 'C'], ['A']]);
  });
});
