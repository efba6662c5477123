export { lintFiles, lanesVersion, type LintRun } from './lint-files.ts';
export { formatResults, formatterNames, type FormatterName } from '../formatters/index.ts';
export type { EngineOptions, FileResult, LintMessage } from './types.ts';
