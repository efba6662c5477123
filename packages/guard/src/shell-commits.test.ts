import { describe, expect, test } from 'vitest';
import { commitSkipsHooks, gitCommandsIn, judgeShellCommits, shellWords } from './shell-commits.ts';

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
    ['git add a && git commit -qm x', [['commit', ['-qm', 'x'], false]]],
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

  test('those that work on another index or repository, or set git\'s hooks themselves', () => {
    expect(gitCommandsIn('GIT_INDEX_FILE=/tmp/i git commit; git -C ../other commit; git --work-tree=.. merge x')).toEqual([
      { subcommand: 'commit', args: [], elsewhere: true },
      { subcommand: 'commit', args: [], elsewhere: true },
      { subcommand: 'merge', args: ['x'], elsewhere: true },
    ]);
    expect(gitCommandsIn('git -c core.hooksPath= commit; env GIT_CONFIG_COUNT=0 git commit; git --config-env=core.hooksPath=H commit')).toEqual([
      { subcommand: 'commit', args: [], hooksSet: true },
      { subcommand: 'commit', args: [], hooksSet: true },
      { subcommand: 'commit', args: [], hooksSet: true },
    ]);
  });

  test.each(['git status', 'git log --grep=commit', 'git diff && echo merged', 'gitk commit', 'ls; cat commit.txt', 'git branch -D x', 'git add a', 'git stash'])('nothing in %s', (text) => {
    expect(gitCommandsIn(text)).toEqual([]);
  });
});

describe('commitSkipsHooks', () => {
  test.each([
    [['-m', 'x'], false],
    [['-m', '-n'], false],
    [['--author', '-n x', '-qam', 'x'], false],
    [['-uno', '--amend'], false],
    [['--no-verify', '-m', 'x'], true],
    [['-qnm', 'x'], true],
    [['-m', 'x', '--no-ver'], true],
  ] as [string[], boolean][])('%j', (args, expected) => {
    expect(commitSkipsHooks(args)).toBe(expected);
  });
});

describe('judgeShellCommits', () => {
  test.each([
    ['git status && git add a', { kind: 'none' }],
    ['git commit -m "S-A: a"', { kind: 'check-staged' }],
    ['git commit --amend --no-edit', { kind: 'check-staged' }],
    ['git add a && git commit -am x work/S-A/b.txt', { kind: 'check-staged' }],
    ['git commit --no-verify -m x', { kind: 'refuse', why: '`git commit` turns off the hooks that check it' }],
    ['git -c core.hooksPath=/dev/null commit -m x', { kind: 'refuse', why: '`git commit` turns off the hooks that check it' }],
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
