import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';

const realDirs = new Map<string, string>();

/** A file's path from the root as git writes it, or null when it is outside the root or in `node_modules`. */
export function pathFromRoot(root: string, file: string): string | null {
  let path = relative(root, file);
  if (isOutside(path)) {
    // The file may be reached through a symlink (a temp folder): compare real paths.
    const dir = dirname(file);
    let real = realDirs.get(dir);
    if (real === undefined) {
      try {
        real = realpathSync(dir);
      } catch {
        real = dir;
      }
      realDirs.set(dir, real);
    }
    path = relative(root, `${real}${sep}${file.slice(dir.length + 1)}`);
    if (isOutside(path)) return null;
  }
  path = path.split(sep).join('/');
  return path === '' || path.split('/').includes('node_modules') ? null : path;
}

function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}
