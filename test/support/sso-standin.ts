/**
 * IAM Identity Center stand-in for tests: a Node HTTP server on 127.0.0.1 playing the OIDC service
 * (base path `/oidc`) and the access-portal API (base path `/portal`) as the API references document
 * them (../shared/aws-examples/sso/api-syntax.md): status codes, JSON shapes, RFC 6749 error bodies with
 * `x-amzn-ErrorType` for OIDC, `{"message","__type"}` bodies for the portal.
 *
 * GetRoleCredentials mints credentials through the STS stand-in (`issueRoleSession`) for
 * `arn:aws:iam::<account>:role/AWSReservedSSO_<role>_<hex16>` with the user's email as session name, so
 * they work for GetCallerIdentity, chained AssumeRole and console sign-in there.
 *
 * Test controls: assignments (`setAssignments(1000, 3)`), server page size, device authorization with
 * a verification page (Allow / Deny buttons) or `approve()`/`deny()`, `slowDownNext`, expired device
 * codes, refresh tokens (`expireRefreshTokens`), access-token expiry (`expireAccessTokens` → 401),
 * PKCE `/oidc/authorize` (302 to the loopback redirect URI), 429 injection (`throttleNext`,
 * `throttleRate`), and a request log (`count(path)`).
 *
 * CLI: `npx tsx test/support/sso-standin.ts [--port N] [--sts-port N] [--accounts N] [--roles N]`
 * starts an STS stand-in too and prints both URLs. No CORS (the extension background is not bound by it).
 */

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startStandin, type Standin } from './sts-standin.ts';

export interface SsoStandinAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

export interface SsoStandinOptions {
  /** The STS stand-in that mints role credentials. */
  sts: Standin;
  port?: number;
  /** Start URLs this instance answers to (default `https://d-1234567890.awsapps.com/start`). */
  startUrls?: string[];
  /** Largest page the portal returns, whatever `max_result` asks (default 100). */
  maxPageSize?: number;
  /** Device code lifetime, seconds (default 600). */
  deviceExpiresIn?: number;
  /** Poll interval, seconds (default 1). */
  deviceInterval?: number;
  /** Access-token lifetime, seconds (default 3600). */
  accessTokenSeconds?: number;
  /** Role session length (the permission set's session duration), seconds (default 3600). */
  roleSessionSeconds?: number;
  /** The user who approves on the verification page (default `user@example.com`). */
  userEmail?: string;
  /** Seed for throttleRate's PRNG (default 1). */
  seed?: number;
  log?: boolean;
}

export interface SsoStandinRequest {
  method: string;
  path: string;
  status: number;
}

export interface SsoStandin {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `<url>/oidc`: the `oidcEndpoint` setting. */
  oidcEndpoint: string;
  /** `<url>/portal`: the `portalEndpoint` setting. */
  portalEndpoint: string;
  startUrl: string;
  port: number;
  stop(): Promise<void>;
  setAccounts(accounts: SsoStandinAccount[]): void;
  /** `n` accounts `100000000000 + i` named `Account 0001`…, each with `roles` (a count or names). */
  setAssignments(n: number, roles: number | string[]): SsoStandinAccount[];
  accounts(): SsoStandinAccount[];
  setMaxPageSize(n: number): void;
  /** Device flow: approve / deny a pending user code (as the verification page does). */
  approve(userCode: string, email?: string): void;
  deny(userCode: string): void;
  /** The next `n` device-code polls answer slow_down. */
  slowDownNext(n: number): void;
  /** Every pending device code expires now. */
  expireDeviceCodes(): void;
  expireAccessTokens(): void;
  expireRefreshTokens(): void;
  /** The authorize endpoint redirects with error=access_denied instead of a code. */
  setAuthorizeDenies(deny: boolean): void;
  /** The next `n` portal requests answer 429 TooManyRequestsException (with Retry-After if given). */
  throttleNext(n: number, retryAfterSeconds?: number): void;
  /** Every portal request is throttled with probability `rate` (seeded PRNG; 0 turns it off). */
  throttleRate(rate: number): void;
  /** Requests by path (query dropped), optionally by status. */
  count(path?: string, status?: number): number;
  requests: SsoStandinRequest[];
  resetLog(): void;
  /** Device authorizations issued (user codes), newest last. */
  userCodes(): string[];
  /** Every secret it handed out (client secrets, device codes, access and refresh tokens): tests look for leaks. */
  issuedSecrets(): string[];
  /** Clients registered. */
  clients(): Array<{ clientId: string; clientName: string; grantTypes: string[]; redirectUris: string[]; scopes: string[] }>;
  /** Hex id in the role ARN for `<account>/<role>`. */
  roleArn(accountId: string, roleName: string): string;
}

