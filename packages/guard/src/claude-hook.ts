import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { setMatches } from '@lanes/core/patterns';
import { describeOwner } from './format-guard-report.ts';
import { explicitPlanPath, identify, planProblems, readRules, strictActive } from './guard-rules.ts';
import { claimedSession, claimInWorktree, claimSourceName } from './identity.ts';
import { readWorktreeSession } from './worktree-session.ts';
import { OwnerLookup } from './judge-changes.ts';
import { currentBranch, readRepoState, type RepoState } from './repo-state.ts';
import { toolWrites, type EditChange, type HookAgent, type WriteTarget } from './agent-hook-payload.ts';

/** What an agent's pre-tool hook decides: 0 lets the tool run, 2 refuses it with `message` (shown to the agent, in its own form: `hookAnswer`). */
export interface ClaudeHookDecision {
  exitCode: 0 | 2;
  message: string;
  /** A refused edit of a file in the repository: the path, the session that asked and the path's owner (null: nobody). */
  refused?: { session: string | null; path: string; owner: string | null };
  /** A refused shell command that commits (gemini): the session, the staged paths that blocked it (none: its form did), one line why. */
  blocked?: { session: string | null; paths: { path: string; owner: string | null }[]; reason: string };
  /** Allowed, with this tool input instead of the agent's (gemini's shell command with git's hooks turned back on). */
  toolInput?: Record<string, unknown>;
}

function refuse(message: string): ClaudeHookDecision {
  return { exitCode: 2, message: `lanes: ${message}\n` };
}

const allow: ClaudeHookDecision = { exitCode: 0, message: '' };

