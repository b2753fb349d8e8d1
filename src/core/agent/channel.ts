/**
 * The page-side protocol of the signing agent: the messages a web page and Sigvault's bridge content
 * script exchange with `window.postMessage` on one window, and their validation. The bridge relays a
 * page request to the background (which checks the sender's real origin, never one the page claims)
 * and posts the answer back. Documented in docs/protocol.md ("Signing agent: the page channel").
 *
 * Page → bridge: `{ channel: 'sigvault-agent/1', id, type: 'hello' | 'sign' | 'presign', ...request }`.
 * Bridge → page: `{ channel, id, type: 'ack' }` at once (the client's sign that a bridge is there),
 * then `{ channel, id, type: 'reply', ok: true, result }` or `{ …, ok: false, error: { code, message } }`.
 * Pure: no browser API.
 * @module
 */

import { utf8Encode } from '../bytes.ts';
import { AGENT_CHANNEL } from './envelope.ts';

export { AGENT_CHANNEL, isAgentEnvelope, type AgentEnvelope } from './envelope.ts';

/** The codes a page may see (a stable, public contract; the client's `Error.code`). */
export const AGENT_ERROR_CODES = ['NOT_AVAILABLE', 'NOT_APPROVED', 'DENIED', 'HOST_NOT_ALLOWED', 'RATE_LIMITED', 'LOCKED', 'INVALID_INPUT'] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

/** An error meant for the page: its code and a message that names no secret. */
export class AgentError extends Error {
  readonly code: AgentErrorCode;
  constructor(code: AgentErrorCode, message: string) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
  }
}

export interface AgentSignRequest {
  type: 'sign';
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** An identity id or label among those granted to the origin; absent = the origin's latest grant. */
  identity?: string;
  /** Signing name and region, for hosts that name none (a custom endpoint such as LocalStack). */
  service?: string;
  region?: string;
}

export interface AgentPresignRequest {
  type: 'presign';
  method: string;
  url: string;
  /** Seconds (1 – 604800); capped further by the credentials' remaining life. */
  expiresIn: number;
  identity?: string;
  service?: string;
  region?: string;
}

export type AgentRequest = { type: 'hello' } | AgentSignRequest | AgentPresignRequest;

export interface AgentSignResult {
  method: string;
  url: string;
  headers: Record<string, string>;
}
export interface AgentPresignResult {
  url: string;
  expiresAt: number;
}
export interface AgentHelloResult {
  version: 1;
}

export type AgentReply =
  | { ok: true; result: AgentSignResult | AgentPresignResult | AgentHelloResult }
  | { ok: false; error: { code: AgentErrorCode; message: string } };

/** The envelope the bridge sends to the background (runtime messaging): one page request. */
/** Largest body a page may have signed: 1 MiB of text, as the request console. */
export const AGENT_BODY_MAX = 1024 * 1024;

function bad(message: string): AgentError {
  return new AgentError('INVALID_INPUT', message);
}

function optionalText(r: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = r[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) throw bad(`${field} must be text of at most ${max} characters.`);
  return v;
}

function requireText(r: Record<string, unknown>, field: string, max: number): string {
  const v = optionalText(r, field, max);
  if (v === undefined || v.trim() === '') throw bad(`${field} is required.`);
  return v;
}

/**
 * Checks a page request (what the bridge relayed; anything a page wrote). Unknown fields are ignored,
 * wrong ones are INVALID_INPUT. The URL must be absolute http(s).
 */
export function parseAgentRequest(raw: unknown): AgentRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('The request must be an object.');
  const r = raw as Record<string, unknown>;
  const type = r['type'];
  if (type === 'hello') return { type: 'hello' };
  if (type !== 'sign' && type !== 'presign') throw bad('type must be sign, presign or hello.');
  const method = requireText(r, 'method', 16).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw bad('method must be an HTTP method such as GET, POST or PUT.');
  const url = requireText(r, 'url', 8192).trim();
  if (!/^https?:\/\/[^/?#\s]+/i.test(url)) throw bad('url must be an absolute http(s):// URL.');
  const identity = optionalText(r, 'identity', 256);
  const service = optionalText(r, 'service', 64);
  const region = optionalText(r, 'region', 32);
  const common = { method, url, ...(identity !== undefined ? { identity } : {}), ...(service !== undefined ? { service } : {}), ...(region !== undefined ? { region } : {}) };
  if (type === 'presign') {
    const expiresIn = r['expiresIn'];
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
      throw bad('expiresIn must be a whole number of seconds from 1 to 604800 (7 days).');
    }
    return { type, ...common, expiresIn };
  }
  const h = r['headers'];
  let headers: Record<string, string> | undefined;
  if (h !== undefined && h !== null) {
    if (typeof h !== 'object' || Array.isArray(h)) throw bad('headers must be an object of header names to text values.');
    const entries = Object.entries(h);
    if (entries.length > 100) throw bad('At most 100 headers.');
    headers = {};
    for (const [k, v] of entries) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/.test(k)) throw bad(`Header name ${k.slice(0, 64)} is not valid.`);
      if (typeof v !== 'string' || v.length > 8192) throw bad(`Header ${k} must have a text value of at most 8192 characters.`);
      headers[k] = v;
    }
  }
  const body = optionalText(r, 'body', AGENT_BODY_MAX);
  if (body !== undefined && utf8Encode(body).byteLength > AGENT_BODY_MAX) throw bad('The body is over 1 MiB.');
  if (body && (method === 'GET' || method === 'HEAD')) throw bad(`A ${method} request cannot have a body.`);
  return { type, ...common, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) };
}

/** A reply for the page from anything thrown: an AgentError keeps its code; anything else is NOT_AVAILABLE with a generic message. */
export function agentErrorReply(e: unknown): AgentReply {
  if (e instanceof AgentError) return { ok: false, error: { code: e.code, message: e.message } };
  return { ok: false, error: { code: 'NOT_AVAILABLE', message: 'Sigvault could not sign this request.' } };
}
