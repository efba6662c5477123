import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { gitText, runGitBytes } from './run-git.ts';

/** The hooks the guard needs in every worktree (contract decision 15). */
export const requiredHooks = ['pre-commit', 'prepare-commit-msg'] as const;

/** Hooks the guard also uses: merges (`pre-merge-commit`) and the empty-message check (`commit-msg`). */
export const optionalHooks = ['pre-merge-commit', 'commit-msg'] as const;

/** The line that marks a hook file this package wrote. */
export const hookMarker = '# lanes: guard hook';

/** How one hook stands in a worktree. */
export interface HookStatus {
  hook: string;
  /** The file git runs. */
  file: string;
  /** The script that file runs (husky's `.husky/<hook>`), or the file itself. */
  script: string;
  /** Git would run it: the file exists and is executable (husky: its runtime is there too). */
  present: boolean;
  /** The script calls `lanes guard` (not in a comment). */
  runsGuard: boolean;
  /** The `lanes` it calls can be found from the worktree (`findsLanes`); false when it does not run the guard. */
  findsLanes: boolean;
  /** It mentions `lanes guard` only in a comment. */
  commentOnly: boolean;
}

/** Where a worktree's hooks are and how each stands. */
export interface HookLayout {
  top: string;
  /** The folder git runs hooks from, absolute. */
  hooksDir: string;
  /** `core.hooksPath` as configured, or null. */
  hooksPath: string | null;
  /** Husky's layout: `core.hooksPath` is `<dir>/_` and the scripts are in `<dir>`. */
  husky: boolean;
  hooks: HookStatus[];
}

