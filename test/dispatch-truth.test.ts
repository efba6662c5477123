import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDispatchRepo, planPath, planText, readState, registryRows, startLanes } from './helpers/dispatch.ts';
import { git, lanes, removedAfterEach, tempDir, testEnv } from './helpers/repo.ts';

// The runner's verdicts when sessions misbehave: each case is what a real agent was seen to do, scripted with the
// `shell` agent (its `Run` block) so that no model is needed.
const removeLater = removedAfterEach();
const repo = (plan: string, files: Record<string, string> = {}): string => removeLater(makeDispatchRepo(plan, files));
const env = (): NodeJS.ProcessEnv => testEnv({ CI: '1' });
const after = (subject: string): string => `until git log --format=%s | grep -qx '${subject}'; do sleep 0.1; done\n`;
const statuses = (dir: string): [string, string, string | null][] => Object.entries(readState(dir).sessions).map(([id, s]) => [id, s.status, s.reason]);

describe('lanes dispatch: a session is Done only when it is', () => {
  it('fails a session whose commit the guard blocked though it exited 0, and starts no later shared session on its leftovers', () => {
    // The reproduction: S-A writes outside its lane and ends in `git add -A && git commit … || true`; S-B
    // (batch 2, not depending on S-A) does the same inside its own lane. With --keep-going.
    const plan = planText(
      [
        { id: 'S-A', batch: 1, run: 'mkdir -p work/S-A work/S-B && echo a > work/S-A/a.txt && echo stray > work/S-B/y.txt\ngit add -A && git commit -q -m "S-A work" || true' },
        { id: 'S-B', batch: 2, run: 'mkdir -p work/S-B && echo b > work/S-B/b.txt\ngit add -A && git commit -q -m "S-B work" || true' },
      ],
      { agent: 'shell' },
    );
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes', '--keep-going'], { env: env() });
    expect(r.status).toBe(1);
    expect(statuses(dir)).toEqual([
      ['S-A', 'Failed', 'the guard blocked a commit: work/S-B/y.txt (owned by S-B); left uncommitted changes: work/S-A/a.txt and 1 more'],
      ['S-B', 'Blocked', 'the working tree holds uncommitted changes of S-A: work/S-A/a.txt and 1 more'],
    ]);
    // Nothing was deleted, and the exact command that puts it aside was printed.
    expect(git(dir, ['status', '--porcelain'])).toBe('A  work/S-A/a.txt\nA  work/S-B/y.txt\n');
    expect(r.stdout).toContain(`git -C '${dir}' stash push --include-untracked -m 'lanes: leftovers' -- 'work/S-A/a.txt' 'work/S-B/y.txt'`);
    expect(registryRows(readFileSync(join(dir, planPath), 'utf8')).map((row) => row[4])).toEqual([
      'Failed: the guard blocked a commit: work/S-B/y.txt (owned by S-B); left uncommitted changes: work/S-A/a.txt and 1 more',
      'Blocked: the working tree holds uncommitted changes of S-A: work/S-A/a.txt and 1 more',
    ]);
  });

  it('fails a session that left changes uncommitted in its lane', () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'mkdir -p work/S-A && echo a > work/S-A/a.txt && echo b > work/S-A/b.txt\ngit add work/S-A/a.txt && git commit -q -m "S-A: half"' }], { agent: 'shell' });
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    expect(statuses(dir)).toEqual([['S-A', 'Failed', 'left uncommitted changes: work/S-A/b.txt']]);
  });

  it('tells apart the leftovers of two sessions running in one tree by their lanes, and says when it cannot', () => {
    // S-A leaves its own file and one that nobody owns while S-B still runs; S-B commits its work cleanly later.
    const plan = planText(
      [
        { id: 'S-A', batch: 1, run: 'mkdir -p work/S-A && echo a > work/S-A/left.txt && echo n > nobody.txt' },
        { id: 'S-B', batch: 1, run: 'mkdir -p work/S-B && echo b > work/S-B/wip.txt && sleep 2 && git add work/S-B && git commit -q -m "S-B work"' },
      ],
      { agent: 'shell' },
    );
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    expect(statuses(dir)).toEqual([
      ['S-A', 'Failed', 'left uncommitted changes: nobody.txt and 1 more (or S-B left them: the shared working tree cannot tell which)'],
      ['S-B', 'Done', null],
    ]);
  });
});

