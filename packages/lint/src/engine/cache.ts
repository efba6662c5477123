import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveRev } from '@lanes/repo';
import { digest } from './hash.ts';
import type { Dependencies, FileResult } from './types.ts';

interface CacheEntry {
  hash: string;
  deps: Dependencies;
  result: FileResult;
}

interface CacheFile {
  version: 1;
  /** The lanes version, the rules and the options the entries were made with. */
  key: string;
  files: Record<string, CacheEntry>;
}

/**
 * The `--cache` file: each file's result, valid while its content hash, the run's key (lanes version, rules,
 * options) and everything else it read (the commit of its `base`, the plans its registry names, the
 * configured registry) are unchanged.
 */
export class LintCache {
  private readonly data: CacheFile;
  private readonly revs = new Map<string, string | null>();
  private readonly hashes = new Map<string, string | null>();
  private changed = false;

  constructor(
    private readonly location: string,
    private readonly key: string,
    private readonly root: string,
  ) {
    this.data = { version: 1, key, files: {} };
    if (!existsSync(location)) return;
    try {
      const read = JSON.parse(readFileSync(location, 'utf8')) as Partial<CacheFile> | null;
      if (read?.version === 1 && read.key === key && read.files !== undefined) this.data.files = read.files;
    } catch {
      // An unreadable cache is an empty one; it is rewritten at the end of the run.
    }
  }

  /** The cached result of a file whose bytes hash to `hash`, when still valid. */
  lookup(path: string, hash: string, fix: boolean): FileResult | null {
    const entry = this.data.files[path];
    if (entry?.hash !== hash) return null;
    if (fix && (entry.result.fixableErrorCount > 0 || entry.result.fixableWarningCount > 0)) return null;
    for (const [dep, expected] of Object.entries(entry.deps)) if (this.current(dep) !== expected) return null;
    return entry.result;
  }

  /** Records a file's fresh result. */
  store(path: string, hash: string, deps: Dependencies, result: FileResult): void {
    const kept: FileResult = { ...result };
    delete kept.source;
    delete kept.output;
    this.data.files[path] = { hash, deps, result: kept };
    this.changed = true;
  }

  /** Writes the cache file when anything changed. */
  save(): void {
    if (!this.changed) return;
    mkdirSync(dirname(this.location), { recursive: true });
    writeFileSync(this.location, JSON.stringify(this.data));
  }

  private current(dep: string): string | null {
    if (dep.startsWith('git:')) {
      const base = dep.slice(4);
      if (!this.revs.has(base)) this.revs.set(base, safeRev(this.root, base));
      return this.revs.get(base)!;
    }
    if (!this.hashes.has(dep)) this.hashes.set(dep, existsSync(dep) ? digest(readFileSync(dep)) : null);
    return this.hashes.get(dep)!;
  }

  /** The key of a run: entries made under another key are dropped. */
  static keyOf(parts: unknown): string {
    return digest(JSON.stringify(parts));
  }
}

function safeRev(root: string, base: string): string | null {
  try {
    return resolveRev(root, base);
  } catch {
    return null;
  }
}
