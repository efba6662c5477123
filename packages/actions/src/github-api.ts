/** A repository on GitHub. */
export interface RepoRef {
  owner: string;
  repo: string;
}

// The shapes below are the fields Lanes reads of the REST API's documented objects ("workflow-run", "job",
// "check-annotation"); GitHub sends many more.

/** `GET /repos/{owner}/{repo}/actions/runs/{run_id}`: a workflow run. */
export interface WorkflowRun {
  id: number;
  name?: string | null;
  display_title: string;
  event: string;
  /** `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`. */
  status: string | null;
  /** When completed: `success`, `failure`, `cancelled`, `skipped`, `timed_out`, `neutral`, `action_required`, `stale`. */
  conclusion: string | null;
  html_url: string;
  created_at: string;
}

/** One step of a job. */
export interface JobStep {
  name: string;
  number: number;
  status: string;
  conclusion: string | null;
}

/** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs`: one job (one matrix leg) of a run. */
export interface WorkflowJobRun {
  id: number;
  run_id: number;
  name: string;
  /** `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`. */
  status: string;
  /** `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`, `action_required`, or null while it runs. */
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url: string | null;
  steps?: JobStep[];
}

/** `GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations`: one annotation (a job is a check run of the same id). */
export interface CheckAnnotation {
  annotation_level: string | null;
  title: string | null;
  message: string;
}

/** An answer of the REST API that is not a success: its status, and GitHub's `message` when it sent one. */
export class GithubApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly apiMessage: string | null,
    readonly documentationUrl: string | null,
  ) {
    super(`GitHub API ${method} ${path}: ${status}${apiMessage ? ` ${apiMessage}` : ''}${documentationUrl ? ` (${documentationUrl})` : ''}`);
    this.name = 'GithubApiError';
  }
}

/** The REST API could not be reached at all. */
export class GithubUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach ${url}: ${describe(cause)}`, { cause });
    this.name = 'GithubUnreachableError';
  }
}

/** How to talk to the REST API. */
export interface GithubApiOptions {
  /** `GITHUB_API_URL`, default `https://api.github.com`. */
  baseUrl?: string;
  token: string;
  /** Node's global `fetch` unless given. */
  fetch?: typeof fetch;
}

/** What `dispatchWorkflow` learned: the run's id and page when GitHub returned them (`return_run_details`). */
export interface DispatchAnswer {
  runId: number | null;
  htmlUrl: string | null;
}

/** The few endpoints of GitHub's REST API that running a plan needs, over Node's `fetch`. */
export class GithubApi {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly fetch: typeof fetch;

  constructor(options: GithubApiOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.token = options.token;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** One request; JSON in and out. Throws `GithubApiError` for a status that is not 2xx. */
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'lanes',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new GithubUnreachableError(this.baseUrl, error);
    }
    const text = await response.text();
    let data: unknown = null;
    if (text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      // Errors come as `{ "message": "Not Found", "documentation_url": "https://docs.github.com/…" }`.
      const error = (data ?? {}) as { message?: unknown; documentation_url?: unknown };
      const message = typeof error.message === 'string' ? error.message : (typeof data === 'string' ? data : text.trim()).slice(0, 200) || response.statusText || null;
      throw new GithubApiError(method, path, response.status, message, typeof error.documentation_url === 'string' ? error.documentation_url : null);
    }
    return { status: response.status, data };
  }

  /**
   * `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches` with `{ ref, inputs,
   * return_run_details: true }`: GitHub answers 200 with `{ workflow_run_id, run_url, html_url }`; one that does
   * not know `return_run_details` answers 204 without a body, or (GitHub Enterprise Server) 400/422 naming it, and
   * then the dispatch is sent again without it.
   */
  async dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<DispatchAnswer> {
    const path = `${repoPath(repo)}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`;
    let answer: { status: number; data: unknown };
    try {
      answer = await this.request('POST', path, { ref, inputs, return_run_details: true });
    } catch (error) {
      if (!(error instanceof GithubApiError) || ![400, 422].includes(error.status) || !/return_run_details/.test(error.apiMessage ?? '')) throw error;
      answer = await this.request('POST', path, { ref, inputs });
    }
    const details = (answer.data ?? {}) as { workflow_run_id?: unknown; html_url?: unknown };
    const id = details.workflow_run_id;
    const url = details.html_url;
    return { runId: typeof id === 'number' ? id : null, htmlUrl: typeof url === 'string' ? url : null };
  }

  /** `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?event=workflow_dispatch&created=>=…`, newest first. */
  async listDispatchRuns(repo: RepoRef, workflow: string, since: Date): Promise<WorkflowRun[]> {
    const created = `>=${since.toISOString().replace(/\.\d+Z$/, 'Z')}`;
    const query = new URLSearchParams({ event: 'workflow_dispatch', created, per_page: '100' });
    const answer = await this.request('GET', `${repoPath(repo)}/actions/workflows/${encodeURIComponent(workflow)}/runs?${query.toString()}`);
    return ((answer.data ?? {}) as { workflow_runs?: WorkflowRun[] }).workflow_runs ?? [];
  }

  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}`. */
  async getRun(repo: RepoRef, runId: number): Promise<WorkflowRun> {
    const answer = await this.request('GET', `${repoPath(repo)}/actions/runs/${runId}`);
    if (answer.data === null || typeof answer.data !== 'object') throw new GithubApiError('GET', `${repoPath(repo)}/actions/runs/${runId}`, answer.status, 'the answer had no run', null);
    return answer.data as WorkflowRun;
  }

  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs?filter=latest`, every page (`{ total_count, jobs }`, 100 a page). */
  async listJobs(repo: RepoRef, runId: number): Promise<WorkflowJobRun[]> {
    const jobs: WorkflowJobRun[] = [];
    for (let page = 1; page <= 50; page++) {
      const answer = await this.request('GET', `${repoPath(repo)}/actions/runs/${runId}/jobs?filter=latest&per_page=100&page=${page}`);
      const data = (answer.data ?? {}) as { total_count?: number; jobs?: WorkflowJobRun[] };
      const batch = data.jobs ?? [];
      jobs.push(...batch);
      if (batch.length < 100 || jobs.length >= (data.total_count ?? 0)) break;
    }
    return jobs;
  }

  /** `GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations`: a JSON array. */
  async listAnnotations(repo: RepoRef, checkRunId: number): Promise<CheckAnnotation[]> {
    const answer = await this.request('GET', `${repoPath(repo)}/check-runs/${checkRunId}/annotations?per_page=100`);
    return Array.isArray(answer.data) ? (answer.data as CheckAnnotation[]) : [];
  }
}

function repoPath(repo: RepoRef): string {
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : null;
  return code !== null ? `${error.message} (${code})` : error.message;
}

/**
 * The repository a git remote URL names: `git@github.com:o/r.git`, `ssh://git@github.com/o/r.git`,
 * `https://github.com/o/r(.git)`, on github.com or a GitHub Enterprise host. Null when it names no `owner/repo`.
 */
export function repoFromRemote(url: string): RepoRef | null {
  const text = url.trim();
  const scp = /^(?:[^@/]+@)?[^:/]+:(?!\/)([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(text);
  const full = /^(?:https?|ssh|git):\/\/[^/]+\/(?:.*\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(text);
  const match = full ?? scp;
  if (match === null) return null;
  return { owner: match[1]!, repo: match[2]! };
}

/** `owner/repo` (`GITHUB_REPOSITORY`) as a repository, or null. */
export function repoFromSlug(slug: string): RepoRef | null {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(slug.trim());
  return match === null ? null : { owner: match[1]!, repo: match[2]! };
}
