import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { explicitPlanPath, identify, readRules } from './guard-rules.ts';
import { claimedSession, sessionIdForm } from './identity.ts';
import { pendingOverride } from './override-log.ts';
import { callOf, currentBranch, readRepoState } from './repo-state.ts';
import { gitBytes } from './run-git.ts';

/** Options of `prepareCommitMessage`, the `prepare-commit-msg` hook. */
export interface PrepareMessageOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The commit message file git passes to the hook. */
  file: string;
  plan?: string;
  session?: string;
}

/**
 * Adds the `Lanes-Session: <ID>` trailer of the committing session (and `Lanes-Override: <reason>` when the
 * pre-commit hook let the commit through by `LANES_OVERRIDE`) to a commit message file; returns the
 * trailers added. Identity travels with the commit, so that the range check can audit it later.
 */
export async function prepareCommitMessage(options: PrepareMessageOptions): Promise<string[]> {
  const state = readRepoState(options.cwd, options.env);
  let session: string | null = claimedSession(options.session, state.env)?.id ?? null;
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
  if (session !== null && sessionIdForm.test(session)) trailers.push(`Lanes-Session: ${session}`);
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
