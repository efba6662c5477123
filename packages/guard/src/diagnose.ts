import { explicitPlanPath, identify, planProblems, readRules } from './guard-rules.ts';
import { claimedSession, claimInWorktree, claimSourceName } from './identity.ts';
import { worktreeSessionFile } from './stamp.ts';
import { readWorktreeSession } from './worktree-session.ts';
import { inspectHooks, requiredHooks, type HookLayout } from './ensure-hooks.ts';
import { existsSync } from 'node:fs';
import { callOf, currentBranch, readRepoState, type RepoState } from './repo-state.ts';
import { GitFailure, runGitBytes } from './run-git.ts';

/** One thing `lanes doctor` checks. */
export interface DoctorCheck {
  name: 'repository' | 'hooks' | 'plan' | 'session';
  ok: boolean;
  detail: string;
  /** What to do when it is not ok. */
  fix: string | null;
}

/** What `lanes doctor` found. */
export interface DoctorReport {
  worktree: string | null;
  session: string | null;
  checks: DoctorCheck[];
  ok: boolean;
}

/** How the guard's hooks stand in one worktree; `other` names a worktree that is not the one doctor runs in. */
function hooksCheck(layout: HookLayout, env: NodeJS.ProcessEnv, other: string | null = null): DoctorCheck {
  if (env.HUSKY === '0') {
    return { name: 'hooks', ok: false, detail: 'HUSKY=0 is set: husky runs no hook, so commits are not checked', fix: 'unset HUSKY' };
  }
  const where = other === null ? '' : `${other} (another worktree): `;
  const required = layout.hooks.filter((h) => (requiredHooks as readonly string[]).includes(h.hook));
  const gaps = required.filter((h) => !(h.present && h.runsGuard));
  const lost = required.filter((h) => h.present && h.runsGuard && !h.findsLanes);
  if (gaps.length === 0 && lost.length === 0) {
    return { name: 'hooks', ok: true, detail: `${where}${requiredHooks.join(' and ')} run the guard (${layout.hooksDir})`, fix: null };
  }
  const detail = [
    ...gaps.map((h) => {
      if (!h.present) {
        return layout.husky
          ? `${h.hook}: ${h.file} is missing (core.hooksPath is ${layout.hooksPath ?? ''}, which this worktree does not have: commits here run no hook at all)`
          : `${h.hook}: ${h.file} is missing or not executable`;
      }
      return `${h.hook}: ${h.script} does not run \`lanes guard\`${h.commentOnly ? ' (it is only in a comment)' : ''}`;
    }),
    ...lost.map((h) => `${h.hook}: ${h.script} runs \`lanes guard\`, but it cannot find \`lanes\` from ${layout.top} (no node_modules/.bin/lanes there, and none on PATH)`),
  ].join('; ');
  const place = other === null ? 'this worktree' : other;
  const fix =
    gaps.length > 0
      ? `run \`lanes doctor --fix\` in ${place}${layout.husky ? ' (or `npx husky`)' : ''}`
      : `install the dependencies in ${place} (\`pnpm install\`), or make the hook call lanes by a path that exists`;
  return { name: 'hooks', ok: false, detail: `${where}${detail}`, fix };
}

/** The other worktrees of the repository that exist on disk (`git worktree list --porcelain`). */
function otherWorktrees(state: RepoState): string[] {
  // Prints a "worktree <path>" line opening each worktree's block, then "HEAD …", "branch …", and "bare" or
  // "prunable …" lines where they apply; blocks end with an empty line.
  const out = runGitBytes(['worktree', 'list', '--porcelain', '-z'], callOf(state));
  if (out.status !== 0) return [];
  const blocks = out.stdout.toString('utf8').split('\0\0');
  return blocks
    .map((block) => block.split('\0'))
    .filter((lines) => lines[0]?.startsWith('worktree ') && !lines.includes('bare') && !lines.some((l) => l.startsWith('prunable')))
    .map((lines) => lines[0]!.slice('worktree '.length))
    .filter((path) => path !== state.top && existsSync(path));
}

