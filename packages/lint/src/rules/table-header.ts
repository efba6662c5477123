import { codeList, messageData, problemRule } from './problem-rule.ts';

/** `table-header`: the known tables have the columns the format requires. */
export default problemRule({
  id: 'table-header',
  code: 'table-header',
  severity: 'error',
  group: 'registry',
  description: 'Require the columns each known table needs (`Session Registry` one of its three variants)',
  rationale:
    'The Dispatch, Phase Map, Issue Registry, Projects and Session Registry tables are read by their column names; a table without its required columns is not read at all, and a registry whose header is none of the three variants cannot be updated by the runner.',
  messages: {
    missingColumns: 'Unexpected `{{table}}` header without {{missing}}, expected columns {{required}}',
    registryHeader: 'Unexpected `Session Registry` header `{{columns}}`, expected {{variants}}, optionally followed by more columns',
  },
  data: (data) => ({
    ...messageData(data),
    ...(Array.isArray(data.missing) ? { missing: codeList(data.missing as readonly string[], ' and ') } : {}),
    ...(Array.isArray(data.columns) ? { columns: (data.columns as readonly string[]).join(' | ') } : {}),
    ...(Array.isArray(data.variants) ? { variants: codeList(data.variants as readonly string[], ' or ') } : {}),
  }),
});
