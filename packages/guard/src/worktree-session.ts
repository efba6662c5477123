import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { worktreeSessionFile } from './stamp.ts';

/**
 * The session the runner wrote into a worktree's git dir (`<git dir>/lanes-session`): its text without the
 * final newline, or null when there is no such file.
 */
export function readWorktreeSession(gitDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(gitDir, worktreeSessionFile), 'utf8');
  } catch {
    return null;
  }
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
