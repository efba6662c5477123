import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobListArgs, objectBatchArgs, repoStateArgs, stagedDiffArgs } from './git-args.ts';
import { parseGuardConfig, planPathspecs } from './guard-config.ts';
import type { HeadReads } from './plan-sources.ts';
import { parseObjects } from './read-objects.ts';
import { RawDiffReader, type FileChange } from './raw-diff.ts';
import { gitEnvOf, type GitOutput } from './run-git.ts';

/** The reads of a pre-commit check, started at once: the repository, the staged diff, the configuration. */
export interface GuardReads {
  state: Promise<GitOutput>;
  /**
   * `git diff-index` against `HEAD`, parsed as it comes; `changes` is null when git failed. `count` is every
   * change, `changes` all but those `dropStaged` dropped.
   */
  staged: Promise<{ status: number; changes: FileChange[] | null; count: number }>;
  /** Counts without keeping the staged changes of the paths `drop` accepts (`RawDiffReader.dropPaths`), as they are parsed. */
  dropStaged: (drop: (path: string) => boolean) => void;
  /** What `HEAD` says about the plans; null when `HEAD:package.json` could not be read (an unborn branch, a git that failed). */
  head: Promise<HeadReads | null>;
  /** Ends the reads still running (the staged diff is of no use for a merge). */
  cancelStaged: () => void;
}

/** The plan pathspecs of the working tree's `package.json` in `cwd`, a guess at `HEAD`'s (checked later). */
function guessPathspecs(cwd: string): string[] {
  let text: string | null = null;
  try {
    text = readFileSync(join(cwd, 'package.json'), 'utf8');
  } catch {
    // no package.json here: the default locations
  }
  try {
    return planPathspecs(parseGuardConfig(text, 'package.json'));
  } catch {
    return planPathspecs(parseGuardConfig(null, 'package.json'));
  }
}

// Every read in one `sh`, each git on a file descriptor of its own and all at once, its exit status on fd 6:
// node spawns one process instead of four (each spawn from node costs the hook milliseconds). Each job, and
// then the shell itself, closes the descriptors it does not write, so that each read ends as soon as its own
// git does, not when the slowest one does.
const readsScript = [
  `{ git ${repoStateArgs.join(' ')} >&3 2>/dev/null; echo "state $?" >&6; } 1>&- 4>&- 5>&- &`,
  `{ git ${stagedDiffArgs('HEAD').join(' ')} 2>/dev/null; echo "staged $?" >&6; } 3>&- 4>&- 5>&- &`,
  `{ echo HEAD:package.json | git ${objectBatchArgs.join(' ')} >&4 2>/dev/null; echo "config $?" >&6; } 1>&- 3>&- 5>&- &`,
  `{ git ${blobListArgs({ commit: 'HEAD' }, []).join(' ')} "$@" >&5 2>/dev/null; echo "plans $?" >&6; } 1>&- 3>&- 4>&- &`,
  'exec 1>&- 3>&- 4>&- 5>&-',
  'wait',
].join('\n');

/**
 * Starts every git read of `lanes guard` at once, in one `sh`: on a one-file commit in a large repository,
 * git's reads overlap each other and node's own work instead of adding up. A read that fails is run again by
 * the guard itself (`readCommit`), which then reports git's message.
 */
export function startGuardReads(cwd: string, userEnv: NodeJS.ProcessEnv): GuardReads {
  const env = gitEnvOf(userEnv);
  const guessed = guessPathspecs(cwd);
  // A `sh` that cannot start fails every read (`failAll`): the guard then reads directly, and reports git's message.
  const child = spawn('sh', ['-c', readsScript, 'lanes-guard', ...guessed], {
    cwd,
    env,
    detached: true, // its own process group, so that `cancelStaged` ends the gits too
    stdio: ['ignore', 'pipe', 'ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  const names = ['staged', 'state', 'config', 'plans'] as const;
  const fds = { staged: 1, state: 3, config: 4, plans: 5 };
  interface Collector {
    chunks: Buffer[];
    ended: boolean;
    status: number | null;
    resolve: (o: GitOutput) => void;
  }
  const outputs = new Map<string, Collector>();
  const promises = Object.fromEntries(
    names.map((name) => [
      name,
      new Promise<GitOutput>((resolve) => {
        outputs.set(name, { chunks: [], ended: false, status: null, resolve });
      }),
    ]),
  ) as Record<(typeof names)[number], Promise<GitOutput>>;
  const settle = (name: string): void => {
    const o = outputs.get(name)!;
    if (o.ended && o.status !== null) o.resolve({ status: o.status, stdout: Buffer.concat(o.chunks), stderr: '' });
  };
  // The staged diff is parsed as it arrives, while git still writes it.
  const reader = new RawDiffReader();
  let unreadable = false;
  const pipes = child.stdio as unknown as NodeJS.ReadableStream[];
  for (const name of names) {
    pipes[fds[name]]!.on('data', (chunk: Buffer) => {
      if (name !== 'staged') outputs.get(name)!.chunks.push(chunk);
      else if (!unreadable) {
        try {
          reader.push(chunk);
        } catch {
          unreadable = true;
        }
      }
    });
    pipes[fds[name]]!.on('end', () => {
      outputs.get(name)!.ended = true;
      settle(name);
    });
  }
  let statusText = '';
  pipes[6]!.on('data', (chunk: Buffer) => {
    statusText += chunk.toString('latin1');
    for (const line of statusText.split('\n').slice(0, -1)) {
      const [name, code] = line.split(' ');
      const o = name === undefined ? undefined : outputs.get(name);
      if (o && o.status === null) {
        o.status = Number(code);
        settle(name!);
      }
    }
  });
  const failAll = (): void => {
    for (const [name, o] of outputs) {
      o.ended = true;
      o.status ??= -1;
      settle(name);
    }
  };
  child.on('error', failAll);
  child.on('close', failAll);
  const pid = child.pid;
  return {
    state: promises.state,
    staged: promises.staged.then(({ status }) => {
      if (status !== 0 || unreadable) return { status, changes: null, count: 0 };
      try {
        return { status, changes: reader.finish(), count: reader.count };
      } catch {
        return { status, changes: null, count: 0 };
      }
    }),
    dropStaged: (drop) => {
      reader.dropPaths(drop);
    },
    head: Promise.all([promises.config, promises.plans]).then(([config, plans]) => {
      if (config.status !== 0) return null;
      const [bytes] = parseObjects(config.stdout, ['HEAD:package.json']);
      return bytes === undefined ? null : { config: bytes, plans: plans.status === 0 ? { pathspecs: guessed, out: plans.stdout } : null };
    }),
    cancelStaged: () => {
      if (pid === undefined) return;
      try {
        process.kill(-pid);
      } catch {
        // already done
      }
    },
  };
}