/** The real path of a file that may not exist yet: the real path of its nearest existing folder, then the rest. */
function realPathOf(path: string): string {
  let dir = path;
  const rest: string[] = [];
  while (!existsSync(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    rest.unshift(basename(dir));
    dir = parent;
  }
  try {
    return join(realpathSync(dir), ...rest);
  } catch {
    return path;
  }
}

function applyOne(text: string, oldString: unknown, newString: unknown, all: unknown): string | null {
  if (typeof oldString !== 'string' || typeof newString !== 'string' || oldString === '' || !text.includes(oldString)) return null;
  return all === true ? text.split(oldString).join(newString) : text.replace(oldString, () => newString);
}

/** The file after the change, or null when the change cannot be applied to it or is not known. */
function fileAfterChange(change: EditChange, before: string | null): string | null {
  if (change.kind === 'write') return change.content;
  if (change.kind === 'opaque' || before === null) return null;
  let text: string | null = before;
  for (const edit of change.edits) {
    if (text === null) return null;
    text = applyOne(text, edit.old, edit.new, edit.all);
  }
  return text;
}

/** What `runAgentHook` is given: the agent, its hook input (stdin), and where and as whom it runs. */
export interface AgentHookOptions {
  agent: HookAgent;
  input: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  plan?: string;
  session?: string;
}

/**
 * Claude Code's `PreToolUse` hook (contract decision 28): refuses `Edit`, `Write`, `MultiEdit` and
 * `NotebookEdit` outside the session's lane. It refuses on its own errors too, since a hook that fails any
 * other way lets the edit through.
 */
export async function runClaudeHook(options: Omit<AgentHookOptions, 'agent'>): Promise<ClaudeHookDecision> {
  return runAgentHook({ ...options, agent: 'claude' });
}

/**
 * Any agent's pre-tool hook (`lanes guard --hook <agent>`): the files its tool would write (`toolWrites`), each
 * judged by the one lane decision; the first refused file refuses the tool. `exitCode` 2 is a refusal, to be
 * answered in the agent's own form (`hookAnswer`). It refuses on its own errors too.
 */
export async function runAgentHook(options: AgentHookOptions): Promise<ClaudeHookDecision> {
  try {
    let payload: unknown;
    try {
      payload = JSON.parse(options.input) as unknown;
    } catch (error) {
      return refuse(`cannot read the hook input as JSON (${(error as Error).message}), so the edit is refused`);
    }
    const writes = toolWrites(options.agent, payload);
    if (writes.kind === 'none') return allow;
    if (writes.kind === 'unreadable') return refuse(`${writes.problem}, so the edit is refused`);
    const cwd = writes.cwd ?? options.cwd;
    for (const target of writes.targets) {
      const decision = await decideWrite(writes.tool, target, cwd, options);
      if (decision.exitCode !== 0) return decision;
    }
    if (writes.shell === undefined) return allow;
    const { decideShellCommits, gitHooksPrefix } = await import('./shell-commit-check.ts');
    if (writes.commits !== undefined) {
      const decision = await decideShellCommits(writes.commits, cwd, options);
      if (decision.exitCode !== 0) return decision;
    }
    const prefix = gitHooksPrefix(cwd, options.env);
    return prefix === null ? allow : { ...allow, toolInput: { command: `${prefix}${writes.shell}` } };
  } catch (error) {
    return refuse(`the lane check failed (${error instanceof Error ? error.message : String(error)}), so the edit is refused; run \`lanes doctor\` in the repository`);
  }
}

async function decideWrite(tool: string, write: WriteTarget, cwd: string, options: AgentHookOptions): Promise<ClaudeHookDecision> {
  const target = write.path;
  let claim = claimedSession(options.session, options.env);

  let state: RepoState;
  try {
    state = readRepoState(cwd, options.env);
  } catch {
    return claim === null ? allow : refuse(`${cwd} is not in a git repository, so ${claim.id} may not edit ${target}`);
  }
  const inWorktree = claimInWorktree(claim, readWorktreeSession(state.gitDir));
  if (inWorktree.kind === 'conflict') {
    return refuse(`this worktree belongs to ${inWorktree.worktree}, but ${claimSourceName(inWorktree.claim.via)} says ${inWorktree.claim.id}; work as ${inWorktree.worktree} here, or in ${inWorktree.claim.id}'s own worktree`);
  }
  claim = inWorktree.claim;
  const file = realPathOf(isAbsolute(target) ? target : resolve(cwd, target));
  const rel = relative(realPathOf(state.top), file).split(sep).join('/').normalize('NFC');
  const outside = rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel);

  const rules = await readRules(state, state.head === null ? { index: true } : { commit: state.head }, explicitPlanPath(state, options.plan));
  const identity = identify(rules, claim, claim === null ? currentBranch(state) : null);
  if (identity.kind === 'failed') return refuse(`${identity.problem}; ${identity.fix}`);
  if (identity.kind === 'nobody') {
    const strict = strictActive(rules);
    if (strict.length === 0 || outside) return allow;
    const first = strict[0]!;
    return refuse(`${first.plan} says \`guard: strict\` and ${first.active.join(', ')} ${first.active.length === 1 ? 'is' : 'are'} Active, but no session is named; set LANES_SESSION to the session you are`);
  }
  const { session, plan } = identity;
  if (outside) return refuse(`${session.id} may not edit ${file}: it is outside the repository ${state.top}`);
  if (plan.unusable.length > 0) {
    return refuse(`${plan.path} cannot be used for ${session.id}'s edits (${planProblems(plan).slice(0, 3).join('; ')}); the coordinator fixes the plan`);
  }
  const registry = rules.config?.registry ?? null;
  if (rel === plan.path || rel === registry) {
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const after = fileAfterChange(write.change, before);
    if (after === null) return refuse(`${session.id} may change only its own Session Registry row of ${rel}, and this ${tool} cannot be checked against it`);
    const { checkOwnRowChange } = await import('./own-row-rule.ts');
    const why = checkOwnRowChange(before, after, { session: session.id, path: rel, sessionPlan: plan.path });
    return why === null ? allow : withRefused(rel, session.id, null, refuse(`${session.id} may not make this edit: ${why}`));
  }
  if (setMatches(session.set, rel)) return allow;
  const owner = new OwnerLookup(rules.plans).owners(rel).find((o) => o.session !== session.id);
  const owns = session.owns.map((p) => `\`${p.source}\``).join(', ') || 'no paths';
  return withRefused(rel, session.id, owner?.session ?? null, refuse(
    `${session.id} may not edit ${rel}: ${owner ? `it is owned by ${describeOwner(owner)}` : 'no session owns it'}. ${session.id} owns ${owns} (${plan.path}:${session.ownsLine}); stay within them, or ask the coordinator to extend the Owns`,
  ));
}

function withRefused(path: string, session: string | null, owner: string | null, decision: ClaudeHookDecision): ClaudeHookDecision {
  return { ...decision, refused: { session, path, owner } };
}
