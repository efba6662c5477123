import { messageData, problemRule } from './problem-rule.ts';

/** `table-row-cells`: every table row has as many cells as its header. */
export default problemRule({
  id: 'table-row-cells',
  code: 'table-row-cells',
  severity: 'error',
  group: 'registry',
  description: 'Require every table row to have as many cells as its header',
  rationale:
    'A row with a missing or extra cell shifts every value after it into the wrong column: a status read as a plan file, a branch read as a worktree.',
  messages: { cellCount: 'Unexpected {{cells}} in a row of the `{{table}}` table, expected {{expected}} as in its header' },
  data: (data) => ({ ...messageData(data), cells: data.count === 1 ? '1 cell' : `${String(data.count)} cells` }),
});
