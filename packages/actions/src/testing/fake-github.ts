import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobStep, WorkflowJobRun } from '../github-api.ts';

/** A run as the fake serves it (the REST API's "workflow-run" fields Lanes reads, and a few more). */
export interface FakeRun {
  id: number;
  name: string;
  display_title: string;
  event: string;
  status: string;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  path: string;
  head_branch: string;
}

/** A job as the fake serves it (the API's shape, its page and steps always there), with the annotations of its check run. */
export interface FakeJob extends Omit<WorkflowJobRun, 'html_url' | 'steps'> {
  html_url: string;
  steps: JobStep[];
  annotations: { path: string; annotation_level: string; title: string; message: string; start_line: number; end_line: number }[];
}

/** One request the fake received. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** An answer a test forces for a request (an error, say) instead of the fake's own. */
export interface ForcedAnswer {
  status: number;
  body?: unknown;
}

/** What the fake is told at start. */
export interface FakeGithubOptions {
  owner?: string;
  repo?: string;
  /** Answer `return_run_details: true` with 200 and the run's id (newer GitHub) instead of 204 (older). */
  returnRunDetails?: boolean;
  /** The run's `display_title` (what GitHub makes of the workflow's `run-name`); default `lanes <inputs…>`. */
  displayTitle?: (workflow: string, inputs: Record<string, string>) => string;
  /** Called on `POST …/dispatches` after the run is made: the test starts its jobs. */
  onDispatch?: (run: FakeRun, body: { ref: string; inputs: Record<string, string> }) => void;
  /** Called before each request is answered; may return an answer to send instead. */
  onRequest?: (request: FakeRequest) => ForcedAnswer | undefined;
}

/** A GitHub REST API on 127.0.0.1 that answers the endpoints Lanes calls with the documented shapes. */
export interface FakeGithub {
  url: string;
  requests: FakeRequest[];
  runs: FakeRun[];
  jobs: FakeJob[];
  /** Adds a job to the run and returns it (ids count up from 1000, as check run ids do). */
  addJob: (run: FakeRun, job: Partial<FakeJob> & { name: string }) => FakeJob;
  close: () => Promise<void>;
}

const iso = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const owner = options.owner ?? 'octo';
  const repo = options.repo ?? 'shop';
  const prefix = `/repos/${owner}/${repo}`;
  const requests: FakeRequest[] = [];
  const runs: FakeRun[] = [];
  const jobs: FakeJob[] = [];
  let nextJob = 1000;
  const addJob = (run: FakeRun, job: Partial<FakeJob> & { name: string }): FakeJob => {
    const made: FakeJob = {
      id: nextJob++,
      run_id: run.id,
      status: 'queued',
      conclusion: null,
      started_at: null,
      completed_at: null,
      html_url: '',
      steps: [],
      annotations: [],
      ...job,
    };
    if (made.html_url === '') made.html_url = `https://github.com/${owner}/${repo}/actions/runs/${run.id}/job/${made.id}`;
    jobs.push(made);
    return made;
  };

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      requests.push(request);
      const forced = options.onRequest?.(request);
      if (forced !== undefined) {
        send(res, forced.status, forced.body);
        return;
      }
      if (req.headers.authorization === undefined || !/^Bearer \S+$/.test(req.headers.authorization)) {
        send(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' });
        return;
      }
      if (!url.pathname.startsWith(`${prefix}/`)) {
        send(res, 404, notFound);
        return;
      }
      const path = url.pathname.slice(prefix.length);
      let m: RegExpExecArray | null;
      if (request.method === 'POST' && (m = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(path))) {
        const b = (body ?? {}) as { ref?: string; inputs?: Record<string, string>; return_run_details?: boolean };
        if (typeof b.ref !== 'string') {
          send(res, 422, { message: 'Invalid request.\n\n"ref" wasn\'t supplied.', documentation_url: 'https://docs.github.com/rest', status: '422' });
          return;
        }
        const id = 7_000_000 + runs.length + 1;
        const workflow = decodeURIComponent(m[1]!);
        const run: FakeRun = {
          id,
          name: `lanes: ${workflow}`,
          display_title: options.displayTitle?.(workflow, b.inputs ?? {}) ?? `lanes ${Object.values(b.inputs ?? {}).join(' ')}`.trim(),
          event: 'workflow_dispatch',
          status: 'queued',
          conclusion: null,
          html_url: `https://github.com/${owner}/${repo}/actions/runs/${id}`,
          created_at: iso(),
          path: `.github/workflows/${workflow}`,
          head_branch: b.ref,
        };
        runs.push(run);
        options.onDispatch?.(run, { ref: b.ref, inputs: b.inputs ?? {} });
        if (options.returnRunDetails && b.return_run_details === true) {
          send(res, 200, { workflow_run_id: id, run_url: `https://api.github.com${prefix}/actions/runs/${id}`, html_url: run.html_url });
        } else send(res, 204);
        return;
      }
      if (request.method === 'GET' && (m = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(path))) {
        const workflow = decodeURIComponent(m[1]!);
        const event = url.searchParams.get('event');
        const created = url.searchParams.get('created');
        const since = created?.startsWith('>=') ? created.slice(2) : null;
        const found = runs
          .filter((r) => r.path.endsWith(`/${workflow}`) && (event === null || r.event === event) && (since === null || r.created_at >= since))
          .reverse();
        send(res, 200, { total_count: found.length, workflow_runs: found });
        return;
      }
      if (request.method === 'GET' && (m = /^\/actions\/runs\/(\d+)$/.exec(path))) {
        const run = runs.find((r) => r.id === Number(m![1]));
        if (run === undefined) send(res, 404, notFound);
        else send(res, 200, run);
        return;
      }
      if (request.method === 'GET' && (m = /^\/actions\/runs\/(\d+)\/jobs$/.exec(path))) {
        const run = runs.find((r) => r.id === Number(m![1]));
        if (run === undefined) {
          send(res, 404, notFound);
          return;
        }
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        // The jobs endpoint does not list annotations; they are the check run's.
        const all = jobs.filter((j) => j.run_id === run.id).map((j) => Object.fromEntries(Object.entries(j).filter(([k]) => k !== 'annotations')));
        send(res, 200, { total_count: all.length, jobs: all.slice((page - 1) * perPage, page * perPage) });
        return;
      }
      if (request.method === 'GET' && (m = /^\/check-runs\/(\d+)\/annotations$/.exec(path))) {
        const job = jobs.find((j) => j.id === Number(m![1]));
        if (job === undefined) send(res, 404, notFound);
        else send(res, 200, job.annotations);
        return;
      }
      send(res, 404, notFound);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    runs,
    jobs,
    addJob,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
