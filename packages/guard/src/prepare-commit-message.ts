import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { explicitPlanPath, identify, readRules } from './guard-rules.ts';
import { claimedSession, claimInWorktree, sessionIdForm } from './identity.ts';
import { pendingOverride } from './override-log.ts';
import { callOf, currentBranch, mergeHeads, readRepoState, type RepoState } from './repo-state.ts';
import { gitBytes, gitText } from './run-git.ts';
import { computeStamp, sessionKeyForm } from './stamp.ts';
import { readWorktreeSession } from './worktree-session.ts';

/** Options of `prepareCommitMessage`, the `prepare-commit-msg` hook. */
export interface PrepareMessageOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The commit message file git passes to the hook. */
  file: string;
  plan?: string;
  session?: string;
  /** Git's second argument to the hook: `message`, `template`, `merge`, `squash` or `commit`. */
  source?: string;
  /** Git's third argument: the commit of `-c`/`-C`, or `HEAD` for `--amend`. */
  sourceCommit?: string;
}

/**
 * The parents the commit being made will have: those of `HEAD` for `--amend` (git passes `commit HEAD`),
 * else `HEAD` and, for a merge, `MERGE_HEAD` (or the `GITHEAD_*` of git's own merge); none on an unborn branch.
 */
function parentsOf(state: RepoState, options: PrepareMessageOptions): string[] {
  if (state.head === null) return [];
  if (options.source === 'commit' && options.sourceCommit === 'HEAD') {
    // `git show -s --format=%P` prints the parents on one line, separated by spaces (none for a root commit).
    return gitText(['show', '-s', '--format=%P', state.head, '--'], callOf(state)).trim().split(' ').filter((p) => p !== '');
  }
  return [state.head, ...mergeHeads(state)];
}

/**
 * Adds the `Lanes-Session: <ID>` trailer of the committing session (and `Lanes-Override: <reason>` when the
 * pre-commit hook let the commit through by `LANES_OVERRIDE`) to a commit message file; returns the
 * trailers added. Identity travels with the commit, so that the range check can audit it later.
 */
export async function prepareCommitMessage(options: PrepareMessageOptions): Promise<string[]> {
  const state = readRepoState(options.cwd, options.env);
  // In a session's worktree the worktree names the session (a claim of another one was blocked by pre-commit;
  // under --no-verify it still does not get that session's name).
  const inWorktree = claimInWorktree(claimedSession(options.session, state.env), readWorktreeSession(state.gitDir));
  let session: string | null = inWorktree.kind === 'conflict' ? inWorktree.worktree : (inWorktree.claim?.id ?? null);
  if (session === null) {
    const branch = currentBranch(state);
    if (branch !== null) {
      const rules = await readRules(state, state.head === null ? { index: true } : { commit: state.head }, explicitPlanPath(state, options.plan));
      const identity = identify(rules, null, branch);
      if (identity.kind === 'session') session = identity.session.id;
    }
  }
  const trailers: string[] = [];
  // An ID that is not of the session form (a newline, say) is never written: the pre-commit hook blocks it.
  if (session !== null && sessionIdForm.test(session)) {
    trailers.push(`Lanes-Session: ${session}`);
    // The stamp: a MAC with this session's own key over what the commit will be (the tree git writes from
    // the index in use, `GIT_INDEX_FILE` included, and the parents), which the runner's audit verifies.
    const key = state.env.LANES_SESSION_KEY;
    if (key !== undefined && sessionKeyForm.test(key)) {
      const tree = gitText(['write-tree'], callOf(state)).trim();
      trailers.push(`Lanes-Stamp: ${computeStamp(key.toLowerCase(), session, tree, parentsOf(state, options))}`);
    }
  }
  const override = pendingOverride(state);
  if (override !== null) trailers.push(`Lanes-Override: ${override}`);
  if (trailers.length === 0) return [];
  // `git merge` writes its message without a final newline, and `interpret-trailers` would then glue the
  // trailer to the subject line instead of opening a paragraph for it.
  const text = readFileSync(options.file, 'utf8');
  if (text !== '' && !text.endsWith('\n')) appendFileSync(options.file, '\n');
  // `git interpret-trailers` knows git's message rules: comment lines, the scissors line of `commit -v`,
  // an existing trailer block. `--if-exists replace`: amending another session's commit makes it this one's.
  gitBytes(['interpret-trailers', '--in-place', '--if-exists', 'replace', ...trailers.flatMap((t) => ['--trailer', t]), options.file], callOf(state));
  // A message still to be written in the editor: keep its first line for the subject and a blank line after
  // it, or the trailers would end up in the subject's paragraph, where git does not read trailers.
  const written = readFileSync(options.file, 'utf8');
  if (/^\s*\nLanes-(?:Session|Override): /.test(written)) writeFileSync(options.file, `\n\n${written.replace(/^\s*\n/, '')}`);
  return trailers;
}
