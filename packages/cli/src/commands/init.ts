import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { emptyMessageCheck } from '@lanes/guard';
import { currentBranch, findPlanFiles, git, readConfig, repoRoot, runGit } from '@lanes/repo';
import { UsageError, type Io } from '../io.ts';
import { activateScript, InitError, initPaths, lanesHooksDir, planInit, type InitPlan, type RepoSnapshot } from '../init/plan-init.ts';

interface InitFlags {
  yes?: boolean;
  agents?: string;
  ci?: string;
  dryRun?: boolean;
  check?: boolean;
  hooks?: boolean;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The repository as `lanes init` needs to know it. */
function readSnapshot(root: string, env: NodeJS.ProcessEnv): RepoSnapshot {
  const hooksPath = runGit(['config', 'core.hooksPath'], { cwd: root, env });
  let plans = 0;
  try {
    plans = findPlanFiles(root, readConfig(root)).length;
  } catch {
    // A `lanes` field that does not parse: init reports it through package.json itself.
  }
  let branch = 'main';
  try {
    branch = currentBranch(root) ?? 'main';
  } catch {
    // A detached HEAD or no git: `main`, git's usual first branch.
  }
  return {
    files: new Map(initPaths.map((p) => [p, readOrNull(join(root, p))])),
    huskyDir: existsSync(join(root, '.husky')) && statSync(join(root, '.husky')).isDirectory(),
    huskyActive: existsSync(join(root, '.husky/_/h')),
    hooksPath: hooksPath.status === 0 ? hooksPath.stdout.trim() : null,
    plans,
    branch,
    today: new Date().toISOString().slice(0, 10),
  };
}

/** One line per change: `+ path` for a new file, `~ path` for a changed one, and the git setting. */
function describe(plan: InitPlan): string {
  const lines = plan.changes.map((c) => `  ${c.before === null ? '+' : '~'} ${c.path}`);
  if (plan.hooksPath !== null) lines.push(`  ~ git config core.hooksPath ${plan.hooksPath}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function apply(root: string, plan: InitPlan, env: NodeJS.ProcessEnv): void {
  for (const change of plan.changes) {
    const file = join(root, change.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, change.after);
    if (change.executable) chmodSync(file, 0o755);
  }
  if (plan.hooksPath !== null) git(['config', 'core.hooksPath', plan.hooksPath], { cwd: root, env });
}

/** `lanes init --hooks`, the `prepare` script: makes the versioned `.githooks/` active in this clone; outside a git work tree, nothing. */
function activateHooks(io: Io): number {
  let root: string;
  try {
    root = repoRoot(io.cwd);
  } catch {
    return 0; // an install outside a clone (a packed copy, a Docker build): there are no hooks to activate
  }
  if (!existsSync(join(root, lanesHooksDir, 'pre-commit'))) {
    io.stderr(`lanes: no ${lanesHooksDir}/pre-commit in ${root}; run lanes init to write the hooks\n`);
    return 1;
  }
  const current = runGit(['config', 'core.hooksPath'], { cwd: root, env: io.env });
  if (current.status !== 0 || current.stdout.trim() !== lanesHooksDir) git(['config', 'core.hooksPath', lanesHooksDir], { cwd: root, env: io.env });
  return 0;
}

async function confirm(io: Io): Promise<boolean> {
  if (io.ask === undefined) return false;
  const answer = await io.ask('Apply these changes? [y/N] ');
  return /^y(es)?$/i.test(answer.trim());
}

/** `lanes init`: hooks, the `lanes` field, a starter plan and, on request, agent hook settings and a CI workflow. */
export function registerInit(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('init')
    .description('Set Lanes up in this repository: guard hooks (husky, lefthook or its own .githooks/), the plan locations, a starter plan')
    .option('-y, --yes', 'apply without asking')
    .option('--agents <names>', 'also write the hook settings of these agents (comma-separated; claude)')
    .option('--ci <name>', 'also write a CI workflow that lints the plans and checks every commit of a pull request (github)')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--check', 'change nothing; exit 1 when something is missing or has drifted, and say what')
    .option('--hooks', `only make ${lanesHooksDir}/ active in this clone (the prepare script runs this: \`${activateScript}\`)`)
    .addHelpText('after', '\nA second run changes nothing. Exit status: 0 done (or nothing to do), 1 --check found a gap, 2 usage.')
    .action(async (flags: InitFlags) => {
      if (flags.hooks === true) {
        exit(activateHooks(io));
        return;
      }
      if (flags.ci !== undefined && flags.ci !== 'github') throw new UsageError(`--ci ${flags.ci}: lanes init knows github only; use --ci github`);
      let root: string;
      try {
        root = repoRoot(io.cwd);
      } catch {
        throw new UsageError(`${io.cwd} is not in a git work tree; run git init first, then lanes init`);
      }
      const agents = (flags.agents ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
      let plan: InitPlan;
      try {
        plan = planInit(readSnapshot(root, io.env), { agents, ci: flags.ci === 'github' ? 'github' : null }, emptyMessageCheck);
      } catch (error) {
        if (error instanceof InitError) throw new UsageError(error.message);
        throw error;
      }
      const hooks = plan.manager === 'lanes' ? `${lanesHooksDir}/ (no hook manager found)` : plan.manager;
      const changes = describe(plan);
      const notes = plan.notes.map((n) => `note: ${n}\n`).join('');
      if (flags.check === true) {
        if (changes === '' && plan.notes.length === 0) {
          io.stdout(`lanes init: nothing missing (hooks: ${hooks})\n`);
          exit(0);
        } else {
          io.stdout(`lanes init: missing or drifted (hooks: ${hooks}); run lanes init to fix:\n${changes}${notes}`);
          exit(1);
        }
        return;
      }
      if (changes === '') {
        io.stdout(`lanes init: nothing to change (hooks: ${hooks})\n${notes}`);
        exit(0);
        return;
      }
      io.stdout(`lanes init (hooks: ${hooks}):\n${changes}`);
      if (flags.dryRun === true) {
        io.stdout(`dry run: nothing changed\n${notes}`);
        exit(0);
        return;
      }
      if (flags.yes !== true) {
        if (!io.isTTY || io.ask === undefined) throw new UsageError('lanes init asks before it changes anything, and this is not a terminal; pass --yes (or --dry-run to see the changes)');
        if (!(await confirm(io))) {
          io.stdout('nothing changed\n');
          exit(1);
          return;
        }
      }
      apply(root, plan, io.env);
      io.stdout(`done; commit these files so that every clone and worktree has them\n${notes}`);
      exit(0);
    });
}
