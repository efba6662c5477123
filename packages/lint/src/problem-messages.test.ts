import { parsePlan, type ProblemCode, type ProblemKinds } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { lintPlan } from './lint-plan.ts';
import { ruleForProblem } from './rule-for-problem.ts';

// Every kind of parser problem, worded by the rule that reports it: one plan per kind, with the exact finding.
// The guard and `lanes plan`, which load no rules, print the parser's own `message`; the two must agree.

const session = (fields: string): string => `# P\n\n## Sessions\n\n### S-A: Work\n\n- **Issue:** X-1\n${fields}`;
const frontMatter = (yaml: string): string => `---\n${yaml}---\n${session('')}`;
const owns = (pattern: string): string => session(`- **Owns:** \`${pattern}\`\n`);

type Case = [kind: string, text: string, rule: string, finding: string];

const cases: Case[] = [
  ['yamlSyntax', frontMatter('a: [b\n'), 'front-matter', '2:6-3:1 Unexpected YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['notMapping', frontMatter('- a\n'), 'front-matter', '2:1-2:4 Unexpected front matter: expected a YAML mapping such as `project: shop`'],
  ['unknownKey', frontMatter('max_parallel: 2\n'), 'front-matter-keys', '2:1-2:13 Unexpected front matter key `max_parallel`, expected one of `project`, `max-parallel`, `base`, `agent`, `verify`, `shared-infra`, `guard`, `integrate`, `integrate-into`'],
  ['notSingleValue', frontMatter('base:\n  - a\n'), 'front-matter', '3:3-3:6 Unexpected value of `base` in front matter: expected a single value'],
  ['maxParallel', frontMatter('max-parallel: 0\n'), 'front-matter', '2:15-2:16 Unexpected `max-parallel: 0`, expected a whole number of at least 1'],
  ['guard', frontMatter('guard: loose\n'), 'front-matter', '2:8-2:13 Unexpected `guard: loose`, expected `guard: strict` or no `guard` key'],
  ['integrate', frontMatter('integrate: squash\n'), 'front-matter', '2:12-2:18 Unexpected `integrate: squash`, expected `rebase` (the default), `merge` or `none`'],
  ['integrateInto', frontMatter('integrate-into: a..b\n'), 'front-matter', '2:17-2:21 Unexpected `integrate-into: a..b`, expected a git branch name such as `main` or `release/2026-12`'],
  ['sharedInfraEntry', frontMatter('shared-infra:\n  - a: b\n'), 'front-matter', '3:3-3:9 Unexpected `shared-infra` entry: expected a list of patterns such as `- ".github/**"`'],
  ['missingColumns', '# P\n\n## Dispatch\n\n| Session | Focus |\n|---|---|\n| S-A | W |\n', 'table-header', '5:3-5:18 Unexpected `Dispatch` header without `Issue`, expected columns `Session`, `Issue`'],
  ['registryHeader', `${session('')}\n## Session Registry\n\n| Session | Status |\n|---|---|\n| S-A | Done |\n`, 'table-header', '11:3-11:19 Unexpected `Session Registry` header `Session | Status`, expected `Session Name | Issue | Phase | Plan File | Status` or `Session Name | Issue | Phase | Agent | Status` or `Session Name | Issue | Phase | Agent | Worktree | Branch | Status`, optionally followed by more columns'],
  ['cellCount', '# P\n\n## Dispatch\n\n| Session | Issue |\n|---|---|\n| S-A |\n', 'table-row-cells', '7:3-7:6 Unexpected 1 cell in a row of the `Dispatch` table, expected 2 as in its header'],
  ['unknownColumn', '# P\n\n## Dispatch\n\n| Session | Issue | Owner |\n|---|---|---|\n| S-A | X-1 | me |\n', 'known-columns', '5:21-5:26 Unexpected `Dispatch` column `Owner`, expected any of `Session`, `Issue`, `Focus`, `Mode`, `Est. Cost`, `Branch`, `Agent`, `Worktree`, `Batch`, `Depends On`, `Launch As`, `Model`, `Phase`, `Timeout`, `Thinking`, `Merge Order`'],
  ['disagree', '# P\n\n## Dispatch\n\n| Session | Issue | Mode |\n|---|---|---|\n| S-A | X-1 | tdd |\n\n## Sessions\n\n### S-A: W\n\n- **Mode:** pair\n', 'field-agreement', '13:13-13:17 Unexpected `Mode` of S-A: `pair` in the Sessions section but `tdd` in the Dispatch table; make them agree'],
  ['phaseBatch', session('- **Batch:** 2\n- **Phase:** 1A\n'), 'field-agreement', '9:14-9:16 Unexpected `Phase: 1A` of S-A in batch 2: the phase\'s digit and the batch must agree'],
  ['sessionId', '# P\n\n## Dispatch\n\n| Session | Issue |\n|---|---|\n| S A | X-1 |\n', 'field-value', '7:3-7:6 Unexpected session ID `S A` in the `Dispatch` table, expected a name such as `S-A` (letters, digits, `.`, `_`, `-`)'],
  ['sessionHeading', `${session('')}\n### S/A: Work\n\n- **Issue:** X-2\n`, 'field-value', '9:1-9:14 Unexpected session heading `S/A: Work`, expected `### <ID>: <Focus>` such as `### S-A: Cart API`'],
  ['batch', session('- **Batch:** first\n'), 'field-value', '8:14-8:19 Unexpected `Batch: first` for S-A, expected a whole number of at least 1'],
  ['timeout', session('- **Timeout:** soon\n'), 'field-value', '8:16-8:20 Unexpected `Timeout: soon` for S-A, expected a number with `s`, `m` or `h`, such as `30m`'],
  ['unknownField', session('- **Own:** `a/`\n'), 'known-fields', '8:3-8:11 Unexpected field `Own` in session S-A, expected one of `Issue`, `Phase`, `Mode`, `Launch As`, `Batch`, `Depends On`, `Agent`, `Model`, `Thinking`, `Branch`, `Worktree`, `Est. Cost`, `Timeout`, `Owns`, `Reads`, `Run`, `Merge Order`'],
  ['secondField', session('- **Owns:** `a/`\n- **Owns:** `b/`\n'), 'no-duplicate-field', '9:3-9:12 Unexpected second `Owns` field in session S-A: list every pattern under one field'],
  ['bare', session('- **Owns:** src/cart/\n'), 'pattern-in-code', '8:13-8:22 Unexpected bare pattern `src/cart/`, expected it in inline code: `` `src/cart/` `` (bare markdown mangles `*`)'],
  ['empty', frontMatter('shared-infra:\n  - ""\n'), 'valid-pattern', '3:6-3:7 Unexpected empty pattern: write a path from the repository root, such as `src/` or `docs/*.md`'],
  ['loneBang', owns('!'), 'valid-pattern', '8:14-8:15 Unexpected lone `!`: write the pattern to exclude after it, such as `!src/generated/`'],
  ['doubleBang', owns('!!a'), 'valid-pattern', '8:15-8:17 Unexpected second `!` in pattern `!!a`: write a single `!` before the pattern to exclude'],
  ['doubleSlash', owns('//a'), 'valid-pattern', '8:14-8:17 Unexpected leading `//` in pattern `//a`: patterns are paths from the repository root; write at most one leading `/`'],
  ['driveLetter', owns('C:/src'), 'valid-pattern', '8:14-8:20 Unexpected drive letter `C:` in pattern `C:/src`: patterns are paths from the repository root, such as `src/`'],
  ['wholeRepository', owns('/'), 'valid-pattern', '8:14-8:15 Unexpected pattern `/` naming the whole repository: write `**` to cover every path'],
  ['emptySegment', owns('a//b'), 'valid-pattern', '8:16-8:18 Unexpected empty segment in pattern `a//b`: separate segments with a single `/`'],
  ['dotSegment', owns('a/../b'), 'valid-pattern', '8:16-8:20 Unexpected `..` segment in pattern `a/../b`: `.` and `..` segments are not supported; write the path from the repository root without them'],
  ['backslash', owns('a\\b'), 'valid-pattern', '8:15-8:17 Unexpected `\\` in pattern `a\\b`: backslashes are not supported (no escapes, no Windows separators); separate segments with `/` and use `?` to match a special character'],
  ['tilde', owns('~/notes'), 'valid-pattern', '8:14-8:21 Unexpected `~` in pattern `~/notes`: `~` is not supported anywhere in a pattern (no home-directory expansion); write the path from the repository root, and `?` to match a `~` in a name'],
  ['characterClass', owns('src/[ab].ts'), 'valid-pattern', '8:18-8:25 Unexpected `[ab]` in pattern `src/[ab].ts`: character classes are not supported; use `?` for any one character, or write one pattern per path'],
  ['braces', owns('src/{a,b}.ts'), 'valid-pattern', '8:18-8:26 Unexpected `{a,b}` in pattern `src/{a,b}.ts`: brace expansion is not supported; write one pattern per path'],
  ['doubleStarInSegment', owns('a**'), 'valid-pattern', '8:15-8:17 Unexpected `**` in segment `a**` of pattern `a**`: `**` must be a whole segment, as in `src/**/*.ts`; use `*` to match within one segment'],
  ['extglob', owns('x/@(a|b)'), 'valid-pattern', '8:16-8:22 Unexpected `@(a|b)` in pattern `x/@(a|b)`: extended globs are not supported; use `*` or `?` within a segment, or write one pattern per path'],
  ['secondSession', `${session('')}\n### S-A: Again\n\n- **Issue:** X-2\n`, 'unique-session-ids', '9:1-9:15 Unexpected second session `S-A`: session IDs must be unique; rename one of them'],
  ['unknownDependency', session('- **Depends on:** S-X\n'), 'known-dependencies', '8:19-8:22 Unexpected dependency `S-X` of S-A in the Sessions section: no session, phase or issue of that name in the plan'],
  ['secondRun', session('- **Run:**\n  ```sh\n  true\n  ```\n- **Run:**\n  ```sh\n  false\n  ```\n'), 'run-block', '12:3-12:11 Unexpected second `Run` field in session S-A: a session runs one block'],
  ['noBlock', session('- **Run:** make\n'), 'run-block', '8:3-8:11 Expected a fenced `sh` block directly below `- **Run:**`'],
  ['manyBlocks', session('- **Run:**\n  ```sh\n  true\n  ```\n  ```sh\n  false\n  ```\n'), 'run-block', '12:3-14:6 Unexpected 2 code blocks for `Run` in session S-A, expected one'],
  ['language', session('- **Run:**\n  ```python\n  print()\n  ```\n'), 'run-block', '9:3-11:6 Unexpected `python` block for `Run`, expected ```sh or ```bash'],
  ['noSession', `${session('')}\n## Dispatch prompts\n\n### S-Z\n\n\`\`\`text\nhi\n\`\`\`\n`, 'prompt-session', '11:1-11:8 Unexpected prompt for `S-Z`: no session of that ID in the plan'],
  ['notAPlan', '# Notes\n\nJust text.\n', 'plan-sessions', '1:1-4:1 Expected a master plan: found no `Dispatch` table with a `Session` column, no session with fields, no `Phase Map` and no `Session Registry`; see docs/plan-format.md'],
  ['tooDeep', `# P\n\n${'> '.repeat(40)}x\n`, 'nesting-depth', '3:1-3:1 Unexpected list or quote nested 40 levels deep, expected at most 32: no plan needs more; flatten it'],
];

// Every kind of every code, checked exhaustive by the type: each must have a case above.
const kinds = {
  'front-matter': ['yamlSyntax', 'notMapping', 'unknownKey', 'notSingleValue', 'maxParallel', 'guard', 'integrate', 'integrateInto', 'sharedInfraEntry'],
  'table-header': ['missingColumns', 'registryHeader'],
  'table-row-cells': ['cellCount'],
  'unknown-column': ['unknownColumn'],
  'field-conflict': ['disagree', 'phaseBatch'],
  'field-value': ['sessionId', 'sessionHeading', 'batch', 'timeout'],
  'unknown-field': ['unknownField'],
  'duplicate-field': ['secondField'],
  'pattern-not-code': ['bare'],
  'invalid-pattern': ['empty', 'loneBang', 'doubleBang', 'doubleSlash', 'driveLetter', 'wholeRepository', 'emptySegment', 'dotSegment', 'backslash', 'tilde', 'characterClass', 'braces', 'doubleStarInSegment', 'extglob'],
  'duplicate-session': ['secondSession'],
  'unknown-dependency': ['unknownDependency'],
  'run-block': ['secondRun', 'noBlock', 'manyBlocks', 'language'],
  'prompt-without-session': ['noSession'],
  'no-sessions': ['notAPlan'],
  nesting: ['tooDeep'],
} satisfies { [C in ProblemCode]: ProblemKinds[C][] };

describe('parser problems in the words of their rules', () => {
  it('has a case for every kind', () => {
    expect(cases.map(([kind]) => kind).sort()).toEqual(Object.values(kinds).flat().sort());
  });

  it.each(cases)('%s', (kind, text, ruleId, expected) => {
    const plan = parsePlan(text, { path: 'plans/2026-11-20-shop-x.md' });
    const problem = plan.problems.find((p) => p.kind === kind);
    expect(problem, JSON.stringify(plan.problems.map((p) => [p.kind, p.message]))).toBeDefined();
    expect(ruleForProblem(problem!)?.id).toBe(ruleId);
    const findings = lintPlan(plan, { text }).filter((f) => f.ruleId === ruleId && f.messageId === kind);
    expect(findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`)).toEqual([expected]);
    // What the guard and `lanes plan` print, from the parser alone.
    expect(findings[0]!.message).toBe(problem!.message);
  });
});
