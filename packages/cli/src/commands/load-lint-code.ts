import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { lintCode } from '@lanes/code';
import { UsageError } from '../io.ts';

/** What `lanes lint --code` needs in the repository; `lanes` itself brings none of it (it stays lean). */
const install = 'npm i -D typescript@6 eslint @typescript-eslint/parser @typescript-eslint/utils';

/** The TypeScript that @lanes/code loads (its optional peer: in an installed copy, the repository's), or null when there is none. */
function peerTypeScript(): { version: string; major: number } | null {
  try {
    const file = createRequire(import.meta.resolve('@lanes/code')).resolve('typescript/package.json');
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    return { version, major: Number.parseInt(version, 10) };
  } catch {
    return null;
  }
}

/**
 * Loads `lintCode` for `lanes lint --code`: only then, with the TypeScript, ESLint and typescript-eslint of the
 * repository (optional peer dependencies of @lanes/code). Throws a `UsageError` that says what to install when
 * one is missing, or when the repository's TypeScript has no compiler API that typescript-eslint reads (7 and later).
 */
export async function loadLintCode(): Promise<typeof lintCode> {
  const ts = peerTypeScript();
  if (ts === null) throw new UsageError(`--code needs TypeScript, ESLint and typescript-eslint in this repository, and found no typescript; install them: ${install}`);
  if (!(ts.major >= 5 && ts.major <= 6)) {
    throw new UsageError(`--code needs TypeScript 5 or 6 (typescript-eslint reads its compiler API), and this repository has typescript ${ts.version}; install them: ${install}`);
  }
  try {
    return (await import('@lanes/code')).lintCode;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND') throw new Error('cannot load @lanes/code for --code', { cause: error });
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec((error as Error).message)?.[1] ?? 'a package';
    throw new UsageError(`--code needs TypeScript, ESLint and typescript-eslint in this repository, and ${missing} is missing; install them: ${install}`);
  }
}
