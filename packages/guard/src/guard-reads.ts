import { blobListArgs, repoStateArgs, stagedDiffArgs } from './git-args.ts';
import { parseGuardConfig, planPathspecs } from './guard-config.ts';
import type { ListedAhead } from './plan-sources.ts';
import { decodeUtf8, parseObjects } from './read-objects.ts';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawDiff, RawDiffReader, type FileChange } from './raw-diff.ts';
import { gitEnvOf, spawnGit, type GitOutput } from './run-git.ts';

/** The reads of a pre-commit check, started at once: the repository, the staged diff, the configuration. */
export interface GuardReads {
  state: Promise<GitOutput>;
  /**
   * `git diff-index` against `HEAD`, parsed as it comes (useless, and cancelled, on a first commit, a merge
   * or a commit by nobody); `changes` is null when git failed.
   */
  staged: Promise<{ status: number; changes: FileChange[] | null }>;
  /** `git cat-file --batch` of `HEAD:package.json`. */
  config: Promise<GitOutput>;
  /** The blobs at `HEAD` under the pathspecs of that configuration; null when it could not be read. */
  plans: Promise<ListedAhead | null>;
  cancelStaged: () => void;
}

/** Lists the blobs under the plan locations of `HEAD:package.json`, once git has printed it. */
async function listAhead(config: Promise<GitOutput>, call: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ListedAhead | null> {
  const pathspecs = pathspecsOf((await config).stdout);
  if (pathspecs === null) return null;
  const listed = await spawnGit(blobListArgs({ commit: 'HEAD' }, pathspecs), call).result;
  return listed.status === 0 ? { pathspecs, out: listed.stdout } : null;
}

/** The plan pathspecs of a `git cat-file --batch` output of `HEAD:package.json`, or null when it cannot be read. */
function pathspecsOf(batch: Buffer): string[] | null {
  try {
    const [bytes] = parseObjects(batch, ['HEAD:package.json']);
    const text = bytes ? decodeUtf8(bytes) : null;
    return bytes && text === null ? null : planPathspecs(parseGuardConfig(text, 'package.json at HEAD'));
  } catch {
    return null; // the guard reads the configuration again, and reports what is wrong with it
  }
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
  `{ echo HEAD:package.json | git cat-file --batch >&4 2>/dev/null; echo "config $?" >&6; } 1>&- 3>&- 5>&- &`,
  `{ git ${blobListArgs({ commit: 'HEAD' }, []).join(' ')} "$@" >&5 2>/dev/null; echo "plans $?" >&6; } 1>&- 3>&- 4>&- &`,
  'exec 1>&- 3>&- 4>&- 5>&-',
  'wait',
].join('\n');

/**
 * Starts the git reads of `lanes guard` before the rest of the guard is loaded: on a one-file commit in a
 * large repository, node's start-up and git's diff then overlap instead of adding up. A read that fails is
 * run again by the guard itself, which then reports git's message.
 */
export function startGuardReads(cwd: string, userEnv: NodeJS.ProcessEnv): GuardReads {
  const env = gitEnvOf(userEnv);
  const guessed = guessPathspecs(cwd);
  let child;
  try {
    child = spawn('sh', ['-c', readsScript, 'lanes-guard', ...guessed], {
      cwd,
      env,
      detached: true, // its own process group, so that `cancelStaged` ends the gits too
      stdio: ['ignore', 'pipe', 'ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
  } catch {
    return startSeparately(cwd, env);
  }
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
      if (status !== 0 || unreadable) return { status, changes: null };
      try {
        return { status, changes: reader.finish() };
      } catch {
        return { status, changes: null };
      }
    }),
    config: promises.config,
    plans: promises.plans.then((o) => (o.status === 0 ? { pathspecs: guessed, out: o.stdout } : null)),
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

/** The same reads, one git process each, where there is no `sh` to start them. */
function startSeparately(cwd: string, env: NodeJS.ProcessEnv): GuardReads {
  const call = { cwd, env };
  const staged = spawnGit(stagedDiffArgs('HEAD'), call);
  const config = spawnGit(['cat-file', '--batch'], { ...call, input: 'HEAD:package.json\n' }).result;
  return {
    state: spawnGit(repoStateArgs, call).result,
    staged: staged.result.then((o) => ({ status: o.status, changes: o.status === 0 ? parseRawDiff(o.stdout) : null })),
    config,
    plans: listAhead(config, call),
    cancelStaged: staged.cancel,
  };
}
