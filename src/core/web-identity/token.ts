/**
 * Reading an OpenID Connect ID token (a JWT in JWS compact form, RFC 7519 / RFC 7515) for what
 * Sigvault shows and plans with: issuer, subject, audience, expiry. The signature is NOT verified:
 * AWS verifies it against the OIDC provider's keys when the token is used (AssumeRoleWithWebIdentity);
 * reading it here only lets the user see what they pasted and when it expires.
 *
 * The token is a bearer secret: no error message quotes any part of it.
 * @module
 */

import { fromBase64Url, utf8Decode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';

/** AWS's limit for WebIdentityToken (STS model: 4–20000 characters). */
export const MAX_WEB_IDENTITY_TOKEN_CHARS = 20_000;

export interface WebIdentityClaims {
  iss: string;
  sub: string;
  /** `aud`: one audience, or several. */
  aud: string | string[];
  /** `exp` in ms since the epoch. */
  exp?: number;
  /** `iat` in ms since the epoch. */
  iat?: number;
}

export interface ReadTokenOptions {
  /** Clock for the expiry check, ms since the epoch (default Date.now()). */
  now?: number;
  field?: string;
}

function segment(part: string, what: string, field: string): Record<string, unknown> {
  const bad = (m: string) => new SigvaultError('INVALID_INPUT', m, { field });
  let text: string;
  try {
    text = utf8Decode(fromBase64Url(part));
  } catch {
    throw bad(`The web identity token's ${what} is not base64url.`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad(`The web identity token's ${what} is not JSON.`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`The web identity token's ${what} is not a JSON object.`);
  return v as Record<string, unknown>;
}

function seconds(v: unknown, name: string, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SigvaultError('INVALID_INPUT', `The web identity token's "${name}" claim is not a time in seconds.`, { field });
  return Math.floor(v * 1000);
}

/**
 * Read a JWT's claims (no signature verification; see the module doc).
 * @throws SigvaultError INVALID_INPUT (field `webIdentityToken`): not a JWT (three base64url parts),
 *   bad base64url or JSON, `alg: none`, missing `iss`/`sub`/`aud`, larger than 20,000 characters, or
 *   expired at `now`
 */
export function readWebIdentityToken(token: string, options: ReadTokenOptions = {}): WebIdentityClaims {
  const field = options.field ?? 'webIdentityToken';
  const bad = (m: string) => new SigvaultError('INVALID_INPUT', m, { field });
  if (typeof token !== 'string' || token.trim() === '') throw bad('The web identity token is empty.');
  const t = token.trim();
  if (t.length > MAX_WEB_IDENTITY_TOKEN_CHARS) throw bad(`The web identity token is longer than ${MAX_WEB_IDENTITY_TOKEN_CHARS} characters (AWS's limit).`);
  const parts = t.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[0] === '' || parts[1] === '') {
    throw bad('The web identity token is not a JWT (three base64url parts separated by dots).');
  }
  const header = segment(parts[0]!, 'header', field);
  if (typeof header['alg'] !== 'string' || header['alg'] === 'none' || parts[2] === '') throw bad('The web identity token is not signed (AWS accepts only signed tokens).');
  const claims = segment(parts[1]!, 'payload', field);
  const iss = claims['iss'];
  const sub = claims['sub'];
  const aud = claims['aud'];
  if (typeof iss !== 'string' || iss === '') throw bad('The web identity token has no "iss" (issuer) claim.');
  if (typeof sub !== 'string' || sub === '') throw bad('The web identity token has no "sub" (subject) claim.');
  const audOk = (typeof aud === 'string' && aud !== '') || (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string' && a !== ''));
  if (!audOk) throw bad('The web identity token has no "aud" (audience) claim.');
  const out: WebIdentityClaims = { iss, sub, aud: aud as string | string[] };
  const exp = seconds(claims['exp'], 'exp', field);
  const iat = seconds(claims['iat'], 'iat', field);
  if (exp !== undefined) out.exp = exp;
  if (iat !== undefined) out.iat = iat;
  const now = options.now ?? Date.now();
  if (exp !== undefined && now >= exp) throw bad(`The web identity token expired at ${new Date(exp).toISOString()}: get a new one from the identity provider.`);
  return out;
}

/**
 * When the token expires (ms since the epoch), or undefined when it has no `exp` — without the expiry
 * check, so an expired token's time can still be shown.
 * @throws SigvaultError INVALID_INPUT as readWebIdentityToken for a malformed token
 */
export function tokenExpiresAt(token: string): number | undefined {
  return readWebIdentityToken(token, { now: Number.NEGATIVE_INFINITY }).exp;
}
