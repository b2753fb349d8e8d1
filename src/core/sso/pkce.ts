/**
 * Authorization code with PKCE (RFC 7636) for Identity Center, as the AWS CLI now does it: a code
 * verifier (43–128 unreserved characters), its S256 challenge (base64url of SHA-256), a `state`, the
 * `/authorize` URL on the OIDC host, and reading the loopback callback (`code`, `state`, `error`).
 * Pure; randomness from `crypto.getRandomValues` (../bytes.ts) unless injected.
 * @module
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, toBase64Url, utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import { oidcBaseUrl, parseQuery, queryString, validateRedirectUri } from './endpoints.ts';
import { SsoError } from './errors.ts';
import { SSO_SCOPE } from './oidc.ts';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** A fresh code verifier: 32 random bytes, base64url (43 characters). */
export function createCodeVerifier(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(32);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw invalid('random', 'random must return 32 bytes');
  return toBase64Url(bytes);
}

/**
 * The S256 code challenge: base64url(SHA-256(ASCII(verifier))), no padding.
 * @example codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 */
export function codeChallengeS256(verifier: string): string {
  if (typeof verifier !== 'string' || !VERIFIER.test(verifier)) throw invalid('codeVerifier', 'codeVerifier must be 43-128 unreserved characters (A-Z a-z 0-9 - . _ ~)');
  return toBase64Url(sha256(utf8Encode(verifier)));
}

/** A fresh `state`: 16 random bytes, base64url (22 characters). */
export function createState(random: (n: number) => Uint8Array = randomBytes): string {
  return toBase64Url(random(16));
}

export interface AuthorizeUrlParams {
  region: string;
  /** The `oidcEndpoint` setting, if any. */
  endpoint?: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes?: string[];
}

/**
 * `<oidc base>/authorize?response_type=code&client_id&redirect_uri&state&code_challenge&code_challenge_method=S256&scopes`
 * (what the AWS CLI opens; scopes space-separated).
 * @throws SigvaultError INVALID_INPUT
 */
export function buildAuthorizeUrl(p: AuthorizeUrlParams): string {
  if (typeof p !== 'object' || p === null) throw invalid('params', 'params must be an object');
  const base = oidcBaseUrl(p.region, p.endpoint);
  if (typeof p.clientId !== 'string' || p.clientId === '' || p.clientId.length > 1024) throw invalid('clientId', 'clientId must be a non-empty string');
  const redirectUri = validateRedirectUri(p.redirectUri);
  if (typeof p.state !== 'string' || !/^[A-Za-z0-9\-._~]{16,128}$/.test(p.state)) throw invalid('state', 'state must be 16-128 unreserved characters');
  if (typeof p.codeChallenge !== 'string' || !/^[A-Za-z0-9\-_]{43}$/.test(p.codeChallenge)) throw invalid('codeChallenge', 'codeChallenge must be an S256 challenge (43 base64url characters)');
  const scopes = p.scopes ?? [SSO_SCOPE];
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && /^[A-Za-z0-9:._-]{1,128}$/.test(s))) throw invalid('scopes', 'scopes must be scope names');
  const q = queryString({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: redirectUri,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
    scopes: scopes.join(' '),
  });
  return `${base}authorize?${q}`;
}

export type CallbackResult = { code: string; state: string };

/**
 * Read the loopback redirect `<redirectUri>?code=…&state=…` (or `?error=…`): the URL must be the
 * registered redirect URI (same origin and path) and carry the expected `state`.
 * @throws SigvaultError INVALID_INPUT (not the callback, no code, or state mismatch — a forged or stale
 *   redirect); SsoError category `denied` for `error=access_denied`, else per the error.
 */
export function parseCallbackUrl(url: string, expected: { redirectUri: string; state: string }): CallbackResult {
  const redirectUri = validateRedirectUri(expected?.redirectUri);
  if (typeof url !== 'string' || url.length > 8192) throw invalid('url', 'url must be the redirect URL');
  const qi = url.indexOf('?');
  const base = (qi >= 0 ? url.slice(0, qi) : url).replace(/#.*$/, '');
  if (base !== redirectUri) throw invalid('url', 'url is not the registered redirect URI');
  const query = parseQuery(qi >= 0 ? url.slice(qi + 1).replace(/#.*$/, '') : '');
  if (!query) throw invalid('url', 'The sign-in answer is not a valid URL query.');
  const state = query.get('state');
  if (state === undefined || typeof expected.state !== 'string' || state !== expected.state) {
    throw invalid('state', 'The sign-in answer does not carry the state Sigvault sent (a stale or forged redirect): start the sign-in again.');
  }
  const error = query.get('error');
  if (error !== undefined) {
    const safe = /^[a-z_]{1,64}$/.test(error) ? error : 'invalid_request';
    const desc = (query.get('error_description') ?? '').replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 300);
    throw new SsoError({ service: 'oidc', operation: 'Authorize', awsCode: safe, oauthError: safe, awsMessage: desc, httpStatus: 0 });
  }
  const code = query.get('code');
  if (code === undefined || code === '' || code.length > 4096) throw invalid('code', 'The sign-in answer carries no authorization code.');
  return { code, state };
}
