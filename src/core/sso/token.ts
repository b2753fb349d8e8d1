/**
 * The Identity Center sign-in the background seals per source: the client registration and the
 * tokens. Times are ms since the epoch.
 *
 * {@link parseSsoToken} is version tolerant: it reads this shape (with or without `v: 1`), and the
 * AWS CLI's token-cache shape (`expiresAt`, `registrationExpiresAt` as ISO strings, including the
 * observed `2021-12-27T20:30:02+0000` without a colon in the offset); unknown fields are dropped; a
 * malformed value is refused with INVALID_INPUT (never echoing a secret).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import type { ClientRegistration, TokenResult } from './oidc.ts';

export interface SsoToken {
  clientId: string;
  clientSecret: string;
  /** When the client registration ends (ms): after it, register again and sign in again. */
  clientSecretExpiresAt: number;
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken?: string;
}

/** Refresh this long before the access token's expiry (5 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** A timestamp: ms number, or an ISO-8601 string (`Z`, `+00:00` or `+0000`). */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const zone = m[2] === 'Z' ? 'Z' : `${m[2]!.slice(0, 3)}:${m[2]!.slice(-2)}`;
  const t = Date.parse(m[1]! + zone);
  return Number.isFinite(t) ? t : undefined;
}

function text(o: Record<string, unknown>, k: string, required: boolean): string | undefined {
  const v = o[k];
  if (v === undefined || v === null || (v === '' && !required)) {
    if (required) throw invalid(k, `The Identity Center sign-in record has no ${k}`);
    return undefined;
  }
  if (typeof v !== 'string' || v === '' || v.length > 16384 || /[^\x21-\x7e]/.test(v)) throw invalid(k, `The Identity Center sign-in record's ${k} is malformed`);
  return v;
}

/**
 * Read a stored sign-in (see the module doc).
 * @throws SigvaultError INVALID_INPUT naming the malformed field
 */
export function parseSsoToken(value: unknown): SsoToken {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('token', 'The Identity Center sign-in record is not an object');
  const o = value as Record<string, unknown>;
  const v = o['v'] ?? o['version'];
  if (v !== undefined && v !== 1 && v !== '1') throw invalid('v', 'The Identity Center sign-in record has an unknown version');
  const clientSecretExpiresAt = parseTimestamp(o['clientSecretExpiresAt'] ?? o['registrationExpiresAt']);
  if (clientSecretExpiresAt === undefined) throw invalid('clientSecretExpiresAt', 'The Identity Center sign-in record has no valid client expiry');
  const accessTokenExpiresAt = parseTimestamp(o['accessTokenExpiresAt'] ?? o['expiresAt']);
  if (accessTokenExpiresAt === undefined) throw invalid('accessTokenExpiresAt', 'The Identity Center sign-in record has no valid token expiry');
  const out: SsoToken = {
    clientId: text(o, 'clientId', true)!,
    clientSecret: text(o, 'clientSecret', true)!,
    clientSecretExpiresAt,
    accessToken: text(o, 'accessToken', true)!,
    accessTokenExpiresAt,
  };
  const refreshToken = text(o, 'refreshToken', false);
  if (refreshToken !== undefined) out.refreshToken = refreshToken;
  return out;
}

/** The record to seal: this shape with `v: 1`. */
export function serializeSsoToken(token: SsoToken): SsoToken & { v: 1 } {
  const t = parseSsoToken(token);
  return { v: 1, ...t };
}

/**
 * The sign-in after a CreateToken: the registration and the new tokens. A refresh answer without a
 * refresh token keeps the previous one (AWS may not rotate it).
 */
export function tokenFromGrant(registration: Pick<ClientRegistration, 'clientId' | 'clientSecret' | 'clientSecretExpiresAt'>, result: TokenResult, previousRefreshToken?: string): SsoToken {
  const refreshToken = result.refreshToken ?? previousRefreshToken;
  return parseSsoToken({
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    clientSecretExpiresAt: registration.clientSecretExpiresAt,
    accessToken: result.accessToken,
    accessTokenExpiresAt: result.expiresAt,
    ...(refreshToken ? { refreshToken } : {}),
  });
}

/** The access token is expired or within `marginMs` (default 5 min) of it. */
export function needsRefresh(token: SsoToken, now: number, marginMs = REFRESH_MARGIN_MS): boolean {
  return token.accessTokenExpiresAt - now <= marginMs;
}

/** A refresh can be tried: a refresh token is held and the client registration is still valid. */
export function canRefresh(token: SsoToken, now: number): boolean {
  return typeof token.refreshToken === 'string' && token.refreshToken !== '' && token.clientSecretExpiresAt > now + 60_000;
}
