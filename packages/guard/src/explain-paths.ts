import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { explainPath } from '@lanes/core/patterns';
import { compilePlan } from './compile-plan.ts';
import { GuardConfigError } from './guard-config.ts';
import { planProblems, readRules } from './guard-rules.ts';
import { loadPlan, type LoadedPlan } from './load-plans.ts';
import { readRepoState } from './repo-state.ts';

/** A session's pattern line that decides a path, and the session's batch. */
export interface DecidingLine {
  session: string;
  batch: number;
  plan: string;
  line: number;
  pattern: string;
}

/** Who owns a path, and which sessions' `!pattern` lines exclude it. */
export interface PathOwnership {
  /** The path from the repository root. */
  path: string;
  owners: DecidingLine[];
  excludedBy: DecidingLine[];
}

/** What `explainPaths` found. */
export interface Explanation {
  /** Where the plans were read: committed at `HEAD` (what the guard uses) or the file given. */
  from: 'HEAD' | 'index' | 'file';
  plans: string[];
  paths: PathOwnership[];
  /** Problems that stop the guard from using a plan. */
  problems: string[];
}

/** Options of `explainPaths`. */
export interface ExplainOptions {
  cwd: string;
  /** Paths from `cwd`. */
  paths: readonly string[];
  /** A plan file on disk (from `cwd`), read as it is now; default: the plans as the guard reads them, at `HEAD`. */
  plan?: string;
  env?: NodeJS.ProcessEnv;
}

/** Which session owns each path, in which batch, by which pattern line (`lanes explain`). */
export async function explainPaths(options: ExplainOptions): Promise<Explanation> {
  const env = options.env ?? process.env;
  const state = readRepoState(options.cwd, env);
  let plans: LoadedPlan[];
  let from: Explanation['from'];
  if (options.plan !== undefined) {
    const file = resolve(options.cwd, options.plan);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new GuardConfigError(`cannot read plan ${options.plan}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the path`);
    }
    const path = relative(state.top, file).split(sep).join('/');
    plans = [loadPlan(compilePlan(text, path.startsWith('..') ? file : path, 'file'))];
    from = 'file';
  } else {
    const rules = await readRules(state, state.head === null ? { index: true } : { commit: state.head }, null);
    if (rules.configProblem !== null) throw new GuardConfigError(rules.configProblem);
    plans = rules.plans;
    from = state.head === null ? 'index' : 'HEAD';
  }
  const paths = options.paths.map((given): PathOwnership => {
    const absolute = resolve(options.cwd, given);
    const path = relative(state.top, absolute).split(sep).join('/').normalize('NFC');
    if (path.startsWith('../') || path === '..' || isAbsolute(path)) throw new GuardConfigError(`${given} is outside the repository ${state.top}`);
    const owners: DecidingLine[] = [];
    const excludedBy: DecidingLine[] = [];
    for (const plan of plans) {
      for (const session of plan.sessions) {
        const decided = explainPath(session.set, path);
        if (decided === null) continue;
        const line = session.setLines[decided.index]!;
        (decided.owned ? owners : excludedBy).push({ session: session.id, batch: session.batch, plan: plan.path, line: line.line, pattern: line.source });
      }
    }
    return { path, owners, excludedBy };
  });
  return { from, plans: plans.map((p) => p.path), paths, problems: plans.flatMap(planProblems) };
}

/** The explanation as plain text. */
export function formatExplanation(explanation: Explanation): string {
  const lines: string[] = [];
  if (explanation.plans.length === 0) lines.push('no plan found: every path is owned by no session');
  for (const p of explanation.paths) {
    lines.push(p.path);
    if (p.owners.length === 0) lines.push('  owned by no session');
    for (const o of p.owners) lines.push(`  ${o.session} (batch ${o.batch}) owns it: ${o.plan}:${o.line} \`${o.pattern}\``);
    for (const o of p.excludedBy) lines.push(`  ${o.session} (batch ${o.batch}) excludes it: ${o.plan}:${o.line} \`${o.pattern}\``);
  }
  for (const problem of explanation.problems) lines.push(`problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}
