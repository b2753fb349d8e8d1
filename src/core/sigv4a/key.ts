/**
 * SigV4a signing keys: the P-256 private key AWS derives from an access key pair.
 *
 * The algorithm is aws-c-auth's (`source/key_derivation.c`, the reference the AWS SDKs follow): NIST
 * SP 800-108 KDF in counter mode with HMAC-SHA256 as the PRF,
 *
 * ```
 * key   = "AWS4A" || secretAccessKey
 * input = 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || accessKeyId || counter (1 byte) || 0x00000100
 * candidate = HMAC-SHA256(key, input)                      (a 256-bit big-endian integer)
 * ```
 *
 * with `counter` = 1, 2, ... up to 254 until `candidate <= n - 2` (n: the order of P-256), and then
 * `privateKey = candidate + 1`, which lies in [1, n - 1]. The first counter succeeds except with
 * probability about 2^-32.
 *
 * Nothing is cached: a derivation is one HMAC (about 30 µs in Node on the 2-core test machine, against
 * about 750 µs for the ECDSA signature that follows), so a cache would save a few percent and would
 * keep key material alive between requests. The caller zeroes the returned bytes after use (the
 * signer does).
 * @module
 */

import { p256 } from '@noble/curves/nist.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';

/**
 * The SigV4a algorithm name: the `X-Amz-Algorithm` / Authorization prefix, and the KDF label.
 * @example
 * ```ts
 * `${ALGORITHM_V4A} Credential=...`;  // 'AWS4-ECDSA-P256-SHA256 Credential=...'
 * ```
 */
export const ALGORITHM_V4A = 'AWS4-ECDSA-P256-SHA256';

/** Counters tried before giving up (aws-c-auth's MAX_KEY_DERIVATION_COUNTER_VALUE). */
const MAX_COUNTER = 254;

/** n - 2 as 32 big-endian bytes (n: the order of the P-256 group). */
const N_MINUS_2: Uint8Array = /* @__PURE__ */ (() => {
  let v = p256.Point.Fn.ORDER - 2n;
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
})();

/**
 * The private key for one KDF output: `candidate + 1` when `candidate <= n - 2`, else `undefined` (the
 * next counter must be tried). The comparison and the increment walk all 32 bytes without an early
 * exit, as aws-c-auth's constant-time helpers do.
 * @param candidate - 32 bytes, big-endian (an HMAC-SHA256 output)
 * @returns a fresh 32-byte private key, or undefined when the candidate is out of range
 * @throws TypeError when `candidate` is not 32 bytes
 * @example
 * ```ts
 * privateKeyFromCandidate(new Uint8Array(32));  // 0x00…01
 * privateKeyFromCandidate(new Uint8Array(32).fill(0xff));  // undefined
 * ```
 */
export function privateKeyFromCandidate(candidate: Uint8Array): Uint8Array | undefined {
  if (!(candidate instanceof Uint8Array) || candidate.length !== 32) {
    throw new TypeError('candidate must be a Uint8Array of 32 bytes.');
  }
  // gt/eq as in aws_be_bytes_compare_constant_time: gt = 1 once a digit of the candidate is greater
  // while all earlier digits were equal; eq stays 1 while every digit so far is equal.
  let gt = 0;
  let eq = 1;
  for (let i = 0; i < 32; i++) {
    const l = candidate[i]!;
    const r = N_MINUS_2[i]!;
    gt |= ((r - l) >>> 31) & eq;
    eq &= (((l ^ r) - 1) >>> 31) & 1;
  }
  if (gt === 1) return undefined;
  const key = Uint8Array.from(candidate);
  let carry = 1;
  for (let i = 31; i >= 0; i--) {
    const sum = key[i]! + carry;
    key[i] = sum & 0xff;
    carry = sum >>> 8;
  }
  return key;
}

/** Visible ASCII, no `/` (the access key id travels in the credential scope). */
function isAccessKeyId(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 128) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126 || c === 47) return false;
  }
  return true;
}

/**
 * Derive the SigV4a P-256 private key of an access key pair (aws-c-auth's KDF, see the module notes).
 * The result is fresh bytes the caller must zero (`key.fill(0)`) once used; never store or log it.
 * @param accessKeyId - the access key id (visible ASCII without `/`, at most 128 characters)
 * @param secretAccessKey - the secret access key (non-empty)
 * @returns the 32-byte big-endian private scalar, in [1, n - 1]
 * @throws SigvaultError `INVALID_INPUT` (`details.field: 'credentials'`) for a malformed key id or secret
 * @example
 * ```ts
 * const d = deriveSigV4aPrivateKey('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
 * const publicKey = p256.getPublicKey(d, false);  // 04 || X || Y
 * d.fill(0);
 * ```
 */
export function deriveSigV4aPrivateKey(accessKeyId: string, secretAccessKey: string): Uint8Array {
  if (!isAccessKeyId(accessKeyId)) {
    throw new SigvaultError('INVALID_INPUT', 'accessKeyId must be 1 to 128 characters of visible ASCII without "/".', {
      field: 'credentials',
    });
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) {
    throw new SigvaultError('INVALID_INPUT', 'secretAccessKey must be a non-empty string.', { field: 'credentials' });
  }
  const secret = utf8Encode('AWS4A' + secretAccessKey);
  const label = utf8Encode(ALGORITHM_V4A);
  const id = utf8Encode(accessKeyId);
  // 0x00000001 || label || 0x00 || accessKeyId || counter || 0x00000100
  const input = new Uint8Array(4 + label.length + 1 + id.length + 1 + 4);
  input[3] = 1;
  input.set(label, 4);
  const counterAt = 4 + label.length + 1 + id.length;
  input.set(id, counterAt - id.length);
  input[counterAt + 3] = 1; // 256 = 0x00000100
  try {
    for (let counter = 1; counter <= MAX_COUNTER; counter++) {
      input[counterAt] = counter;
      const candidate = hmac(sha256, secret, input);
      const key = privateKeyFromCandidate(candidate);
      candidate.fill(0);
      if (key !== undefined) return key;
    }
  } finally {
    secret.fill(0);
  }
  // Unreachable in practice (probability about 2^-8128); reported rather than signing with a bad key.
  throw new SigvaultError('INVALID_INPUT', 'No SigV4a key can be derived from these credentials.', { field: 'credentials' });
}
