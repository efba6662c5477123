export { ConfigError, defaultPlanPatterns, findPlanFiles, planPathFromRoot, readConfig, type LanesConfig } from './config.ts';
export {
  currentBranch,
  git,
  GitError,
  gitCommonDir,
  gitDir,
  listFilesAt,
  readFileAt,
  repoRoot,
  resolveRev,
  runGit,
  type GitOptions,
  type GitResult,
} from './git.ts';
export { findGitDirs, readRef, readRefFiles, type GitDirs } from './refs.ts';
export { assertNoSymlinkBelow, FileLock, openAppendNoFollow, SymlinkError, writeFileAtomic, writeFileAtomicAsync, type LockHolder } from './files.ts';
export { isRunning, processStartTime, selfRef, type ProcessRef } from './processes.ts';
export {
  defaultMaxPlanBytes,
  PlanFileError,
  readPlanFile,
  readPlanText,
  tooLargeMessage,
  type PlanFileProblem,
  type PlanFileRead,
  type ReadPlanFileOptions,
} from './read-plan-file.ts';