const OIDC_NS = 'http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';
const OIDC_ERRORS: Record<string, { exception: string; status: number }> = {
  access_denied: { exception: 'AccessDeniedException', status: 400 },
  authorization_pending: { exception: 'AuthorizationPendingException', status: 400 },
  expired_token: { exception: 'ExpiredTokenException', status: 400 },
  server_error: { exception: 'InternalServerException', status: 500 },
  invalid_client: { exception: 'InvalidClientException', status: 401 },
  invalid_client_metadata: { exception: 'InvalidClientMetadataException', status: 400 },
  invalid_grant: { exception: 'InvalidGrantException', status: 400 },
  invalid_redirect_uri: { exception: 'InvalidRedirectUriException', status: 400 },
  invalid_request: { exception: 'InvalidRequestException', status: 400 },
  invalid_scope: { exception: 'InvalidScopeException', status: 400 },
  slow_down: { exception: 'SlowDownException', status: 400 },
  unauthorized_client: { exception: 'UnauthorizedClientException', status: 400 },
  unsupported_grant_type: { exception: 'UnsupportedGrantTypeException', status: 400 },
};
const PORTAL_ERRORS: Record<string, number> = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
};

interface Client {
  clientId: string;
  clientSecret: string;
  clientName: string;
  grantTypes: string[];
  redirectUris: string[];
  scopes: string[];
  issuerUrl?: string;
  secretExpiresAt: number; // ms
}
interface DeviceAuth {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  email?: string;
}
interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  email: string;
  expiresAt: number;
  used: boolean;
}

function opaque(prefix: string, bytes = 48): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

function userCodeNew(): string {
  const A = 'BCDFGHJKLMNPQRSTVWXZ0123456789';
  const pick = () => A[randomBytes(1)[0]! % A.length]!;
  return `${pick()}${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}${pick()}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** mulberry32: a small seeded PRNG, so a throttled run is repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Loopback redirect URIs match ignoring the port (RFC 8252 §7.3); the registered form may lack a scheme. */
function redirectMatches(registered: string, given: string): boolean {
  const norm = (u: string) => (/^https?:\/\//.test(u) ? u : `http://${u}`).replace(/^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost))(:\d+|:PORT)?/, '$1');
  return norm(registered) === norm(given);
}

