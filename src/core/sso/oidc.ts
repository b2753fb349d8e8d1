/**
 * IAM Identity Center OIDC client (`sso-oidc`, 2019-06-10): RegisterClient, StartDeviceAuthorization,
 * CreateToken, and the device-flow poll loop. Unsigned JSON POSTs (`"authtype":"none"`) to
 * `https://oidc.<region>.amazonaws.com/` or the `oidcEndpoint` override (./endpoints.ts); every exchange
 * through ../http/exchange.ts (bounded time and size, the caller's `signal`).
 *
 * Shapes: ../shared/aws-examples/sso/api-syntax.md. Body fields are camelCase (`grantType`,
 * `deviceCode`); the device grant is `urn:ietf:params:oauth:grant-type:device_code` (underscore; the
 * SDK example's hyphen is wrong). Errors are RFC 6749 bodies plus `x-amzn-ErrorType` → {@link SsoError}.
 *
 * Times: `clientIdIssuedAt`/`clientSecretExpiresAt` are epoch seconds (converted to ms here);
 * `expiresIn` is documented as seconds-from-now, but AWS's own example carries an epoch timestamp, so
 * {@link lifetimeMs} treats implausible values defensively (see there).
 *
 * Device polling (RFC 8628 §3.5): wait `interval` s (default 5) before each CreateToken;
 * `authorization_pending` → poll again; `slow_down` → interval + 5 s; `expired_token` or our clock past
 * the code's expiry → "the sign-in code expired"; `access_denied` → "the sign-in was denied in the
 * browser"; the signal aborts the wait and the request.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { exchange, type HttpFetch } from '../http/exchange.ts';
import { validateRegion } from '../sts/partition.ts';
import { oidcBaseUrl, validateRedirectUri, validateStartUrl } from './endpoints.ts';
import { defaultSleep, pause } from '../http/pause.ts';
import { SsoError, cleanSsoMessage, parseSsoErrorBody } from './errors.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const SSO_SCOPE = 'sso:account:access';

export interface OidcClientOptions {
  fetch: HttpFetch;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Wait this many ms (the poll interval). Default: a setTimeout promise. */
  sleep?: (ms: number) => Promise<void>;
  /** The `oidcEndpoint` setting: a base URL used instead of `https://oidc.<region>.amazonaws.com`. */
  endpoint?: string;
  /** Aborts requests in flight and the poll wait (the background aborts on lock). */
  signal?: AbortSignal;
  /** Limit for one exchange (default 30000). */
  timeoutMs?: number;
  /** Largest answer accepted (default 64 KiB: OIDC answers are a few KB). */
  maxResponseBytes?: number;
}

/** A registered client. Times in ms since the epoch. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  clientIdIssuedAt?: number;
  clientSecretExpiresAt: number;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
}

export type RegisterClientParams =
  /** Device flow: clientName + clientType public + scopes. */
  | { clientName: string; flow?: 'device'; scopes?: string[] }
  /** Authorization code with PKCE: grant types, the loopback redirect URI, issuerUrl = the start URL. */
  | { clientName: string; flow: 'pkce'; redirectUri: string; issuerUrl: string; scopes?: string[] };

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  /** When the device code stops working, ms since the epoch (our clock). */
  expiresAt: number;
  /** Seconds between polls (default 5 when AWS sends none). */
  interval: number;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type CreateTokenParams =
  | (ClientCredentials & { grantType: 'device_code'; deviceCode: string })
  | (ClientCredentials & { grantType: 'refresh_token'; refreshToken: string })
  | (ClientCredentials & { grantType: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string });

export interface TokenResult {
  accessToken: string;
  /** ms since the epoch (our clock). */
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
  tokenType?: string;
}

export interface PollOptions {
  /** Called before each wait with the interval in seconds (progress; tests). */
  onWait?: (intervalSeconds: number) => void;
}

