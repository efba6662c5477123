import type { FileResult } from '../engine/types.ts';
import { rules } from '../rules/index.ts';

/** SARIF 2.1.0, one run of the `lanes` tool, with every rule described and each message located. */
export function formatSarif(results: readonly FileResult[], displayPath: (path: string) => string, version: string): string {
  const ruleIds = rules.map((r) => `lanes/${r.id}`);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lanes',
            version,
            rules: rules.map((r) => ({
              id: `lanes/${r.id}`,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.rationale },
              help: { text: `See docs/rules/${r.id}.md` },
              defaultConfiguration: { level: r.meta.severity === 'error' ? 'error' : 'warning' },
            })),
          },
        },
        results: results.flatMap((result) =>
          result.messages.map((m) => ({
            ...(m.ruleId === null ? {} : { ruleId: m.ruleId, ruleIndex: ruleIds.indexOf(m.ruleId) }),
            level: m.severity === 2 ? 'error' : 'warning',
            message: { text: m.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(displayPath(result.filePath)), uriBaseId: '%SRCROOT%' },
                  region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
