import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkflowStep } from '../../packages/actions/src/index.ts';
import { git, tempDir } from './repo.ts';

// A stand-in for a GitHub-hosted runner, enough to run the workflows Lanes writes: jobs in `needs` order, a
// job's matrix legs at most `max-parallel` at once, each leg in a fresh clone of `origin`; `run:` steps with
// `bash --noprofile --norc -eo pipefail` (what `shell: bash` means), `if:` and `${{ }}` evaluated for the
// contexts the workflows use; `actions/checkout` is the clone, `actions/upload-artifact` lists what it would
// upload, the other `uses:` steps are skipped. Workflow commands (`::error title=…::…`) become annotations.

/** A value of the expression language. */
type Value = string | number | boolean | null | { [key: string]: Value };

/** What an expression can see. */
export interface ExpressionContext {
  matrix: Record<string, Value>;
  inputs: Record<string, Value>;
  secrets: Record<string, Value>;
  steps: Record<string, { outcome: string; conclusion: string; outputs: Record<string, Value> }>;
  /** The jobs this one needs: their combined outputs and result. */
  needs: Record<string, { outputs: Record<string, Value>; result: string }>;
  strategy: Record<string, Value>;
  /** `success()` / `failure()`: whether an earlier step (or needed job) failed. */
  failed: boolean;
}

/** Evaluates one expression (the text between `${{` and `}}`, or a bare `if:`). */
export function evaluate(expression: string, context: ExpressionContext): Value {
  const tokens = [...expression.matchAll(/\s*('(?:[^']|'')*'|\d+(?:\.\d+)?|==|!=|&&|\|\||[!().[\],]|[A-Za-z_][A-Za-z0-9_-]*)/g)].map((m) => m[1]!);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const t = tokens[at++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expression ${expression}: expected ${expected ?? 'more'} at token ${at}`);
    return t;
  };
  const truthy = (v: Value): boolean => v !== null && v !== false && v !== 0 && v !== '';
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      take();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): Value => {
    let v = unary();
    while (peek() === '&&') {
      take();
      const r = unary();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const unary = (): Value => {
    if (peek() === '!') {
      take();
      return !truthy(unary());
    }
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = take();
      const right = primary();
      const eq = typeof left === 'string' && typeof right === 'string' ? left.toLowerCase() === right.toLowerCase() : left === right;
      return op === '==' ? eq : !eq;
    }
    return left;
  };
  const primary = (): Value => {
    const t = take();
    if (t === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (peek() === '(') {
      take('(');
      take(')');
      if (t === 'always') return true;
      if (t === 'success') return !context.failed;
      if (t === 'failure') return context.failed;
      if (t === 'cancelled') return false;
      throw new Error(`expression ${expression}: no function ${t}`);
    }
    let v: Value = (context as unknown as Record<string, Value>)[t] ?? null;
    while (peek() === '.') {
      take('.');
      const key = take();
      v = v !== null && typeof v === 'object' ? (v[key] ?? null) : null;
    }
    return v;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`expression ${expression}: unexpected ${tokens[at] ?? ''}`);
  return value;
}

/** A string with each `${{ … }}` replaced by its value. */
export function interpolate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{((?:[^}']|'(?:[^']|'')*'|\}(?!\}))*)\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, context);
    return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** Whether a step or job runs: its `if:` (bare or wrapped), with `success()` implied unless it names a status function. */
function condition(text: string | undefined, context: ExpressionContext): boolean {
  if (text === undefined) return !context.failed;
  const expr = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1] ?? text;
  const v = evaluate(expr, context);
  const ok = v !== null && v !== false && v !== 0 && v !== '';
  return /\b(always|success|failure|cancelled)\(\)/.test(expr) ? ok : ok && !context.failed;
}

/** An annotation a step filed with a workflow command. */
export interface RunnerAnnotation {
  annotation_level: string;
  title: string;
  message: string;
}

