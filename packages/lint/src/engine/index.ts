export { lintFiles, lanesVersion, type LintRun } from './lint-files.ts';
export { formatResults, formatterNames, type FormatterName } from '../formatters/index.ts';
export type { EngineOptions, FileResult, LintMessage } from './types.ts';
export { environmentFor, findRoot } from './environment-for.ts';
export { FileEnvironment } from './file-environment.ts';
export { findDirectives, isDisabled, type Directive } from '../directives.ts';
