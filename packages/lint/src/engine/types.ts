import type { Fix } from '../types.ts';

/** One message of a file, in the shape of ESLint's `LintMessage` (`severity` 1 warning, 2 error). */
export interface LintMessage {
  /** `lanes/<rule-id>`, or null for a file that could not be read as a plan. */
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: Fix;
  fatal?: true;
}

/** What linting one file gave, in the shape of ESLint's `LintResult`. */
export interface FileResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, when `--fix` changed the file. */
  output?: string;
  /** The file's text, for formatters that quote it (not kept in the cache). */
  source?: string;
}

/** Options of a `lanes lint` run. */
export interface EngineOptions {
  /** The repository root (or the folder lanes runs in when it is not a repository). */
  root: string;
  /** Apply fixes and write the files. */
  fix: boolean;
  /** Use the cache file. */
  cache: boolean;
  /** The cache file, absolute; default `<root>/.lanescache`. */
  cacheLocation?: string;
  /** Read the files at each plan's `base` from git (false: never, so the rules that need them are skipped). */
  git: boolean;
  /** The configured registry file, from the root, or null. */
  registry: string | null;
  /** The configured plan locations (patterns from the root), for `Plan File` resolution (decision 11). */
  planPatterns: string[];
  /** The size cap of plan and registry files in bytes (`lanes.maxPlanBytes`); default 256 KiB. */
  maxPlanBytes?: number;
  /** Worker threads to use besides the main thread; default: one per core beyond the first, when there are enough files. */
  workers?: number;
}

/** What a file's findings depended on beyond its own text: other files read, with the hash of their content (null: missing). */
export type Dependencies = Record<string, string | null>;