function isExecutable(file: string): boolean {
  try {
    const s = statSync(file);
    return s.isFile() && (s.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const runsGuardPattern = /\blanes(?:\.js)?["']?\s+guard\b/;

/** A shell script without its comments: whole `#` lines and a `#` that starts a word, to the end of the line. */
export function activeShell(script: string): string {
  return script
    .split('\n')
    .map((line) => (/^\s*#/.test(line) ? '' : line.replace(/(^|\s)#.*$/, '')))
    .join('\n');
}

/** Whether a script runs `lanes guard` on a line that is not a comment. */
export function runsGuard(script: string): boolean {
  return runsGuardPattern.test(activeShell(script));
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(':').some((dir) => dir !== '' && isExecutable(join(dir, name)));
}

/**
 * Whether a hook script that runs the guard can find it when git runs it in `top`: a path it names exists
 * (from `top`), or a bare `lanes` (also `npx lanes`, `pnpm exec lanes`) is in `top`'s `node_modules/.bin`
 * (husky puts that on `PATH`) or on `PATH`; the main checkout's, for a script that looks there. A path
 * built from a variable it cannot follow counts as found.
 */
export function findsLanes(script: string, top: string, commonDir: string, env: NodeJS.ProcessEnv): boolean {
  const active = activeShell(script);
  for (const match of active.matchAll(/(?:^|[\s;&|(`"'=])((?:[^\s;&|()`"'=]*\/)?lanes(?:\.js)?)(?=["']?(?:\s|$))/g)) {
    const command = match[1]!;
    if (command.includes('$')) {
      if (/\$main\b|\$\{main\}/.test(command)) {
        if (isExecutable(join(commonDir, '..', 'node_modules/.bin/lanes'))) return true;
        continue;
      }
      return true;
    }
    if (command.includes('/')) {
      if (existsSync(resolve(top, command))) return true;
      continue;
    }
    if (command === 'lanes' && (isExecutable(join(top, 'node_modules/.bin/lanes')) || onPath('lanes', env))) return true;
  }
  return false;
}

/**
 * What a caller may already know of a worktree, so that no git runs: its top folder, the git common dir and
 * `core.hooksPath` (null when unset). Only safe for a worktree the caller has just made with `git worktree add`
 * (it has no config of its own yet, so it shares the repository's).
 */
export interface KnownHookPlace {
  top: string;
  commonDir: string;
  hooksPath: string | null;
}

/** Reads where a worktree's hooks are and whether each runs the guard. */
export function inspectHooks(worktreeDir: string, env: NodeJS.ProcessEnv = process.env, known?: KnownHookPlace): HookLayout {
  let top: string;
  let hooksDir: string;
  let hooksPath: string | null;
  let commonDir: string;
  if (known !== undefined) {
    // As git resolves it: a relative core.hooksPath from the worktree's top, else the common dir's hooks.
    ({ top, hooksPath, commonDir } = known);
    hooksDir = hooksPath === null ? join(known.commonDir, 'hooks') : resolve(top, hooksPath);
  } else {
    // One rev-parse gives the folders (`--git-path hooks` already follows core.hooksPath); the raw setting is
    // read apart, for messages and to tell husky's layout.
    [top = '', hooksDir = '', commonDir = ''] = gitText(['rev-parse', '--show-toplevel', '--path-format=absolute', '--git-path', 'hooks', '--git-common-dir'], {
      cwd: worktreeDir,
      env,
    }).split('\n');
    const configured = runGitBytes(['config', 'core.hooksPath'], { cwd: worktreeDir, env });
    hooksPath = configured.status === 0 ? configured.stdout.toString('utf8').trim() : null;
  }
  const husky = hooksPath !== null && basename(hooksPath) === '_';
  const hooks = [...requiredHooks, ...optionalHooks].map((hook): HookStatus => {
    const file = join(hooksDir, hook);
    const script = husky ? join(dirname(hooksDir), hook) : file;
    const present = isExecutable(file) && (!husky || existsSync(join(hooksDir, 'h')));
    const text = readOrNull(script);
    const guard = text !== null && runsGuard(text);
    return {
      hook,
      file,
      script,
      present,
      runsGuard: guard,
      findsLanes: guard && findsLanes(text, top, commonDir, env),
      commentOnly: !guard && text !== null && runsGuardPattern.test(text),
    };
  });
  return { top, hooksDir, hooksPath, husky, hooks };
}

/** Hooks that cannot be made active without a change only a person can make; the message says which. */
export class HookInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookInstallError';
  }
}

/** The shell function that finds `lanes`: the given command, the worktree's, the main checkout's, PATH, pnpm. */
function lanesFunction(command: string | undefined): string {
  const first = command === undefined ? '' : `  ${command} "$@"; return $?\n`;
  return `lanes() {
${first}  if [ -x ./node_modules/.bin/lanes ]; then
    # the package's bin with node straight away: pnpm's .bin/lanes is a shell script that forks four times
    if [ -f ./node_modules/lanes/bin/lanes.js ] && command -v node >/dev/null; then node ./node_modules/lanes/bin/lanes.js "$@"; return $?; fi
    ./node_modules/.bin/lanes "$@"; return $?
  fi
  main="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/.."
  if [ -x "$main/node_modules/.bin/lanes" ]; then "$main/node_modules/.bin/lanes" "$@"; return $?; fi
  if command -v lanes >/dev/null 2>&1; then command lanes "$@"; return $?; fi
  echo "lanes guard: cannot find lanes (node_modules/.bin/lanes); install it, then commit again" >&2
  return 2
}
`;
}

/** The text of a hook this package writes; it runs a hook it replaced (`<hook>.lanes-chained`) afterwards. */
export function hookScript(hook: string, command?: string): string {
  const call: Record<string, string> = {
    'pre-commit': 'lanes guard || exit $?',
    'pre-merge-commit': 'lanes guard || exit $?',
    'prepare-commit-msg': 'lanes guard --prepare-commit-msg "$@" || exit $?',
    'commit-msg': emptyMessageCheck,
  };
  return `#!/bin/sh
${hookMarker} (see docs/guard.md); written by \`lanes doctor --fix\`.
${hook === 'commit-msg' ? '' : lanesFunction(command)}${call[hook] ?? 'true'}
chained="$(dirname "$0")/${hook}.lanes-chained"
if [ -x "$chained" ]; then exec "$chained" "$@"; fi
exit 0
`;
}

/**
 * The `commit-msg` check that keeps git's "empty message aborts the commit": the trailers that
 * `prepare-commit-msg` adds do not count as a message. Comment lines and a `commit -v` diff do not either.
 */
export const emptyMessageCheck = `if ! sed -e '/^# -* >8 -*$/,$d' -e '/^#/d' -e '/^Lanes-Session:/d' -e '/^Lanes-Stamp:/d' -e '/^Lanes-Override:/d' "$1" | grep -q '[^[:space:]]'; then
  echo "Aborting commit due to empty commit message." >&2
  exit 1
fi`;

// husky 9's runtime (`.husky/_/h`), for a worktree where husky has not run: the same behaviour (HUSKY=0
// skips, node_modules/.bin on PATH, the script run with `sh -e`).
const huskyRuntime = `#!/usr/bin/env sh
[ "$HUSKY" = "2" ] && set -x
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n
[ ! -f "$s" ] && exit 0
i="\${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
[ -f "$i" ] && . "$i"
[ "\${HUSKY-}" = "0" ] && exit 0
export PATH="node_modules/.bin:$PATH"
sh -e "$s" "$@"
c=$?
[ $c != 0 ] && echo "husky - $n script failed (code $c)"
[ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
exit $c
`;

const huskyHooks = [
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-rebase',
  'post-rewrite',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
];

/** The husky runtime folder of the main checkout, when it has one (a linked worktree copies it). */
function mainHuskyRuntime(top: string, hooksPath: string, env: NodeJS.ProcessEnv): string | null {
  const list = gitText(['worktree', 'list', '--porcelain'], { cwd: top, env });
  const main = /^worktree (.+)$/m.exec(list)?.[1];
  if (main === undefined) return null;
  const dir = resolve(main, hooksPath);
  return existsSync(join(dir, 'h')) ? dir : null;
}

function installHuskyRuntime(layout: HookLayout, env: NodeJS.ProcessEnv): string[] {
  const dir = layout.hooksDir;
  mkdirSync(dir, { recursive: true });
  const from = layout.hooksPath === null ? null : mainHuskyRuntime(layout.top, layout.hooksPath, env);
  const written: string[] = [];
  if (from !== null && from !== dir) {
    for (const name of readdirSync(from)) {
      copyFileSync(join(from, name), join(dir, name));
      written.push(name);
    }
  } else {
    writeFileSync(join(dir, 'h'), huskyRuntime);
    writeFileSync(join(dir, '.gitignore'), '*');
    for (const hook of huskyHooks) {
      writeFileSync(join(dir, hook), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"', { mode: 0o755 });
      written.push(hook);
    }
  }
  for (const hook of huskyHooks) if (existsSync(join(dir, hook))) chmodSync(join(dir, hook), 0o755);
  return written.filter((name) => ([...requiredHooks, ...optionalHooks] as readonly string[]).includes(name));
}

/** Options of `ensureHooks`. */
export interface EnsureHooksOptions {
  env?: NodeJS.ProcessEnv;
  /** The command the written hooks run as `lanes` (such as `node /abs/lanes.js`); default: found at run time. */
  command?: string;
  /** What the caller knows of a worktree it has just made (no git runs then). */
  known?: KnownHookPlace;
}

/**
 * Makes the guard's hooks active in a worktree (contract decision 15): installs what is missing, chains to a
 * hook it did not write (renamed `<hook>.lanes-chained` and run after the guard), or throws
 * `HookInstallError` with the fix when only a person can make it (a husky script without `lanes guard`).
 * Returns the hooks it wrote and the layout it found.
 */
export function ensureHooks(worktreeDir: string, options: EnsureHooksOptions = {}): { installed: string[]; layout: HookLayout } {
  const env = options.env ?? process.env;
  const layout = inspectHooks(worktreeDir, env, options.known);
  if (layout.husky) {
    for (const status of layout.hooks) {
      const required = (requiredHooks as readonly string[]).includes(status.hook);
      if (!existsSync(status.script)) {
        if (required) {
          throw new HookInstallError(
            `${status.script} does not exist, so husky runs no guard on ${status.hook}; add it with \`lanes guard${status.hook === 'prepare-commit-msg' ? ' --prepare-commit-msg "$@"' : ''}\` and commit it (see docs/guard.md)`,
          );
        }
        continue;
      }
      if (required && !status.runsGuard) {
        throw new HookInstallError(`${status.script} does not run \`lanes guard\`; add that line to it and commit it (see docs/guard.md)`);
      }
    }
    const missing = layout.hooks.some((h) => existsSync(h.script) && !h.present);
    return { installed: missing ? installHuskyRuntime(layout, env) : [], layout };
  }
  if (layout.hooksPath !== null && !isAbsolute(layout.hooksPath) && layout.hooks.some((h) => !h.runsGuard && (requiredHooks as readonly string[]).includes(h.hook))) {
    throw new HookInstallError(
      `core.hooksPath is ${layout.hooksPath}, a folder of the working tree; add \`lanes guard\` to its pre-commit and \`lanes guard --prepare-commit-msg "$@"\` to its prepare-commit-msg, and commit them (see docs/guard.md)`,
    );
  }
  mkdirSync(layout.hooksDir, { recursive: true });
  const installed: string[] = [];
  for (const status of layout.hooks) {
    const text = hookScript(status.hook, options.command);
    const current = readOrNull(status.file);
    if (current === text && status.present) continue;
    if (current !== null && !current.includes(hookMarker)) {
      if (status.runsGuard && status.present) continue; // a hook of the user's own that already runs the guard
      const chained = `${status.file}.lanes-chained`;
      if (existsSync(chained)) {
        throw new HookInstallError(`${status.file} replaced the guard's hook, and ${chained} is still there; merge the two by hand, keeping \`lanes guard\``);
      }
      renameSync(status.file, chained); // run afterwards only if it was executable, as git would have
    }
    writeFileSync(status.file, text, { mode: 0o755 });
    chmodSync(status.file, 0o755);
    installed.push(status.hook);
  }
  return { installed, layout };
}
