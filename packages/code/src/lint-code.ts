import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parsePlan, type Plan, type Severity, type Span } from '@lanes/core';
import { git } from '@lanes/repo';
import { lintFiles, scanFiles, type CheckJob, type FoundRead, type TypeInformation } from './check-files.ts';
import { PlanLanes } from './plan-lanes.ts';

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
   * How specifiers resolve. `'auto'` (the default): with TypeScript's resolver and the compiler options of each
   * file's nearest tsconfig.json (as its program would, without building it), else the fallback resolver. `true`:
   * parsed with type information (a TypeScript program per tsconfig.json; much slower on a large repository).
   * `false`: the fallback resolver only.
   */
  typeInformation?: TypeInformation;
  /** Parse every file, not only those whose imports name a file of another lane (to measure what the scan saves). */
  scan?: boolean;
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

/**
 * Runs `no-cross-lane-import` over the repository's code, through ESLint's `Linter` with the typescript-eslint parser
 * (no ESLint config of the repository is read), and returns its reads as findings on the plan file. Only the files
 * that can read across lanes are parsed: owned by a session that shares its batch with another owning session, and
 * naming (by TypeScript's import scanner) a file that such a session owns.
 */
export async function lintCode(options: LintCodeOptions): Promise<CodeFinding[]> {
  const { root } = options;
  const planPath = (isAbsolute(options.planPath) ? relative(root, options.planPath) : options.planPath).split(sep).join('/');
  const plan = options.plan ?? parsePlan(await readPlan(join(root, planPath), planPath), { path: planPath });
  const lanes = new PlanLanes(plan, planPath);
  const files = (options.files ?? trackedCodeFiles(root)).filter((f) => codeFile.test(f) && lanes.mayReadAcross(f)).sort();
  if (files.length === 0) return [];

  const job: CheckJob = { root, plan, planPath, files, typeInformation: options.typeInformation ?? 'auto' };
  const reads = lintFiles(options.scan === false ? job : { ...job, files: scanFiles(job) });

  const found = new Map<string, { read: FoundRead; imports: number }>();
  for (const read of reads) {
    const key = `${read.reader}\0${read.owner}\0${read.to}`;
    const known = found.get(key);
    if (known === undefined) found.set(key, { read, imports: 1 });
    else known.imports += 1;
  }
  const findings = [...found.values()].map(({ read, imports }) => toFinding(read, imports));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.message, b.message));
}

function toFinding(read: FoundRead, imports: number): CodeFinding {
  const { reader, owner, readerPattern, ownerPattern, from, to } = read;
  const span = readerPattern.span;
  return {
    ruleId: 'no-cross-lane-import',
    severity: 'error',
    message: `${reader} reads ${owner}'s output through \`${from}\` → \`${to}\`: make ${reader} depend on ${owner}, or add \`${to}\` to its Reads`,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    reader,
    owner,
    readerPattern: { text: readerPattern.text, span: readerPattern.span },
    ownerPattern: { text: ownerPattern.text, span: ownerPattern.span },
    target: to,
    source: { file: from, line: read.line, column: read.column, endLine: read.endLine, endColumn: read.endColumn },
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