export async function startSsoStandin(opts: SsoStandinOptions): Promise<SsoStandin> {
  const sts = opts.sts;
  const startUrls = new Set((opts.startUrls ?? ['https://d-1234567890.awsapps.com/start']).map((u) => u.replace(/\/+$/, '')));
  let maxPageSize = opts.maxPageSize ?? 100;
  const deviceExpiresIn = opts.deviceExpiresIn ?? 600;
  const deviceInterval = opts.deviceInterval ?? 1;
  const accessTokenSeconds = opts.accessTokenSeconds ?? 3600;
  const roleSessionSeconds = opts.roleSessionSeconds ?? 3600;
  const defaultEmail = opts.userEmail ?? 'user@example.com';
  const random = prng(opts.seed ?? 1);
  const clock = () => sts.now();

  let accounts: SsoStandinAccount[] = [
    { accountId: '111122223333', accountName: 'Production', emailAddress: 'prod-admin@example.com', roles: ['AdministratorAccess', 'ReadOnly'] },
    { accountId: '444455556666', accountName: 'Development', emailAddress: 'dev-admin@example.com', roles: ['AdministratorAccess'] },
  ];
  const clients = new Map<string, Client>();
  const devices = new Map<string, DeviceAuth>(); // deviceCode →
  const byUserCode = new Map<string, DeviceAuth>();
  const codes = new Map<string, AuthCode>();
  const accessTokens = new Map<string, { email: string; expiresAt: number }>();
  const refreshTokens = new Map<string, { email: string; clientId: string; valid: boolean }>();
  let slowDowns = 0;
  let throttles = 0;
  let throttleRetryAfter: number | undefined;
  let rate = 0;
  let authorizeDenies = false;
  const requests: SsoStandinRequest[] = [];
  const url = { value: '' };

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'x-amzn-RequestId': randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'), ...headers });
    res.end(text);
  }
  function oidcError(res: ServerResponse, error: string, description: string): void {
    const e = OIDC_ERRORS[error]!;
    sendJson(res, e.status, { error, error_description: description }, { 'x-amzn-ErrorType': `${e.exception}:${OIDC_NS}` });
  }
  function portalError(res: ServerResponse, exception: string, message: string, headers: Record<string, string> = {}): void {
    sendJson(res, PORTAL_ERRORS[exception] ?? 400, { message, __type: `com.amazonaws.switchboard.portal#${exception}` }, { 'x-amzn-ErrorType': exception, ...headers });
  }
  function sendHtml(res: ServerResponse, status: number, title: string, body: string): void {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; form-action 'self'" });
    res.end(html);
  }

  function client(body: Record<string, unknown>): Client | undefined {
    const c = typeof body['clientId'] === 'string' ? clients.get(body['clientId']) : undefined;
    if (!c || c.clientSecret !== body['clientSecret'] || c.secretExpiresAt <= clock()) return undefined;
    return c;
  }

  function issueTokens(email: string, c: Client): Record<string, unknown> {
    const accessToken = opaque('aoa');
    accessTokens.set(accessToken, { email, expiresAt: clock() + accessTokenSeconds * 1000 });
    const out: Record<string, unknown> = { accessToken, expiresIn: accessTokenSeconds, tokenType: 'Bearer' };
    if (c.scopes.includes('sso:account:access')) {
      const refreshToken = opaque('aor');
      refreshTokens.set(refreshToken, { email, clientId: c.clientId, valid: true });
      out['refreshToken'] = refreshToken;
    }
    return out;
  }

  async function handleOidc(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    if (req.method === 'GET' && path === '/authorize') return authorize(res, query);
    if (path === '/device' && (req.method === 'GET' || req.method === 'POST')) return verificationPage(req, res, query);
    if (req.method !== 'POST') return oidcError(res, 'invalid_request', 'Method not allowed');
    let body: Record<string, unknown>;
    try {
      const j: unknown = JSON.parse(await readBody(req));
      if (!j || typeof j !== 'object' || Array.isArray(j)) throw new Error('not an object');
      body = j as Record<string, unknown>;
    } catch {
      return oidcError(res, 'invalid_request', 'Invalid request body');
    }
    if (path === '/client/register') {
      const name = body['clientName'];
      if (typeof name !== 'string' || name === '' || body['clientType'] !== 'public') return oidcError(res, 'invalid_client_metadata', 'Invalid client metadata');
      const grantTypes = Array.isArray(body['grantTypes']) ? (body['grantTypes'] as string[]) : [];
      const redirectUris = Array.isArray(body['redirectUris']) ? (body['redirectUris'] as string[]) : [];
      const scopes = Array.isArray(body['scopes']) ? (body['scopes'] as string[]) : [];
      if (scopes.some((s) => !/^sso:account:access$|^codewhisperer:/.test(s))) return oidcError(res, 'invalid_scope', 'Invalid scope requested');
      if (grantTypes.includes('authorization_code')) {
        if (redirectUris.length === 0 || !redirectUris.every((u) => /^(http:\/\/)?(127\.0\.0\.1|\[::1\])(:\d+)?\//.test(u))) return oidcError(res, 'invalid_redirect_uri', 'Invalid redirect URI');
        const issuer = typeof body['issuerUrl'] === 'string' ? body['issuerUrl'].replace(/\/+$/, '') : '';
        if (!startUrls.has(issuer)) return oidcError(res, 'invalid_request', 'Invalid issuer URL');
      }
      const nowS = Math.floor(clock() / 1000);
      const c: Client = {
        clientId: opaque('_', 24),
        clientSecret: opaque('SECRET', 96),
        clientName: name,
        grantTypes,
        redirectUris,
        scopes,
        secretExpiresAt: (nowS + 90 * 86400) * 1000,
        ...(typeof body['issuerUrl'] === 'string' ? { issuerUrl: body['issuerUrl'] } : {}),
      };
      clients.set(c.clientId, c);
      return sendJson(res, 200, { clientId: c.clientId, clientIdIssuedAt: nowS, clientSecret: c.clientSecret, clientSecretExpiresAt: c.secretExpiresAt / 1000 });
    }
    if (path === '/device_authorization') {
      const c = client(body);
      if (!c) return oidcError(res, 'invalid_client', 'Invalid client provided');
      const startUrl = typeof body['startUrl'] === 'string' ? body['startUrl'].replace(/\/+$/, '') : '';
      if (!startUrls.has(startUrl)) return oidcError(res, 'invalid_request', 'Invalid start URL provided');
      const d: DeviceAuth = { deviceCode: opaque('dc', 48), userCode: userCodeNew(), clientId: c.clientId, startUrl, expiresAt: clock() + deviceExpiresIn * 1000, state: 'pending' };
      devices.set(d.deviceCode, d);
      byUserCode.set(d.userCode, d);
      const verificationUri = `${url.value}/oidc/device`;
      return sendJson(res, 200, {
        deviceCode: d.deviceCode,
        expiresIn: deviceExpiresIn,
        interval: deviceInterval,
        userCode: d.userCode,
        verificationUri,
        verificationUriComplete: `${verificationUri}?user_code=${d.userCode}`,
      });
    }
    if (path === '/token') {
      const c = client(body);
      if (!c) return oidcError(res, 'invalid_client', 'Invalid client provided');
      const grant = body['grantType'];
      if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const d = typeof body['deviceCode'] === 'string' ? devices.get(body['deviceCode']) : undefined;
        if (!d || d.clientId !== c.clientId || d.state === 'used') return oidcError(res, 'invalid_grant', 'Invalid grant provided');
        if (clock() >= d.expiresAt) return oidcError(res, 'expired_token', 'Device code has expired');
        if (d.state === 'denied') return oidcError(res, 'access_denied', 'Access denied');
        if (slowDowns > 0) {
          slowDowns--;
          return oidcError(res, 'slow_down', 'Client is polling too quickly');
        }
        if (d.state === 'pending') return oidcError(res, 'authorization_pending', 'Authorization is still pending');
        d.state = 'used';
        return sendJson(res, 200, issueTokens(d.email ?? defaultEmail, c));
      }
      if (grant === 'refresh_token') {
        const r = typeof body['refreshToken'] === 'string' ? refreshTokens.get(body['refreshToken']) : undefined;
        if (!r || !r.valid || r.clientId !== c.clientId) return oidcError(res, 'invalid_grant', 'Invalid refresh token provided');
        r.valid = false; // rotated
        return sendJson(res, 200, issueTokens(r.email, c));
      }
      if (grant === 'authorization_code') {
        if (!c.grantTypes.includes('authorization_code')) return oidcError(res, 'unauthorized_client', 'Client is not authorized for this grant');
        const a = typeof body['code'] === 'string' ? codes.get(body['code']) : undefined;
        if (!a || a.used || a.clientId !== c.clientId || clock() >= a.expiresAt) return oidcError(res, 'invalid_grant', 'Invalid grant provided');
        if (typeof body['redirectUri'] !== 'string' || body['redirectUri'] !== a.redirectUri) return oidcError(res, 'invalid_grant', 'Invalid grant provided');
        const verifier = typeof body['codeVerifier'] === 'string' ? body['codeVerifier'] : '';
        if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== a.challenge) return oidcError(res, 'invalid_grant', 'Invalid grant provided');
        a.used = true;
        return sendJson(res, 200, issueTokens(a.email, c));
      }
      return oidcError(res, 'unsupported_grant_type', 'Unsupported grant type');
    }
    return oidcError(res, 'invalid_request', 'Unknown operation');
  }

  function authorize(res: ServerResponse, q: URLSearchParams): void {
    const c = clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!c || !c.grantTypes.includes('authorization_code')) return sendHtml(res, 400, 'Error', '<h1>Invalid client</h1>');
    if (!c.redirectUris.some((r) => redirectMatches(r, redirectUri))) return sendHtml(res, 400, 'Error', '<h1>Invalid redirect URI</h1>');
    const state = q.get('state') ?? '';
    const sep = redirectUri.includes('?') ? '&' : '?';
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) {
      res.writeHead(302, { Location: `${redirectUri}${sep}error=invalid_request&error_description=${encodeURIComponent('Invalid authorization request')}&state=${encodeURIComponent(state)}` });
      return void res.end();
    }
    if (authorizeDenies) {
      res.writeHead(302, { Location: `${redirectUri}${sep}error=access_denied&error_description=${encodeURIComponent('Access denied')}&state=${encodeURIComponent(state)}` });
      return void res.end();
    }
    const code = opaque('code', 32);
    codes.set(code, { clientId: c.clientId, redirectUri, challenge: q.get('code_challenge')!, email: defaultEmail, expiresAt: clock() + 300_000, used: false });
    res.writeHead(302, { Location: `${redirectUri}${sep}code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}` });
    res.end();
  }

  async function verificationPage(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req, 4096));
      const d = byUserCode.get(form.get('user_code') ?? '');
      if (!d || d.state !== 'pending' || clock() >= d.expiresAt) return sendHtml(res, 400, 'Sign-in code', '<h1 id="result">This code is not valid or has expired</h1>');
      if (form.get('action') === 'allow') {
        d.state = 'approved';
        d.email = defaultEmail;
        return sendHtml(res, 200, 'Request approved', '<h1 id="result">Request approved</h1><p>You can close this window.</p>');
      }
      d.state = 'denied';
      return sendHtml(res, 200, 'Request denied', '<h1 id="result">Request denied</h1>');
    }
    const code = q.get('user_code') ?? '';
    const d = byUserCode.get(code);
    if (!d || d.state !== 'pending') return sendHtml(res, 404, 'Sign-in code', '<h1 id="result">Unknown or used code</h1>');
    sendHtml(
      res,
      200,
      'Authorize request',
      `<h1>Authorize request</h1><p>Sign in as ${escapeHtml(defaultEmail)}: code <strong id="user-code">${escapeHtml(d.userCode)}</strong></p>` +
        `<form method="post" action="/oidc/device"><input type="hidden" name="user_code" value="${escapeHtml(d.userCode)}">` +
        `<button id="allow" name="action" value="allow" type="submit">Allow</button> <button id="deny" name="action" value="deny" type="submit">Deny</button></form>`,
    );
  }

  function bearer(req: IncomingMessage): { email: string } | undefined {
    const t = req.headers['x-amz-sso_bearer_token'];
    const a = typeof t === 'string' ? accessTokens.get(t) : undefined;
    return a && a.expiresAt > clock() ? a : undefined;
  }

  function page<T>(items: T[], q: URLSearchParams): { slice: T[]; next?: string } | 'bad' {
    const mr = q.get('max_result');
    let size = maxPageSize;
    if (mr !== null) {
      if (!/^\d{1,3}$/.test(mr) || Number(mr) < 1 || Number(mr) > 100) return 'bad';
      size = Math.min(size, Number(mr));
    }
    let start = 0;
    const nt = q.get('next_token');
    if (nt !== null) {
      const m = /^p(\d+)$/.exec(Buffer.from(nt, 'base64url').toString('utf8'));
      if (!m) return 'bad';
      start = Number(m[1]);
    }
    const slice = items.slice(start, start + size);
    return start + size < items.length ? { slice, next: Buffer.from(`p${start + size}`).toString('base64url') } : { slice };
  }

  function handlePortal(req: IncomingMessage, res: ServerResponse, path: string, q: URLSearchParams): void {
    if (throttles > 0 || (rate > 0 && random() < rate)) {
      if (throttles > 0) throttles--;
      return portalError(res, 'TooManyRequestsException', 'Too many requests', throttleRetryAfter !== undefined ? { 'Retry-After': String(throttleRetryAfter) } : {});
    }
    const who = bearer(req);
    if (!who) return portalError(res, 'UnauthorizedException', 'Session token not found or invalid');
    if (req.method === 'GET' && path === '/assignment/accounts') {
      const p = page(accounts, q);
      if (p === 'bad') return portalError(res, 'InvalidRequestException', 'Invalid request');
      return sendJson(res, 200, {
        accountList: p.slice.map((a) => ({ accountId: a.accountId, accountName: a.accountName, ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}) })),
        nextToken: p.next ?? null,
      });
    }
    if (req.method === 'GET' && path === '/assignment/roles') {
      const a = accounts.find((x) => x.accountId === q.get('account_id'));
      if (!a) return portalError(res, 'ResourceNotFoundException', 'Account not found');
      const p = page(a.roles, q);
      if (p === 'bad') return portalError(res, 'InvalidRequestException', 'Invalid request');
      return sendJson(res, 200, { roleList: p.slice.map((roleName) => ({ accountId: a.accountId, roleName })), ...(p.next ? { nextToken: p.next } : {}) });
    }
    if (req.method === 'GET' && path === '/federation/credentials') {
      const a = accounts.find((x) => x.accountId === q.get('account_id'));
      const role = q.get('role_name') ?? '';
      if (!a || !a.roles.includes(role)) return portalError(res, 'ResourceNotFoundException', 'No access');
      const s = sts.issueRoleSession({ roleArn: standin.roleArn(a.accountId, role), sessionName: who.email, durationSeconds: roleSessionSeconds });
      return sendJson(res, 200, { roleCredentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken, expiration: s.expiresAt } });
    }
    if (req.method === 'POST' && path === '/logout') {
      const t = req.headers['x-amz-sso_bearer_token'] as string;
      accessTokens.delete(t);
      res.writeHead(200, { 'Content-Length': '0' });
      return void res.end();
    }
    return portalError(res, 'InvalidRequestException', 'Unknown operation');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const full = req.url ?? '/';
    const qi = full.indexOf('?');
    const path = qi >= 0 ? full.slice(0, qi) : full;
    const query = new URLSearchParams(qi >= 0 ? full.slice(qi + 1) : '');
    res.on('finish', () => requests.push({ method: req.method ?? '', path, status: res.statusCode }));
    if (opts.log) process.stderr.write(`[sso-standin] ${req.method} ${path}\n`);
    if (path.startsWith('/oidc/')) return handleOidc(req, res, path.slice(5), query);
    if (path.startsWith('/portal/')) return handlePortal(req, res, path.slice(7), query);
    if (req.method === 'GET' && path === '/') return sendHtml(res, 200, 'Sigvault Identity Center stand-in', '<h1>Sigvault Identity Center stand-in</h1><p>OIDC at /oidc, portal at /portal.</p>');
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (opts.log) process.stderr.write(`[sso-standin] ${String(e)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url.value = `http://127.0.0.1:${port}`;

  const standin: SsoStandin = {
    url: url.value,
    oidcEndpoint: `${url.value}/oidc`,
    portalEndpoint: `${url.value}/portal`,
    startUrl: [...startUrls][0]!,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    setAccounts(list) {
      for (const a of list) if (!/^\d{12}$/.test(a.accountId)) throw new Error(`bad account id ${a.accountId}`);
      accounts = list.map((a) => ({ ...a, roles: [...a.roles] }));
    },
    setAssignments(n, roles) {
      const names = typeof roles === 'number' ? Array.from({ length: roles }, (_, i) => ['AdministratorAccess', 'ReadOnly', 'PowerUserAccess', 'Billing', 'SecurityAudit'][i] ?? `Role${i + 1}`) : roles;
      const list = Array.from({ length: n }, (_, i) => ({
        accountId: String(100000000000 + i),
        accountName: `Account ${String(i + 1).padStart(4, '0')}`,
        emailAddress: `aws+${i + 1}@example.com`,
        roles: [...names],
      }));
      standin.setAccounts(list);
      return list;
    },
    accounts: () => accounts.map((a) => ({ ...a, roles: [...a.roles] })),
    setMaxPageSize(n) {
      maxPageSize = n;
    },
    approve(userCode, email) {
      const d = byUserCode.get(userCode);
      if (!d || d.state !== 'pending') throw new Error(`no pending device authorization ${userCode}`);
      d.state = 'approved';
      d.email = email ?? defaultEmail;
    },
    deny(userCode) {
      const d = byUserCode.get(userCode);
      if (!d || d.state !== 'pending') throw new Error(`no pending device authorization ${userCode}`);
      d.state = 'denied';
    },
    slowDownNext(n) {
      slowDowns = n;
    },
    expireDeviceCodes() {
      for (const d of devices.values()) d.expiresAt = Math.min(d.expiresAt, clock() - 1);
    },
    expireAccessTokens() {
      for (const a of accessTokens.values()) a.expiresAt = Math.min(a.expiresAt, clock() - 1);
    },
    expireRefreshTokens() {
      for (const r of refreshTokens.values()) r.valid = false;
    },
    setAuthorizeDenies(deny) {
      authorizeDenies = deny;
    },
    throttleNext(n, retryAfterSeconds) {
      throttles = n;
      throttleRetryAfter = retryAfterSeconds;
    },
    throttleRate(r) {
      rate = r;
    },
    count(path, status) {
      return requests.filter((r) => (path === undefined || r.path === path) && (status === undefined || r.status === status)).length;
    },
    resetLog() {
      requests.length = 0;
    },
    userCodes: () => [...byUserCode.keys()],
    issuedSecrets: () => [...[...clients.values()].map((c) => c.clientSecret), ...devices.keys(), ...accessTokens.keys(), ...refreshTokens.keys()],
    clients: () => [...clients.values()].map((c) => ({ clientId: c.clientId, clientName: c.clientName, grantTypes: c.grantTypes, redirectUris: c.redirectUris, scopes: c.scopes })),
    roleArn(accountId, roleName) {
      const hex = createHash('sha256').update(`${accountId}/${roleName}`).digest('hex').slice(0, 16);
      return `arn:aws:iam::${accountId}:role/AWSReservedSSO_${roleName}_${hex}`;
    },
  };
  return standin;
}

/** CLI: starts an STS stand-in and the Identity Center stand-in; prints both. Returns them. */
export async function main(argv: string[] = process.argv.slice(2), write: (t: string) => void = (t) => void process.stdout.write(t)): Promise<{ sts: Standin; sso: SsoStandin }> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sts = await startStandin({ port: Number(arg('--sts-port') ?? 0) });
  const sso = await startSsoStandin({ sts, port: Number(arg('--port') ?? 0), log: argv.includes('--log') });
  const n = arg('--accounts');
  if (n !== undefined) sso.setAssignments(Number(n), Number(arg('--roles') ?? 3));
  write(
    `Sigvault Identity Center stand-in listening on ${sso.url}\n  oidcEndpoint:   ${sso.oidcEndpoint}\n  portalEndpoint: ${sso.portalEndpoint}\n` +
      `  start URL:      ${sso.startUrl}\n  STS stand-in:   ${sts.url}\n  accounts:       ${sso.accounts().length}\nPress Ctrl+C to stop.\n`,
  );
  const shutdown = () => {
    void Promise.all([sso.stop(), sts.stop()]).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { sts, sso };
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main().catch((e: unknown) => {
    process.stderr.write(`sso-standin: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