/** One matrix leg (or a job without a matrix) as it ran. */
export interface LegRun {
  job: string;
  /** The job's `name:` with the matrix filled in: what GitHub shows and the API returns. */
  name: string;
  matrix: Record<string, Value>;
  conclusion: 'success' | 'failure' | 'skipped';
  steps: { name: string; outcome: 'success' | 'failure' | 'skipped' }[];
  annotations: RunnerAnnotation[];
  /** What `actions/upload-artifact` would upload, by artifact name: paths from the workspace. */
  artifacts: Record<string, string[]>;
  /** The job's `outputs:` as this leg evaluated them at its end. */
  outputs: Record<string, string>;
  output: string;
  workspace: string | null;
  startedAt: string;
  completedAt: string;
}

/** What the runner tells as it goes (the fake API turns it into jobs). */
export interface RunnerEvents {
  legStart?: (job: string, name: string) => void;
  legEnd?: (leg: LegRun) => void;
  /** A job that did not run: its `needs` did not all succeed. */
  jobSkipped?: (job: string, rawName: string) => void;
}

/** How to run a workflow here. */
export interface RunnerOptions {
  /** The bare repository the legs clone and push to. */
  origin: string;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** Replaces a step's `run:` script by its `id` (the install, say). */
  replaceRun?: Record<string, (script: string) => string>;
  events?: RunnerEvents;
}

/** A step as read back from the workflow's YAML: the builder's shape, its name optional. */
type Step = Omit<WorkflowStep, 'name'> & { name?: string };

interface Job {
  name?: string;
  needs?: string[];
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { 'max-parallel'?: number; matrix?: { include?: Record<string, Value>[] } };
  steps: Step[];
}

const iso = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Runs a parsed workflow's jobs in `needs` order; resolves with every leg as it ran. */
export async function runWorkflow(workflow: { jobs: Record<string, Job> }, options: RunnerOptions): Promise<LegRun[]> {
  const results = new Map<string, 'success' | 'failure' | 'skipped'>();
  const outputs = new Map<string, Record<string, Value>>();
  const legs: LegRun[] = [];
  const pending = Object.keys(workflow.jobs);
  while (pending.length > 0) {
    const id = pending.find((j) => (workflow.jobs[j]!.needs ?? []).every((n) => results.has(n)));
    if (id === undefined) throw new Error(`the jobs ${pending.join(', ')} wait on each other`);
    pending.splice(pending.indexOf(id), 1);
    const job = workflow.jobs[id]!;
    if (!(job.needs ?? []).every((n) => results.get(n) === 'success')) {
      results.set(id, 'skipped');
      options.events?.jobSkipped?.(id, job.name ?? id);
      continue;
    }
    const matrices = job.strategy?.matrix?.include ?? [{}];
    const slots = job.strategy?.['max-parallel'] ?? matrices.length;
    // Legs start in matrix order, at most `max-parallel` at once; they are listed in that order too.
    const ran: LegRun[] = [];
    // A matrix job's outputs are combined from its legs (GitHub's docs: legs set outputs of different names; an
    // empty value sets nothing), the leg that ends last winning a name two legs set.
    const combined: Record<string, Value> = {};
    const needs = Object.fromEntries((job.needs ?? []).map((n) => [n, { outputs: outputs.get(n) ?? {}, result: results.get(n)! }]));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(slots, matrices.length)) }, async () => {
        for (let i = next++; i < matrices.length; i = next++) {
          const leg = await runLeg(id, job, matrices[i]!, i, needs, options);
          ran[i] = leg;
          for (const [name, value] of Object.entries(leg.outputs)) if (value !== '') combined[name] = value;
        }
      }),
    );
    legs.push(...ran);
    outputs.set(id, combined);
    results.set(id, ran.every((l) => l.conclusion === 'success') ? 'success' : 'failure');
  }
  return legs;
}

