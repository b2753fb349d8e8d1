/**
 * The request console's history: the last {@link HISTORY_MAX} requests sent, newest first, with no
 * secret in them — no `Authorization`, `X-Amz-Security-Token` or `X-Amz-Date` header, no SigV4 query
 * parameter (a pasted presigned URL loses its signature and token), and a request body only up to
 * {@link HISTORY_BODY_MAX} bytes (larger ones are dropped, `bodyOmitted: true`). Responses are not kept.
 * The background stores the list sealed in the vault. Pure.
 * @module
 */
import { utf8Encode } from '../bytes.ts';

export const HISTORY_MAX = 50;
/** 64 KiB: bodies larger than this are not kept. */
export const HISTORY_BODY_MAX = 64 * 1024;

export interface HistoryEntry {
  /** When it was sent (ms since the epoch). */
  at: number;
  identityId: string;
  method: string;
  url: string;
  service: string;
  region: string;
  /** Present when it was signed with SigV4a (then `regionSet` is what was signed, and `region` was not). */
  signingAlgorithm?: 'sigv4a';
  /** SigV4a: the region set signed. */
  regionSet?: string;
  /** The caller's headers, minus the signing ones. */
  headers: Record<string, string>;
  body?: string;
  /** The body was over 64 KiB and is not kept. */
  bodyOmitted?: boolean;
  /** The HTTP status, when an answer came. */
  status?: number;
  durationMs?: number;
  /** The error code, when none came (NETWORK, …). */
  errorCode?: string;
}

const DROP_HEADERS = new Set(['authorization', 'x-amz-security-token', 'x-amz-date', 'cookie']);
const DROP_QUERY = new Set(['x-amz-signature', 'x-amz-security-token', 'x-amz-credential']);

/** The URL without SigV4 authentication parameters (and without a fragment). */
export function historyUrl(url: string): string {
  const hash = url.indexOf('#');
  const noFrag = hash < 0 ? url : url.slice(0, hash);
  const q = noFrag.indexOf('?');
  if (q < 0) return noFrag;
  const kept = noFrag.slice(q + 1).split('&').filter((part) => {
    if (part === '') return false;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch { /* keep the raw name */ }
    return !DROP_QUERY.has(decoded.toLowerCase());
  });
  return noFrag.slice(0, q) + (kept.length ? '?' + kept.join('&') : '');
}

function utf8Length(s: string): number {
  return utf8Encode(s).byteLength;
}

/** A history entry for a request: signing headers and parameters dropped, a large body omitted. */
export function historyEntry(req: {
  at: number; identityId: string; method: string; url: string; service: string; region: string;
  headers?: Record<string, string>; body?: string; status?: number; durationMs?: number; errorCode?: string;
  /** SigV4a's region set, when the request was signed with SigV4a. */
  regionSet?: string;
}): HistoryEntry {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (!DROP_HEADERS.has(k.toLowerCase())) headers[k] = v;
  const e: HistoryEntry = { at: req.at, identityId: req.identityId, method: req.method, url: historyUrl(req.url), service: req.service, region: req.region, headers };
  if (req.regionSet !== undefined) {
    e.signingAlgorithm = 'sigv4a';
    e.regionSet = req.regionSet;
  }
  if (req.body !== undefined && req.body !== '') {
    if (req.body.length > HISTORY_BODY_MAX || utf8Length(req.body) > HISTORY_BODY_MAX) e.bodyOmitted = true;
    else e.body = req.body;
  }
  if (req.status !== undefined) e.status = req.status;
  if (req.durationMs !== undefined) e.durationMs = req.durationMs;
  if (req.errorCode !== undefined) e.errorCode = req.errorCode;
  return e;
}

/** `entry` first, then the rest, at most {@link HISTORY_MAX}. */
export function addToHistory(list: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...list].slice(0, HISTORY_MAX);
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored list read back: anything malformed is dropped, and every entry passes through {@link historyEntry} again. */
export function parseHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  const out: HistoryEntry[] = [];
  for (const v of value.slice(0, HISTORY_MAX)) {
    if (typeof v !== 'object' || v === null) continue;
    const r = v as Record<string, unknown>;
    if (!isNum(r['at']) || !isStr(r['identityId']) || !isStr(r['method']) || !isStr(r['url']) || !isStr(r['service']) || !isStr(r['region'])) continue;
    const headers: Record<string, string> = {};
    if (typeof r['headers'] === 'object' && r['headers'] !== null) {
      for (const [k, hv] of Object.entries(r['headers'] as object)) if (isStr(hv)) headers[k] = hv;
    }
    const e = historyEntry({
      at: r['at'], identityId: r['identityId'], method: r['method'], url: r['url'], service: r['service'], region: r['region'], headers,
      ...(isStr(r['body']) ? { body: r['body'] } : {}),
      ...(isNum(r['status']) ? { status: r['status'] } : {}),
      ...(isNum(r['durationMs']) ? { durationMs: r['durationMs'] } : {}),
      ...(isStr(r['errorCode']) ? { errorCode: r['errorCode'] } : {}),
      ...(r['signingAlgorithm'] === 'sigv4a' && isStr(r['regionSet']) ? { regionSet: r['regionSet'] } : {}),
    });
    if (r['bodyOmitted'] === true) e.bodyOmitted = true;
    out.push(e);
  }
  return out;
}