/** Checks a worktree: are the guard's hooks really active here, is the plan found and usable, who is this session. */
export async function diagnose(options: { cwd: string; env?: NodeJS.ProcessEnv; plan?: string; session?: string }): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  let state: RepoState;
  try {
    state = readRepoState(options.cwd, env);
  } catch (error) {
    const detail = error instanceof GitFailure ? error.stderr.trim() || error.message : String(error);
    return {
      worktree: null,
      session: null,
      ok: false,
      checks: [{ name: 'repository', ok: false, detail: `${options.cwd} is not in a git working tree (${detail})`, fix: 'run lanes doctor inside the repository' }],
    };
  }
  const checks: DoctorCheck[] = [{ name: 'repository', ok: true, detail: `${state.top}${state.gitDir === state.commonDir ? '' : ' (a linked worktree)'}`, fix: null }];
  checks.push(hooksCheck(inspectHooks(state.top, env), env));
  for (const other of otherWorktrees(state)) {
    const check = hooksCheck(inspectHooks(other, env), env, other);
    if (!check.ok) checks.push(check);
  }

  const rules = await readRules(state, state.head === null ? { index: true } : { commit: state.head }, explicitPlanPath(state, options.plan));
  const broken = rules.plans.filter((p) => p.unusable.length > 0);
  if (rules.configProblem !== null) {
    checks.push({ name: 'plan', ok: false, detail: rules.configProblem, fix: 'fix the configuration and commit it' });
  } else if (rules.plans.length === 0) {
    checks.push({
      name: 'plan',
      ok: false,
      detail: `no plan committed at ${state.head === null ? 'the index' : 'HEAD'} under ${rules.config?.plans.join(', ') ?? 'plans/**/*.md'}`,
      fix: 'commit the plan, or set "lanes.plans" in package.json (or LANES_PLAN) to where it is',
    });
  } else if (broken.length > 0) {
    checks.push({
      name: 'plan',
      ok: false,
      detail: `${broken.map((p) => p.path).join(', ')} cannot be used by the guard: ${broken.flatMap(planProblems).slice(0, 5).join('; ')}`,
      fix: `fix the plan and commit it (\`lanes lint ${broken[0]!.path}\` lists every problem)`,
    });
  } else {
    checks.push({ name: 'plan', ok: true, detail: `${rules.plans.map((p) => `${p.path} (${p.sessions.length} sessions)`).join(', ')}, as committed at ${state.head === null ? 'the index' : 'HEAD'}`, fix: null });
  }

  const inWorktree = claimInWorktree(claimedSession(options.session, env), readWorktreeSession(state.gitDir));
  const claim = inWorktree.kind === 'claim' ? inWorktree.claim : null;
  const branch = claim === null ? currentBranch(state) : null;
  const identity = identify(rules, claim, branch);
  let session: string | null = null;
  if (inWorktree.kind === 'conflict') {
    checks.push({
      name: 'session',
      ok: false,
      detail: `this worktree belongs to ${inWorktree.worktree} (${state.gitDir}/${worktreeSessionFile}), but ${claimSourceName(inWorktree.claim.via)} says ${inWorktree.claim.id}: its commits are blocked`,
      fix: `unset LANES_SESSION in this worktree, or work as ${inWorktree.claim.id} in its own worktree`,
    });
  } else if (identity.kind === 'failed') {
    checks.push({ name: 'session', ok: false, detail: identity.problem, fix: identity.fix });
  } else if (identity.kind === 'nobody') {
    checks.push({
      name: 'session',
      ok: true,
      detail: `no session: LANES_SESSION is unset${branch === null ? '' : ` and no session's Branch is ${branch}`}; commits here are the coordinator's`,
      fix: null,
    });
  } else {
    session = identity.session.id;
    const owns = identity.session.owns.map((p) => p.source).join(', ') || 'nothing';
    const how = identity.via === 'branch' ? `its Branch is ${branch ?? ''}` : identity.via === 'worktree' ? `${state.gitDir}/${worktreeSessionFile}` : identity.via === 'env' ? 'LANES_SESSION' : '--session';
    checks.push({ name: 'session', ok: true, detail: `${session} of ${identity.plan.path} (${how}); owns ${owns}`, fix: null });
  }
  return { worktree: state.top, session, checks, ok: checks.every((c) => c.ok) };
}

/** The doctor's report as plain text. */
export function formatDoctor(report: DoctorReport): string {
  const lines = report.checks.flatMap((c) => [`${c.ok ? 'ok  ' : 'gap '} ${c.name}: ${c.detail}`, ...(c.fix === null || c.ok ? [] : [`     fix: ${c.fix}`])]);
  return `${lines.join('\n')}\n`;
}
