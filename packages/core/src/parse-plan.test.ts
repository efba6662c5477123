import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.ts';
import { planToJson } from './plan-json.ts';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/plans/${name}`, import.meta.url)), 'utf8');

const problemsOf = (md: string): { code: string; message: string; line: number; column: number }[] =>
  planToJson(parsePlan(md, { path: 'plans/2026-11-20-shop-x.md' })).problems.map(({ code, message, line, column }) => ({
    code,
    message,
    line,
    column,
  }));

describe('the canonical example (shop checkout split)', () => {
  const plan = parsePlan(fixture('2026-11-20-shop-checkout-split.md'), { path: '2026-11-20-shop-checkout-split.md' });
  const json = planToJson(plan);

  it('has no problems', () => {
    expect(json.problems).toEqual([]);
  });

  it('reads the front matter and header', () => {
    expect(json).toMatchObject({
      title: 'Checkout split',
      parentIssue: 'SHOP-120',
      date: '2026-11-20',
      project: 'shop',
      maxParallel: 3,
      base: 'main',
      verify: 'pnpm test',
      sharedInfra: ['.github/**', 'pnpm-lock.yaml', '**/migrations/**'],
      guard: null,
    });
    expect(plan.frontMatter.sharedInfra[2]!.span.start).toEqual({ line: 10, column: 6, offset: expect.any(Number) as number });
    expect(plan.header.dateSpan?.start.line).toBe(16);
  });

  it('reads every session field by field', () => {
    expect(json.sessions.map(({ line, run, ...s }) => ({ ...s, hasRun: run !== null, line }))).toEqual([
      {
        id: 'S-A',
        issue: 'SHOP-121',
        focus: 'Cart API',
        phase: '1A',
        batch: 1,
        dependsOn: [],
        mode: 'tdd',
        analysisOnly: false,
        launchAs: 'Bypass permissions',
        agent: 'claude',
        agentLaunchable: true,
        model: null,
        branch: 'claude/shop-121-cart-api',
        worktree: null,
        ownWorktree: null,
        mergeOrder: null,
        estCost: 4,
        timeoutSeconds: null,
        owns: ['services/cart/**', 'packages/cart-client/', '!services/cart/generated/**'],
        reads: ['packages/shared/src/money.ts', 'docs/adr/0007-checkout.md'],
        prompt: 'generated',
        hasRun: false,
        line: 25,
      },
      {
        id: 'S-B',
        issue: 'SHOP-122',
        focus: 'Payment adapters',
        phase: '1B',
        batch: 1,
        dependsOn: [],
        mode: 'tdd',
        analysisOnly: false,
        launchAs: 'Bypass permissions',
        agent: 'claude',
        agentLaunchable: true,
        model: null,
        branch: 'claude/shop-122-payment-adapters',
        worktree: null,
        ownWorktree: null,
        mergeOrder: null,
        estCost: 6,
        timeoutSeconds: null,
        owns: ['services/payments/**'],
        reads: ['packages/shared/src/money.ts'],
        prompt: 'generated',
        hasRun: false,
        line: 26,
      },
      {
        id: 'S-C',
        issue: 'SHOP-123',
        focus: 'Checkout UI',
        phase: '2A',
        batch: 2,
        dependsOn: ['S-A', 'S-B'],
        mode: 'pair',
        analysisOnly: false,
        launchAs: 'Plan mode',
        agent: 'claude',
        agentLaunchable: true,
        model: null,
        branch: 'claude/shop-123-checkout-ui',
        worktree: null,
        ownWorktree: null,
        mergeOrder: null,
        estCost: 5,
        timeoutSeconds: null,
        owns: ['apps/web/src/checkout/**'],
        reads: ['packages/cart-client/**', 'services/payments/src/adapter.ts'],
        prompt: 'generated',
        hasRun: false,
        line: 27,
      },
    ]);
  });

  it('keeps the prompt parts and pattern positions', () => {
    const a = plan.sessions[0]!;
    expect(a.context).toHaveLength(3);
    expect(a.context[0]).toBe('The cart lives inside apps/web/src/checkout/cart.ts today; it moves to its own service.');
    expect(a.tasks).toEqual([
      'Create services/cart with add, remove and total endpoints, test first.',
      'Publish a typed client in packages/cart-client.',
    ]);
    expect(a.deliverable).toBe('cart service and client with passing tests. Update SHOP-121 with results.');
    expect(a.owns.map((p) => [p.span.start.line, p.span.start.column, p.inCode])).toEqual([
      [37, 6, true],
      [38, 6, true],
      [39, 6, true],
    ]);
    expect(a.reads[1]!.span.start).toMatchObject({ line: 40, column: 47 });
  });

  it('reads the registry rows', () => {
    expect(json.registry).toEqual([
      { session: 'S-A', issue: 'SHOP-121', phase: '1A', planFile: '2026-11-20-shop-checkout-split.md', status: 'Planned', reason: null, line: 93 },
      { session: 'S-B', issue: 'SHOP-122', phase: '1B', planFile: '2026-11-20-shop-checkout-split.md', status: 'Planned', reason: null, line: 94 },
      { session: 'S-C', issue: 'SHOP-123', phase: '2A', planFile: '2026-11-20-shop-checkout-split.md', status: 'Planned', reason: null, line: 95 },
    ]);
    expect(plan.registry?.variant).toBe('plan-file');
    expect(plan.sessions.map((s) => s.registryRow)).toEqual([0, 1, 2]);
  });
});

describe('the plan written the way plans are written today (sdd parallel dispatch)', () => {
  const plan = parsePlan(fixture('2026-02-15-sdd-parallel-dispatch.md'), { path: '2026-02-15-sdd-parallel-dispatch.md' });
  const json = planToJson(plan);

  it('has no parse problems', () => {
    expect(json.problems).toEqual([]);
  });

  it('merges the Dispatch table with the Phase Map', () => {
    expect(
      json.sessions.map((s) => [s.id, s.issue, s.focus, s.phase, s.batch, s.dependsOn, s.mode, s.launchAs, s.agent, s.branch, s.estCost, s.owns, s.prompt]),
    ).toEqual([
      ['S-A', 'CIA-413', 'Review gates', '1A', 1, [], 'pair', 'Plan mode', 'claude', 'claude/cia-413-review-gates', 5, [], 'literal'],
      ['S-B', 'CIA-387', 'Dispatch rules', '1B', 1, [], 'pair', 'Plan mode', 'claude', 'claude/cia-387-dispatch-rules', 3, [], 'generated'],
      ['S-C', 'CIA-414', 'Insights v2', '2A', 2, ['S-A', 'S-B'], 'tdd', 'Bypass permissions', 'claude', 'claude/cia-414-insights-v2', 8, [], 'generated'],
    ]);
    expect(plan.sessions[2]!.fields['depends on']?.map((v) => v.source)).toEqual(['phase-map']);
  });

  it('reads the header, phase map and literal prompt', () => {
    expect(json).toMatchObject({ title: 'Parallel dispatch rules', parentIssue: 'CIA-379', date: '2026-02-15', project: null });
    expect(json.phases).toEqual([
      { phase: '1A', issues: ['CIA-413'], focus: 'Review gates', batch: 1, dependencies: [] },
      { phase: '1B', issues: ['CIA-387'], focus: 'Dispatch rules', batch: 1, dependencies: [] },
      { phase: '2A', issues: ['CIA-414'], focus: 'Insights v2', batch: 2, dependencies: ['1A', '1B'] },
    ]);
    expect(plan.prompts).toHaveLength(1);
    expect(plan.prompts[0]!.text.split('\n')[0]).toBe('Implement on CIA-413 (Review gates) from master plan CIA-379.');
    expect(plan.prompts[0]!.span.start.line).toBe(30);
  });

  it('links registry rows to sessions only when they name this plan', () => {
    expect(json.registry.map((r) => [r.session, r.issue, r.phase, r.planFile, r.status])).toEqual([
      ['composed-crunching-raven', 'CIA-413', '1A', '2026-02-12-sdd-review-dispatch.md', 'Done'],
      ['luminous-meandering-zephyr', 'CIA-387', '1B', '2026-02-15-sdd-parallel-dispatch.md', 'Active'],
    ]);
    expect(plan.sessions.map((s) => s.registryRow)).toEqual([null, 1, null]);
  });
});

const header = `# T

