/**
 * SigV4a (AWS4-ECDSA-P256-SHA256): header signing and presigned URLs.
 *
 * SigV4a is SigV4 with three changes (aws-c-auth `aws_signing.c`, and its `v4a` test suite):
 * - the request is valid in a *region set* (`X-Amz-Region-Set`: regions or wildcard patterns joined
 *   with `,`, e.g. `*` for S3 Multi-Region Access Points), sent and signed as a header, or as a query
 *   parameter when presigning; the credential scope has no region: `date/service/aws4_request`;
 * - the algorithm line is `AWS4-ECDSA-P256-SHA256`;
 * - the signature is ECDSA P-256 over SHA-256 of the string to sign, with the key derived from the
 *   access key pair (key.ts), DER-encoded and written in lower-case hex.
 *
 * Everything else (validation, canonical request, payload hash, session token, S3 rules) is the SigV4
 * pipeline itself (src/core/sigv4/sign.ts), called with an {@link AsymmetricScheme}.
 *
 * Signatures are deterministic (RFC 6979 nonces, @noble/curves' default), so the same request signed
 * twice gives the same signature; AWS accepts any valid ECDSA signature (high or low S).
 * @module
 */

import { p256 } from '@noble/curves/nist.js';
import { toHex, utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import { sign, type AsymmetricScheme } from '../sigv4/sign.ts';
import type { Credentials, SignInput, SignOptions, Signed } from '../sigv4/types.ts';
import { ALGORITHM_V4A, deriveSigV4aPrivateKey } from './key.ts';

/**
 * SigV4a signing options: those of SigV4, with a region set instead of a region.
 * @example
 * ```ts
 * const opts: SignV4aOptions = { regionSet: '*', service: 's3', datetime: '20150830T123600Z' };
 * ```
 */
export type SignV4aOptions = Omit<SignOptions, 'region'> & {
  /**
   * The regions the signature is valid in: one region (`us-east-1`), a pattern (`us-*`), `*` for all,
   * or several, as an array or joined with `,`. Each is letters, digits, `-`, `_`, `.` and `*`.
   */
  regionSet: string | readonly string[];
};

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** One region or pattern: non-empty; letters, digits, `-`, `_`, `.`, `*`. */
function isRegionPattern(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46 || c === 42;
    if (!ok) return false;
  }
  return true;
}

/**
 * The `X-Amz-Region-Set` value of the options, validated: the regions joined with `,`.
 * @param opts - the caller's options (anything)
 * @returns e.g. `us-east-1,us-west-2`
 * @throws SigvaultError `INVALID_INPUT` (`details.field: 'regionSet'`)
 */
function regionSetOf(opts: unknown): string {
  if (typeof opts !== 'object' || opts === null) throw invalid('options', 'options must be an object.');
  const set = (opts as { regionSet?: unknown }).regionSet;
  if (set === undefined && (opts as { region?: unknown }).region !== undefined) {
    throw invalid('regionSet', 'SigV4a signs for a region set: give regionSet (e.g. "*" or ["us-east-1"]), not region.');
  }
  const parts: unknown[] = typeof set === 'string' ? set.split(',') : Array.isArray(set) ? set : [];
  if (parts.length === 0 || parts.length > 64 || !parts.every(isRegionPattern)) {
    throw invalid(
      'regionSet',
      'regionSet must be a region or pattern ("us-east-1", "us-*", "*"), or a non-empty list of them; each is letters, digits, "-", "_", "." or "*".',
    );
  }
  return parts.join(',');
}

/**
 * ECDSA P-256 over SHA-256 of the string to sign, DER-encoded, lower-case hex. The private key is
 * derived for this call and zeroed before returning.
 */
function ecdsaSignatureHex(creds: Credentials, stringToSign: string): string {
  const key = deriveSigV4aPrivateKey(creds.accessKeyId, creds.secretAccessKey);
  try {
    return toHex(p256.sign(utf8Encode(stringToSign), key, { prehash: true, format: 'der' }));
  } finally {
    key.fill(0);
  }
}

function scheme(opts: unknown): AsymmetricScheme {
  return { algorithm: ALGORITHM_V4A, regionSet: regionSetOf(opts), signature: ecdsaSignatureHex };
}

/**
 * Sign a request with SigV4a in an `Authorization` header. Synchronous and pure: the input is not
 * mutated; send `signed.method`, `signed.url`, `signed.headers` and the same body.
 *
 * Adds `X-Amz-Date`, `X-Amz-Region-Set`, `X-Amz-Security-Token` (when the credentials have a token;
 * signed unless `signSessionToken: false`), `X-Amz-Content-SHA256` (S3, or any service with
 * `unsignedPayload`) and `Authorization: AWS4-ECDSA-P256-SHA256 Credential=…/date/service/aws4_request,
 * SignedHeaders=…, Signature=<DER hex>`. A caller's `X-Amz-Region-Set` header is replaced.
 * @param req - method, absolute URL, optional headers and body
 * @param creds - access key id, secret, optional session token
 * @param opts - region set, service and the SigV4 options (datetime, unsignedPayload, ...)
 * @returns the headers to send and the intermediate strings (canonical request, string to sign)
 * @throws SigvaultError `INVALID_INPUT` (`details.field`: regionSet, url, headers, method, body,
 *   service, datetime, credentials, options) for input that cannot be signed exactly
 * @example
 * ```ts
 * const signed = signRequestV4a(
 *   { method: 'GET', url: 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg' },
 *   { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
 *   { regionSet: '*', service: 's3' },
 * );
 * await fetch(signed.url, { method: signed.method, headers: signed.headers });
 * ```
 */
export function signRequestV4a(req: SignInput, creds: Credentials, opts: SignV4aOptions): Signed {
  return sign(req, creds, opts, undefined, scheme(opts));
}

/**
 * Presign a URL with SigV4a: `X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-Region-Set`, `X-Amz-SignedHeaders` (and the token) are signed
 * in the query, and `X-Amz-Signature` (DER hex) appended. Otherwise as SigV4's `presignUrl`.
 * @param req - method, absolute URL, optional headers and body
 * @param creds - access key id, secret, optional session token
 * @param opts - region set, service, options and `expiresIn` (integer seconds, 1 to 604800)
 * @returns the presigned URL and the intermediate strings
 * @throws SigvaultError `INVALID_INPUT` for bad input, including a URL that already carries
 *   `X-Amz-*` signing parameters
 * @example
 * ```ts
 * const { url } = presignUrlV4a(
 *   { method: 'GET', url: 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/report.csv' },
 *   creds,
 *   { regionSet: '*', service: 's3', expiresIn: 3600 },
 * );
 * ```
 */
export function presignUrlV4a(req: SignInput, creds: Credentials, opts: SignV4aOptions & { expiresIn: number }): Signed {
  const s = scheme(opts);
  const expiresIn = (opts as { expiresIn?: unknown }).expiresIn;
  return sign(req, creds, opts, typeof expiresIn === 'number' ? expiresIn : Number.NaN, s);
}
