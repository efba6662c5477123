import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import lanesPlugin from '../packages/eslint-plugin/src/index.ts';
import { lanes, workspaceRoot } from './helpers/repo.ts';

// The two adapters of the same checks, `lanes lint` (direct) and the ESLint plugin, must report the same
// findings, at the same places, with the same fixes, on the whole fixture corpus.
const corpusDirs = ['test/fixtures/lint', 'test/fixtures/plans'];

function markdownFiles(dir: string): string[] {
  return readdirSync(join(workspaceRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

interface Message {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fix?: { range: [number, number]; text: string };
}

const shape = (m: Message) => ({
  ruleId: m.ruleId,
  severity: m.severity,
  message: m.message,
  line: m.line,
  column: m.column,
  endLine: m.endLine,
  endColumn: m.endColumn,
  fix: m.fix,
});

describe('lanes lint and eslint-plugin-lanes', () => {
  it('report identical findings on the fixture corpus', async () => {
    const files = corpusDirs.flatMap(markdownFiles);
    expect(files.length).toBeGreaterThanOrEqual(11);
    const direct = lanes(workspaceRoot, ['lint', '--no-git', '--format', 'json', ...corpusDirs]);
    expect(direct.stderr).toBe('');
    const directResults = JSON.parse(direct.stdout) as { filePath: string; messages: Message[]; suppressedMessages: Message[] }[];

    const eslint = new ESLint({
      cwd: workspaceRoot,
      overrideConfigFile: true,
      overrideConfig: [{ ...lanesPlugin.configs.recommended, files: ['**/*.md'], languageOptions: { git: false } }],
    });
    const eslintResults = await eslint.lintFiles(files);

    expect(directResults.map((r) => r.filePath)).toEqual(files);
    expect(eslintResults.map((r) => r.filePath)).toEqual(files);
    let compared = 0;
    files.forEach((file, i) => {
      const ours = directResults[i]!;
      const theirs = eslintResults[i]!;
      expect({ file, messages: ours.messages.map(shape) }).toEqual({ file, messages: (theirs.messages as Message[]).map(shape) });
      expect({ file, suppressed: ours.suppressedMessages.map(shape) }).toEqual({
        file,
        suppressed: (theirs.suppressedMessages as Message[]).map(shape),
      });
      compared += ours.messages.length + ours.suppressedMessages.length;
    });
    expect(compared).toBeGreaterThan(60);
  });
});
