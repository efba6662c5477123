import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceFiles, workspaceLinks } from '../fixtures/code/workspace.ts';
import { makeRepo } from './repo.ts';

/** Where the code fixtures' plan is. */
export const codePlanPath = 'plans/2026-11-20-shop-code.md';

/** The code fixture's workspace committed in a new repository, with its `node_modules` links (ignored, as pnpm's are). */
export function makeCodeWorkspace(plan: string): string {
  const root = makeRepo(workspaceFiles(plan));
  for (const [link, target] of Object.entries(workspaceLinks)) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(target, join(root, link), 'dir');
  }
  return root;
}
