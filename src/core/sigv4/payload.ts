/**
 * Body hashing for big payloads: SHA-256 on the platform's native WebCrypto (`crypto.subtle.digest`)
 * above {@link NATIVE_HASH_MIN_BYTES}, noble's pure-JS hash below it (a `subtle` call costs tens of
 * microseconds of overhead, more than hashing a few KiB in JS), and incremental hashing of streams.
 *
 * WebCrypto is a web-platform API (Node ≥ 20, Chrome, Firefox), not a browser-extension API, so core
 * may use it. It has no incremental digest: a `ReadableStream` is hashed chunk by chunk with noble
 * (constant memory, pure-JS speed); a `Blob` is read whole and hashed natively (it can still be sent).
 *
 * {@link signRequestAsync} is the signer for callers with big bodies: the same inputs and output as
 * `signRequest`, the payload hashed here first and handed to the synchronous signer as `payloadHash`.
 * Design notes and measured figures: docs/sigv4.md ("Body hashing").
 * @module
 */

import { _SHA256 } from '@noble/hashes/sha2.js';
import { utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import { EMPTY_SHA256 } from './canonical.ts';
import { toHex } from './encoding.ts';
import { sha256Hex } from './hash.ts';
import { S3_SERVICES, signRequest } from './sign.ts';
import type { Credentials, SignInput, SignOptions, Signed } from './types.ts';

/**
 * Bodies of at least this many bytes are hashed with `crypto.subtle.digest`; smaller ones with noble.
 * Measured (docs/sigv4.md): in Node 20 a `subtle.digest` call costs ~50 µs whatever the size, noble
 * ~9 µs per KiB; they cross between 4 and 8 KiB.
 * @example
 * ```ts
 * if (body.byteLength >= NATIVE_HASH_MIN_BYTES) await crypto.subtle.digest('SHA-256', body);
 * ```
 */
export const NATIVE_HASH_MIN_BYTES = 6 * 1024;

/**
 * A body {@link hashPayload} accepts.
 * @example
 * ```ts
 * const body: PayloadBody = file; // a File is a Blob
 * ```
 */
export type PayloadBody = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | null | undefined;

/**
 * A request {@link signRequestAsync} accepts: a {@link SignInput} whose body may also be a Blob or a
 * stream.
 * @example
 * ```ts
 * const req: AsyncSignInput = { method: 'PUT', url, body: file };
 * ```
 */
export type AsyncSignInput = Omit<SignInput, 'body'> & { body?: string | Uint8Array | Blob | ReadableStream<Uint8Array> | null };

async function nativeHex(bytes: Uint8Array): Promise<string> {
  const subtle = typeof crypto === 'undefined' ? undefined : crypto.subtle;
  // No WebCrypto (an insecure context): the same digest at JS speed.
  if (subtle === undefined || typeof subtle.digest !== 'function') return sha256Hex(bytes);
  return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** Bytes hashed natively or with noble by size. `wipe`: zero `bytes` afterwards (our own copy of a string). */
async function bytesHex(bytes: Uint8Array, wipe: boolean): Promise<string> {
  if (bytes.byteLength === 0) return EMPTY_SHA256;
  try {
    return bytes.byteLength < NATIVE_HASH_MIN_BYTES ? sha256Hex(bytes) : await nativeHex(bytes);
  } finally {
    if (wipe) bytes.fill(0);
  }
}

function isStream(b: unknown): b is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && b instanceof ReadableStream;
}

function isBlob(b: unknown): b is Blob {
  return typeof Blob !== 'undefined' && b instanceof Blob;
}

/**
 * SHA-256 of a request body as 64 lower-case hex digits (the SigV4 `HashedPayload`): native above
 * {@link NATIVE_HASH_MIN_BYTES}, noble below; a string is hashed as UTF-8; a Blob is read and hashed
 * natively; a ReadableStream is read to its end and hashed incrementally (noble, constant memory) — it
 * is consumed, so hash a second copy of the data (e.g. `file.stream()` again) from the one you send.
 * @param body - the body (null/undefined/empty: the empty-string hash)
 * @returns the hex digest
 * @throws SigvaultError `INVALID_INPUT` (field `body`) for another type, or a stream chunk that is not bytes
 * @example
 * ```ts
 * const payloadHash = await hashPayload(bytes);
 * signRequest({ method: 'PUT', url, body: bytes }, creds, { region, service, payloadHash });
 * ```
 */
export async function hashPayload(body: PayloadBody): Promise<string> {
  if (body === undefined || body === null) return EMPTY_SHA256;
  if (typeof body === 'string') {
    if (body.length === 0) return EMPTY_SHA256;
    // Short strings: the signer's own path (UTF-8 into a scratch buffer, wiped). Long ones: encode once,
    // hash natively, zero the copy (bodies may be sensitive).
    if (body.length * 3 < NATIVE_HASH_MIN_BYTES) return sha256Hex(body, true);
    return bytesHex(utf8Encode(body), true);
  }
  if (body instanceof Uint8Array) return bytesHex(body, false);
  if (body instanceof ArrayBuffer) return bytesHex(new Uint8Array(body), false);
  if (isBlob(body)) return bytesHex(new Uint8Array(await body.arrayBuffer()), true);
  if (isStream(body)) {
    const h = new _SHA256();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!(value instanceof Uint8Array)) {
          throw new SigvaultError('INVALID_INPUT', 'A body stream must yield Uint8Array chunks.', { field: 'body' });
        }
        h.update(value);
      }
    } catch (e) {
      await reader.cancel().catch(() => undefined);
      h.destroy();
      throw e;
    } finally {
      reader.releaseLock();
    }
    const hex = toHex(h.digest());
    h.destroy();
    return hex;
  }
  throw new SigvaultError('INVALID_INPUT', 'body must be a string, bytes, a Blob, a ReadableStream, null or undefined.', { field: 'body' });
}

