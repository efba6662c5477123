import { describe, expect, it } from 'vitest';
import { crossPlan, sequentialPlan } from './fixtures/code/workspace.ts';
import { codePlanPath, makeCodeWorkspace } from './helpers/code.ts';
import { lanes, removedAfterEach, testEnv } from './helpers/repo.ts';

const planPath = codePlanPath;
const removeLater = removedAfterEach();
const workspace = (plan: string): string => removeLater(makeCodeWorkspace(plan));

interface JsonResult {
  filePath: string;
  errorCount: number;
  messages: { ruleId: string; line: number; column: number; message: string }[];
}

describe('lanes lint --code', () => {
  it("adds the code's cross-lane reads to the plan's own findings, at the importing session's Owns line", () => {
    const root = workspace(crossPlan);
    const plain = lanes(root, ['lint', planPath, '--format', 'json'], { env: testEnv() });
    const withCode = lanes(root, ['lint', planPath, '--code', '--format', 'json'], { env: testEnv() });
    expect(withCode.status).toBe(1);
    const [before] = JSON.parse(plain.stdout) as JsonResult[];
    const [after] = JSON.parse(withCode.stdout) as JsonResult[];
    const added = after!.messages.filter((m) => m.ruleId === 'lanes/no-cross-lane-import');
    expect(after!.messages.length - before!.messages.length).toBe(added.length);
    expect(added.map((m) => [m.line, m.column, m.message])).toContainEqual([
      16,
      14,
      "S-A reads S-B's output through `services/cart/src/api.ts` → `services/payments/src/index.ts`: make S-A depend on S-B, or add `services/payments/src/index.ts` to its Reads",
    ]);
    expect(after!.errorCount).toBe(before!.errorCount + added.length);
  });

  it('finds nothing when the reading session depends on the owner', () => {
    const root = workspace(sequentialPlan);
    const r = lanes(root, ['lint', planPath, '--code', '--format', 'json'], { env: testEnv() });
    const [result] = JSON.parse(r.stdout) as JsonResult[];
    expect(result!.messages.filter((m) => m.ruleId === 'lanes/no-cross-lane-import')).toEqual([]);
  });
});
