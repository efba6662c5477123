import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parsePlan, type Plan, type Severity, type Span } from '@lanes/core';
import { git } from '@lanes/repo';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import type ts from 'typescript';
import { createPrograms } from './create-programs.ts';
import { FallbackResolver } from './fallback-resolver.ts';
import { PlanLanes } from './plan-lanes.ts';
import { createNoCrossLaneImport, type ImportRead } from './rules/no-cross-lane-import.ts';

/** Options of `lintCode`. */
export interface LintCodeOptions {
  /** The repository root, absolute. */
  root: string;
  /** The plan, from the root (or absolute). */
  planPath: string;
  /** The plan already parsed from the file's current text (its positions are used); else the file is read. */
  plan?: Plan;
  /** The files to check, from the root; default: every tracked JavaScript and TypeScript file (`git ls-files`). */
  files?: string[];
  /**
   * Parse with type information, the specifiers then resolved by TypeScript with each file's project options:
   * `true`, `false`, or `'auto'` (the default): when a tsconfig.json covers the files.
   */
  typeInformation?: boolean | 'auto';
}

/** A place in a code file: its path from the root, 1-based lines and columns, end exclusive. */
export interface CodeLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * A cross-lane import as a finding of the plan's own lint result (the shape of @lanes/lint's `Finding`): placed at the
 * importing session's `Owns` line, one per (reader, owner, imported file), with the first import that makes it.
 */
export interface CodeFinding {
  ruleId: 'no-cross-lane-import';
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The session whose file imports, and the session that owns the imported file. */
  reader: string;
  owner: string;
  /** The `Owns` lines that decide both files, as written, with their places in the plan. */
  readerPattern: { text: string; span: Span };
  ownerPattern: { text: string; span: Span };
  /** The imported file, from the root. */
  target: string;
  /** The first import (by path, then place) that reads it. */
  source: CodeLocation;
  /** How many imports make this read (the finding is given once). */
  imports: number;
}

const codeFile = /\.(?:[cm]?[jt]sx?)$/;
const codeGlobs = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const jsFile = /\.(?:[cm]?jsx?)$/;

/**
 * Runs `no-cross-lane-import` over the repository's code, in process through ESLint's `Linter` with the
 * typescript-eslint parser (no ESLint config of the repository is read), and returns its reads as findings on the
 * plan file. Only files that a session owns and that share its batch with another owning session are parsed.
 */
export async function lintCode(options: LintCodeOptions): Promise<CodeFinding[]> {
  const { root } = options;
  const planPath = (isAbsolute(options.planPath) ? relative(root, options.planPath) : options.planPath).split(sep).join('/');
  const plan = options.plan ?? parsePlan(await readPlan(join(root, planPath), planPath), { path: planPath });
  const lanes = new PlanLanes(plan, planPath);
  const files = (options.files ?? trackedCodeFiles(root)).filter((f) => codeFile.test(f) && lanes.mayReadAcross(f)).sort();
  if (files.length === 0) return [];

  const reads: ImportRead[] = [];
  const rule = createNoCrossLaneImport({ root, lanes: [lanes], resolver: new FallbackResolver(), onRead: (read) => reads.push(read) });
  const plugin = { rules: { 'no-cross-lane-import': rule } };
  const linter = new Linter({ cwd: root });
  const configFor = (program: ts.Program | null, jsx: boolean): Linter.Config[] => [
    {
      // A universal pattern (`**/*`) makes no file lintable by itself in ESLint's flat config: name the extensions.
      files: codeGlobs,
      plugins: { lanes: plugin as never },
      languageOptions: {
        parser: tsParser,
        sourceType: 'module',
        parserOptions: program === null ? { ecmaFeatures: { jsx } } : { programs: [program], ecmaFeatures: { jsx } },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: { 'lanes/no-cross-lane-import': 'error' },
    },
  ];
  const untyped = { js: configFor(null, true), ts: configFor(null, false) };
  const typed = new Map<ts.Program, Linter.Config[]>();

  const absolute = files.map((f) => join(root, f));
  const useTypes = options.typeInformation ?? 'auto';
  const programs = useTypes === false ? new Map<string, ts.Program>() : createPrograms(root, absolute);
  if (useTypes === true && programs.size === 0) {
    throw new Error(`lanes: no tsconfig.json covers the code of ${root}; lint it without type information`);
  }

  const found = new Map<string, { read: ImportRead; imports: number }>();
  for (const file of absolute) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue; // tracked, but deleted in the working tree
    }
    const program = programs.get(file) ?? null;
    let config: Linter.Config[];
    if (program === null) config = jsFile.test(file) ? untyped.js : untyped.ts;
    else {
      config = typed.get(program) ?? configFor(program, jsFile.test(file));
      typed.set(program, config);
    }
    reads.length = 0;
    const messages = linter.verify(text, config, file);
    if (reads.length === 0) continue;
    // A read the code disables (`// eslint-disable-next-line lanes/no-cross-lane-import`) has no message left.
    const reported = new Set(messages.filter((m) => m.ruleId === 'lanes/no-cross-lane-import').map((m) => `${m.line}:${m.column}`));
    for (const read of reads) {
      if (!reported.has(`${read.loc.start.line}:${read.loc.start.column + 1}`)) continue;
      const key = `${read.reader.id}\0${read.owner.id}\0${read.to}`;
      const known = found.get(key);
      if (known === undefined) found.set(key, { read, imports: 1 });
      else known.imports += 1;
    }
  }

  const findings = [...found.values()].map(({ read, imports }) => toFinding(read, imports));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.message, b.message));
}

function toFinding(read: ImportRead, imports: number): CodeFinding {
  const { reader, owner, readerPattern, ownerPattern, from, to, loc } = read;
  const span = readerPattern.span;
  return {
    ruleId: 'no-cross-lane-import',
    severity: 'error',
    message: `${reader.id} reads ${owner.id}'s output through \`${from}\` → \`${to}\`: make ${reader.id} depend on ${owner.id}, or add \`${to}\` to its Reads`,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    reader: reader.id,
    owner: owner.id,
    readerPattern: { text: readerPattern.text, span: readerPattern.span },
    ownerPattern: { text: ownerPattern.text, span: ownerPattern.span },
    target: to,
    source: { file: from, line: loc.start.line, column: loc.start.column + 1, endLine: loc.end.line, endColumn: loc.end.column + 1 },
    imports,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readPlan(path: string, planPath: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`lanes: cannot read the plan ${planPath}: ${(error as Error).message}; give the plan's path from the repository root`, { cause: error });
  }
}

/** The tracked files of the repository (`git ls-files -z`: each path verbatim, NUL-terminated, no quoting). */
function trackedCodeFiles(root: string): string[] {
  return git(['ls-files', '-z'], { cwd: root })
    .split('\0')
    .filter((path) => codeFile.test(path));
}
