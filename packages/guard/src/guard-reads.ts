import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headStateArgs, stagedDiffArgs } from './git-args.ts';
import { parseGuardConfig, planPathspecs } from './guard-config.ts';
import { RawDiffReader, type FileChange } from './raw-diff.ts';
import { gitEnvOf, spawnGit, type GitOutput } from './run-git.ts';

/** The reads of a pre-commit check, started at once: the repository and what `HEAD` holds, and the staged diff. */
export interface GuardReads {
  /** `headStateArgs(pathspecs)`: the repository, `HEAD`, and the ids the plan listing is cached under. */
  state: Promise<GitOutput>;
  /** The plan locations `state` asked `HEAD` about: those of the working tree's `package.json` (a guess at `HEAD`'s, checked later). */
  pathspecs: string[];
  /**
   * `git diff-index` against `HEAD`, parsed as it comes; `changes` is null when git failed. `count` is every
   * change, `changes` all but those `dropStaged` dropped.
   */
  staged: Promise<{ status: number; changes: FileChange[] | null; count: number }>;
  /** Counts without keeping the staged changes of the paths `drop` accepts (`RawDiffReader.dropPaths`), as they are parsed. */
  dropStaged: (drop: (path: string) => boolean) => void;
  /** Ends the staged diff (of no use for a merge or a first commit). */
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

/**
 * The shell command whose output the hook lines pipe into `lanes guard --staged-from-stdin`: the staged diff
 * (`stagedDiffArgs`, replace refs off as in `gitEnvOf`), then git's exit status on a line of its own, also under
 * `sh -e` (husky's). The shell starts git and node at once, so the diff is computed while node starts, and node
 * spawns no git for it.
 */
export const stagedDiffPipe = `{ s=0; GIT_NO_REPLACE_OBJECTS=1 git ${stagedDiffArgs('HEAD').join(' ')} 2>/dev/null || s=$?; echo "$s"; }`;

/**
 * Reads `stagedDiffPipe`'s output from `input`: the diff goes to `push` as it comes, and the result is git's exit
 * status, or -1 when the status line is missing or malformed (then the guard runs the diff itself).
 */
function readPiped(input: NodeJS.ReadableStream, push: (chunk: Buffer) => void): { result: Promise<GitOutput>; cancel: () => void } {
  // `-z` output ends each record with a NUL, so everything after the last NUL so far is held back: a record not
  // complete yet, or, at the end, the status line.
  let held: Buffer = Buffer.alloc(0);
  const result = new Promise<GitOutput>((resolve) => {
    const done = (status: number): void => {
      resolve({ status, stdout: Buffer.alloc(0), stderr: '' });
    };
    input.on('data', (chunk: Buffer) => {
      const data: Buffer = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      const cut = data.lastIndexOf(0) + 1;
      if (cut > 0) push(data.subarray(0, cut));
      held = data.subarray(cut);
    });
    input.on('end', () => {
      const status = /^(\d{1,3})\n$/.exec(held.toString('latin1'));
      done(status === null ? -1 : Number(status[1]));
    });
    input.on('error', () => {
      done(-1);
    });
  });
  return {
    result,
    cancel: () => {
      (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    },
  };
}

/**
 * Starts the two git reads of `lanes guard` at once, straight from node: the staged diff (the one that takes
 * time in a large repository; read from `piped` instead when the hook lines pipe it in) and one `git rev-parse`
 * of everything else. On a warm cache nothing more is read from git, so that a one-file commit costs little more
 * than node and `git diff-index` themselves. A read that fails is run again by the guard itself (`readCommit`),
 * which then reports git's message.
 */
function startReads(cwd: string, userEnv: NodeJS.ProcessEnv, piped?: NodeJS.ReadableStream): GuardReads {
  const call = { cwd, env: gitEnvOf(userEnv) };
  // The staged diff is parsed as it arrives, while git still writes it, from the moment the guard knows which
  // paths it may drop (`dropStaged`): what comes before is only queued, so that a large diff that arrives early
  // (piped in by the shell) is not first parsed into objects that are then dropped.
  const reader = new RawDiffReader();
  let unreadable = false;
  const parse = (chunk: Buffer): void => {
    if (unreadable) return;
    try {
      reader.push(chunk);
    } catch {
      unreadable = true;
    }
  };
  let queued: Buffer[] | null = [];
  const push = (chunk: Buffer): void => {
    if (queued === null) parse(chunk);
    else queued.push(chunk);
  };
  const flush = (): void => {
    const chunks = queued ?? [];
    queued = null;
    for (const chunk of chunks) parse(chunk);
  };
  // Neither read keeps git's messages: a read that failed is run again, and that one reports them.
  const staged = piped === undefined ? spawnGit(stagedDiffArgs('HEAD'), call, push, 'ignore') : readPiped(piped, push);
  const pathspecs = guessPathspecs(cwd);
  return {
    state: spawnGit(headStateArgs(pathspecs), call, undefined, 'ignore').result,
    pathspecs,
    staged: staged.result.then(({ status }) => {
      flush();
      if (status !== 0 || unreadable) return { status, changes: null, count: 0 };
      try {
        return { status, changes: reader.finish(), count: reader.count };
      } catch {
        return { status, changes: null, count: 0 };
      }
    }),
    dropStaged: (drop) => {
      reader.dropPaths(drop);
      flush();
    },
    cancelStaged: staged.cancel,
  };
}

// The reads started ahead live in one slot of the process, not of this module: `bin/lanes.js` starts them from a
// small bundle of its own (dist/guard-start.js), and the guard's bundle, which has its own copy of this module,
// takes them.
const slot = Symbol.for('lanes.guard.prestartedReads');
type Prestarted = { cwd: string; env: NodeJS.ProcessEnv; reads: GuardReads };
const held = globalThis as { [slot]?: Prestarted | undefined };

/**
 * Starts the reads of a pre-commit check before the rest of the guard has loaded (`bin/lanes.js` calls it first
 * thing for a bare `lanes guard`, and with stdin for `--staged-from-stdin`): git then works while node compiles
 * the guard. `startGuardReads` takes them.
 */
export function prestartGuardReads(cwd: string, env: NodeJS.ProcessEnv, piped?: NodeJS.ReadableStream): GuardReads {
  held[slot]?.reads.cancelStaged();
  const reads = startReads(cwd, env, piped);
  held[slot] = { cwd, env, reads };
  return reads;
}

/** The reads of a pre-commit check in `cwd`: those started ahead for the same directory and environment, else new ones. */
export function startGuardReads(cwd: string, env: NodeJS.ProcessEnv): GuardReads {
  const ahead = held[slot];
  held[slot] = undefined;
  if (ahead !== undefined && ahead.cwd === cwd && ahead.env === env) return ahead.reads;
  ahead?.reads.cancelStaged();
  return startReads(cwd, env);
}
