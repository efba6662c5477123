import type { EventFormat } from './agent-command.ts';

/** What one line of an agent's event stream says, when it says something the runner keeps. */
export interface AgentEvent {
  /** The agent's own session or thread id. */
  agentSessionId?: string;
  /** The run's final result: whether it succeeded, and why not. */
  result?: { ok: boolean; message: string | null };
  /** Dollars spent, as reported by the agent (a total for the run, or a step's cost to add up). */
  cost?: { usd: number; cumulative: boolean };
  /** An error the agent reported on the way, which may or may not end the run (codex retries after some). */
  error?: string;
}

/**
 * An agent's message made fit for a reason: one line, at most 300 characters, cut at a word. Codex passes an API
 * error on as the response body, `{"error":{"message":"…","type":"invalid_request_error"}}`: its message is taken.
 */
export function readableMessage(text: string): string {
  let message = text;
  if (message.trimStart().startsWith('{')) {
    try {
      const body = JSON.parse(message) as { error?: { message?: unknown }; message?: unknown };
      const inner = body.error?.message ?? body.message;
      if (typeof inner === 'string' && inner.trim() !== '') message = inner;
    } catch {
      // not JSON after all: the text as it is
    }
  }
  const line = message.replace(/\s+/g, ' ').trim();
  if (line.length <= 300) return line;
  const cut = line.slice(0, 297);
  const space = cut.lastIndexOf(' ');
  return `${space > 200 ? cut.slice(0, space) : cut}…`;
}

/**
 * Reads one stdout line of an agent's JSON event stream. Shapes relied on:
 * claude `{"type":"system","subtype":"init","session_id"}` and `{"type":"result","subtype":"success"|"error_…","is_error","total_cost_usd","session_id"}`;
 * codex `{"type":"thread.started","thread_id"}`, `{"type":"turn.completed"}`, `{"type":"turn.failed","error":{"message"}}`, `{"type":"error","message"}`;
 * gemini `{"type":"init","session_id"}`, `{"type":"result","status"}`;
 * opencode `{"type":"step_finish","part":{"reason","cost"}}` (reason `stop` ends the run), `{"type":"error","error":{"name","data":{"message"}}}`.
 */
export function readAgentEvent(format: EventFormat, line: string): AgentEvent | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: AgentEvent = {};
  switch (format) {
    case 'claude': {
      const id = str(e.session_id);
      if (id !== undefined) out.agentSessionId = id;
      if (e.type === 'result') {
        const ok = e.subtype === 'success' && e.is_error !== true;
        const errors = Array.isArray(e.errors) ? e.errors.filter((x): x is string => typeof x === 'string') : [];
        const message = errors[0] ?? str(e.result) ?? `result ${String(e.subtype)}`;
        out.result = { ok, message: ok ? null : readableMessage(message) };
        const cost = num(e.total_cost_usd);
        if (cost !== undefined) out.cost = { usd: cost, cumulative: true };
      }
      break;
    }
    case 'codex': {
      const id = str(e.thread_id);
      if (id !== undefined) out.agentSessionId = id;
      if (e.type === 'turn.completed') out.result = { ok: true, message: null };
      if (e.type === 'turn.failed') {
        const error = e.error as { message?: unknown } | undefined;
        out.result = { ok: false, message: readableMessage(str(error?.message) ?? 'turn failed') };
      }
      // A stream error (`{"type":"error","message":"Reconnecting... 2/5 (…)"}`) is printed while codex retries;
      // it ends nothing by itself: a run that gives up ends with `turn.failed` or a non-zero exit, whose reason it is.
      if (e.type === 'error') out.error = readableMessage(str(e.message) ?? 'error');
      break;
    }
    case 'gemini': {
      const id = str(e.session_id) ?? str(e.sessionId);
      if (id !== undefined) out.agentSessionId = id;
      if (e.type === 'result') {
        const failed = e.status === 'error' || (e.error !== undefined && e.error !== null);
        const error = e.error as { message?: unknown } | undefined;
        out.result = { ok: !failed, message: failed ? readableMessage(str(error?.message) ?? 'result error') : null };
      }
      break;
    }
    case 'opencode': {
      const id = str(e.sessionID) ?? str(e.session_id);
      if (id !== undefined) out.agentSessionId = id;
      if (e.type === 'step_finish') {
        const part = (e.part ?? {}) as Record<string, unknown>;
        const cost = num(part.cost);
        if (cost !== undefined) out.cost = { usd: cost, cumulative: false };
        if (part.reason === 'stop') out.result = { ok: true, message: null };
      }
      if (e.type === 'error') {
        const error = (e.error ?? {}) as { name?: unknown; data?: { message?: unknown } };
        out.result = { ok: false, message: readableMessage(str(error.data?.message) ?? str(error.name) ?? 'error') };
      }
      break;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}
