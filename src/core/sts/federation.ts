/**
 * Console sign-in through the AWS federation endpoint (IAM User Guide, "Enable custom identity broker
 * access to the AWS console"; ../shared/aws-examples/federation):
 *
 * 1. `GET <signin>/federation?Action=getSigninToken[&SessionDuration=n]&Session=<JSON>` where the JSON is
 *    `{"sessionId":AKID,"sessionKey":SECRET,"sessionToken":TOKEN}` of temporary credentials from
 *    AssumeRole or GetFederationToken → `{"SigninToken":"…"}`.
 * 2. A top-level tab goes to `<signin>/federation?Action=login&Issuer=…&Destination=…&SigninToken=…`
 *    (valid 15 minutes).
 *
 * `SessionDuration` (900–43200) is only for role credentials; AWS fails it for GetFederationToken
 * credentials, and (documented: "you must call [AssumeRole] as an IAM user with long-term credentials")
 * for roles assumed with temporary credentials. {@link getSigninToken} refuses it for federation-token
 * credentials and, if AWS answers 400 to a request that carried it, retries once without it.
 *
 * The sign-in token and the login URL are bearer secrets: this module never puts them (nor the
 * credentials, nor the request URL that carries them) into an error message.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { exchange, originOf, type HttpFetch } from '../http/exchange.ts';
import { normalizeEndpoint } from './endpoints.ts';
import { percentEncode } from './params.ts';
import { consoleHost, isConsoleHost, signinBaseUrl, validateRegion, type Partition } from './partition.ts';

/** Where the federation endpoint is. `signinBase` (an override, e.g. the test stand-in) wins. */
export interface SigninContext {
  fetch: HttpFetch;
  /** Base URL replacing `https://signin.aws.amazon.com` (its path is kept; `/federation` is appended). */
  signinBase?: string;
  partition?: Partition;
  /** Region for the regional sign-in host (`<region>.signin.aws.amazon.com`). */
  region?: string;
  /** Limit for one exchange, headers and body (default 30000; 0 = none). Answers are capped at 1 MiB. */
  timeoutMs?: number;
  /** Aborts the exchange in flight (the background aborts on lock): a SigvaultError reason is rethrown. */
  signal?: AbortSignal;
}

/** Which STS call made the credentials: decides whether SessionDuration may be sent. */
export type ConsoleCredentialKind = 'role' | 'federation-token';

export interface SigninTokenOptions {
  credentialKind: ConsoleCredentialKind;
  /** Console session length, 900–43200 s; role credentials only. */
  sessionDuration?: number;
}

export interface SigninTokenResult {
  /** Bearer secret: never log or store it. */
  signinToken: string;
  /** The base the token came from; the login URL must use the same one. */
  signinBase: string;
  /** SessionDuration was sent, refused with HTTP 400, and the request repeated without it. */
  sessionDurationDropped: boolean;
}

/** Temporary credentials (the three parts the Session JSON carries). */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** The federation endpoint said no (HTTP status other than 200, or not the documented JSON). */
export class SigninError extends SigvaultError {
  readonly httpStatus: number;
  readonly hint: string;
  constructor(message: string, httpStatus: number, hint: string) {
    super('SIGNIN_ERROR', message);
    this.name = 'SigninError';
    this.httpStatus = httpStatus;
    this.hint = hint;
  }
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, httpStatus: this.httpStatus, hint: this.hint };
  }
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** The federation base URL (no trailing slash) for a context. */
export function signinBaseFor(ctx: { signinBase?: string; partition?: Partition; region?: string }): string {
  if (ctx.signinBase !== undefined && ctx.signinBase !== '') return normalizeEndpoint(ctx.signinBase, 'signinBase').replace(/\/$/, '');
  if (ctx.region !== undefined) validateRegion(ctx.region);
  return signinBaseUrl(ctx.partition ?? 'aws', ctx.region);
}

/** `{"sessionId":…,"sessionKey":…,"sessionToken":…}` */
export function sessionJson(creds: SessionCredentials): string {
  return JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken });
}

function checkSessionCredentials(creds: SessionCredentials): void {
  if (typeof creds !== 'object' || creds === null) throw invalid('credentials', 'credentials must be an object');
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    if (typeof creds[k] !== 'string' || creds[k] === '') {
      throw invalid('credentials', k === 'sessionToken'
        ? 'console sign-in needs temporary credentials (from AssumeRole or GetFederationToken), not long-term keys'
        : `credentials.${k} is missing`);
    }
  }
}

