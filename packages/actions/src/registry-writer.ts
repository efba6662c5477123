import { parsePlan, type Plan } from '@lanes/core';
import { RegistryWriter as DispatchRegistryWriter } from '@lanes/dispatch';
import { runGit } from '@lanes/repo';

/** True when the working tree has no uncommitted change to `path` and HEAD has it. */
export function committedClean(root: string, path: string, env?: NodeJS.ProcessEnv): boolean {
  if (runGit(['cat-file', '-e', `HEAD:${path}`], { cwd: root, env }).status !== 0) return false;
  return runGit(['status', '--porcelain', '--', path], { cwd: root, env }).stdout.trim() === '';
}

/**
 * The dispatch runner's registry writer with the markdown parser at hand (a plan without a registry gets one):
 * nothing of a GitHub Actions run works in this working tree, so it may write at any time (decision 18).
 */
export class RegistryWriter extends DispatchRegistryWriter {
  constructor(root: string, planPath: string, plan: Plan, env?: NodeJS.ProcessEnv) {
    super(root, planPath, plan, env);
    this.useParser(parsePlan);
  }
}
