import type { Handler } from '../../platform/background-messaging.ts';
import { presignRequest } from '../request/presign.ts';
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
 * (The signing agent's `presign` goes through the same presignRequest.)
 */
export const requestPresign: Handler<'request.presign'> = async (p) => {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
  return presignRequest(p, id, guard);
};
