import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startFakeGithub, type FakeGithub, type FakeGithubOptions, type FakeJob, type FakeRun } from '../../packages/actions/src/testing/fake-github.ts';
import { parseYaml } from '../../packages/actions/src/testing/yaml.ts';
import { actionlintErrors, workflowParserErrors } from '../../packages/actions/src/testing/validate-workflow.ts';
import { runWorkflow, type LegRun } from './actions-runner.ts';
import { registryRows, startLanes } from './dispatch.ts';
import { git, lanes, lanesBin, makeRepo, tempDir, testEnv, workspaceRoot, writeFiles, type RunResult } from './repo.ts';

/** A user's clone and its `origin`: a bare repository in a temp folder, with `main` pushed. */
export interface ClonedRepo {
  dir: string;
  origin: string;
}

/** A repository made from files, with a bare `origin` that has its `main`. */
export function makeClonedRepo(files: Record<string, string>): ClonedRepo {
  const dir = makeRepo({ '.gitignore': 'node_modules/\n', ...files });
  const origin = join(tempDir('lanes-origin-'), 'origin.git');
  git(dir, ['clone', '-q', '--bare', dir, origin]);
  git(dir, ['remote', 'add', 'origin', origin]);
  git(dir, ['fetch', '-q', 'origin']);
  git(dir, ['branch', '-q', '--set-upstream-to', 'origin/main', 'main']);
  return { dir, origin };
}

/** The files of the bundled demo (`examples/demo/`), as `makeRepo` takes them. */
export function demoFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of git(workspaceRoot, ['ls-files', '--', 'examples/demo']).split('\n').filter((l) => l !== '')) {
    files[path.slice('examples/demo/'.length)] = readFileSync(join(workspaceRoot, path), 'utf8');
  }
  return files;
}

/** Writes files into a repository and commits them. */
export function commitFiles(dir: string, files: Record<string, string>, message: string): void {
  writeFiles(dir, files);
  git(dir, ['add', '--', ...Object.keys(files)]);
  git(dir, ['commit', '-q', '--no-verify', '-m', message]);
}

/**
 * The runner's install step with the built `lanes` in place of `pnpm install`: `node_modules/.bin/lanes` runs
 * this workspace's `packages/cli/bin/lanes.js`, the rest of the step (the check, `GITHUB_PATH`) as written.
 */
export const installBuiltLanes = {
  install: (script: string): string =>
    script.replace(
      /^pnpm install --frozen-lockfile$/m,
      `mkdir -p node_modules/.bin && printf '#!/bin/sh\\nexec %s %s "$@"\\n' '${process.execPath}' '${lanesBin}' > node_modules/.bin/lanes && chmod +x node_modules/.bin/lanes`,
    ),
};

/** A fake GitHub whose dispatch runs the workflow file of the repository's `origin` with the stand-in runner. */
export interface SimulatedActions {
  github: FakeGithub;
  /** Every leg that ran, once the run has completed. */
  finished: Promise<LegRun[]>;
}

const iso = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Starts the fake API; a `POST …/dispatches` reads the workflow from `origin` at the ref, and runs its jobs in
 * `needs` order, each leg's job appearing in the API as it starts and ends (with its report annotations).
 */
export async function simulateActions(origin: string, env: NodeJS.ProcessEnv, options: Omit<FakeGithubOptions, 'onDispatch'> = {}): Promise<SimulatedActions> {
  let resolveFinished: (legs: LegRun[]) => void = () => undefined;
  let rejectFinished: (error: unknown) => void = () => undefined;
  const finished = new Promise<LegRun[]>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  const github: FakeGithub = await startFakeGithub({
    ...options,
    displayTitle: (workflow, inputs) => {
      const text = git(origin, ['show', `main:.github/workflows/${workflow}`]);
      const runName = (parseYaml(text) as { 'run-name': string })['run-name'];
      return runName.replace(/\$\{\{ inputs\.(\w+) \}\}/g, (_, name: string) => inputs[name] ?? '');
    },
    onDispatch: (run: FakeRun, body) => {
      const text = git(origin, ['show', `${body.ref}:${run.path}`]);
      const byName = new Map<string, FakeJob>();
      run.status = 'in_progress';
      runWorkflow(parseYaml(text) as never, {
        origin,
        inputs: body.inputs,
        env,
        replaceRun: installBuiltLanes,
        events: {
          legStart: (_job, name) => {
            byName.set(name, github.addJob(run, { name, status: 'in_progress', started_at: iso() }));
          },
          legEnd: (leg) => {
            const job = byName.get(leg.name)!;
            job.status = 'completed';
            job.conclusion = leg.conclusion;
            job.completed_at = iso();
            job.steps = leg.steps.map((s, i) => ({ name: s.name, number: i + 1, status: 'completed', conclusion: s.outcome }));
            job.annotations = leg.annotations.map((a) => ({ path: '.github', start_line: 1, end_line: 1, ...a }));
          },
          jobSkipped: (_job, rawName) => {
            github.addJob(run, { name: rawName, status: 'completed', conclusion: 'skipped', completed_at: iso() });
          },
        },
      }).then(
        (legs) => {
          run.status = 'completed';
          run.conclusion = legs.every((l) => l.conclusion === 'success') ? 'success' : 'failure';
          resolveFinished(legs);
        },
        (error: unknown) => {
          run.status = 'completed';
          run.conclusion = 'failure';
          rejectFinished(error);
        },
      );
    },
  });
  return { github, finished };
}

/** The registry of a plan as `[session, status cell, cost cell]` rows. */
export function registryOf(dir: string, planPath: string): string[][] {
  return registryRows(readFileSync(join(dir, planPath), 'utf8')).map((r) => [r[0]!, r[4]!, r[5]!]);
}

/** Emits the workflow of the plan, checks it with GitHub's parser and actionlint, commits and pushes it. */
export async function emitAndPush(dir: string, planPath: string, file: string): Promise<string> {
  const r = lanes(dir, ['dispatch', planPath, '--engine', 'github-actions', '--emit', file], { env: testEnv() });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const text = readFileSync(join(dir, file), 'utf8');
  expect(await workflowParserErrors(file, text)).toEqual([]);
  expect(await actionlintErrors(file, text)).toEqual([]);
  git(dir, ['add', '--', file]);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'ci: the plan as a workflow']);
  git(dir, ['push', '-q', 'origin', 'main']);
  return text;
}

/** Runs `lanes dispatch --engine github-actions --run` against the fake GitHub, in the background. */
export async function runOnFake(dir: string, planPath: string, file: string, actions: SimulatedActions): Promise<RunResult> {
  const env = testEnv({ GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'octo/shop', GITHUB_API_URL: actions.github.url, CI: '1' });
  const { done } = startLanes(dir, ['dispatch', planPath, '--engine', 'github-actions', '--run', '--workflow', file, '--poll-interval', '0.2s'], env);
  const [result] = await Promise.all([done, actions.finished]);
  return result;
}
