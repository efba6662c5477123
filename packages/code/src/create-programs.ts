import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { readTsconfig } from './typescript-resolver.ts';

/**
 * A TypeScript program for each tsconfig.json that is the nearest one of some of `files` (absolute), as an editor
 * picks a file's project; returned by file, for the files their program holds. Programs share parsed files.
 * Nothing is type-checked: typescript-eslint reads each file's syntax tree from its program, and the rule reads
 * the program's compiler options.
 */
export function createPrograms(root: string, files: readonly string[]): Map<string, ts.Program> {
  const nearest = new Map<string, string | null>();
  const configOf = (dir: string): string | null => {
    const known = nearest.get(dir);
    if (known !== undefined) return known;
    let found: string | null;
    if (existsSync(join(dir, 'tsconfig.json'))) found = join(dir, 'tsconfig.json');
    else {
      const parent = dirname(dir);
      found = dir === root || parent === dir ? null : configOf(parent);
    }
    nearest.set(dir, found);
    return found;
  };
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const config = configOf(dirname(file));
    if (config === null) continue;
    const group = groups.get(config);
    if (group === undefined) groups.set(config, [file]);
    else group.push(file);
  }

  const parsedFiles = new Map<string, ts.SourceFile>();
  const programs = new Map<string, ts.Program>();
  for (const [configPath, group] of groups) {
    const parsed = readTsconfig(configPath);
    if (parsed === null) continue;
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
    const host = ts.createCompilerHost(options, true);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseNone;
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
      const settings =
        typeof languageVersionOrOptions === 'object'
          ? `${languageVersionOrOptions.languageVersion}:${languageVersionOrOptions.impliedNodeFormat ?? ''}`
          : `${languageVersionOrOptions}`;
      const key = `${fileName}\0${settings}`;
      let sourceFile = parsedFiles.get(key);
      if (sourceFile === undefined) {
        sourceFile = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
        if (sourceFile !== undefined) parsedFiles.set(key, sourceFile);
      }
      return sourceFile;
    };
    const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
    for (const file of group) if (program.getSourceFile(file) !== undefined) programs.set(file, program);
  }
  return programs;
}
