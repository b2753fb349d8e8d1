/**
 * The one place a request console signature is made: SigV4 (`signRequest` / `presignUrl`) for every
 * target, except hosts that need SigV4a (S3 Multi-Region Access Points,
 * `*.accesspoint.s3-global.amazonaws.com`), which are refused with UNSUPPORTED until the SigV4a signer
 * (src/core/sigv4a/) lands: plug it in at {@link signFor} / {@link presignFor}, the only callers.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import type { ResolvedTarget } from '../../core/request/target.ts';
import { presignUrl, signRequest, type Credentials, type SignInput, type Signed } from '../../core/sigv4/index.ts';

function sigv4aUnavailable(): SigvaultError {
  return new SigvaultError(
    'UNSUPPORTED',
    'This host is an S3 Multi-Region Access Point, which needs SigV4a signing; Sigvault cannot sign for it yet. Use a regional access point or bucket URL.',
    { field: 'url' },
  );
}

/** Signs `req` with an Authorization header for `target`, dated `now` (AWS's clock as STS told it). */
export function signFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number): Signed {
  if (target.sigv4a) throw sigv4aUnavailable(); // SigV4a: sign here (region set '*')
  return signRequest(req, creds, { service: target.service, region: target.region, datetime: new Date(now) });
}

/** Presigns `req` for `target`, valid `expiresIn` seconds from `now`. */
export function presignFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number, expiresIn: number): Signed {
  if (target.sigv4a) throw sigv4aUnavailable(); // SigV4a: presign here
  return presignUrl(req, creds, { service: target.service, region: target.region, datetime: new Date(now), expiresIn });
}

/** Refuses before any credential is resolved (no MFA prompt for a request that cannot be signed). */
export function assertSignable(target: ResolvedTarget): void {
  if (target.sigv4a) throw sigv4aUnavailable();
}
