/**
 * The git commands in a shell command that make commits, for an agent whose shell runs git with its hooks off
 * (gemini 0.61 gives every `run_shell_command` `core.hooksPath=""`). Pure: text in, findings out. It reads the
 * command as an agent looking for a way round would write it: `git -c k=v commit`, `env X=1 git commit`,
 * `sh -c 'git commit'`, `$(git commit-tree …)`, `/usr/bin/git merge`, a `['git', 'commit']` list in a script.
 * What it cannot see (a git reached through a variable, an alias file) still runs with git's hooks on, which the
 * hook turns back on for every gemini shell command (`gitHooksPrefix`), and the runner's audit names the commit.
 */

/** A git command that makes commits: its subcommand, and what is known of its arguments. */
export interface ShellCommit {
  /** `commit`, `commit-tree`, `merge`, … */
  subcommand: string;
  /** The words after the subcommand, quotes removed; null when only a loose scan found it (a script's list, say). */
  args: string[] | null;
  /** Set when a `-c alias.*` option renames a subcommand, so what runs cannot be told. */
  alias?: true;
  /** Set when it works on another index or repository (`-C`, `--git-dir`, `--work-tree`, `GIT_INDEX_FILE=`, `GIT_DIR=`). */
  elsewhere?: true;
  /** Set when it sets git's hooks itself (`-c core.hooksPath=…`, `GIT_CONFIG_*=`, `--config-env`). */
  hooksSet?: true;
}

/** The git subcommands that write commits or move a branch to one. */
export const committingSubcommands: readonly string[] = [
  'commit', 'commit-tree', 'merge', 'am', 'cherry-pick', 'rebase', 'revert', 'pull', 'update-ref', 'fast-import', 'filter-branch', 'replace',
];

// git's global options that take the next word as their value when not written `--opt=value`.
const globalWithValue = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path']);
// Words that run the command after them: `env -i X=1 git …`, `sudo -u x git …`, `xargs -0 git …`, `nohup git …`.
const wrappers = new Set(['env', 'command', 'exec', 'sudo', 'nohup', 'time', 'nice', 'xargs', 'doas', 'timeout', 'stdbuf', 'builtin', 'then', 'do', 'else', '!', '{']);

/**
 * Splits a shell command into simple commands, each a list of words with quotes and backslashes resolved. A
 * separator is an unquoted `;`, `&`, `|`, newline, `(`, `)` or backtick (so `$(…)` and `` `…` `` are commands
 * of their own). Redirections (`> file`, `2> err`, `< in`) are dropped. A heredoc's body is read as commands
 * too: harmless, since it only adds findings.
 */
export function shellWords(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  // The word after `<` or `>` is where a redirection goes, not an argument: it is dropped.
  let redirect = false;
  const end = (): void => {
    if (word !== null) {
      if (redirect) redirect = false;
      else words.push(word);
    }
    word = null;
  };
  const cut = (): void => {
    end();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close === -1 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, stop);
      i = stop;
    } else if (ch === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        part += text[j]!;
        j++;
      }
      word = (word ?? '') + part;
      i = j;
    } else if (ch === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') word = (word ?? '') + text[i + 1]!;
      i++;
    } else if (ch === '<' || ch === '>') {
      if (word !== null && /^\d+$/.test(word)) word = null; // the fd of `2>`
      end();
      redirect = true;
    } else if (';&|\n()`'.includes(ch)) {
      cut();
      redirect = false;
    } else if (ch === '$' && text[i + 1] === '(') {
      cut();
      i++;
    } else if (/\s/.test(ch)) {
      end();
    } else {
      word = (word ?? '') + ch;
    }
  }
  cut();
  return commands;
}

const baseName = (w: string): string => w.slice(w.lastIndexOf('/') + 1);

/** The git call in one simple command's words, from its first word (after assignments and wrappers). */
function gitCall(words: string[]): ShellCommit | null {
  let i = 0;
  let elsewhere = false;
  let hooksSet = false;
  const assignment = (w: string): void => {
    if (/^GIT_(INDEX_FILE|DIR|WORK_TREE|COMMON_DIR|OBJECT_DIRECTORY)=/.test(w)) elsewhere = true;
    if (/^GIT_CONFIG_/.test(w)) hooksSet = true;
  };
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) assignment(words[i++]!);
  // After a wrapper its own options and values come (`timeout 10`, `sudo -u x`): git is the first word named git.
  if (i < words.length && wrappers.has(baseName(words[i]!))) {
    const from = i;
    i = words.findIndex((w, k) => k > from && baseName(w) === 'git');
    words.slice(from, i < 0 ? words.length : i).forEach(assignment);
  }
  if (i < 0 || i >= words.length || baseName(words[i]!) !== 'git') return null;
  let alias = false;
  i++;
  while (i < words.length && words[i]!.startsWith('-')) {
    const opt = words[i]!;
    const value = globalWithValue.has(opt) ? words[i + 1] ?? '' : opt.startsWith('-c') && opt.length > 2 ? opt.slice(2) : opt.startsWith('--config-env=') ? opt : '';
    if (/^alias\./i.test(value) || /^--config-env=alias\./i.test(value)) alias = true;
    if (/^(--config-env=)?core\.hookspath/i.test(value) || opt === '--config-env') hooksSet = true;
    if (/^(-C|--git-dir|--work-tree)(=|$)/.test(opt)) elsewhere = true;
    i += globalWithValue.has(opt) ? 2 : 1;
  }
  const sub = words[i];
  if (sub === undefined || (!alias && !committingSubcommands.includes(sub))) return null;
  return {
    subcommand: sub,
    args: words.slice(i + 1),
    ...(alias ? { alias: true as const } : {}),
    ...(elsewhere ? { elsewhere: true as const } : {}),
    ...(hooksSet ? { hooksSet: true as const } : {}),
  };
}

