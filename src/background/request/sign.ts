/**
 * The one place a request console signature is made: SigV4 (`signRequest` / `presignUrl`) for most
 * targets, SigV4a (`signRequestV4a` / `presignUrlV4a`, ECDSA P-256) for hosts that need it (S3
 * Multi-Region Access Points, `*.accesspoint.s3-global.amazonaws.com`) or when the caller asked for it
 * (`signingAlgorithm: 'sigv4a'`), over the target's region set (`*` by default). The SigV4a private key
 * is derived from the secret for each signature and zeroed at once (src/core/sigv4a/key.ts): nothing
 * of it is cached or returned.
 *
 * Bodies of `NATIVE_HASH_MIN_BYTES` (6 KiB) or more are hashed with the browser's native SHA-256
 * (`crypto.subtle`, core/sigv4/payload.ts) before the synchronous signer runs; smaller ones in JS.
 * @module
 */
import type { ResolvedTarget } from '../../core/request/target.ts';
import { presignUrl, signRequest, type Credentials, type SignInput, type Signed } from '../../core/sigv4/index.ts';
import { preparePayload } from '../../core/sigv4/payload.ts';
import { presignUrlV4a, signRequestV4a } from '../../core/sigv4a/index.ts';

/**
 * Signs `req` with an Authorization header for `target`, dated `now` (AWS's clock as STS told it); a big
 * body is hashed natively first.
 */
export async function signFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number): Promise<Signed> {
  const datetime = new Date(now);
  if (target.sigv4a) {
    const p = await preparePayload(req, { service: target.service, regionSet: target.regionSet ?? '*', datetime });
    return signRequestV4a(p.req, creds, p.opts);
  }
  const p = await preparePayload(req, { service: target.service, region: target.region, datetime });
  return signRequest(p.req, creds, p.opts);
}

/** Presigns `req` for `target`, valid `expiresIn` seconds from `now`. */
export function presignFor(target: ResolvedTarget, req: SignInput, creds: Credentials, now: number, expiresIn: number): Signed {
  const datetime = new Date(now);
  if (target.sigv4a) return presignUrlV4a(req, creds, { service: target.service, regionSet: target.regionSet ?? '*', datetime, expiresIn });
  return presignUrl(req, creds, { service: target.service, region: target.region, datetime, expiresIn });
}
