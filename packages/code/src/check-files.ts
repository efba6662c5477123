import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PatternRef, Plan } from '@lanes/core';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import ts from 'typescript';
import { createPrograms } from './create-programs.ts';
import { FallbackResolver, type ModuleResolver } from './fallback-resolver.ts';
import { pathFromRoot } from './path-from-root.ts';
import { PlanLanes } from './plan-lanes.ts';
import { createNoCrossLaneImport } from './rules/no-cross-lane-import.ts';
import { chainResolvers, ProjectResolver } from './typescript-resolver.ts';

/** How `lintCode` resolves specifiers: see `LintCodeOptions.typeInformation`. */
export type TypeInformation = boolean | 'auto';

/** Files of one plan to scan or lint. */
export interface CheckJob {
  root: string;
  plan: Plan;
  planPath: string;
  /** Paths from the root. */
  files: string[];
  typeInformation: TypeInformation;
}

/** A read the rule reported (and the code did not disable), as plain data. */
export interface FoundRead {
  reader: string;
  owner: string;
  readerPattern: PatternRef;
  ownerPattern: PatternRef;
  from: string;
  to: string;
  /** The specifier's place: 1-based lines and columns, end exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const jsFile = /\.(?:[cm]?jsx?)$/;
// A universal pattern (`**/*`) makes no file lintable by itself in ESLint's flat config: name the extensions.
const codeGlobs = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

/** The resolver of a job: TypeScript's with each file's tsconfig options (unless `false`), then the fallback. */
function resolverOf(job: CheckJob): ModuleResolver {
  const fallback = new FallbackResolver();
  return job.typeInformation === false ? fallback : chainResolvers(new ProjectResolver(job.root), fallback);
}

/**
 * The files of the job that name a file of another session's lane of their batch: only they can import across
 * lanes. TypeScript's import scanner (`ts.preProcessFile`: tokens only, no syntax tree) lists every specifier a file
 * names in an import, a re-export, `import()`, `import x = require()`, `require()` or an `import()` type, whatever
 * the comments and strings around them; each is resolved both as an import and as a `require`.
 */
export function scanFiles(job: CheckJob): string[] {
  const { root } = job;
  const lanes = new PlanLanes(job.plan, job.planPath);
  const resolver = resolverOf(job);
  return job.files.filter((from) => {
    const file = join(root, from);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return false; // tracked, but deleted in the working tree
    }
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      for (const kind of ['import', 'require'] as const) {
        const target = resolver.resolve(fileName, file, kind);
        const to = target === null ? null : pathFromRoot(root, target);
        if (to !== null && lanes.crossLaneReads(from, to).length > 0) return true;
      }
    }
    return false;
  });
}

/** Runs `no-cross-lane-import` over the job's files through ESLint's `Linter` with the typescript-eslint parser. */
export function lintFiles(job: CheckJob): FoundRead[] {
  const { root } = job;
  const pending: FoundRead[] = [];
  const rule = createNoCrossLaneImport({
    root,
    lanes: [new PlanLanes(job.plan, job.planPath)],
    resolver: resolverOf(job),
    onRead: (read) => {
      const { start, end } = read.loc;
      pending.push({
        reader: read.reader.id,
        owner: read.owner.id,
        readerPattern: read.readerPattern,
        ownerPattern: read.ownerPattern,
        from: read.from,
        to: read.to,
        line: start.line,
        column: start.column + 1,
        endLine: end.line,
        endColumn: end.column + 1,
      });
    },
  });
  const linter = new Linter({ cwd: root });
  // Nothing but the rule runs: no JSDoc is parsed and no globals are declared, which the rule never reads.
  const configFor = (program: ts.Program | null, jsx: boolean): Linter.Config[] => [
    {
      files: codeGlobs,
      plugins: { lanes: { rules: { 'no-cross-lane-import': rule as never } } },
      languageOptions: {
        parser: tsParser,
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx }, jsDocParsingMode: 'none', lib: [], ...(program === null ? {} : { programs: [program] }) },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: { 'lanes/no-cross-lane-import': 'error' },
    },
  ];
  const untyped = { js: configFor(null, true), ts: configFor(null, false) };
  const typed = new Map<ts.Program, Linter.Config[]>();
  const absolute = job.files.map((f) => join(root, f));
  const programs = job.typeInformation === true ? createPrograms(root, absolute) : new Map<string, ts.Program>();

  const found: FoundRead[] = [];
  for (const file of absolute) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const program = programs.get(file) ?? null;
    let config = program === null ? (jsFile.test(file) ? untyped.js : untyped.ts) : typed.get(program);
    if (config === undefined) {
      config = configFor(program, false);
      typed.set(program!, config);
    }
    pending.length = 0;
    const messages = linter.verify(text, config, file);
    if (pending.length === 0) continue;
    // A read the code disables (`// eslint-disable-next-line lanes/no-cross-lane-import`) has no message left.
    const reported = new Set(messages.filter((m) => m.ruleId === 'lanes/no-cross-lane-import').map((m) => `${m.line}:${m.column}`));
    for (const read of pending) if (reported.has(`${read.line}:${read.column}`)) found.push(read);
  }
  return found;
}
