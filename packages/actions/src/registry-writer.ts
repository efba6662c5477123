import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parsePlan, type Plan } from '@lanes/core';
import { commitRegistry, spliceRegistry, spliceRegistryAt, type RegistryUpdate } from '@lanes/dispatch';
import { runGit, writeFileAtomic } from '@lanes/repo';

/** True when the working tree has no uncommitted change to `path` and HEAD has it. */
export function committedClean(root: string, path: string, env?: NodeJS.ProcessEnv): boolean {
  if (runGit(['cat-file', '-e', `HEAD:${path}`], { cwd: root, env }).status !== 0) return false;
  return runGit(['status', '--porcelain', '--', path], { cwd: root, env }).stdout.trim() === '';
}

/**
 * Writes sessions' states into the plan's `Session Registry` with the dispatch runner's splice (only the cells
 * that change; the runner's columns added when missing) and commits it as the runner's own registry commit.
 * Nothing of a GitHub Actions run works in this working tree, so it may write at any time (decision 18).
 */
export class RegistryWriter {
  private header: number | null;

  constructor(
    private readonly root: string,
    private readonly planPath: string,
    private readonly plan: Plan,
    private readonly env?: NodeJS.ProcessEnv,
  ) {
    this.header = plan.registry?.headerSpan.start.offset ?? null;
  }

  /** Writes the updates; with `commit`, commits the plan with that reason. Returns true when it committed. */
  write(updates: ReadonlyMap<string, RegistryUpdate>, commit: string | null): boolean {
    const file = join(this.root, this.planPath);
    const text = readFileSync(file, 'utf8');
    const cell = basename(this.planPath);
    let next = this.header === null ? null : spliceRegistryAt(text, this.header, this.plan.sessions, updates, cell);
    if (next === null) {
      next = spliceRegistry(text, parsePlan(text, { path: this.planPath }), updates, cell);
      this.header = parsePlan(next, { path: this.planPath }).registry?.headerSpan.start.offset ?? null;
    }
    if (next !== text) {
      writeFileAtomic(file, next);
    }
    if (commit === null) return false;
    return commitRegistry(this.root, this.planPath, `lanes: registry of ${cell} (${commit})`, this.env ?? process.env);
  }
}