function hasContentHashHeader(headers: SignInput['headers']): boolean {
  if (headers === undefined || headers === null || typeof headers !== 'object') return false;
  for (const name in headers) {
    if (name.length === 20 && name.toLowerCase() === 'x-amz-content-sha256') return true;
  }
  return false;
}

/**
 * The options to sign `req` with: `opts` plus a `payloadHash` hashed here when the synchronous
 * signer would otherwise hash a big body in JS (or could not read it: Blob, stream), and the body to
 * hand the synchronous signer (a Blob/stream is replaced by null once hashed or left unsigned).
 * Small string/byte bodies are left to the synchronous signer, which is faster for them.
 * For a stream body: S3 (`s3`, `s3-object-lambda`, `s3-outposts`, `s3express`) signs `UNSIGNED-PAYLOAD`,
 * as the AWS SDKs do for streamed uploads over HTTPS, so the stream stays unread and can be sent; other
 * services need the hash, which would consume the stream: `INVALID_INPUT` (pass `payloadHash`, or a Blob).
 * @param req - the request
 * @param opts - signing options (SigV4 or SigV4a: only `service`, `unsignedPayload`, `payloadHash`,
 *   `expiresIn` are read)
 * @returns the request and options for the synchronous signer
 * @example
 * ```ts
 * const p = await preparePayload(req, opts);
 * signRequestV4a(p.req, creds, p.opts);
 * ```
 */
/** Whether {@link preparePayload} would change anything: a Blob, a stream, or a body of the threshold or more. */
function needsPreparing(req: AsyncSignInput): boolean {
  const body = typeof req === 'object' && req !== null ? req.body : undefined;
  if (body === undefined || body === null) return false;
  if (typeof body === 'string' || body instanceof Uint8Array) return body.length >= NATIVE_HASH_MIN_BYTES;
  return isBlob(body) || isStream(body);
}

export async function preparePayload<O extends { service: string; unsignedPayload?: boolean; payloadHash?: string; expiresIn?: number }>(
  req: AsyncSignInput,
  opts: O,
): Promise<{ req: SignInput; opts: O }> {
  if (!needsPreparing(req)) return { req: req as SignInput, opts };
  const body = req.body;
  const blob = isBlob(body);
  const stream = isStream(body);
  const rest = { ...req, body: null };
  // Is the payload hash needed at all? Not when the caller gave it or chose UNSIGNED-PAYLOAD, nor for
  // an S3 presigned URL (always UNSIGNED-PAYLOAD).
  const s3 = S3_SERVICES.has(opts.service);
  const notNeeded = opts.payloadHash !== undefined || opts.unsignedPayload === true || hasContentHashHeader(req.headers) || (s3 && opts.expiresIn !== undefined);
  if (notNeeded) return { req: blob || stream ? rest : (req as SignInput), opts };
  if (stream) {
    if (s3) return { req: rest, opts: { ...opts, unsignedPayload: true } };
    throw new SigvaultError(
      'INVALID_INPUT',
      'A stream body must be hashed before it is sent: pass payloadHash (hashPayload of a second copy of the data) or a Blob.',
      { field: 'body' },
    );
  }
  const payloadHash = await hashPayload(body as string | Uint8Array | Blob);
  return { req: blob ? rest : (req as SignInput), opts: { ...opts, payloadHash } };
}

/**
 * Sign a request with an `Authorization` header, like `signRequest`, for big or non-buffered bodies: a
 * body of {@link NATIVE_HASH_MIN_BYTES} or more is hashed with native SHA-256 (`crypto.subtle`), a Blob
 * is read and hashed natively, a ReadableStream is signed `UNSIGNED-PAYLOAD` for S3 (left unread, send
 * it) and refused for other services (see {@link preparePayload}). Small bodies take exactly the
 * synchronous path. The result equals `signRequest`'s for the same request byte for byte.
 * @param req - method, URL, headers, body (string, bytes, Blob, ReadableStream, null)
 * @param creds - credentials
 * @param opts - as for `signRequest`
 * @returns what to send (send the original body)
 * @throws SigvaultError `INVALID_INPUT` as `signRequest` (the promise rejects)
 * @example
 * ```ts
 * const s = await signRequestAsync({ method: 'PUT', url, body: file }, creds, { region: 'eu-west-1', service: 's3' });
 * await fetch(s.url, { method: s.method, headers: s.headers, body: file });
 * ```
 */
export function signRequestAsync(req: AsyncSignInput, creds: Credentials, opts: SignOptions): Promise<Signed> {
  if (!needsPreparing(req)) {
    // small string/byte body or none: the synchronous signer, wrapped in an already-settled promise (no extra tick)
    try {
      return Promise.resolve(signRequest(req as SignInput, creds, opts));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return preparePayload(req, opts).then((p) => signRequest(p.req, creds, p.opts));
}
