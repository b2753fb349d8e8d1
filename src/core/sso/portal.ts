/**
 * IAM Identity Center access-portal client (`sso`, 2019-06-10): ListAccounts, ListAccountRoles (every
 * page), GetRoleCredentials, Logout, and {@link PortalClient.listAssignments} (all accounts, then each
 * account's roles with bounded concurrency). Unsigned; the access token goes in the header
 * `x-amz-sso_bearer_token` (underscore). `https://portal.sso.<region>.amazonaws.com/` or the
 * `portalEndpoint` override (./endpoints.ts). Every exchange through ../http/exchange.ts with the
 * caller's `signal`.
 *
 * - Paging: `max_result` (1–100, default 100) and `next_token` until `nextToken` is absent/null; a
 *   repeated token is an error (a looping server would never end).
 * - Throttling: HTTP 429 / `TooManyRequestsException` (and 500/502/503/504) → retry after a full-jitter
 *   exponential pause (`random() × min(maxDelay, base × 2^attempt)`), or `Retry-After` (seconds or an
 *   HTTP date, capped at `maxDelayMs × 4`) when the server sends one; at most `maxRetries` retries.
 * - 401 `UnauthorizedException` ("Session token not found or invalid") → SsoError `sign-in-again`.
 * - GetRoleCredentials' `expiration` is epoch MILLISECONDS (README quirk); a value that can only be
 *   seconds (< 10^11) is read as seconds.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { exchange, type HttpFetch } from '../http/exchange.ts';
import { validateRegion } from '../sts/partition.ts';
import type { TemporaryCredentials } from '../sts/types.ts';
import { portalBaseUrl, queryString } from './endpoints.ts';
import { defaultSleep, pause } from '../http/pause.ts';
import { SsoError, cleanSsoMessage, parseSsoErrorBody } from './errors.ts';

export interface PortalClientOptions {
  fetch: HttpFetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** The `portalEndpoint` setting: a base URL used instead of `https://portal.sso.<region>.amazonaws.com`. */
  endpoint?: string;
  signal?: AbortSignal;
  /** Retries for throttling and 5xx per request (default 8). */
  maxRetries?: number;
  /** First backoff ceiling, ms (default 250); doubles per retry. */
  baseDelayMs?: number;
  /** Backoff ceiling, ms (default 10000). */
  maxDelayMs?: number;
  /** `max_result` asked for (1–100, default 100). */
  pageSize?: number;
  timeoutMs?: number;
  /** Largest answer accepted (default 1 MiB). */
  maxResponseBytes?: number;
}

export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

export interface Assignment extends PortalAccount {
  roles: string[];
}

export interface ListAssignmentsOptions {
  /** Accounts whose roles are listed at the same time (1–32, default 6). */
  concurrency?: number;
  /** After the account list (done 0) and after each account's roles. */
  onProgress?: (p: { done: number; total: number }) => void;
}

export interface PortalClient {
  endpointFor(region: string): string;
  listAccounts(accessToken: string, region: string): Promise<PortalAccount[]>;
  listAccountRoles(accessToken: string, region: string, accountId: string): Promise<string[]>;
  getRoleCredentials(accessToken: string, region: string, accountId: string, roleName: string): Promise<TemporaryCredentials>;
  logout(accessToken: string, region: string): Promise<void>;
  listAssignments(accessToken: string, region: string, options?: ListAssignmentsOptions): Promise<Assignment[]>;
}

export const DEFAULT_CONCURRENCY = 6;
const ACCOUNT_ID = /^\d{12}$/;
/** Permission-set names: 1–32 of `[\w+=,.@-]`; IAM allows 64 for role names: accept 64. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token === '' || token.length > 16384 || /[^\x21-\x7e]/.test(token)) {
    throw invalid('accessToken', 'accessToken must be an Identity Center access token');
  }
  return token;
}

function checkAccountId(v: unknown): string {
  if (typeof v !== 'string' || !ACCOUNT_ID.test(v)) throw invalid('accountId', 'accountId must be 12 digits');
  return v;
}

function checkRoleName(v: unknown): string {
  if (typeof v !== 'string' || !ROLE_NAME.test(v)) throw invalid('roleName', 'roleName must be 1-64 characters of A-Z a-z 0-9 + = , . @ _ -');
  return v;
}

/** `Retry-After` as ms: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,6}$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isFinite(t) && /[A-Za-z]{3},/.test(v)) return Math.max(0, t - now);
  return undefined;
}

/**
 * Create a portal client.
 * @throws SigvaultError INVALID_INPUT for a bad option
 * @example
 * const portal = createPortalClient({ fetch: (u, i) => fetch(u, i), signal });
 * const all = await portal.listAssignments(token.accessToken, 'eu-west-1', { concurrency: 6, onProgress });
 */
