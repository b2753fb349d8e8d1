/**
 * Presigned URLs (SigV4 query-string authentication).
 *
 * Spec sections implemented here (AWS SigV4 "Authentication with query parameters" / S3
 * "Authenticating Requests: Using Query Parameters"): the `X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires` (1 to 604800 seconds), `X-Amz-SignedHeaders` and
 * `X-Amz-Security-Token` parameters signed as part of the canonical query, `X-Amz-Signature`
 * appended; the payload hash is `UNSIGNED-PAYLOAD` for S3 and the body's SHA-256 (the empty-string
 * hash when there is no body) for other services. The pipeline itself is shared with header signing
 * (sign.ts).
 * @module
 */

import { sign } from './sign.ts';
import type { Credentials, SignInput, SignOptions, Signed } from './types.ts';

/**
 * Presign a URL: the signature travels in the query string, so the URL can be handed to a browser
 * tab, `<img>`, `curl` or another party until it expires. Synchronous and pure.
 *
 * `Signed.url` is the URL to use. Its query is the canonical query string (every parameter,
 * including the caller's, in strict RFC 3986 form, sorted) followed by `X-Amz-Signature`, and, with
 * `signSessionToken: false`, the unsigned `X-Amz-Security-Token`. Headers in `req.headers` stay
 * headers: they are signed (listed in `X-Amz-SignedHeaders`) and must be sent with the URL.
 * @param req - method, absolute URL, optional headers and body
 * @param creds - access key id, secret, optional session token
 * @param opts - region, service, options and `expiresIn` (integer seconds, 1 to 604800)
 * @returns the presigned URL and the intermediate strings
 * @throws SigvaultError `INVALID_INPUT` (`details.field`: expiresIn, url, headers, ...) for bad input,
 *   including a URL that already carries `X-Amz-*` signing parameters
 * @example
 * ```ts
 * const { url } = presignUrl(
 *   { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt' },
 *   { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
 *   { region: 'us-east-1', service: 's3', expiresIn: 86400 },
 * );
 * // https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&...&X-Amz-Signature=...
 * ```
 */
export function presignUrl(req: SignInput, creds: Credentials, opts: SignOptions & { expiresIn: number }): Signed {
  const expiresIn = typeof opts === 'object' && opts !== null ? opts.expiresIn : undefined;
  return sign(req, creds, opts, typeof expiresIn === 'number' ? expiresIn : Number.NaN);
}
