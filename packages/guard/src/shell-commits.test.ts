import { describe, expect, test } from 'vitest';
import { commitBeyondStaged, gitCommandsIn, judgeShellCommits, shellWords } from './shell-commits.ts';

describe('shellWords', () => {
  test('quotes and backslashes resolved; ; & | newline ( ) ` and $( cut commands', () => {
    expect(shellWords(`a 'b c' "d \\"e\\"" f\\ g; h && i | j\nk $(l m) \`n\``)).toEqual([['a', 'b c', 'd "e"', 'f g'], ['h'], ['i'], ['j'], ['k'], ['l', 'm'], ['n']]);
    expect(shellWords('x="a b"c')).toEqual([['x=a bc']]);
  });
});

describe('gitCommandsIn', () => {
  const sub = (text: string): [string, string[] | null, boolean][] => gitCommandsIn(text).map((c) => [c.subcommand, c.args, c.alias === true]);
  test.each([
    ['git commit -m "S-A: a"', [['commit', ['-m', 'S-A: a'], false]]],
    ['git add a && git commit -qm x', [['add', ['a'], false], ['commit', ['-qm', 'x'], false]]],
    ['/usr/bin/git commit', [['commit', [], false]]],
    ['git -c core.hooksPath=/dev/null -C work commit -m x', [['commit', ['-m', 'x'], false]]],
    ['git --git-dir=.git --no-pager commit', [['commit', [], false]]],
    ['GIT_AUTHOR_NAME=x env -i PATH=/bin git commit', [['commit', [], false]]],
    ['timeout 10 git commit', [['commit', [], false]]],
    ['sudo -u bob git merge topic', [['merge', ['topic'], false]]],
    ["sh -c 'git commit -m x'", [['commit', ['-m', 'x'], false]]],
    ['bash -lc "cd work && git cherry-pick abc"', [['cherry-pick', ['abc'], false]]],
    ['eval "git rebase main"', [['rebase', ['main'], false]]],
    ['git update-ref refs/heads/main $(git commit-tree HEAD^{tree} -p HEAD -m x)', [['update-ref', ['refs/heads/main'], false], ['commit-tree', ['HEAD^{tree}', '-p', 'HEAD', '-m', 'x'], false]]],
    ['git -c alias.ci=commit ci -m x', [['ci', ['-m', 'x'], true], ['commit', null, false]]],
    ["python3 -c \"import subprocess; subprocess.run(['git', 'commit', '-m', 'x'])\"", [['commit', null, false]]],
    ['git am < p.patch; git revert HEAD 2>/dev/null; git pull >log', [['am', [], false], ['revert', ['HEAD'], false], ['pull', [], false]]],
  ] as [string, [string, string[] | null, boolean][]][])('%s', (text, expected) => {
    expect(sub(text)).toEqual(expected);
  });

  test('staging commands too, and those that work on another index or repository', () => {
    expect(gitCommandsIn('git add work/a.txt && git commit -m x')).toEqual([{ subcommand: 'add', args: ['work/a.txt'] }, { subcommand: 'commit', args: ['-m', 'x'] }]);
    expect(gitCommandsIn('GIT_INDEX_FILE=/tmp/i git commit; git -C ../other commit; git --work-tree=.. stash')).toEqual([
      { subcommand: 'commit', args: [], elsewhere: true },
      { subcommand: 'commit', args: [], elsewhere: true },
      { subcommand: 'stash', args: [], elsewhere: true },
    ]);
  });

  test.each(['git status', 'git log --grep=commit', 'git diff && echo merged', 'gitk commit', 'ls; cat commit.txt', 'git branch -D x'])('nothing in %s', (text) => {
    expect(gitCommandsIn(text)).toEqual([]);
  });
});

describe('commitBeyondStaged', () => {
  test.each([
    [['-m', 'x'], null],
    [['-qm', 'x', '--author', 'A <a@b>', '--no-verify'], null],
    [['--amend', '--no-edit', '-uno', '-S'], null],
    [['--message=a b', '--'], null],
    [['-am', 'x'], 'it has -a'],
    [['-m', 'x', '--all'], 'it has --all'],
    [['-m', 'x', 'work/S-B/x.txt'], 'it names paths'],
    [['-m', 'x', '--', 'a'], 'it names paths'],
    [['-i', '-m', 'x'], 'it has -i'],
    [['--pathspec-from-file=f'], 'it has --pathspec-from-file'],
    [['-p'], 'it has -p'],
  ] as [string[], string | null][])('%j', (args, expected) => {
    expect(commitBeyondStaged(args)).toBe(expected);
  });
});

describe('judgeShellCommits', () => {
  test.each([
    ['git status && git add a', { kind: 'none' }],
    ['git commit -m "S-A: a"', { kind: 'check-staged' }],
    ['git commit --amend --no-edit', { kind: 'check-staged' }],
    ['git add a && git commit -m x', { kind: 'refuse', why: 'it runs `git add` and commits in one command, and what is staged is checked before the command runs' }],
    ['git commit -am x', { kind: 'refuse', why: '`git commit` commits more than what is staged: it has -a' }],
    ['git commit -m x work/S-B/x.txt', { kind: 'refuse', why: '`git commit` commits more than what is staged: it names paths' }],
    ['git -C ../S-B commit -m x', { kind: 'refuse', why: '`git commit` works on another index or repository here' }],
    ["sh -c 'git merge topic'", { kind: 'refuse', why: '`git merge` makes commits that cannot be checked before it runs' }],
    ['git -c alias.save=commit save', { kind: 'refuse', why: '`git save` runs a git alias set on the command line, so what it does cannot be told' }],
    ["node -e \"require('child_process').execSync('git commit-tree x')\"", { kind: 'refuse', why: '`git commit-tree` makes commits that cannot be checked before it runs' }],
    ["perl -e 'system(qw(git commit -m x))'", { kind: 'check-staged' }],
    ["python3 -c \"import subprocess; subprocess.run(['git', 'commit', '-m', 'x'])\"", { kind: 'refuse', why: 'it runs `git commit` in a way the hook cannot read' }],
  ] as const)('%s', (text, expected) => {
    expect(judgeShellCommits(gitCommandsIn(text))).toEqual(expected);
  });
});