/**
 * The git commands in `text` that make commits (`committingSubcommands`), or may (an alias). Each simple command is read from its first word; any word with
 * shell inside it (`sh -c '…'`, `bash -lc "…"`, `eval "…"`) is read again as a command. Then a loose scan of
 * the whole text, words split at anything but letters, digits and `._/-`, finds `git <subcommand>` written any
 * other way (`subprocess.run(['git', 'commit'])`): those have `args: null`.
 */
export function gitCommandsIn(text: string, depth = 0): ShellCommit[] {
  const found: ShellCommit[] = [];
  for (const words of shellWords(text)) {
    const call = gitCall(words);
    if (call !== null) found.push(call);
    if (depth < 4) for (const w of words) if (/[\s;&|`$()]/.test(w)) found.push(...gitCommandsIn(w, depth + 1));
  }
  if (depth > 0) return found;
  for (const segment of text.split(/[;&|\n]/)) {
    const loose = segment.split(/[^A-Za-z0-9._/-]+/).filter((w) => w !== '');
    for (let i = 0; i < loose.length; i++) {
      if (baseName(loose[i]!) !== 'git') continue;
      let j = i + 1;
      while (j < loose.length && loose[j]!.startsWith('-')) j += globalWithValue.has(loose[j]!) ? 2 : 1;
      const sub = loose[j];
      if (sub !== undefined && committingSubcommands.includes(sub) && !found.some((f) => f.subcommand === sub)) found.push({ subcommand: sub, args: null });
    }
  }
  return found;
}

// `git commit` options whose value is the next word when not attached (`-m msg`, `--author x`).
const commitShortWithValue = new Set(['m', 'F', 'C', 'c', 't']);
const commitLongWithValue = new Set(['--message', '--file', '--reuse-message', '--reedit-message', '--template', '--author', '--date', '--fixup', '--squash', '--cleanup', '--trailer']);

/** True when a `git commit`'s arguments skip its pre-commit hook (`--no-verify`, `-n`, `-qn`), the guard's. */
export function commitSkipsHooks(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return false;
    if (a.startsWith('--')) {
      if (a === '--no-verify' || a === '--no-ve' || a === '--no-ver' || a === '--no-veri' || a === '--no-verif') return true;
      if (commitLongWithValue.has(a)) i++;
      continue;
    }
    if (!a.startsWith('-') || a.length === 1) continue;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (c === 'n') return true;
      if (c === 'u' || c === 'S') break; // their value, if any, is attached: `-uno`, `-Skey`
      if (commitShortWithValue.has(c)) {
        if (k === a.length - 1) i++;
        break;
      }
    }
  }
  return false;
}

/** What the hook does with a shell command's git calls: nothing (it commits nothing), refuse it, or run the staged check. */
export type ShellCommitVerdict = { kind: 'none' } | { kind: 'refuse'; why: string } | { kind: 'check-staged' };

/** True when one of `commands` makes commits (or is an alias, which may). */
export const makesCommits = (commands: readonly ShellCommit[]): boolean => commands.some((c) => c.alias === true || committingSubcommands.includes(c.subcommand));

/**
 * Whether a shell command's commits may run: a `git commit` in this worktree that leaves git's hooks as they are
 * (the hook turns them back on for the command: `gitHooksPrefix`) gets the staged check first; anything else that
 * commits is refused, with why: a merge, a rebase, `commit-tree`…, an alias, `--no-verify`, hooks set by hand.
 */
export function judgeShellCommits(commands: readonly ShellCommit[]): ShellCommitVerdict {
  if (!makesCommits(commands)) return { kind: 'none' };
  for (const c of commands) {
    if (c.alias === true) return { kind: 'refuse', why: `\`git ${c.subcommand}\` runs a git alias set on the command line, so what it does cannot be told` };
    if (!committingSubcommands.includes(c.subcommand)) continue;
    if (c.args === null) return { kind: 'refuse', why: `it runs \`git ${c.subcommand}\` in a way the hook cannot read` };
    if (c.subcommand !== 'commit') return { kind: 'refuse', why: `\`git ${c.subcommand}\` makes commits that cannot be checked before it runs` };
    if (c.elsewhere === true) return { kind: 'refuse', why: '`git commit` works on another index or repository here' };
    if (c.hooksSet === true || commitSkipsHooks(c.args)) return { kind: 'refuse', why: '`git commit` turns off the hooks that check it' };
  }
  return { kind: 'check-staged' };
}
