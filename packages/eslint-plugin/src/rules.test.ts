import { readFileSync } from 'node:fs';
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
  skip: boolean;
}

function example(text: string, heading: string): Example {
  const section = text.slice(text.indexOf(`## ${heading}`));
  const m = /(`{3,4})md\n([\s\S]*?)\n\1\n/.exec(section)!;
  const before = section.slice(0, m.index);
  const path = /<!-- path: (.*) -->/.exec(before)?.[1] ?? 'plans/2026-11-20-shop-test.md';
  return { code: `${m[2]!}\n`, filename: path, skip: before.includes('<!-- files-at-base:') || before.includes('<!-- needs: other plans -->') };
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

describe('RuleTester', () => {
  for (const rule of planRules) {
    const text = readFileSync(fileURLToPath(new URL(`${rule.id}.md`, docsDir)), 'utf8');
    const good = example(text, 'Correct');
    const bad = example(text, 'Incorrect');
    const listed = (/`lanes lint` reports:\n\n(`{3,4})text\n([\s\S]*?)\n\1/.exec(text)?.[2] ?? '').split('\n').filter((l) => l !== '');
    const errors = listed.map((line) => {
      const m = /^(\d+):(\d+) {2}(?:error|warning) {2}([\s\S]*) {2}\S+$/.exec(line)!;
      return { message: m[3]!, line: Number(m[1]), column: Number(m[2]) };
    });
    tester.run(rule.id, lanes.rules[rule.id]!, {
      valid: [{ code: good.code, filename: good.filename }],
      invalid:
        bad.skip || errors.length === 0
          ? []
          : [{ code: bad.code, filename: bad.filename, errors, output: rule.meta.fixable ? fixedByLanes(bad.code, bad.filename, rule.id) : null }],
    });
  }
});
