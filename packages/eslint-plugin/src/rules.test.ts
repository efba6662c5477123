import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFixes, lintText, rules as planRules } from '@lanes/lint';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import lanes from './index.ts';

// ESLint's RuleTester runs each rule through the real engine and the `lanes/plan` language, over the examples
// of the rule's doc (docs/rules/<id>.md): the correct one reports nothing, the incorrect one exactly the
// messages, lines and columns the doc lists.
const docsDir = new URL('../../../docs/rules/', import.meta.url);

interface Example {
  code: string;
  filename: string;
  /** The files at `base` the example needs (`<!-- files-at-base: … -->`), or null. */
  filesAtBase: string[] | null;
}

function example(text: string, heading: string): Example {
  const section = text.slice(text.indexOf(`## ${heading}`));
  const m = /(`{3,4})md\n([\s\S]*?)\n\1\n/.exec(section)!;
  const before = section.slice(0, m.index);
  const path = /<!-- path: (.*) -->/.exec(before)?.[1] ?? 'plans/2026-11-20-shop-test.md';
  const files = /<!-- files-at-base: (.*) -->/.exec(before)?.[1];
  return { code: `${m[2]!}\n`, filename: path, filesAtBase: files === undefined ? null : files.split(', ') };
}

/** The plans a doc's *The plan the rows name* section gives, by path from the repository root. */
function otherPlans(text: string): Record<string, string> {
  const at = text.indexOf('## The plan the rows name');
  if (at === -1) return {};
  const section = text.slice(at, text.indexOf('\n## Options', at));
  return Object.fromEntries([...section.matchAll(/<!-- path: (.*) -->\n(`{3,4})md\n([\s\S]*?)\n\2\n/g)].map((m) => [m[1]!, `${m[3]!}\n`]));
}

/**
 * A folder the example's file lives in, with the other plans it names, and (for files at `base`) a real git
 * repository whose `main` holds those files: the rules that need them run, so their examples can fail.
 */
function workspace(files: Record<string, string>, commit: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-rule-tester-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (commit) {
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'base');
  }
  return dir;
}

// RuleTester's own failure decoration reads the test file at positions vitest's transform moved, so the
// runner's `describe` and `it` are used directly.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The text after `lanes lint --fix` would apply this rule's fixes, for ESLint's `--fix` to agree with. */
function fixedByLanes(code: string, filename: string, ruleId: string): string | null {
  const findings = lintText(code, filename).findings.filter((f) => f.ruleId === ruleId);
  const output = applyFixes(code, findings).output;
  return output === code ? null : output;
}

const tester = new RuleTester({ plugins: { lanes }, language: 'lanes/plan', languageOptions: { git: false } });
const gitTester = new RuleTester({ plugins: { lanes }, language: 'lanes/plan', languageOptions: { git: true } });

describe('RuleTester', () => {
  for (const rule of planRules) {
    const text = readFileSync(fileURLToPath(new URL(`${rule.id}.md`, docsDir)), 'utf8');
    const good = example(text, 'Correct');
    const bad = example(text, 'Incorrect');
    const others = otherPlans(text);
    const filesAtBase = bad.filesAtBase ?? good.filesAtBase;
    const dir =
      filesAtBase !== null || Object.keys(others).length > 0
        ? workspace({ ...others, ...Object.fromEntries((filesAtBase ?? []).map((f) => [f, `${f}\n`])) }, filesAtBase !== null)
        : null;
    const at = (filename: string): string => (dir === null ? filename : join(dir, filename));
    const listed = (/`lanes lint` reports:\n\n(`{3,4})text\n([\s\S]*?)\n\1/.exec(text)?.[2] ?? '').split('\n').filter((l) => l !== '');
    const errors = listed.map((line) => {
      const m = /^(\d+):(\d+) {2}(?:error|warning) {2}([\s\S]*) {2}\S+$/.exec(line)!;
      return { message: m[3]!, line: Number(m[1]), column: Number(m[2]) };
    });
    (filesAtBase === null ? tester : gitTester).run(rule.id, lanes.rules[rule.id]!, {
      valid: [{ code: good.code, filename: at(good.filename) }],
      invalid:
        errors.length === 0
          ? []
          : [{ code: bad.code, filename: at(bad.filename), errors, output: rule.meta.fixable ? fixedByLanes(bad.code, bad.filename, rule.id) : null }],
    });
  }
});