export interface OidcClient {
  /** Base URL requests for `region` go to. */
  endpointFor(region: string): string;
  registerClient(region: string, params: RegisterClientParams): Promise<ClientRegistration>;
  startDeviceAuthorization(region: string, client: ClientCredentials, startUrl: string): Promise<DeviceAuthorization>;
  createToken(region: string, params: CreateTokenParams): Promise<TokenResult>;
  /** Poll CreateToken (device grant) until approved, denied, expired or aborted. */
  pollDeviceToken(region: string, client: ClientCredentials, authorization: DeviceAuthorization, options?: PollOptions): Promise<TokenResult>;
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

function requireText(value: unknown, field: string, max = 8192): string {
  if (typeof value !== 'string' || value === '') throw invalid(field, `${field} must be a non-empty string`);
  if (value.length > max) throw invalid(field, `${field} must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, `${field} must not contain control characters`);
  return value;
}

function checkClient(client: ClientCredentials): void {
  if (typeof client !== 'object' || client === null) throw invalid('client', 'client must be { clientId, clientSecret }');
  requireText(client.clientId, 'clientId', 1024);
  requireText(client.clientSecret, 'clientSecret');
}

const CLIENT_NAME = /^[\p{L}\p{N} ._-]{1,64}$/u;
const SCOPE = /^[A-Za-z0-9:._-]{1,128}$/;

/** Largest credible lifetime of a token or device code: 90 days (Identity Center's longest session). */
export const MAX_LIFETIME_MS = 90 * 24 * 3600_000;

/**
 * `expiresIn` (documented: seconds from now) as a lifetime in ms, defensively: a value above 90 days
 * that reads as an epoch-seconds timestamp (as in AWS's own example) in the next 90 days is taken as
 * that moment; any other implausible value (past timestamp, absurdly large) gives `fallbackMs`, so a
 * token is treated as short-lived rather than valid for decades. Undefined when absent/not a number.
 */
export function lifetimeMs(expiresIn: unknown, now: number, fallbackMs: number): number | undefined {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) return undefined;
  if (expiresIn <= 0) return 0;
  const ms = expiresIn * 1000;
  if (ms <= MAX_LIFETIME_MS) return ms;
  const asEpoch = ms - now;
  if (asEpoch > 0 && asEpoch <= MAX_LIFETIME_MS) return asEpoch;
  return fallbackMs;
}

/**
 * Create an OIDC client.
 * @throws SigvaultError INVALID_INPUT for a bad option (fetch, endpoint)
 * @example
 * const oidc = createOidcClient({ fetch: (u, i) => fetch(u, i), signal });
 * const reg = await oidc.registerClient('eu-west-1', { clientName: 'Sigvault' });
 * const auth = await oidc.startDeviceAuthorization('eu-west-1', reg, 'https://my-org.awsapps.com/start');
 * const token = await oidc.pollDeviceToken('eu-west-1', reg, auth);
 */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  if (typeof options?.fetch !== 'function') throw invalid('fetch', 'fetch must be a function');
  const fetchFn = options.fetch;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const signal = options.signal;
  const endpoint = options.endpoint;
  if (endpoint !== undefined && endpoint !== '') oidcBaseUrl('us-east-1', endpoint); // validate early
  const exchangeOpts = {
    what: 'Identity Center (OIDC)',
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: options.maxResponseBytes ?? 64 * 1024,
    ...(signal ? { signal } : {}),
  };

  const endpointFor = (region: string): string => oidcBaseUrl(region, endpoint);

  async function post(region: string, operation: string, path: string, body: Record<string, unknown>, secrets: (string | undefined)[]): Promise<Record<string, unknown>> {
    const url = endpointFor(region) + path;
    const res = await exchange(fetchFn, url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, exchangeOpts);
    const requestId = res.headers.get('x-amzn-RequestId') ?? undefined;
    const rid = requestId && /^[A-Za-z0-9-]{1,64}$/.test(requestId) ? { requestId } : {};
    if (res.status >= 200 && res.status < 300) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = undefined;
      }
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      throw new SsoError({ service: 'oidc', operation, awsCode: 'InvalidResponse', awsMessage: `HTTP ${res.status} with a body that is not JSON`, httpStatus: res.status, ...rid });
    }
    const failure = parseSsoErrorBody(res.text, res.headers.get('x-amzn-ErrorType'));
    if (!failure) {
      throw new SsoError({
        service: 'oidc',
        operation,
        awsCode: res.status >= 500 ? 'InternalServerException' : 'InvalidResponse',
        awsMessage: `HTTP ${res.status} without an Identity Center error body`,
        httpStatus: res.status,
        ...rid,
      });
    }
    throw new SsoError({
      service: 'oidc',
      operation,
      awsCode: failure.awsCode,
      awsMessage: cleanSsoMessage(failure.awsMessage, secrets),
      httpStatus: res.status,
      ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
      ...rid,
    });
  }

  const bad = (operation: string, what: string): SsoError =>
    new SsoError({ service: 'oidc', operation, awsCode: 'InvalidResponse', awsMessage: `unexpected response: ${what}`, httpStatus: 200 });

  const str = (j: Record<string, unknown>, k: string, operation: string, required: boolean): string | undefined => {
    const v = j[k];
    if (v === undefined || v === null) {
      if (required) throw bad(operation, `${k} is missing`);
      return undefined;
    }
    if (typeof v !== 'string' || v === '' || v.length > 16384) throw bad(operation, `${k} is not a string`);
    return v;
  };

  async function registerClient(region: string, params: RegisterClientParams): Promise<ClientRegistration> {
    validateRegion(region);
    if (typeof params !== 'object' || params === null) throw invalid('params', 'params must be { clientName, flow? }');
    if (typeof params.clientName !== 'string' || !CLIENT_NAME.test(params.clientName)) {
      throw invalid('clientName', 'clientName must be 1-64 letters, digits, spaces, dots, dashes or underscores');
    }
    const scopes = params.scopes ?? [SSO_SCOPE];
    if (!Array.isArray(scopes) || scopes.length === 0 || scopes.length > 10 || !scopes.every((s) => typeof s === 'string' && SCOPE.test(s))) {
      throw invalid('scopes', 'scopes must be 1-10 scope names such as sso:account:access');
    }
    const body: Record<string, unknown> = { clientName: params.clientName, clientType: 'public', scopes };
    if (params.flow === 'pkce') {
      body['grantTypes'] = ['authorization_code', 'refresh_token'];
      body['redirectUris'] = [validateRedirectUri(params.redirectUri)];
      body['issuerUrl'] = validateStartUrl(params.issuerUrl, 'issuerUrl');
    } else if (params.flow !== undefined && params.flow !== 'device') {
      throw invalid('flow', "flow must be 'device' or 'pkce'");
    }
    const j = await post(region, 'RegisterClient', 'client/register', body, []);
    const clientId = str(j, 'clientId', 'RegisterClient', true)!;
    const clientSecret = str(j, 'clientSecret', 'RegisterClient', true)!;
    const expires = j['clientSecretExpiresAt'];
    if (typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0) throw bad('RegisterClient', 'clientSecretExpiresAt is not a number');
    const issued = j['clientIdIssuedAt'];
    const out: ClientRegistration = { clientId, clientSecret, clientSecretExpiresAt: expires * 1000 };
    if (typeof issued === 'number' && Number.isFinite(issued)) out.clientIdIssuedAt = issued * 1000;
    const authz = str(j, 'authorizationEndpoint', 'RegisterClient', false);
    if (authz) out.authorizationEndpoint = authz;
    const tokenEp = str(j, 'tokenEndpoint', 'RegisterClient', false);
    if (tokenEp) out.tokenEndpoint = tokenEp;
    return out;
  }

  async function startDeviceAuthorization(region: string, client: ClientCredentials, startUrl: string): Promise<DeviceAuthorization> {
    validateRegion(region);
    checkClient(client);
    const url = validateStartUrl(startUrl);
    const started = now();
    const j = await post(region, 'StartDeviceAuthorization', 'device_authorization', { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: url }, [client.clientSecret]);
    const op = 'StartDeviceAuthorization';
    const deviceCode = str(j, 'deviceCode', op, true)!;
    const userCode = str(j, 'userCode', op, true)!;
    const verificationUri = str(j, 'verificationUri', op, true)!;
    const verificationUriComplete = str(j, 'verificationUriComplete', op, false) ?? verificationUri;
    for (const [k, v] of [['verificationUri', verificationUri], ['verificationUriComplete', verificationUriComplete]] as const) {
      if (!/^https?:\/\/[^\s]+$/i.test(v)) throw bad(op, `${k} is not an http(s) URL`);
    }
    if (userCode.length > 128) throw bad(op, 'userCode is too long');
    // Device codes live minutes (AWS: 600 s): an implausible expiresIn falls back to 10 minutes.
    const life = lifetimeMs(j['expiresIn'], started, 600_000);
    if (life === undefined) throw bad(op, 'expiresIn is not a number');
    const intervalRaw = j['interval'];
    const interval = typeof intervalRaw === 'number' && Number.isFinite(intervalRaw) && intervalRaw >= 1 ? Math.min(Math.ceil(intervalRaw), 60) : 5;
    return { deviceCode, userCode, verificationUri, verificationUriComplete, expiresAt: started + Math.min(life, 3600_000), interval };
  }

  async function createToken(region: string, params: CreateTokenParams): Promise<TokenResult> {
    validateRegion(region);
    if (typeof params !== 'object' || params === null) throw invalid('params', 'params must be a CreateToken request');
    checkClient(params);
    const body: Record<string, unknown> = { clientId: params.clientId, clientSecret: params.clientSecret };
    const secrets: (string | undefined)[] = [params.clientSecret];
    switch (params.grantType) {
      case 'device_code':
        body['grantType'] = DEVICE_CODE_GRANT;
        body['deviceCode'] = requireText(params.deviceCode, 'deviceCode');
        secrets.push(params.deviceCode);
        break;
      case 'refresh_token':
        body['grantType'] = 'refresh_token';
        body['refreshToken'] = requireText(params.refreshToken, 'refreshToken');
        secrets.push(params.refreshToken);
        break;
      case 'authorization_code':
        body['grantType'] = 'authorization_code';
        body['code'] = requireText(params.code, 'code');
        if (typeof params.codeVerifier !== 'string' || !/^[A-Za-z0-9\-._~]{43,128}$/.test(params.codeVerifier)) {
          throw invalid('codeVerifier', 'codeVerifier must be 43-128 unreserved characters (RFC 7636)');
        }
        body['codeVerifier'] = params.codeVerifier;
        body['redirectUri'] = validateRedirectUri(params.redirectUri);
        secrets.push(params.code, params.codeVerifier);
        break;
      default:
        throw invalid('grantType', "grantType must be 'device_code', 'refresh_token' or 'authorization_code'");
    }
    const started = now();
    const j = await post(region, 'CreateToken', 'token', body, secrets);
    const accessToken = str(j, 'accessToken', 'CreateToken', true)!;
    // Access tokens: an implausible expiresIn falls back to 1 hour (Identity Center's usual lifetime).
    const life = lifetimeMs(j['expiresIn'], started, 3600_000);
    if (life === undefined) throw bad('CreateToken', 'expiresIn is not a number');
    const out: TokenResult = { accessToken, expiresAt: started + life };
    const refreshToken = str(j, 'refreshToken', 'CreateToken', false);
    if (refreshToken) out.refreshToken = refreshToken;
    const idToken = str(j, 'idToken', 'CreateToken', false);
    if (idToken) out.idToken = idToken;
    const tokenType = str(j, 'tokenType', 'CreateToken', false);
    if (tokenType) out.tokenType = tokenType;
    return out;
  }

  async function pollDeviceToken(region: string, client: ClientCredentials, authorization: DeviceAuthorization, opts: PollOptions = {}): Promise<TokenResult> {
    validateRegion(region);
    checkClient(client);
    if (typeof authorization !== 'object' || authorization === null) throw invalid('authorization', 'authorization must be a StartDeviceAuthorization result');
    requireText(authorization.deviceCode, 'deviceCode');
    if (!Number.isFinite(authorization.expiresAt)) throw invalid('expiresAt', 'expiresAt must be a time in ms');
    let interval = Number.isFinite(authorization.interval) && authorization.interval >= 1 ? authorization.interval : 5;
    const expired = (): SsoError =>
      new SsoError({
        service: 'oidc',
        operation: 'CreateToken',
        awsCode: 'ExpiredTokenException',
        oauthError: 'expired_token',
        awsMessage: '',
        httpStatus: 0,
        category: 'code-expired',
        hint: 'the sign-in code expired before it was approved in the browser: start the sign-in again',
      });
    for (;;) {
      if (now() >= authorization.expiresAt) throw expired();
      opts.onWait?.(interval);
      await pause(sleep, interval * 1000, signal, 'Identity Center (OIDC)');
      if (now() >= authorization.expiresAt) throw expired();
      try {
        return await createToken(region, { grantType: 'device_code', clientId: client.clientId, clientSecret: client.clientSecret, deviceCode: authorization.deviceCode });
      } catch (e) {
        if (!(e instanceof SsoError)) throw e;
        if (e.category === 'authorization-pending') continue;
        if (e.category === 'slow-down') {
          interval += 5;
          continue;
        }
        if (e.category === 'code-expired') throw expired();
        if (e.category === 'denied') {
          throw new SsoError({
            service: 'oidc',
            operation: 'CreateToken',
            awsCode: e.awsCode,
            awsMessage: e.awsMessage,
            httpStatus: e.httpStatus,
            ...(e.oauthError ? { oauthError: e.oauthError } : {}),
            category: 'denied',
            hint: 'the sign-in was denied in the browser: start the sign-in again to retry',
          });
        }
        throw e;
      }
    }
  }

  return { endpointFor, registerClient, startDeviceAuthorization, createToken, pollDeviceToken };
}
