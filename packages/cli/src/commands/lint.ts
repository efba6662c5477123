import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { matchesPattern, parsePattern } from '@lanes/core';
import { findDirectives, formatResults, formatterNames, isDisabled, lanesVersion, lintFiles, type FileResult, type FormatterName } from '@lanes/lint/engine';
import { findPlanFiles, readConfig, readPlanFile, repoRoot } from '@lanes/repo';
import { UsageError, type Io } from '../io.ts';
import { loadLintCode } from './load-lint-code.ts';

interface LintOptions {
  format: string;
  fix?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  maxWarnings?: string;
  git: boolean;
  code?: boolean;
  passOnNoPlans?: boolean;
}

const skipped = new Set(['node_modules', '.git', 'dist', '.turbo', '.lanes']);

/** Every file under `dir`, as paths from `dir` with `/`. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (at: string): void => {
    let entries;
    try {
      entries = readdirSync(join(dir, at), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = at === '' ? entry.name : `${at}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) visit(path);
      } else if (entry.isFile()) out.push(path);
    }
  };
  visit('');
  return out;
}

/** The files the arguments name: files as given, folders' `.md` files, else globs (the ownership pattern language) from the working directory. */
function filesOf(args: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  let everything: string[] | undefined;
  for (const arg of args) {
    const path = resolve(cwd, arg);
    // A named file that is not a regular file (a FIFO, `/dev/zero`) is linted too: its finding says what it is.
    if (existsSync(path) && !statSync(path).isDirectory()) {
      found.add(path);
      continue;
    }
    if (existsSync(path) && statSync(path).isDirectory()) {
      for (const file of walk(path)) if (file.endsWith('.md')) found.add(join(path, file));
      continue;
    }
    const glob = isAbsolute(arg) ? relative(cwd, arg).split(sep).join('/') : arg.replace(/^\.\//, '');
    const pattern = parsePattern(glob);
    if (!pattern.ok) throw new UsageError(`no file ${arg}, and it is not a valid glob: ${pattern.message}`);
    everything ??= walk(cwd);
    const matches = everything.filter((f) => matchesPattern(pattern.pattern, f));
    if (matches.length === 0) throw new UsageError(`no files match ${arg}; check the path or the glob`);
    for (const f of matches) found.add(join(cwd, f));
  }
  return [...found].sort();
}

/** `lanes lint [paths|globs]`: the plan's dispatch rules, checked directly. */
export function registerLint(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('lint')
    .description('Check plans against the dispatch rules: overlaps, fields, patterns, registry, names, prompts')
    .argument('[paths...]', 'plan files, folders or globs (default: the plans the configuration names, and its registry file)')
    .option('--format <name>', `output format: ${formatterNames.join(', ')}`, 'stylish')
    .option('--fix', 'apply the safe fixes and write the files')
    .option('--cache', 'reuse the results of files that did not change (and nothing they depend on)')
    .option('--cache-location <file>', 'the cache file (default: .lanescache at the repository root)')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--no-git', 'do not read the files at `base` from git (the rules that need them are skipped)')
    .option('--code', "also check the code: an import of a file another session of the same batch owns, that the importer neither depends on nor Reads (rule no-cross-lane-import; never cached)")
    .option('--pass-on-no-plans', 'exit 0 when no plan is found (default: exit 2)')
    .addHelpText('after', '\nExit status: 0 clean, 1 errors (or more warnings than --max-warnings), 2 usage or configuration error, or no plan found.')
    .action(async (paths: string[], options: LintOptions) => {
      if (!(formatterNames as readonly string[]).includes(options.format)) {
        throw new UsageError(`unknown format ${options.format}; use one of ${formatterNames.join(', ')}`);
      }
      let maxWarnings = -1;
      if (options.maxWarnings !== undefined) {
        if (!/^\d+$/.test(options.maxWarnings)) throw new UsageError(`--max-warnings ${options.maxWarnings} is not a number; give a count such as 0`);
        maxWarnings = Number(options.maxWarnings);
      }
      let root: string;
      try {
        root = repoRoot(io.cwd);
      } catch {
        root = io.cwd;
      }
      const config = readConfig(root);
      let files: string[];
      if (paths.length > 0) {
        files = filesOf(paths, io.cwd);
      } else {
        files = findPlanFiles(root, config).map((f) => join(root, f));
        if (config.registry !== null && existsSync(join(root, config.registry))) files.push(join(root, config.registry));
        if (files.length === 0) {
          io.stderr(`lanes: no plans found in ${root} (looked for ${config.plans.join(', ')}); write one (\`lanes init\` writes a starter), pass plan paths, set "lanes.plans" in package.json, or pass --pass-on-no-plans\n`);
          exit(options.passOnNoPlans === true ? 0 : 2);
          return;
        }
      }
      const run = await lintFiles(files, {
        root,
        fix: options.fix === true,
        cache: options.cache === true,
        ...(options.cacheLocation === undefined ? {} : { cacheLocation: resolve(io.cwd, options.cacheLocation) }),
        git: options.git,
        registry: config.registry,
        planPatterns: config.plans,
        maxPlanBytes: config.maxPlanBytes,
      });
      if (options.code === true) await addCodeFindings(root, run.results, config.maxPlanBytes);
      const display = (path: string): string => relative(io.cwd, path).split(sep).join('/') || path;
      io.stdout(formatResults(options.format as FormatterName, run.results, display, lanesVersion));
      const errors = run.results.reduce((n, r) => n + r.errorCount, 0);
      const warnings = run.results.reduce((n, r) => n + r.warningCount, 0);
      if (run.crashed) exit(2);
      else if (errors > 0 || (maxWarnings >= 0 && warnings > maxWarnings)) exit(1);
      else exit(0);
    });
}

/**
 * Appends `no-cross-lane-import` findings to each plan's result, placed on the plan (the importing session's
 * `Owns` line), honouring the plan's `eslint-disable` comments. Read after `--fix` wrote the plans.
 */
async function addCodeFindings(root: string, results: FileResult[], maxBytes: number): Promise<void> {
  const lintCode = await loadLintCode();
  for (const result of results) {
    if (result.fatalErrorCount > 0) continue;
    const planPath = relative(root, result.filePath).split(sep).join('/');
    const read = readPlanFile(result.filePath, { maxBytes });
    if (!read.ok) continue;
    const directives = findDirectives(read.text);
    for (const f of await lintCode({ root, planPath })) {
      const message = { ruleId: `lanes/${f.ruleId}`, severity: 2 as const, message: f.message, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn };
      if (isDisabled(directives, message.ruleId, f.line, f.column)) {
        result.suppressedMessages.push(message);
      } else {
        result.messages.push(message);
        result.errorCount += 1;
      }
    }
    result.messages.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}
