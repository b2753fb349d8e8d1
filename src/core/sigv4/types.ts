/**
 * Public types of the SigV4 signer (re-exported by `index.ts`).
 * @module
 */

/**
 * The request to sign. Never mutated.
 * @example
 * ```ts
 * const req: SignInput = { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/photos/cat.jpg' };
 * ```
 */
export type SignInput = {
  /** HTTP method. `get`/`post`/... are upper-cased like fetch does; other methods are kept as given. */
  method: string;
  /**
   * Absolute http(s) URL as the caller wrote it. The path is taken raw (not decoded, not resolved);
   * characters that cannot travel raw (space, non-ASCII...) are percent-encoded by the signer, and
   * `Signed.url` carries the exact form that was signed: send that URL.
   */
  url: string;
  /** Headers to send; every one is signed. Must not contain `Host` unless it equals the URL's host. */
  headers?: Record<string, string>;
  /** Request body: a string (hashed as UTF-8) or bytes; null/undefined for none. */
  body?: string | Uint8Array | null;
};

/**
 * AWS credentials. Only `accessKeyId` is ever used as a cache key; the secret never leaves the signer.
 * @example
 * ```ts
 * const creds: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
 * ```
 */
export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/**
 * Signing options.
 * @example
 * ```ts
 * const opts: SignOptions = { region: 'us-east-1', service: 'sts', datetime: '20150830T123600Z' };
 * ```
 */
export type SignOptions = {
  /** Region of the credential scope, e.g. `us-east-1`. */
  region: string;
  /** Signing name of the service, e.g. `sts`, `s3`, `execute-api`. */
  service: string;
  /** `YYYYMMDDTHHMMSSZ` or a Date; default: now. */
  datetime?: string | Date;
  /** Use `UNSIGNED-PAYLOAD` as the payload hash (and send it as `X-Amz-Content-SHA256` in header mode). */
  unsignedPayload?: boolean;
  /** Remove `.`, `..` and empty path segments before signing. Default: true except for S3. */
  normalizePath?: boolean;
  /** URI-encode the (already encoded) path again. Default: true except for S3. */
  doubleEncodePath?: boolean;
  /** Sign the session token (default). false: attach `X-Amz-Security-Token` after signing. */
  signSessionToken?: boolean;
  /**
   * The body's SHA-256 as 64 lower-case hex digits, computed by the caller (e.g. with `hashPayload`,
   * natively for big bodies): the signer uses it where it would have hashed `body` and does not read
   * the body. It adds no header of its own (S3 still gets `X-Amz-Content-SHA256`, as always). Not
   * checked against the body: a wrong hash gives a signature AWS refuses. Conflicts with
   * `unsignedPayload` and with a different caller `X-Amz-Content-SHA256` (`INVALID_INPUT`); unused for
   * S3 presigned URLs (always `UNSIGNED-PAYLOAD`).
   */
  payloadHash?: string;
};

/**
 * The result of signing: what to send, and the intermediate strings (for debugging and tests).
 * @example
 * ```ts
 * const s: Signed = signRequest(req, creds, opts);
 * await fetch(s.url, { method: s.method, headers: s.headers, body });
 * ```
 */
export type Signed = {
  /** The method to send (see {@link SignInput.method}). */
  method: string;
  /** The URL to send: normalised host, the signed path, and for presigned URLs the auth parameters. */
  url: string;
  /**
   * The headers to send: the caller's (as given, minus `Authorization`/`X-Amz-Date` and a
   * caller `X-Amz-Security-Token` replaced by the credentials' one) plus, in header mode,
   * `X-Amz-Date`, (SigV4a) `X-Amz-Region-Set`, `X-Amz-Security-Token`, `X-Amz-Content-SHA256` when
   * applicable and `Authorization`.
   * `Host` is included only if the caller gave it (fetch sets it from the URL).
   */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  /** 64 lower-case hex digits (SigV4a: the DER-encoded ECDSA signature in lower-case hex, 140 to 144 digits). */
  signature: string;
  /** `;`-separated lower-case header names. */
  signedHeaders: string;
};
