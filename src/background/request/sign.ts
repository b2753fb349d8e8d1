/**
 * The one place a request console signature is made: SigV4 (`signRequest` / `presignUrl`) for most
 * targets, SigV4a (`signRequestV4a` / `presignUrlV4a`, ECDSA P-256) for hosts that need it (S3
 * Multi-Region Access Points, `*.accesspoint.s3-global.amazonaws.com`) or when the caller asked for it
 * (`signingAlgorithm: 'sigv4a'`), over the target's region set (`*` by default). The SigV4a private key
 * is derived from the secret for each signature and zeroed at once (src/core/sigv4a/key.ts): nothing
 * of it is cached or returned.
 * @module
 */
import type { ResolvedTarget } from '../../core/request/target.ts';
import { presignUrl, signRequest, type Credentials, type SignInput, type Signed } from '../../core/sigv4/index.ts';
import { presignUrlV4a, signRequestV4a } from '../../core/sigv4a/index.ts';

/** Signs `req` with an Authorization header for `target`, dated `now` (AWS's clock as STS told it). */
export function signFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number): Signed {
  const datetime = new Date(now);
  if (target.sigv4a) return signRequestV4a(req, creds, { service: target.service, regionSet: target.regionSet ?? '*', datetime });
  return signRequest(req, creds, { service: target.service, region: target.region, datetime });
}

/** Presigns `req` for `target`, valid `expiresIn` seconds from `now`. */
export function presignFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number, expiresIn: number): Signed {
  const datetime = new Date(now);
  if (target.sigv4a) return presignUrlV4a(req, creds, { service: target.service, regionSet: target.regionSet ?? '*', datetime, expiresIn });
  return presignUrl(req, creds, { service: target.service, region: target.region, datetime, expiresIn });
}
