import { SigvaultError } from '../../core/errors.ts';
import { capPresignExpiry } from '../../core/request/expiry.ts';
import type { Handler } from '../../platform/messaging.ts';
import { signingCredentials } from '../request/credentials.ts';
import { assertSchemeAllowed } from '../request/host.ts';
import { requestTarget, requireMethod } from '../request/input.ts';
import { presignFor } from '../request/sign.ts';
import { serverNow } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/**
 * `request.presign { id, method, url, expiresIn, service?, region?, signingAlgorithm?, regionSet?, mfaCode? }`
 * → `{ url, expiresAt, cappedBy }`: a presigned URL (SigV4 query authentication; SigV4a for Multi-Region
 * Access Points or when asked, with the same 7-day limit) for S3 GET or PUT (`s3://bucket/key` or an
 * object URL) or any other service's GET. `expiresIn` (seconds) is capped at AWS's 7 days and at the
 * remaining life of the credentials (a role's, or nothing for an IAM user's long-term keys); `cappedBy`
 * says which applied. The URL carries `X-Amz-Security-Token` when the credentials are temporary — AWS's
 * protocol puts it there; it is what the user asked to copy. Nothing is sent and nothing is recorded.
 */
export const requestPresign: Handler<'request.presign'> = async (p) => {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
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
};
