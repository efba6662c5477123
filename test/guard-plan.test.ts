import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commit, commitCount, guardedRepo, messageOf, overrideLog, planPath, planText, sessionEnv, stage } from './helpers/guard.ts';
import { git, lanes, removedAfterEach, testEnv, writeFiles } from './helpers/repo.ts';

const husky1 = 'husky - pre-commit script failed (code 1)\n';
const husky2 = 'husky - pre-commit script failed (code 2)\n';
const removeLater = removedAfterEach();
function repo(options: Parameters<typeof guardedRepo>[0] = {}): string {
  return removeLater(guardedRepo(options));
}

/** The plan with one line replaced (1-based). */
function planWithLine(line: number, text: string, base = planText()): string {
  const lines = base.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

/** Commits a plan as the coordinator (no session), with the hooks. */
function coordinatorCommits(dir: string, plan: string): ReturnType<typeof commit> {
  stage(dir, { [planPath]: plan });
  return commit(dir, ['-m', 'plan']);
}

describe('the plan file: a session may change only its own Session Registry row', () => {
  test('its own row: allowed', () => {
    const dir = repo();
    stage(dir, { [planPath]: planText({ status: { 'S-A': 'Active' } }), 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'start'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test("another session's row: blocked, with the line", () => {
    const dir = repo();
    stage(dir, { [planPath]: planText({ status: { 'S-B': 'Done' } }) });
    const r = commit(dir, ['-m', 'meddle'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked: S-A may commit only what its Owns covers (${planPath}); 1 of 1 staged paths is outside it:`,
        `  modified  ${planPath}  it changes ${planPath} outside S-A's own Session Registry row (line 43); the rest of the plan is the coordinator's`,
        'To fix:',
        '  unstage it:',
        `    git restore --staged -- ${planPath}`,
        `  in ${planPath} change only your own Session Registry row, then stage it again`,
        `  or, if the work belongs to S-A, ask the coordinator to extend its Owns (${planPath}:21)`,
        '',
      ].join('\n') + husky1,
    );
  });

  test('its own Owns: blocked, even together with its own row', () => {
    const dir = repo();
    stage(dir, { [planPath]: planText({ ownsA: ['`src/b/**`'], status: { 'S-A': 'Active' } }) });
    const r = commit(dir, ['-m', 'grab'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[1]).toBe(
      `  modified  ${planPath}  it changes ${planPath} outside S-A's own Session Registry row (line 21); the rest of the plan is the coordinator's`,
    );
  });

  test('deleting the plan: blocked', () => {
    const dir = repo();
    git(dir, ['rm', '-q', planPath]);
    const r = commit(dir, ['-m', 'gone'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[1]).toBe(`  deleted  ${planPath}  it deletes ${planPath}; only the coordinator writes plans`);
  });

  test('the registry file (`lanes.registry`): its own row only, and its statuses count for strict mode', () => {
    const registry = (a: string, b: string): string =>
      [
        '# Registry',
        '',
        '## Session Registry',
        '',
        '| Session Name | Issue | Phase | Plan File | Status |',
        '|---|---|---|---|---|',
        `| S-A | DEMO-1 | 1A | 2026-01-05-demo-lanes.md | ${a} |`,
        `| S-B | DEMO-2 | 1B | 2026-01-05-demo-lanes.md | ${b} |`,
        '',
      ].join('\n');
    const dir = repo({
      strict: true,
      files: { 'package.json': JSON.stringify({ name: 'demo', lanes: { registry: 'plans/registry.md' } }), 'plans/registry.md': registry('Planned', 'Planned') },
    });
    stage(dir, { 'plans/registry.md': registry('Active', 'Planned') });
    expect(commit(dir, ['-m', 'a starts'], sessionEnv('S-A'))).toEqual({ status: 0, stdout: '', stderr: '' });
    stage(dir, { 'plans/registry.md': registry('Active', 'Done') });
    const r = commit(dir, ['-m', 'b done?'], sessionEnv('S-A'));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[1]).toBe(
      "  modified  plans/registry.md  it changes plans/registry.md outside S-A's own Session Registry row (line 8); the rest of the plan is the coordinator's",
    );
    git(dir, ['restore', '--staged', '--worktree', 'plans/registry.md']);
    stage(dir, { 'README.md': 'readme\n' });
    expect(commit(dir, ['-m', 'nobody']).status).toBe(1); // S-A is Active in the registry file, the plan is strict
  });
});

describe('a commit by nobody under `guard: strict`', () => {
  test('with an Active session: blocked (exit 1), saying how to name the session', () => {
    const dir = repo({ strict: true, status: { 'S-A': 'Active' } });
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = commit(dir, ['-m', 'who?']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked: ${planPath} says \`guard: strict\` and S-A is Active, but this commit names no session`,
        'To fix:',
        '  name the session that makes it: LANES_SESSION=S-A git commit …',
        "  or commit on the session's branch (claude/demo-1-a)",
        '',
      ].join('\n') + husky1,
    );
    expect(commit(dir, ['-m', 'named'], sessionEnv('S-A')).status).toBe(0);
  });

  test('with no Active session: allowed', () => {
    const dir = repo({ strict: true, status: { 'S-A': 'Done' } });
    stage(dir, { 'src/a/one.ts': '11\n' });
    expect(commit(dir, ['-m', 'coordinator'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('the guard fails closed (exit 2) and says what to fix', () => {
  test('a session that is not in the plan', () => {
    const dir = repo();
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = commit(dir, ['-m', 'x'], sessionEnv('S-Z', { LANES_OVERRIDE: 'never for fail-closed blocks' }));
    expect(r.status).toBe(1); // git's own status for a failed hook; the hook's is in husky's line
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked (the guard fails closed): session S-Z (from LANES_SESSION) is not in the plan: ${planPath} declares S-A, S-B, S-C`,
        'To fix:',
        '  set LANES_SESSION to the session you are, or ask the coordinator to add S-Z to the plan and commit it',
        '',
      ].join('\n') + husky2,
    );
    expect(overrideLog(dir)).toEqual([]);
  });

  test('LANES_SESSION that is not a session ID at all', () => {
    const dir = repo();
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-A\nLanes-Override: sneaky') });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('lanes guard: commit blocked (the guard fails closed): LANES_SESSION is "S-A\\nLanes-Override: sneaky", which is not a session ID');
  });

  test('an invalid pattern: the session is blocked; the coordinator gets through with a warning, to fix it', () => {
    const dir = repo();
    const broken = planWithLine(30, '  - `src/b/[ab]/**`');
    expect(coordinatorCommits(dir, broken)).toEqual({ status: 0, stdout: '', stderr: '' }); // the rules are HEAD's, still valid
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = commit(dir, ['-m', 'a'], sessionEnv('S-A'));
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked (the guard fails closed): ${planPath} cannot be used for S-A's commit:`,
        `  ${planPath}:30: Unexpected \`[ab]\` in pattern \`src/b/[ab]/**\`: character classes are not supported; use \`?\` for any one character, or write one pattern per path`,
        'To fix:',
        `  the coordinator fixes the plan and commits it (commits by no session still go through); \`lanes lint ${planPath}\` lists every problem`,
        '',
      ].join('\n') + husky2,
    );
    const coordinator = commit(dir, ['-m', 'coordinator']);
    expect(coordinator.status).toBe(0);
    expect(coordinator.stderr).toBe(
      `lanes guard: warning: ${planPath} cannot be used by the guard (${planPath}:30: Unexpected \`[ab]\` in pattern \`src/b/[ab]/**\`: character classes are not supported; use \`?\` for any one character, or write one pattern per path); commits by its sessions are blocked until it is fixed (\`lanes lint ${planPath}\`)\n`,
    );
  });

  test('front matter that does not parse', () => {
    const dir = repo();
    expect(coordinatorCommits(dir, planWithLine(3, 'max-parallel: [3')).status).toBe(0);
    stage(dir, { 'src/a/one.ts': '11\n' });
    const r = lanes(dir, ['guard', '--json'], { env: sessionEnv('S-A') });
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { decision: string; problems: string[] };
    expect(report.decision).toBe('failed');
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(new RegExp(`^${planPath}:3: Unexpected YAML in front matter: `));
  });

  test('two sessions with one ID', () => {
    const dir = repo();
    expect(coordinatorCommits(dir, planWithLine(26, '### S-A: Lane B')).status).toBe(0);
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-A') });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[1]).toBe(`  ${planPath}:26: Unexpected second session \`S-A\`: session IDs must be unique; rename one of them`);
  });

  test('a session declared by two plans', () => {
    const dir = repo({ files: { 'plans/2026-01-06-demo-more.md': planText() } });
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-B') });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      [
        `lanes guard: commit blocked (the guard fails closed): session S-B is declared by ${planPath} and plans/2026-01-06-demo-more.md; a session belongs to one plan`,
        'To fix:',
        '  name the plan with --plan or LANES_PLAN, or ask the coordinator to rename one of the sessions',
        '',
      ].join('\n'),
    );
    expect(lanes(dir, ['guard', '--plan', planPath], { env: sessionEnv('S-B') }).status).toBe(0);
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-B', { LANES_PLAN: planPath }) }).status).toBe(0);
  });

  test('git fails: a corrupt index', () => {
    const dir = repo();
    writeFileSync(join(dir, 'bad-index'), 'not an index');
    const r = lanes(dir, ['guard'], { env: sessionEnv('S-A', { GIT_INDEX_FILE: join(dir, 'bad-index') }) });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^lanes guard: commit blocked \(the guard fails closed\): git diff-index --cached .* failed \(exit 128\): .*index/);
    expect(r.stderr.split('\n').slice(1)).toEqual(['To fix:', '  fix what git reports, then commit again', '']);
  });

  test('a package.json that does not parse: sessions blocked, nobody warned', () => {
    const dir = repo();
    stage(dir, { 'package.json': '{ "lanes": ' });
    expect(commit(dir, ['-m', 'oops'], sessionEnv(null, { HUSKY: '0' })).status).toBe(0);
    const session = lanes(dir, ['guard'], { env: sessionEnv('S-A') });
    expect(session.status).toBe(2);
    expect(session.stderr.split('\n')[0]).toMatch(/^lanes guard: commit blocked \(the guard fails closed\): cannot read package\.json at [0-9a-f]{12}: .*; fix its JSON$/);
    const nobody = lanes(dir, ['guard'], { env: sessionEnv(null) });
    expect(nobody.status).toBe(0);
    expect(nobody.stderr).toMatch(/^lanes guard: warning: cannot read package\.json at [0-9a-f]{12}: .*; fix its JSON; commits by sessions are blocked until it is fixed\n$/);
  });
});

describe('the plan as committed at HEAD, compiled once per blob', () => {
  test('edits to the plan in the working tree or the index do not change the rules', () => {
    const dir = repo();
    writeFiles(dir, { [planPath]: planText({ ownsA: ['`src/b/**`'] }) });
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1);
  });

  test('the cached plan listing follows HEAD: a plan change the coordinator commits counts at the next commit, LANES_PLAN or not', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n' });
    for (const env of [sessionEnv('S-A'), sessionEnv('S-A', { LANES_PLAN: planPath })]) expect(lanes(dir, ['guard'], { env }).status).toBe(1);
    git(dir, ['restore', '--staged', 'src/b/two.ts']);
    stage(dir, { [planPath]: planText({ ownsA: ['`src/a/**`', '`src/b/**`'] }) });
    expect(commit(dir, ['-m', 'plan: S-A owns src/b too']).status).toBe(0);
    stage(dir, { 'src/b/two.ts': '22\n' });
    for (const env of [sessionEnv('S-A'), sessionEnv('S-A', { LANES_PLAN: planPath })]) expect(lanes(dir, ['guard'], { env }).stderr).toBe('');
    expect(readdirSync(join(dir, '.git/lanes/cache')).filter((name) => name.startsWith('listing-'))).toHaveLength(2);
  });

  test('the compiled plan is cached under the git common dir by blob id, signed, and a torn or edited cache file is compiled again', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1);
    const blob = git(dir, ['rev-parse', `HEAD:${planPath}`]).trim();
    const cacheDir = join(dir, '.git/lanes/cache');
    const [listing, ...files] = readdirSync(cacheDir).sort();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^plan-v3-${blob}-[0-9a-f]{8}\\.json$`));
    // Beside it, the plan listing at HEAD, under the ids it depends on: HEAD's package.json and plans/ tree.
    const packageJson = git(dir, ['rev-parse', 'HEAD:package.json']).trim();
    expect(listing).toMatch(new RegExp(`^listing-v1-${packageJson}-[0-9a-f]{8}\\.json$`));
    expect(JSON.parse(readFileSync(join(cacheDir, listing!), 'utf8').split('\n')[1]!)).toEqual({
      format: 1,
      key: { packageJson, locations: [{ path: 'plans', oid: git(dir, ['rev-parse', 'HEAD:plans']).trim() }] },
      sources: { config: { plans: ['plans/**/*.md'], registry: null }, plans: [{ path: planPath, blob }], registry: null },
    });
    const cached = (): { mac: string; json: Record<string, unknown> } => {
      const [mac = '', ...json] = readFileSync(join(cacheDir, files[0]!), 'utf8').split('\n');
      return { mac, json: JSON.parse(json.join('\n')) as Record<string, unknown> };
    };
    expect(cached().mac).toMatch(/^[0-9a-f]{64}$/);
    expect(cached().json).toMatchObject({ path: planPath, blob, strict: false, unusable: [] });
    writeFileSync(join(cacheDir, files[0]!), '{"format":1,"blob":');
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A') }).status).toBe(1);
    expect(cached().json).toMatchObject({ blob });
  });

  test('plans are found where `lanes.plans` says, and LANES_PLAN names one', () => {
    const dir = repo({ files: { 'package.json': JSON.stringify({ name: 'demo', lanes: { plans: ['work/*.md'] } }), 'work/lanes.md': planText() } });
    stage(dir, { 'src/b/two.ts': '22\n' });
    expect(lanes(dir, ['guard', '--json'], { env: sessionEnv('S-B') }).stdout).toContain('"plan": "work/lanes.md"');
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-B', { LANES_PLAN: planPath }) }).status).toBe(0);
    expect(lanes(dir, ['guard'], { env: sessionEnv('S-A', { LANES_PLAN: 'work/none.md' }) }).stderr.split('\n')[0]).toBe(
      'lanes guard: commit blocked (the guard fails closed): the plan work/none.md is not committed (neither at HEAD nor in the index); commit it, or fix --plan / LANES_PLAN',
    );
  });
});

describe('LANES_OVERRIDE: a recorded way out', () => {
  test('lets a blocked commit through, logs who, when, session, paths and reason, and adds a Lanes-Override trailer', () => {
    const dir = repo();
    stage(dir, { 'src/b/two.ts': '22\n', 'src/a/one.ts': '11\n' });
    const blocked = commit(dir, ['-m', 'hotfix'], sessionEnv('S-A'));
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).not.toMatch(/OVERRIDE|override/);
    const r = commit(dir, ['-m', 'hotfix'], sessionEnv('S-A', { LANES_OVERRIDE: 'S-B is gone; the build is red' }));
    expect(r.status).toBe(0);
    const log = join(dir, '.git/lanes/overrides.jsonl');
    expect(r.stderr).toBe(
      [
        `lanes guard: commit allowed by LANES_OVERRIDE (S-B is gone; the build is red): 1 staged paths outside S-A's lane, recorded in ${log}:`,
        `  modified  src/b/two.ts  owned by S-B (${planPath}:30 \`src/b/**\`)`,
        '',
      ].join('\n'),
    );
    expect(messageOf(dir)).toBe('hotfix\n\nLanes-Session: S-A\nLanes-Override: S-B is gone; the build is red\n');
    const entries = overrideLog(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      who: 'Lanes Test <test@lanes.invalid>',
      session: 'S-A',
      branch: 'main',
      head: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
      plan: planPath,
      reason: 'S-B is gone; the build is red',
      lifted: 'rules',
      paths: ['src/b/two.ts'],
      morePaths: 0,
    });
    stage(dir, { 'src/a/one.ts': '111\n' });
    expect(commit(dir, ['-m', 'plain'], sessionEnv('S-A', { LANES_OVERRIDE: 'S-B is gone; the build is red' })).status).toBe(0);
    expect(messageOf(dir)).toBe('plain\n\nLanes-Session: S-A\n'); // nothing was lifted, so nothing is claimed
    expect(overrideLog(dir)).toHaveLength(1);
  });

  test('lifts a strict-mode block too', () => {
    const dir = repo({ strict: true, status: { 'S-B': 'Active' } });
    stage(dir, { 'README.md': 'r\n' });
    const r = commit(dir, ['-m', 'release notes'], sessionEnv(null, { LANES_OVERRIDE: 'release' }));
    expect(r.status).toBe(0);
    expect(messageOf(dir)).toBe('release notes\n\nLanes-Override: release\n');
    expect(overrideLog(dir)[0]).toMatchObject({ session: null, lifted: 'strict', paths: ['README.md'], reason: 'release' });
    expect(commitCount(dir)).toBe(2);
  });
});

test('the Lanes-Session trailer is added even when the commit skips the pre-commit hook', () => {
  const dir = repo();
  stage(dir, { 'src/b/two.ts': '22\n' });
  expect(commit(dir, ['--no-verify', '-m', 'sneak'], sessionEnv('S-A')).status).toBe(0);
  expect(messageOf(dir)).toBe('sneak\n\nLanes-Session: S-A\n');
  expect(testEnv().HUSKY).toBeUndefined();
});
