import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pattern } from './fixtures/pattern-helpers.ts';
import { matchesPattern } from './matches-pattern.ts';

// Our patterns against git's own `:(glob)` pathspecs, on a real index. The two agree once a pattern is
// translated to what it means here (contract decision 4):
//   `a/b/` (trailing `/`)            → `:(glob)a/b/**`            (git: everything inside, not `a/b` itself)
//   `a/b`, `a/**`, `docs/*`, `*.ts`  → `:(glob)<pattern>`         (git matches a wildcard-free pathspec as a
//                                                                  path or a leading directory, and a pathspec
//                                                                  with wildcards against whole paths only)
//   `a/*/b`, `**/b` (wildcards, but a literal last segment)
//                                    → `:(glob)<pattern>` and `:(glob)<pattern>/**`  (here the path and
//                                                                  everything under it, as in CODEOWNERS)
// One form differs and is not translated: git's wildmatch compares bytes, so its `?` is one byte of UTF-8,
// where ours is one character; see the last test.

const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
const asciiDirectories = [
  'src', 'src/lib', 'src/lib/deep', 'docs', 'docs/guide', 'docs/sub/deep', 'a/b', 'a/x/b', 'a/x/y/b', 'a/x/b/c',
  'services/pay/migrations', 'services/ship/migrations', 'services/migrations', '.github/workflows', 'b', 'x/b',
];
const unicodeDirectories = ['src/app', 'my dir', 'my dir/inner space', 'données', 'données/日本'];
const asciiFiles = ['index.ts', 'a.ts', 'ab.ts', 'README.md', 'notes.md', 'a b.md', 'b', 'c.test.ts', '.env', 'data.json', 'migrations'];
const unicodeFiles = ['é.ts', 'ü.md', '日本.txt', 'naïve file.md'];
const rootFiles = ['README.md', 'package.json', 'a.ts', '.env', 'tsconfig.json'];

let repo = '';
let tracked: string[] = [];

function lsFiles(pathspecs: readonly string[]): string[] {
  // `git ls-files -z` prints "path\0" per tracked path, unquoted, in index order.
  const out = execFileSync('git', ['ls-files', '-z', '--', ...pathspecs], { cwd: repo, env: gitEnv, encoding: 'utf8' });
  return out.split('\0').filter((path) => path !== '').sort();
}

function toPathspecs(source: string): string[] {
  const body = source.startsWith('/') ? source.slice(1) : source;
  if (body.endsWith('/')) return [`:(glob)${body}**`];
  const segments = body.split('/');
  const last = segments.at(-1) ?? '';
  const wild = (segment: string): boolean => segment.includes('*') || segment.includes('?');
  if (!wild(last) && segments.some(wild)) return [`:(glob)${body}`, `:(glob)${body}/**`];
  return [`:(glob)${body}`];
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'lanes-patterns-'));
  execFileSync('git', ['init', '-q'], { cwd: repo, env: gitEnv });
  const files = [
    ...rootFiles,
    ...asciiDirectories.flatMap((directory) => asciiFiles.map((file) => `${directory}/${file}`)),
    ...unicodeDirectories.flatMap((directory) => [...asciiFiles, ...unicodeFiles].map((file) => `${directory}/${file}`)),
  ];
  for (const file of files) {
    mkdirSync(join(repo, file, '..'), { recursive: true });
    writeFileSync(join(repo, file), `${file}\n`);
  }
  execFileSync('git', ['add', '-A'], { cwd: repo, env: gitEnv });
  tracked = lsFiles([]);
});

afterAll(() => {
  if (repo !== '') rmSync(repo, { recursive: true, force: true });
});

describe('matchesPattern agrees with git ls-files pathspecs on a real tree', () => {
  it('indexes a tree of a few hundred paths, spaces and non-ASCII names included', () => {
    expect(tracked.length).toBeGreaterThan(250);
    expect(tracked).toContain('données/日本/naïve file.md');
    expect(tracked).toContain('my dir/inner space/a b.md');
  });

  it.each([
    'src', 'src/', '/src/lib', 'src/lib/**', 'src/lib/deep/', 'docs/*', 'docs/*.md', 'docs/guide/*', '**/*.md',
    '**/b', 'a/**/b', 'a/*/b', 'a/**/b/c', 'a/x/b', 'services/*/migrations', 'services/*/migrations/', '**/migrations',
    '*', '*.ts', '*.json', '**', '**/', 'my dir/', 'my dir/a b.md', 'my dir/*/a b.md', 'my dir/**/*.md', 'données/**',
    'données/日本/*.txt', 'données/日本', '**/.env', '.github/', '.github/workflows/*', 'src/*/deep/', 'src/lib/?.ts',
    'src/lib/??.ts', 'src/lib/a*', '**/*.test.ts', 'x/b/', 'b', 'b/', 'nothing/here', 'docs/sub', 'docs/sub/*',
    '**/deep/*', '**/deep', 'a/x/**/b/**', 'README.md', '**/README.md', '*/*/a.ts', '**/inner space/*',
  ])('%s', (source) => {
    const ours = tracked.filter((path) => matchesPattern(pattern(source), path));
    expect(ours).toEqual(lsFiles(toPathspecs(source)));
  });

  it('differs on `?` against a non-ASCII character, which git counts in bytes', () => {
    expect(tracked.filter((path) => matchesPattern(pattern('src/app/?.ts'), path))).toEqual(['src/app/a.ts', 'src/app/é.ts']);
    expect(lsFiles([':(glob)src/app/?.ts'])).toEqual(['src/app/a.ts']);
    expect(lsFiles([':(glob)src/app/??.ts'])).toEqual(['src/app/ab.ts', 'src/app/é.ts']);
  });
});
