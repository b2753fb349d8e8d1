/**
 * How long a presigned URL may live: what the caller asked for, capped by what SigV4 query
 * authentication allows (7 days) and by the remaining life of the credentials that sign it (a URL
 * signed with temporary credentials stops working when they expire, whatever its `X-Amz-Expires` says).
 * Pure: the clock is passed in.
 * @module
 */
import { SigvaultError } from '../errors.ts';

/** AWS's limit for SigV4 query authentication (`X-Amz-Expires`): 7 days, in seconds. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export interface PresignExpiry {
  /** Seconds to sign for (`X-Amz-Expires`): at least 1. */
  expiresIn: number;
  /** When the URL stops working (ms since the epoch, on the signing clock). */
  expiresAt: number;
  /** Which cap shortened the request: AWS's 7 days, the credentials' expiry, or none. */
  cappedBy: 'aws' | 'credentials' | null;
}

/**
 * @param requested - seconds the caller asked for (a positive integer)
 * @param now - the signing clock (ms since the epoch; corrected for skew by the caller)
 * @param credentialsExpireAt - when the signing credentials expire (ms), or undefined for long-term keys
 * @throws SigvaultError INVALID_INPUT (field `expiresIn`) for a non-integer or < 1 request;
 *   INVALID_INPUT (field `id`) when the credentials have less than a second left
 * @example capPresignExpiry(30 * 86400, Date.now()) // { expiresIn: 604800, expiresAt: …, cappedBy: 'aws' }
 */
export function capPresignExpiry(requested: number, now: number, credentialsExpireAt?: number): PresignExpiry {
  if (!Number.isInteger(requested) || requested < 1) {
    throw new SigvaultError('INVALID_INPUT', 'expiresIn must be a whole number of seconds, at least 1.', { field: 'expiresIn' });
  }
  let expiresIn = requested;
  let cappedBy: PresignExpiry['cappedBy'] = null;
  if (expiresIn > MAX_PRESIGN_SECONDS) {
    expiresIn = MAX_PRESIGN_SECONDS;
    cappedBy = 'aws';
  }
  if (credentialsExpireAt !== undefined) {
    const left = Math.floor((credentialsExpireAt - now) / 1000);
    if (left < 1) throw new SigvaultError('INVALID_INPUT', 'The credentials of this identity have expired; nothing was signed.', { field: 'id' });
    if (left < expiresIn) {
      expiresIn = left;
      cappedBy = 'credentials';
    }
  }
  return { expiresIn, expiresAt: now + expiresIn * 1000, cappedBy };
}