export function createPortalClient(options: PortalClientOptions): PortalClient {
  if (typeof options?.fetch !== 'function') throw invalid('fetch', 'fetch must be a function');
  const fetchFn = options.fetch;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const signal = options.signal;
  const endpoint = options.endpoint;
  if (endpoint !== undefined && endpoint !== '') portalBaseUrl('us-east-1', endpoint);
  const maxRetries = options.maxRetries ?? 8;
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw invalid('pageSize', 'pageSize must be 1-100');
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) throw invalid('maxRetries', 'maxRetries must be 0-20');
  const what = 'Identity Center (portal)';
  const exchangeOpts = {
    what,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: options.maxResponseBytes ?? 1024 * 1024,
    ...(signal ? { signal } : {}),
  };
  const endpointFor = (region: string): string => portalBaseUrl(region, endpoint);

  const bad = (operation: string, detail: string, status = 200): SsoError =>
    new SsoError({ service: 'portal', operation, awsCode: 'InvalidResponse', awsMessage: `unexpected response: ${detail}`, httpStatus: status });

  /** One request with retries; the parsed JSON object of a 2xx answer (or {} for an empty body). */
  async function call(operation: string, method: 'GET' | 'POST', region: string, path: string, query: Record<string, string>, token: string): Promise<Record<string, unknown>> {
    const qs = queryString(query);
    const url = endpointFor(region) + path + (qs ? `?${qs}` : '');
    let attempt = 0;
    for (;;) {
      const res = await exchange(fetchFn, url, { method, headers: { 'x-amz-sso_bearer_token': token, ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) } }, exchangeOpts);
      if (res.status >= 200 && res.status < 300) {
        if (res.text.trim() === '') return {};
        let j: unknown;
        try {
          j = JSON.parse(res.text);
        } catch {
          throw bad(operation, 'the body is not JSON', res.status);
        }
        if (!j || typeof j !== 'object' || Array.isArray(j)) throw bad(operation, 'the body is not a JSON object', res.status);
        return j as Record<string, unknown>;
      }
      const failure = parseSsoErrorBody(res.text, res.headers.get('x-amzn-ErrorType'));
      const awsCode = failure?.awsCode ?? (res.status === 429 ? 'TooManyRequestsException' : res.status === 401 ? 'UnauthorizedException' : res.status >= 500 ? 'InternalServerException' : 'InvalidResponse');
      const retryable = res.status === 429 || awsCode === 'TooManyRequestsException' || res.status === 500 || res.status === 502 || res.status === 503 || res.status === 504;
      if (retryable && attempt < maxRetries) {
        const ceiling = Math.min(maxDelay, baseDelay * 2 ** attempt);
        const after = retryAfterMs(res.headers.get('retry-after'), now());
        const wait = after !== undefined ? Math.min(after, maxDelay * 4) : Math.floor(random() * ceiling);
        attempt++;
        await pause(sleep, wait, signal, what);
        continue;
      }
      throw new SsoError({
        service: 'portal',
        operation,
        awsCode,
        awsMessage: failure ? cleanSsoMessage(failure.awsMessage, [token]) : `HTTP ${res.status} without an Identity Center error body`,
        httpStatus: res.status,
      });
    }
  }

  /** Every page of a list: `items` read from each page by `read`. */
  async function pages<T>(operation: string, region: string, path: string, query: Record<string, string>, token: string, listKey: string, read: (item: unknown) => T): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined;
    for (;;) {
      const q: Record<string, string> = { ...query, max_result: String(pageSize) };
      if (next !== undefined) q['next_token'] = next;
      const j = await call(operation, 'GET', region, path, q, token);
      const list = j[listKey];
      if (list !== undefined && list !== null && !Array.isArray(list)) throw bad(operation, `${listKey} is not a list`);
      for (const item of (list as unknown[] | undefined) ?? []) out.push(read(item));
      const nt = j['nextToken'];
      if (nt === undefined || nt === null || nt === '') return out;
      if (typeof nt !== 'string' || nt.length > 8192) throw bad(operation, 'nextToken is not a string');
      if (seen.has(nt)) throw bad(operation, 'the same nextToken came back twice (the listing would never end)');
      seen.add(nt);
      next = nt;
    }
  }

  async function listAccounts(accessToken: string, region: string): Promise<PortalAccount[]> {
    checkToken(accessToken);
    validateRegion(region);
    return pages('ListAccounts', region, 'assignment/accounts', {}, accessToken, 'accountList', (item) => {
      const o = item as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || typeof o['accountId'] !== 'string' || !ACCOUNT_ID.test(o['accountId'])) throw bad('ListAccounts', 'an account without a 12-digit accountId');
      const name = typeof o['accountName'] === 'string' ? (o['accountName'] as string).slice(0, 256) : '';
      const acct: PortalAccount = { accountId: o['accountId'], accountName: name };
      if (typeof o['emailAddress'] === 'string' && o['emailAddress'] !== '') acct.emailAddress = (o['emailAddress'] as string).slice(0, 320);
      return acct;
    });
  }

  async function listAccountRoles(accessToken: string, region: string, accountId: string): Promise<string[]> {
    checkToken(accessToken);
    validateRegion(region);
    checkAccountId(accountId);
    return pages('ListAccountRoles', region, 'assignment/roles', { account_id: accountId }, accessToken, 'roleList', (item) => {
      const o = item as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || typeof o['roleName'] !== 'string' || !ROLE_NAME.test(o['roleName'])) throw bad('ListAccountRoles', 'a role without a valid roleName');
      return o['roleName'];
    });
  }

  async function getRoleCredentials(accessToken: string, region: string, accountId: string, roleName: string): Promise<TemporaryCredentials> {
    checkToken(accessToken);
    validateRegion(region);
    checkAccountId(accountId);
    checkRoleName(roleName);
    const j = await call('GetRoleCredentials', 'GET', region, 'federation/credentials', { account_id: accountId, role_name: roleName }, accessToken);
    const rc = j['roleCredentials'] as Record<string, unknown> | undefined;
    if (!rc || typeof rc !== 'object') throw bad('GetRoleCredentials', 'roleCredentials is missing');
    const s = (k: string): string => {
      const v = rc[k];
      if (typeof v !== 'string' || v === '' || v.length > 8192) throw bad('GetRoleCredentials', `${k} is missing`);
      return v;
    };
    const accessKeyId = s('accessKeyId');
    if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) throw bad('GetRoleCredentials', 'accessKeyId is not an access key id');
    const exp = rc['expiration'];
    if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) throw bad('GetRoleCredentials', 'expiration is not a number');
    // Epoch milliseconds (observed); a value below 10^11 cannot be ms of this century: seconds.
    const expiration = exp < 1e11 ? exp * 1000 : exp;
    return { accessKeyId, secretAccessKey: s('secretAccessKey'), sessionToken: s('sessionToken'), expiration };
  }

  async function logout(accessToken: string, region: string): Promise<void> {
    checkToken(accessToken);
    validateRegion(region);
    await call('Logout', 'POST', region, 'logout', {}, accessToken);
  }

  async function listAssignments(accessToken: string, region: string, opts: ListAssignmentsOptions = {}): Promise<Assignment[]> {
    checkToken(accessToken);
    validateRegion(region);
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw invalid('concurrency', 'concurrency must be 1-32');
    if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw invalid('onProgress', 'onProgress must be a function');
    const accounts = await listAccounts(accessToken, region);
    // The same account listed twice (a paging glitch) is listed once.
    const unique = [...new Map(accounts.map((a) => [a.accountId, a])).values()];
    const total = unique.length;
    const out: Assignment[] = unique.map((a) => ({ ...a, roles: [] }));
    let done = 0;
    opts.onProgress?.({ done, total });
    let nextIndex = 0;
    let failure: unknown;
    async function worker(): Promise<void> {
      while (failure === undefined && nextIndex < total) {
        const i = nextIndex++;
        try {
          const roles = await listAccountRoles(accessToken, region, unique[i]!.accountId);
          out[i]!.roles = [...new Set(roles)];
        } catch (e) {
          if (failure === undefined) failure = e;
          return;
        }
        done++;
        try {
          opts.onProgress?.({ done, total });
        } catch (e) {
          if (failure === undefined) failure = e;
          return;
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, () => worker()));
    if (failure !== undefined) throw failure;
    return out;
  }

  return { endpointFor, listAccounts, listAccountRoles, getRoleCredentials, logout, listAssignments };
}
