import { describe, expect, it } from 'vitest';
import { AGENT_CHANNEL, AgentError, agentErrorReply, isAgentEnvelope, parseAgentRequest } from './channel.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AgentError ? e.code : 'other';
  }
  return undefined;
}

describe('parseAgentRequest', () => {
  it('accepts hello, sign and presign, upper-casing the method and keeping only known fields', () => {
    expect(parseAgentRequest({ type: 'hello', extra: 1 })).toEqual({ type: 'hello' });
    expect(parseAgentRequest({ type: 'sign', method: 'post', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'x' }, body: 'Action=GetCallerIdentity', identity: 'dev', secret: 'x' }))
      .toEqual({ type: 'sign', method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'x' }, body: 'Action=GetCallerIdentity', identity: 'dev' });
    expect(parseAgentRequest({ type: 'presign', method: 'GET', url: 'https://b.s3.amazonaws.com/k', expiresIn: 60, service: 's3', region: 'us-east-1' }))
      .toEqual({ type: 'presign', method: 'GET', url: 'https://b.s3.amazonaws.com/k', expiresIn: 60, service: 's3', region: 'us-east-1' });
  });

  it.each([
    ['not an object', 'x'],
    ['an array', []],
    ['an unknown type', { type: 'steal' }],
    ['no method', { type: 'sign', url: 'https://a.amazonaws.com/' }],
    ['a bad method', { type: 'sign', method: 'G E T', url: 'https://a.amazonaws.com/' }],
    ['no url', { type: 'sign', method: 'GET' }],
    ['a relative url', { type: 'sign', method: 'GET', url: '/x' }],
    ['a javascript: url', { type: 'sign', method: 'GET', url: 'javascript:alert(1)' }],
    ['headers as an array', { type: 'sign', method: 'GET', url: 'https://a.amazonaws.com/', headers: ['a'] }],
    ['a header value that is not text', { type: 'sign', method: 'GET', url: 'https://a.amazonaws.com/', headers: { a: 1 } }],
    ['a bad header name', { type: 'sign', method: 'GET', url: 'https://a.amazonaws.com/', headers: { 'a b': 'x' } }],
    ['a GET body', { type: 'sign', method: 'GET', url: 'https://a.amazonaws.com/', body: 'x' }],
    ['a body over 1 MiB', { type: 'sign', method: 'PUT', url: 'https://a.amazonaws.com/', body: 'é'.repeat(600_000) }],
    ['no expiresIn', { type: 'presign', method: 'GET', url: 'https://a.amazonaws.com/' }],
    ['expiresIn 0', { type: 'presign', method: 'GET', url: 'https://a.amazonaws.com/', expiresIn: 0 }],
    ['expiresIn over 7 days', { type: 'presign', method: 'GET', url: 'https://a.amazonaws.com/', expiresIn: 604_801 }],
    ['identity not text', { type: 'sign', method: 'GET', url: 'https://a.amazonaws.com/', identity: 5 }],
  ])('refuses %s with INVALID_INPUT', (_name, raw) => {
    expect(code(() => parseAgentRequest(raw))).toBe('INVALID_INPUT');
  });
});

describe('agent envelopes and replies', () => {
  it('recognises only the bridge envelope', () => {
    expect(isAgentEnvelope({ agent: AGENT_CHANNEL, request: {} })).toBe(true);
    expect(isAgentEnvelope({ agent: 'sigvault-agent/2' })).toBe(false);
    expect(isAgentEnvelope({ type: 'vault.status' })).toBe(false);
    expect(isAgentEnvelope(null)).toBe(false);
  });

  it('keeps an AgentError code and hides any other error text', () => {
    expect(agentErrorReply(new AgentError('RATE_LIMITED', 'slow down'))).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
    const r = agentErrorReply(new Error('secret wJalrXUtnFEMI'));
    expect(r).toEqual({ ok: false, error: { code: 'NOT_AVAILABLE', message: 'Sigvault could not sign this request.' } });
  });
});
