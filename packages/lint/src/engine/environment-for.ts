import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, readConfig } from '@lanes/repo';
import { FileEnvironment } from './file-environment.ts';

const environments = new Map<string, FileEnvironment>();

/** The folder holding `.git` (a folder, or a file in a worktree) above `path`, else the path's own folder. */
export function findRoot(path: string): string {
  let dir = dirname(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return dirname(path);
    dir = up;
  }
}

/**
 * The repository environment of a file linted on its own (by the ESLint plugin): its root, the `lanes`
 * configuration there, kept for the life of the process. An unusable configuration counts as none.
 */
export function environmentFor(path: string, git: boolean): FileEnvironment {
  const root = findRoot(path);
  const key = `${git ? 'git' : 'no-git'}\0${root}`;
  let env = environments.get(key);
  if (env === undefined) {
    let config: { plans: string[]; registry: string | null; maxPlanBytes?: number } = { plans: ['plans/**/*.md'], registry: null };
    try {
      config = readConfig(root);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
    env = new FileEnvironment({
      root,
      fix: false,
      cache: false,
      git,
      registry: config.registry,
      planPatterns: config.plans,
      ...(config.maxPlanBytes === undefined ? {} : { maxPlanBytes: config.maxPlanBytes }),
    });
    environments.set(key, env);
  }
  return env;
}