**Parent issue:** P-1
**Date:** 2026-11-20

`;

describe('fields given in two places', () => {
  it('records a disagreement with both positions', () => {
    const plan = parsePlan(`${header}## Dispatch

| Session | Issue | Mode |
|---|---|---|
| S-A | X-1 | tdd |

## Sessions

### S-A: One

- **Mode:** pair
`);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toMatchObject({
      code: 'field-conflict',
      message: 'Unexpected `Mode` of S-A: `pair` in the Sessions section but `tdd` in the Dispatch table; make them agree',
      span: { start: { line: 16, column: 13 } },
      related: [{ span: { start: { line: 10, column: 15 } } }],
    });
  });

  it('compares dependencies as sets of sessions, whatever names them', () => {
    const plan = parsePlan(`${header}## Phase Map

| Phase | Issues | Focus | Batch | Dependencies |
|---|---|---|---|---|
| 1A | X-1 | a | 1 | None |
| 2A | X-2 | b | 2 | 1A |

## Dispatch

| Session | Issue | Depends on |
|---|---|---|
| S-A | X-1 | — |
| S-B | X-2 | X-1 |
`);
    expect(plan.problems).toEqual([]);
    expect(plan.sessions[1]!.dependsOn).toEqual(['S-A']);
  });

  it('reports the batch disagreeing with the phase digit', () => {
    expect(
      problemsOf(`${header}## Dispatch