describe('lanes dispatch: identity a session cannot borrow', () => {
  it('names a commit made by no session (hooks off, no session) and one that borrows another session\'s name; the innocent stay Done', () => {
    const plan = planText(
      [
        { id: 'S-A', batch: 1, run: 'mkdir -p work/S-A && echo a > work/S-A/a.txt && git add work/S-A\nenv -u LANES_SESSION -u LANES_SESSION_KEY git commit -q --no-verify -m "nobody"' },
        // One commit after the other (each waits for the one before in the log), as agents that take turns.
        { id: 'S-B', batch: 1, run: `${after('nobody')}mkdir -p work/S-B && echo b > work/S-B/b.txt && git add work/S-B && git commit -q -m "S-B work"` },
        { id: 'S-C', batch: 1, run: `${after('S-B work')}sleep 4 && mkdir -p work/S-B && echo c > work/S-B/c.txt && git add work/S-B/c.txt && LANES_SESSION=S-B git commit -q -m "as S-B"` },
      ],
      { agent: 'shell' },
    );
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    const sha = (subject: string): string => git(dir, ['log', '--format=%h', '--grep', `^${subject}$`]).trim().slice(0, 7);
    expect(r.stdout).toContain(`commit ${sha('nobody')} ("nobody"), made during the dispatch, is no session's: made by no session that can be shown: it has no Lanes-Stamp; 1 path changed (work/S-A/a.txt); no session is blamed for it`);
    expect(r.stdout).toContain(
      `commit ${sha('as S-B')} ("as S-B"), made during the dispatch, is no session's: made by no session that can be shown: its Lanes-Stamp does not verify with S-B's key; 1 path changed (work/S-B/c.txt)`,
    );
    expect(r.stdout).toContain('S-B  Done  1 commit');
    expect(statuses(dir)).toEqual([
      ['S-A', 'Done', null],
      ['S-B', 'Done', null],
      ['S-C', 'Done', null],
    ]);
    expect(readState(dir).sessions['S-B']).toMatchObject({ status: 'Done' });
  });
});

describe('lanes dispatch: done work stays done', () => {
  it('fails the later session that dropped a Done session\'s commit with git reset --hard, naming both', () => {
    const plan = planText(
      [
        { id: 'S-A', batch: 1, run: 'mkdir -p work/S-A && echo a > work/S-A/a.txt && git add work/S-A && git commit -q -m "S-A work"' },
        // Batch 2 starts on the runner's registry commit, whose parent is S-A's commit.
        { id: 'S-B', batch: 2, run: 'git reset -q --hard HEAD~2' },
      ],
      { agent: 'shell' },
    );
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    const lost = /S-A's commit ([0-9a-f]{7}) is no longer on HEAD of \./.exec(r.stdout)?.[1];
    expect(lost).toMatch(/^[0-9a-f]{7}$/);
    expect(statuses(dir)).toEqual([
      ['S-A', 'Done', null],
      ['S-B', 'Failed', `S-A's commit ${lost!} is no longer on HEAD of .: S-B ran in the same tree after it and dropped it (a reset or rebase?)`],
    ]);
    expect(r.stdout).toContain(`recover it with \`git cherry-pick ${lost!}\``);
  });
});

