import { describe, expect, it } from 'vitest';
import { readAgentEvent } from './agent-events.ts';

describe('readAgentEvent', () => {
  it('reads claude’s init and result events, cost included', () => {
    expect(readAgentEvent('claude', '{"type":"system","subtype":"init","session_id":"abc"}')).toEqual({ agentSessionId: 'abc' });
    expect(readAgentEvent('claude', '{"type":"result","subtype":"success","is_error":false,"total_cost_usd":1.5,"session_id":"abc"}')).toEqual({
      agentSessionId: 'abc',
      result: { ok: true, message: null },
      cost: { usd: 1.5, cumulative: true },
    });
    expect(readAgentEvent('claude', '{"type":"result","subtype":"error_max_turns","is_error":true,"total_cost_usd":2,"errors":["max turns"]}')).toEqual({
      result: { ok: false, message: 'max turns' },
      cost: { usd: 2, cumulative: true },
    });
    expect(readAgentEvent('claude', '{"type":"assistant","message":{}}')).toBeNull();
    expect(readAgentEvent('claude', 'not json')).toBeNull();
  });

  it('reads codex, gemini and opencode results', () => {
    expect(readAgentEvent('codex', '{"type":"thread.started","thread_id":"t1"}')).toEqual({ agentSessionId: 't1' });
    expect(readAgentEvent('codex', '{"type":"turn.completed","usage":{}}')).toEqual({ result: { ok: true, message: null } });
    expect(readAgentEvent('codex', '{"type":"turn.failed","error":{"message":"rate limit"}}')).toEqual({ result: { ok: false, message: 'rate limit' } });
    expect(readAgentEvent('gemini', '{"type":"result","status":"success","stats":{}}')).toEqual({ result: { ok: true, message: null } });
    expect(readAgentEvent('opencode', '{"type":"step_finish","part":{"reason":"tool-calls","cost":0.1}}')).toEqual({ cost: { usd: 0.1, cumulative: false } });
    expect(readAgentEvent('opencode', '{"type":"step_finish","part":{"reason":"stop","cost":0.2}}')).toEqual({ cost: { usd: 0.2, cumulative: false }, result: { ok: true, message: null } });
  });

  it('reads a codex error event as an error on the way (codex prints them while it retries), and opencode\'s as a failed result', () => {
    expect(readAgentEvent('codex', '{"type":"error","message":"Reconnecting... waiting for network (Connection failed: error sending request)"}')).toEqual({
      error: 'Reconnecting... waiting for network (Connection failed: error sending request)',
    });
    expect(readAgentEvent('opencode', '{"type":"error","sessionID":"ses_1","error":{"name":"ProviderAuthError","data":{"message":"no key"}}}')).toEqual({
      agentSessionId: 'ses_1',
      result: { ok: false, message: 'no key' },
    });
    expect(readAgentEvent('opencode', '{"type":"error","error":{"name":"UnknownError"}}')).toEqual({ result: { ok: false, message: 'UnknownError' } });
  });

  it('makes a long or multi-line error message one line of at most 300 characters, cut at a word', () => {
    const long = `API Error: 400 ${'{"type":"error","error":{"message":"prompt is too long"}} '.repeat(10)}`;
    const event = readAgentEvent('claude', JSON.stringify({ type: 'result', subtype: 'success', is_error: true, result: `${long}\nsecond line` }));
    const message = event?.result?.message ?? '';
    expect(message.startsWith('API Error: 400 {"type":"error"')).toBe(true);
    expect(message.endsWith('…')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(298);
    expect(message).not.toContain('\n');
  });

  it('takes the message out of an API error body that codex passes on as its error', () => {
    const body = JSON.stringify({ error: { message: 'messages: text content blocks must be non-empty', type: 'invalid_request_error' } });
    expect(readAgentEvent('codex', JSON.stringify({ type: 'turn.failed', error: { message: body } }))).toEqual({
      result: { ok: false, message: 'messages: text content blocks must be non-empty' },
    });
  });
});
