import type { FileResult } from '../engine/types.ts';

/** ESLint's `json` formatter: the results as a JSON array. */
export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(results.map((r) => ({ ...r, usedDeprecatedRules: [] })))}\n`;
}