describe('lanes dispatch: the runner commits only what it wrote', () => {
  it('commits nothing of a plan a session changed outside its registry, stops before the next batch and shows the change', () => {
    const plan = planText(
      [
        { id: 'S-A', batch: 1, run: `sed -i 's#work/S-B/\\*\\*#**#' ${planPath}` },
        { id: 'S-B', batch: 2, run: 'true' },
      ],
      { agent: 'shell' },
    );
    const dir = repo(plan);
    const head = git(dir, ['rev-parse', 'HEAD']);
    const r = lanes(dir, ['dispatch', '--yes', '--keep-going'], { env: env() });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${planPath} was changed outside its Session Registry and the change is not committed; the runner committed nothing of it and starts no later batch`);
    expect(r.stdout).toContain('+- **Owns:** `**`');
    // The widened Owns stays in the working tree for a person to judge; no commit carries it.
    expect(git(dir, ['log', '--format=%s', `${head.trim()}..HEAD`])).toBe('lanes: registry of 2026-11-20-test-dispatch.md (batch 1 starts)\n');
    expect(git(dir, ['show', `HEAD:${planPath}`])).toContain('- **Owns:** `work/S-B/**`');
    expect(readFileSync(join(dir, planPath), 'utf8')).toContain('- **Owns:** `**`');
    expect(statuses(dir)).toEqual([
      ['S-A', 'Failed', `left uncommitted changes: ${planPath}`],
      ['S-B', 'Blocked', `${planPath} was changed outside its Session Registry and the change is not committed; the runner committed nothing of it and starts no later batch`],
    ]);
  });
});

describe('lanes dispatch: locks and links', () => {
  it('of two dispatches of one plan started together, exactly one runs; the other says who holds the lock and since when', async () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'sleep 2' }], { agent: 'shell' });
    const dir = repo(plan);
    const a = startLanes(dir, ['dispatch', '--yes'], env());
    const b = startLanes(dir, ['dispatch', '--yes'], env());
    const results = await Promise.all([a.done, b.done]);
    const ran = results.filter((x) => x.status === 0);
    const refused = results.filter((x) => x.status === 2);
    expect(ran).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.stderr).toMatch(/^lanes: a dispatch of plans\/2026-11-20-test-dispatch\.md is already running \(pid \d+, since \d{4}-\d\d-\d\dT[\d:.]+Z\); watch it with `lanes status`, stop it with `lanes stop`\n$/);
  });

  it('fails a worktree session whose worktree folder is a committed link that leads out of the repository, and writes nothing there', () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'true' }], { agent: 'shell' }).replace('### S-A: Work S-A\n', '### S-A: Work S-A\n\n- **Worktree:** trees/S-A\n');
    const dir = repo(plan);
    const outside = removeLater(tempDir('lanes-outside-'));
    symlinkSync(outside, join(dir, 'trees'));
    git(dir, ['add', 'trees']);
    git(dir, ['commit', '-q', '-m', 'a link']);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    expect(statuses(dir)).toEqual([['S-A', 'Failed', `workspace: ${join(dir, 'trees')} is a symbolic link; Lanes writes its state, logs and worktrees only inside the repository, never through a link (remove it or make it a folder)`]]);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('says before anything starts that claude refuses to bypass permissions as root without IS_SANDBOX=1', () => {
    if (process.getuid?.() !== 0) return; // the refusal is claude's as root only
    const dir = repo(planText([{ id: 'S-A', batch: 1 }, { id: 'S-B', batch: 1 }], { agent: 'claude' }));
    const r = lanes(dir, ['dispatch', '--yes'], { env: testEnv({ CI: '1', IS_SANDBOX: '' }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lanes: claude refuses to bypass permissions as root, and S-A, S-B would run it so; run the dispatch as another user, or set IS_SANDBOX=1 if this machine is a sandbox you can lose\n');
    expect(existsSync(join(dir, '.lanes/dispatch'))).toBe(false);
  });

  it('refuses to write its state through a committed .lanes symlink that leads out of the repository', () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'true' }], { agent: 'shell' });
    const dir = repo(plan);
    const outside = removeLater(tempDir('lanes-outside-'));
    symlinkSync(outside, join(dir, '.lanes'));
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lanes: ${join(dir, '.lanes')} is a symbolic link; Lanes writes its state, logs and worktrees only inside the repository, never through a link (remove it or make it a folder)\n`);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('lanes dispatch: plans as people write them', () => {
  it('hands over a session whose agent no adapter launches (Cursor), with its prompt ready, and runs the rest', () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'true' }, { id: 'S-B', batch: 1, run: 'true', branch: 'cursor/test-11-work' }], { agent: 'shell' }).replace(
      '### S-B: Work S-B\n',
      '### S-B: Work S-B\n\n- **Agent:** Cursor\n',
    );
    const dir = repo(plan);
    const r = lanes(dir, ['dispatch', '--yes'], { env: env() });
    expect(r.status).toBe(1);
    const prompt = '.lanes/dispatch/plans__2026-11-20-test-dispatch/prompts/S-B.md';
    expect(statuses(dir)).toEqual([
      ['S-A', 'Done', null],
      ['S-B', 'Blocked', `external agent Cursor: Lanes does not launch it; hand it the prompt in ${prompt}`],
    ]);
    expect(readFileSync(join(dir, prompt), 'utf8')).toContain("Reply with 'Session started: S-B'");
  });

  it('reads <!-- eslint-disable --> comments as lanes lint does', () => {
    const plan = planText([{ id: 'S-A', batch: 1, run: 'true' }], { agent: 'shell' });
    const bad = plan.replace('### S-A: Work S-A\n', '### S-A: Work S-A\n\n- **Model:** -x\n');
    const refused = lanes(repo(bad), ['dispatch', '--yes'], { env: env() });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('Unexpected Model `-x` of S-A beginning with `-`');
    const allowed = bad.replace('- **Model:** -x', '<!-- eslint-disable-next-line lanes/no-option-value -->\n- **Model:** -x');
    const r = lanes(repo(allowed), ['dispatch', '--yes'], { env: env() });
    expect(r.stdout).not.toContain('no-option-value');
    expect(r.status).toBe(0);
  });
});
