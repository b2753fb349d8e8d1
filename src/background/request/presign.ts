/**
 * A presigned URL, from a request console or agent payload: the one place `request.presign` and the
 * signing agent's `presign` make one.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { capPresignExpiry, type PresignExpiry } from '../../core/request/expiry.ts';
import { signingCredentials } from './credentials.ts';
import { assertSchemeAllowed } from './host.ts';
import { requestTarget, requireMethod } from './input.ts';
import { presignFor } from './sign.ts';
import { serverNow } from '../sts/sessions.ts';
import type * as vault from '../vault/service.ts';

/**
 * Presigns `{ method, url, expiresIn, service?, region?, signingAlgorithm?, regionSet?, mfaCode? }` (`p`)
 * for identity `id`: S3 GET or PUT, other services' GET; `expiresIn` capped at AWS's 7 days and the
 * credentials' remaining life.
 */
export async function presignRequest(p: object, id: string, guard: vault.LockGuard): Promise<{ url: string; expiresAt: number; cappedBy: PresignExpiry['cappedBy'] }> {
  const method = requireMethod(p);
  const expiresIn = (p as { expiresIn?: unknown }).expiresIn;
  if (typeof expiresIn !== 'number') throw new SigvaultError('INVALID_INPUT', 'expiresIn (seconds) is required.', { field: 'expiresIn' });
  const { url, target } = await requestTarget(p, id);
  assertSchemeAllowed(url);
  const s3 = target.service === 's3';
  if (s3 ? method !== 'GET' && method !== 'PUT' : method !== 'GET') {
    throw new SigvaultError('INVALID_INPUT', s3 ? 'S3 URLs are presigned for GET or PUT.' : 'Presigned URLs of services other than S3 are for GET only.', { field: 'method' });
  }
  capPresignExpiry(expiresIn, serverNow()); // bad input refused before credentials are resolved
  const { creds, expiresAt: credsExpireAt } = await signingCredentials(id, p, guard);
  guard.check();
  const now = serverNow();
  const cap = capPresignExpiry(expiresIn, now, credsExpireAt);
  const signed = presignFor(target, { method, url }, creds, now, cap.expiresIn);
  return { url: signed.url, expiresAt: cap.expiresAt, cappedBy: cap.cappedBy };
}