/** One bounded GET; failures are NETWORK naming only the origin (the URL's query holds the credentials). */
async function fetchNoLeak(ctx: SigninContext, url: string): Promise<{ status: number; text: string }> {
  const res = await exchange(ctx.fetch, url, { method: 'GET', headers: { Accept: 'application/json' } }, {
    what: 'the sign-in endpoint',
    ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  return { status: res.status, text: res.text };
}

/**
 * Exchange temporary credentials for a console sign-in token.
 * @throws SigvaultError INVALID_INPUT (credentials, sessionDuration), NETWORK; SigninError on refusal
 * @example
 * const { signinToken, signinBase } = await getSigninToken({ fetch, partition: 'aws' }, roleCreds, { credentialKind: 'role', sessionDuration: 3600 });
 */
export async function getSigninToken(ctx: SigninContext, creds: SessionCredentials, opts: SigninTokenOptions): Promise<SigninTokenResult> {
  if (typeof ctx?.fetch !== 'function') throw invalid('fetch', 'fetch must be a function');
  checkSessionCredentials(creds);
  const kind = opts?.credentialKind;
  if (kind !== 'role' && kind !== 'federation-token') throw invalid('credentialKind', "credentialKind must be 'role' or 'federation-token'");
  const duration = opts.sessionDuration;
  if (duration !== undefined) {
    if (kind !== 'role') {
      throw invalid('sessionDuration', 'SessionDuration cannot be used with GetFederationToken credentials (AWS refuses it); the console session lasts as long as the credentials');
    }
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw invalid('sessionDuration', 'sessionDuration must be a whole number of seconds from 900 to 43200');
    }
  }
  const base = signinBaseFor(ctx);
  const origin = originOf(base);
  const session = percentEncode(sessionJson(creds), 'credentials');

  const attempt = async (withDuration: boolean) => {
    const url = `${base}/federation?Action=getSigninToken${withDuration ? `&SessionDuration=${duration}` : ''}&Session=${session}`;
    return fetchNoLeak(ctx, url);
  };

  let res = await attempt(duration !== undefined);
  let dropped = false;
  if (res.status === 400 && duration !== undefined) {
    res = await attempt(false);
    dropped = res.status === 200;
  }
  if (res.status !== 200) {
    const hint =
      res.status === 400
        ? 'AWS Sign-In refused these credentials: only unexpired credentials from AssumeRole or GetFederationToken work (not long-term keys or GetSessionToken credentials).'
        : res.status >= 500
          ? 'The sign-in endpoint had a temporary problem: try again in a moment.'
          : 'Check the sign-in endpoint setting.';
    throw new SigninError(`The sign-in endpoint ${origin} answered HTTP ${res.status} to getSigninToken.`, res.status, hint);
  }
  let token: unknown;
  try {
    token = (JSON.parse(res.text) as Record<string, unknown>)['SigninToken'];
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '' || /[\s"<>]/.test(token)) {
    throw new SigninError(`The sign-in endpoint ${origin} did not return a sign-in token.`, res.status, 'Check the sign-in endpoint setting: it did not answer like AWS Sign-In.');
  }
  return { signinToken: token, signinBase: base, sessionDurationDropped: dropped };
}

export interface LoginUrlInput {
  /** Same base as the token came from ({@link SigninTokenResult.signinBase}). */
  signinBase: string;
  /** Your sign-in page / issuer URL; omitted from the URL when empty. */
  issuer?: string;
  /** Console URL to land on (see {@link validateDestination}). */
  destination: string;
  signinToken: string;
}

/**
 * The login URL a top-level tab must open. It is a bearer secret valid for 15 minutes: never log it.
 * @example loginUrl({ signinBase: 'https://signin.aws.amazon.com', issuer: 'https://example.com', destination: 'https://console.aws.amazon.com/', signinToken })
 */
export function loginUrl(input: LoginUrlInput): string {
  const { action, fields } = loginForm(input);
  // the same fields as the form, in its order; each encoding error names its input (`issuer`, …)
  const query = Object.entries(fields).map(([k, v]) => `${k}=${percentEncode(v, k.charAt(0).toLowerCase() + k.slice(1))}`).join('&');
  return `${action}?${query}`;
}

/** The login request as a form: POST `fields` (form-encoded) to `action`. The token is among the fields. */
export interface LoginForm {
  /** `<signin base>/federation` */
  action: string;
  /** `Action=login`, `Issuer` (when given), `Destination`, `SigninToken`: a bearer secret, never log it. */
  fields: Record<string, string>;
}

/**
 * The login request as a form to POST (AWS's federation endpoint takes `Action=login` by POST as well as
 * by GET), so the sign-in token need not be part of any tab's address.
 * @example loginForm({ signinBase: 'https://signin.aws.amazon.com', destination: 'https://console.aws.amazon.com/', signinToken })
 */
export function loginForm(input: LoginUrlInput): LoginForm {
  const base = normalizeEndpoint(input.signinBase, 'signinBase').replace(/\/$/, '');
  if (typeof input.signinToken !== 'string' || input.signinToken === '') throw invalid('signinToken', 'signinToken is required');
  if (typeof input.destination !== 'string' || input.destination === '') throw invalid('destination', 'destination is required');
  const fields: Record<string, string> = { Action: 'login' };
  if (input.issuer) fields['Issuer'] = input.issuer;
  fields['Destination'] = input.destination;
  fields['SigninToken'] = input.signinToken;
  return { action: `${base}/federation`, fields };
}

/** Console home of a region: `https://<region>.console.aws.amazon.com/console/home?region=<region>` etc. */
export function defaultDestination(partition: Partition, region?: string): string {
  if (region !== undefined) validateRegion(region);
  const host = consoleHost(partition, region);
  return `https://${host}/console/home${region ? `?region=${region}` : ''}`;
}

/**
 * Check a caller-supplied console deep link: `https:` only, a console host of the partition (or a
 * subdomain of it), no credentials or port, no whitespace/control characters or backslashes.
 * @returns the URL (scheme and host lower-cased)
 * @throws SigvaultError INVALID_INPUT (field `destination`)
 */
export function validateDestination(url: unknown, partition: Partition): string {
  if (typeof url !== 'string' || url.length > 4096) throw invalid('destination', 'destination must be a console URL');
  // Controls, spaces, backslashes and non-ASCII are refused outright (no parser-differential games).
  if (/[\u0000-\u0020\u007f-\uffff\\]/.test(url)) throw invalid('destination', 'destination must be a plain https console URL (no spaces, backslashes or non-ASCII characters)');
  const m = /^https:\/\/([^/?#]*)([/?#].*)?$/i.exec(url);
  if (!m) throw invalid('destination', 'destination must start with https://');
  const authority = m[1]!;
  if (authority.includes('@')) throw invalid('destination', 'destination must not carry credentials');
  const host = authority.replace(/:443$/, '').toLowerCase();
  if (host.includes(':')) throw invalid('destination', 'destination must not name a port');
  if (!isConsoleHost(host, partition)) {
    throw invalid('destination', `destination must be on the ${partition} console (${consoleHost(partition)} or a subdomain of it)`);
  }
  return `https://${host}${m[2] ?? '/'}`;
}

export interface ConsoleLoginInput {
  credentials: SessionCredentials;
  credentialKind: ConsoleCredentialKind;
  sessionDuration?: number;
  /** Console deep link; default: console home of `region`. Validated for `partition`. */
  destination?: string;
  /** Region of the default destination (default: the context's region). */
  region?: string;
  issuer?: string;
}

export interface ConsoleLoginResult {
  /** Bearer secret: navigate a tab to it, never log or store it. */
  url: string;
  /** The same login as a form to POST (what Sigvault's sign-in page does): a bearer secret too. */
  form: LoginForm;
  destination: string;
  sessionDurationDropped: boolean;
}

/**
 * Steps 1 and 2 together: get a sign-in token and build the login URL for the destination.
 * @example const { url } = await consoleLoginUrl({ fetch, partition: 'aws', region: 'eu-west-1' }, { credentials, credentialKind: 'role' });
 */
export async function consoleLoginUrl(ctx: SigninContext, input: ConsoleLoginInput): Promise<ConsoleLoginResult> {
  const partition = ctx.partition ?? 'aws';
  const destination = input.destination === undefined || input.destination === '' ? defaultDestination(partition, input.region ?? ctx.region) : validateDestination(input.destination, partition);
  const tokenOpts: SigninTokenOptions = { credentialKind: input.credentialKind };
  if (input.sessionDuration !== undefined) tokenOpts.sessionDuration = input.sessionDuration;
  const { signinToken, signinBase, sessionDurationDropped } = await getSigninToken(ctx, input.credentials, tokenOpts);
  const login: LoginUrlInput = { signinBase, destination, signinToken };
  if (input.issuer !== undefined) login.issuer = input.issuer;
  return { url: loginUrl(login), form: loginForm(login), destination, sessionDurationDropped };
}
