/**
 * SigV4 signer (AWS4-HMAC-SHA256): the public surface.
 *
 * - {@link signRequest}: sign with an `Authorization` header.
 * - {@link presignUrl}: sign into the query string (presigned URL).
 * - {@link signRequestAsync}: `signRequest` for big bodies (native SHA-256 over a threshold, Blob and
 *   stream bodies); {@link hashPayload}: the body hash alone, to pass as the `payloadHash` option.
 *
 * The first two are pure and synchronous (SHA-256/HMAC from @noble/hashes), agree byte for byte with AWS's
 * test suites and with `@smithy/signature-v4`, and never mutate their inputs. Bad input throws
 * `SigvaultError('INVALID_INPUT', message, { field })` instead of producing a wrong signature.
 *
 * The signing-key cache is cleared with `clearSigningKeyCache()`, exported by `./signing-key.ts`
 * (not from here, so that this module's runtime exports stay exactly these four functions).
 * Design notes and benchmark figures: docs/sigv4.md.
 * @module
 */

export { signRequest } from './sign.ts';
export { presignUrl } from './presign.ts';
export { hashPayload, signRequestAsync } from './payload.ts';
export type { AsyncSignInput, PayloadBody } from './payload.ts';
export type { Credentials, SignInput, SignOptions, Signed } from './types.ts';