async function runLeg(jobId: string, job: Job, matrix: Record<string, Value>, index: number, needs: ExpressionContext['needs'], options: RunnerOptions): Promise<LegRun> {
  const base: ExpressionContext = { matrix, inputs: options.inputs, secrets: {}, steps: {}, needs, strategy: { 'job-index': index }, failed: false };
  const name = interpolate(job.name ?? jobId, base);
  const startedAt = iso();
  options.events?.legStart?.(jobId, name);
  const temp = tempDir('lanes-runner-');
  const workspace = join(temp, 'work');
  const runnerTemp = join(temp, 'tmp');
  mkdirSync(runnerTemp);
  const pathFile = join(temp, 'github_path');
  writeFileSync(pathFile, '');
  const extraPath: string[] = [];
  const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, interpolate(v, base)]));
  const leg: LegRun = { job: jobId, name, matrix, conclusion: 'success', steps: [], annotations: [], artifacts: {}, outputs: {}, output: '', workspace: null, startedAt, completedAt: startedAt };
  for (const step of job.steps) {
    const context = { ...base, steps: base.steps, failed: leg.steps.some((s) => s.outcome === 'failure') };
    const stepName = interpolate(step.name ?? step.uses ?? step.run ?? '', context);
    if (!condition(step.if, context)) {
      leg.steps.push({ name: stepName, outcome: 'skipped' });
      if (step.id) base.steps[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    let outcome: 'success' | 'failure' = 'success';
    let stepOutputs: Record<string, Value> = {};
    if (step.uses?.startsWith('actions/checkout@')) {
      git(temp, ['clone', '-q', options.origin, 'work']);
      leg.workspace = workspace;
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      const path = join(workspace, String(step.with?.path ?? ''));
      leg.artifacts[interpolate(String(step.with?.name ?? 'artifact'), context)] = existsSync(path) ? listFiles(path).map((f) => relative(workspace, f)) : [];
    } else if (step.run !== undefined) {
      const script = interpolate(options.replaceRun?.[step.id ?? '']?.(step.run) ?? step.run, context);
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, context)]));
      const env: NodeJS.ProcessEnv = {
        ...options.env,
        ...jobEnv,
        ...stepEnv,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_PATH: pathFile,
        RUNNER_TEMP: runnerTemp,
        PATH: [...extraPath, options.env.PATH ?? ''].join(':'),
      };
      const file = join(runnerTemp, `step-${leg.steps.length}.sh`);
      writeFileSync(file, script);
      const outputFile = join(runnerTemp, `output-${leg.steps.length}`);
      writeFileSync(outputFile, '');
      env.GITHUB_OUTPUT = outputFile;
      const r = await spawnText('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], workspace, env);
      stepOutputs = readOutputs(readFileSync(outputFile, 'utf8'));
      leg.output += `## ${stepName}\n${r.output}`;
      leg.annotations.push(...workflowCommands(r.stdout));
      outcome = r.status === 0 ? 'success' : 'failure';
      extraPath.splice(0, extraPath.length, ...readFileSync(pathFile, 'utf8').split('\n').filter((l) => l !== '').reverse());
    }
    leg.steps.push({ name: stepName, outcome });
    if (step.id) base.steps[step.id] = { outcome, conclusion: outcome, outputs: stepOutputs };
  }
  leg.outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, base)]));
  leg.conclusion = leg.steps.some((s) => s.outcome === 'failure') ? 'failure' : 'success';
  leg.completedAt = iso();
  options.events?.legEnd?.(leg);
  return leg;
}

// `$GITHUB_OUTPUT` holds "name=value" lines (the `name<<DELIMITER` form, for values with newlines, is not used here).
function readOutputs(text: string): Record<string, Value> {
  const found: Record<string, Value> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) found[line.slice(0, at)] = line.slice(at + 1);
  }
  return found;
}

function listFiles(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((f) => listFiles(join(dir, f)));
}

// "::error title=lanes S-A::message" — property values and the message are %-encoded by the toolkit.
function workflowCommands(stdout: string): RunnerAnnotation[] {
  const decode = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const found: RunnerAnnotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (m === null) continue;
    const title = /(?:^|,)title=([^,]*)/.exec(m[2] ?? '')?.[1];
    found.push({ annotation_level: m[1] === 'error' ? 'failure' : m[1]!, title: title === undefined ? '' : decode(title), message: decode(m[3]!) });
  }
  return found;
}

function spawnText(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ status: code ?? 1, stdout, output });
    });
  });
}

