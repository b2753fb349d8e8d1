/**
 * AES-256-GCM over WebCrypto (`crypto.subtle`): a fresh random 96-bit IV per seal, 128-bit tag,
 * caller-supplied additional data (AAD).
 *
 * Opening failures throw {@link AeadOpenError}, an internal error that never crosses the message
 * boundary: vault code maps it to WRONG_PASSPHRASE (the key wrap) or CORRUPT_RECORD (a record).
 * @module
 */

import { randomBytes, type Bytes } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';

export const AES_KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** The output of {@link seal}: IV and ciphertext-with-tag (WebCrypto appends the 16-byte tag). */
export interface Sealed {
  iv: Bytes;
  ct: Bytes;
}

/** AES-GCM refused to open: wrong key, or IV / ciphertext / tag / AAD changed. Internal; map before returning. */
export class AeadOpenError extends Error {
  constructor(message = 'AES-GCM authentication failed') {
    super(message);
    this.name = 'AeadOpenError';
  }
}

export function isAeadOpenError(e: unknown): e is AeadOpenError {
  return e instanceof AeadOpenError;
}

/**
 * Import 32 raw bytes as a non-extractable AES-256-GCM key (encrypt + decrypt).
 * The caller keeps (or wipes) `raw`; the CryptoKey cannot be exported again.
 * @throws SigvaultError INVALID_INPUT (field `dataKey`) if `raw` is not 32 bytes
 * @example
 * const key = await importDataKey(dataKey);
 */
export async function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  if (!(raw instanceof Uint8Array) || raw.length !== AES_KEY_BYTES) {
    throw new SigvaultError('INVALID_INPUT', `a data key must be ${AES_KEY_BYTES} bytes`, { field: 'dataKey' });
  }
  const copy = new Uint8Array(raw);
  try {
    return await crypto.subtle.importKey('raw', copy, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    copy.fill(0);
  }
}

/**
 * Encrypt `plaintext` under `key` with a fresh random IV, authenticating `aad` too.
 * (Inputs are `Uint8Array<ArrayBuffer>`, what WebCrypto accepts; wrap other views with `new Uint8Array(x)`.)
 * @example
 * const { iv, ct } = await seal(key, utf8Encode('{"a":1}'), aad);
 */
export async function seal(key: CryptoKey, plaintext: Bytes, aad: Bytes): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, key, plaintext);
  return { iv, ct: new Uint8Array(ct) };
}

/**
 * Decrypt and authenticate. Throws {@link AeadOpenError} on any failure (including malformed IV / short
 * ciphertext), never returning unauthenticated bytes.
 */
export async function open(key: CryptoKey, iv: Bytes, ct: Bytes, aad: Bytes): Promise<Bytes> {
  if (iv.length !== IV_BYTES) throw new AeadOpenError('IV must be 12 bytes');
  if (ct.length < TAG_BYTES) throw new AeadOpenError('ciphertext shorter than the tag');
  try {
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, key, ct);
    return new Uint8Array(pt);
  } catch {
    throw new AeadOpenError();
  }
}