| Session | Issue | Batch |
|---|---|---|
| S-A | X-1 | 2 |

## Sessions

### S-A

- **Phase:** 1A
`),
    ).toEqual([
      {
        code: 'field-conflict',
        message: 'Unexpected `Phase: 1A` of S-A in batch 2: the phase\'s digit and the batch must agree',
        line: 16,
        column: 14,
      },
    ]);
  });
});

describe('tolerance', () => {
  it('reads the three registry variants with extra columns and reasons', () => {
    const variants = [
      ['Session Name | Issue | Phase | Plan File | Status | Note', 'S-A | X-1 | 1A | p.md | Failed | tests time out'],
      ['Session Name | Issue | Phase | Agent | Status', 'S-A | X-1 | 1A | codex | Failed: tests time out'],
      ['Session Name | Issue | Phase | Agent | Worktree | Branch | Status | Cost', 'S-A | X-1 | 1A | codex | ../wt | codex/x-1-a | Failed (tests time out) | $3'],
    ] as const;
    for (const [head, row] of variants) {
      const plan = parsePlan(`## Session Registry\n\n| ${head} |\n|${head.split('|').map(() => '---').join('|')}|\n| ${row} |\n`);
      expect(plan.problems).toEqual([]);
      expect(plan.registry?.rows[0]).toMatchObject({ session: 'S-A', issue: 'X-1', phase: '1A', status: 'Failed', reason: 'tests time out' });
    }
  });

  it('records a registry header of no known variant and a row that does not match it', () => {
    expect(problemsOf('## Session Registry\n\n| Name | Status |\n|---|---|\n| a | Done | x |\n')).toEqual([
      {
        code: 'table-header',
        message:
          'Unexpected `Session Registry` header `Name | Status`, expected `Session Name | Issue | Phase | Plan File | Status` or `Session Name | Issue | Phase | Agent | Status` or `Session Name | Issue | Phase | Agent | Worktree | Branch | Status`, optionally followed by more columns',
        line: 3,
        column: 1,
      },
      { code: 'table-row-cells', message: 'Unexpected 3 cells in a row of the `Session Registry` table, expected 2 as in its header', line: 5, column: 1 },
    ]);
  });

  it('reads heading variants, nested pattern lists, bare patterns and a Run block', () => {
    const plan = parsePlan(`${header}## Sessions

### S-A — First

- **Issue:** [X-1: Title](https://x/1)
- **Owns:** services/**, \`docs/*\`
- **Reads:**
  - \`a/b.ts\`
  - \`c/\`
- **Timeout:** 30m
- **Run:**

\`\`\`sh
echo hi
\`\`\`

#### S-B

- **Issue:** X-2
`);
    // `#### S-B` sits below `### S-A`, so it is part of S-A: its `Issue` field disagrees with S-A's own.
    expect(planToJson(plan).problems.map((p) => [p.code, p.line, p.column, p.message])).toEqual([
      ['pattern-not-code', 11, 13, 'Unexpected bare pattern `services/**`, expected it in inline code: `` `services/**` `` (bare markdown mangles `*`)'],
      ['field-conflict', 24, 14, 'Unexpected `Issue` of S-A: `X-2` in the Sessions section but `X-1: Title` in the Sessions section; make them agree'],
    ]);
    expect(plan.sessions.map((s) => s.id)).toEqual(['S-A']);
    const a = plan.sessions[0]!;
    expect([a.id, a.focus, a.issue, a.timeoutSeconds, a.run?.code]).toEqual(['S-A', 'First', 'X-1', 1800, 'echo hi']);
    expect(a.owns.map((p) => [p.text, p.inCode])).toEqual([
      ['services/**', false],
      ['docs/*', true],
    ]);
    expect(a.reads.map((p) => p.text)).toEqual(['a/b.ts', 'c/']);
  });

  it('never throws on input that is not a plan', () => {
    for (const input of ['', '\u0000\u0001\uFFFD', '| a |\n|---|\n| b |', '---\n: : :\n---\n', '# Title only\n']) {
      expect(() => parsePlan(input)).not.toThrow();
    }
    expect(problemsOf('')).toEqual([
      {
        code: 'no-sessions',
        message: 'Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('derives batches from dependencies in chunks of max-parallel', () => {
    const rows = ['S-A | X-1 | —', 'S-B | X-2 | —', 'S-C | X-3 | —', 'S-D | X-4 | —', 'S-E | X-5 | S-A'];
    const plan = parsePlan(`---\nmax-parallel: 3\n---\n${header}## Dispatch\n\n| Session | Issue | Depends on |\n|---|---|---|\n${rows.map((r) => `| ${r} |`).join('\n')}\n`);
    expect(plan.sessions.map((s) => [s.id, s.batch, s.phase])).toEqual([
      ['S-A', 1, '1A'],
      ['S-B', 1, '1B'],
      ['S-C', 1, '1C'],
      ['S-D', 2, '2A'],
      ['S-E', 3, '3A'],
    ]);
  });
});

describe('BOM and CRLF', () => {
  it('reads a plan with a BOM and CRLF line ends as the same plan; `Run` blocks and prompts without `\\r`', () => {
    const text = [
      '---',
      'project: shop',
      '---',
      '# P',
      '',
      '## Sessions',
      '',
      '### S-A: Build',
      '',
      '- **Issue:** X-1',
      '- **Owns:** `src/`',
      '- **Run:**',
      '',
      '```sh',
      'echo one',
      'echo two',
      '```',
      '',
      '## Dispatch prompts',
      '',
      '### S-A',
      '',
      '```text',
      'line one',
      'line two',
      '```',
      '',
    ].join('\n');
    const lf = parsePlan(text);
    const crlf = parsePlan(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    expect(crlf.frontMatter.project).toBe('shop');
    expect(crlf.sessions.map((s) => [s.id, s.run?.code, s.prompt?.text, s.owns.map((p) => p.text)])).toEqual([
      ['S-A', 'echo one\necho two', 'line one\nline two', ['src/']],
    ]);
    expect(crlf.problems).toEqual(lf.problems);
    expect(crlf.sessions[0]!.span.start.line).toBe(lf.sessions[0]!.span.start.line);
  });
});

describe('plans as they are written in the wild', () => {
  it('maps agent display names, keeps what was written, and says which an adapter can launch', () => {
    const plan = parsePlan(
      '# P\n\n## Dispatch\n\n| Session | Issue | Agent | Worktree |\n|---|---|---|---|\n| S-A | CIA-413 | Claude Code | yes |\n| S-B | CIA-414 | Cursor | no |\n| S-C | CIA-415 | Gemini CLI | ../wt-c |\n| S-D | CIA-416 | codex | n/a |\n',
    );
    expect(plan.sessions.map((s) => [s.id, s.agent, s.agentName, s.agentLaunchable, s.worktree, s.ownWorktree])).toEqual([
      ['S-A', 'claude', 'Claude Code', true, null, true],
      ['S-B', 'cursor', 'Cursor', false, null, false],
      ['S-C', 'gemini', 'Gemini CLI', true, '../wt-c', true],
      ['S-D', 'codex', 'codex', true, null, null],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('makes each Phase Map row a session when there is no Dispatch table and no Sessions section', () => {
    const plan = parsePlan(
      [
        '# CIA-400: Review gates',
        '',
        '**Date:** 2026-02-15',
        '',
        '## Issue Registry',
        '',
        '| ID | Title | Status | Exec | Est | Depends On |',
        '|---|---|---|---|---|---|',
        '| CIA-413 | Gates | Todo | tdd | 2h | — |',
        '| CIA-414 | Docs | Todo | quick | 1h | CIA-413 |',
        '',
        '## Phase Map',
        '',
        '| Phase | Issues | Focus | Batch | Dependencies |',
        '|---|---|---|---|---|',
        '| 1A | CIA-413 | Gates | 1 | — |',
        '| 2A | CIA-414, CIA-415 | Docs | 2 | 1A |',
        '',
        '## Session Registry',
        '',
        '| Session Name | Issue | Phase | Agent | Status |',
        '|---|---|---|---|---|',
        '| gates | CIA-413 | 1A | Claude Code | Planned |',
        '',
      ].join('\n'),
    );
    expect(plan.kind).toBe('plan');
    expect(plan.sessions.map((s) => [s.id, s.issue, s.focus, s.phase, s.batch, s.dependsOn, s.mode, s.agent, s.registryRow])).toEqual([
      ['1A', 'CIA-413', 'Gates', '1A', 1, [], 'tdd', 'claude', 0],
      ['2A', 'CIA-414', 'Docs', '2A', 2, ['1A'], 'quick', 'claude', null],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('gives a document that is not a plan one problem that says so, and nothing else', () => {
    const skill = [
      '---',
      'name: ccc',
      'description: Use when: planning, dispatching',
      '---',
      '# Command Centre',
      '',
      '## Dispatch',
      '',
      '| When | Read |',
      '|---|---|',
      '| planning | planning.md |',
      '',
      '## Sessions',
      '',
      '### 2026-01-03: what happened',
      '',
      'Notes.',
      '',
    ].join('\n');
    const plan = parsePlan(skill);
    expect(plan.kind).toBe('other');
    expect(plan.sessions).toEqual([]);
    expect(problemsOf(skill)).toEqual([
      {
        code: 'no-sessions',
        message:
          'Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reports one front matter line that is not strict YAML once', () => {
    expect(problemsOf('---\nproject: shop\nkey: value\n  bad indent: x\n---\n# P\n\n## Sessions\n\n### S-A: W\n\n- **Issue:** X-1\n')).toEqual([
      { code: 'front-matter', message: 'Unexpected YAML in front matter: Nested mappings are not allowed in compact mappings', line: 3, column: 6 },
    ]);
  });

  it('refuses nesting deeper than any plan needs before parsing, in bounded time', () => {
    const start = performance.now();
    const plan = parsePlan(`# P\n\n${'- '.repeat(11_000)}x\n`);
    expect(performance.now() - start).toBeLessThan(1000);
    expect([plan.kind, problemsOf(`# P\n\n${'- '.repeat(11_000)}x\n`)]).toEqual([
      'other',
      [{ code: 'nesting', message: 'Unexpected list or quote nested 11000 levels deep, expected at most 32: no plan needs more; flatten it', line: 3, column: 1 }],
    ]);
  });
});

describe('landing a batch: merge order and integrate', () => {
  const plan = (frontMatter: string, body: string): ReturnType<typeof parsePlan> =>
    parsePlan(`---\n${frontMatter}---\n# P\n\n${body}`, { path: 'plans/2026-11-20-shop-x.md' });

  it('reads `Merge order` from the Dispatch table and from a session field, keeping what was written', () => {
    const p = plan(
      '',
      '## Dispatch\n\n| Session | Issue | Worktree | Merge order |\n|---|---|---|---|\n| S-A | X-1 | ../wt-a | 2 |\n| S-B | X-2 | yes | first |\n| S-C | X-3 | no | — |\n\n## Sessions\n\n### S-C: W\n\n- **Merge order:** 1\n',
    );
    expect(p.sessions.map((s) => [s.id, s.mergeOrder, s.fields['merge order']?.map((f) => [f.value, f.source, f.span.start.line, f.span.start.column])])).toEqual([
      ['S-A', 2, [['2', 'dispatch', 9, 25]]],
      ['S-B', null, [['first', 'dispatch', 10, 21]]],
      ['S-C', 1, [['1', 'sessions', 17, 20]]],
    ]);
    expect(p.problems).toEqual([]);
    expect(planToJson(p).sessions.map((s) => s.mergeOrder)).toEqual([2, null, 1]);
  });

  it('reports a `Merge order` that disagrees between the Dispatch table and the session', () => {
    expect(
      problemsOf('# P\n\n## Dispatch\n\n| Session | Issue | Merge order |\n|---|---|---|\n| S-A | X-1 | 1 |\n\n## Sessions\n\n### S-A: W\n\n- **Merge order:** 2\n'),
    ).toEqual([
      {
        code: 'field-conflict',
        message: 'Unexpected `Merge order` of S-A: `2` in the Sessions section but `1` in the Dispatch table; make them agree',
        line: 13,
        column: 20,
      },
    ]);
  });

  it('defaults to `integrate: rebase` into the branch the dispatch started on', () => {
    const p = plan('project: shop\n', '## Sessions\n\n### S-A: W\n\n- **Issue:** X-1\n');
    expect([p.frontMatter.integrate, p.frontMatter.integrateInto, planToJson(p).integrate, planToJson(p).integrateInto]).toEqual(['rebase', null, 'rebase', null]);
  });

  it.each([
    ['integrate: merge\nintegrate-into: release/2026-12\n', 'merge', 'release/2026-12'],
    ['integrate: none\n', 'none', null],
    ['integrate: rebase\nintegrate-into: main\n', 'rebase', 'main'],
  ])('reads %j', (frontMatter, integrate, into) => {
    const p = plan(frontMatter, '## Sessions\n\n### S-A: W\n\n- **Issue:** X-1\n');
    expect([p.frontMatter.integrate, p.frontMatter.integrateInto, p.problems]).toEqual([integrate, into, []]);
  });

  it('reports an unknown `integrate` and an `integrate-into` that is no branch name, keeping the defaults', () => {
    const text = '---\nintegrate: squash\nintegrate-into: feature..x\n---\n# P\n\n## Sessions\n\n### S-A: W\n\n- **Issue:** X-1\n';
    const p = parsePlan(text);
    expect([p.frontMatter.integrate, p.frontMatter.integrateInto]).toEqual(['rebase', null]);
    expect(p.problems.map((x) => [x.code, x.severity, x.key, x.message, x.span.start.line, x.span.start.column, x.span.end.column])).toEqual([
      ['front-matter', 'error', 'integrate', 'Unexpected `integrate: squash`, expected `rebase` (the default), `merge` or `none`', 2, 12, 18],
      ['front-matter', 'error', 'integrate-into', 'Unexpected `integrate-into: feature..x`, expected a git branch name such as `main` or `release/2026-12`', 3, 17, 27],
    ]);
  });
});
