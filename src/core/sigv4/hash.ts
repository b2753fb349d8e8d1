/**
 * The hashing SigV4 needs, on @noble/hashes, without per-call allocation of hasher objects.
 *
 * Spec sections implemented here (AWS SigV4): "HashedPayload" (`Hex(SHA256(body))`), the hash of the
 * canonical request in the string to sign, and the final `HMAC-SHA256(kSigning, stringToSign)`.
 *
 * Noble's hashers can be cloned into an existing instance (`_cloneInto`), which copies eight state
 * words instead of allocating a new object, block buffer and DataView. We keep one pristine SHA-256
 * (never updated) and clone it for every digest; HMAC clones the inner and outer pad states of the
 * cached keyed `_HMAC` (its `iHash`/`oHash`) the same way. Working copies are destroyed (zeroed)
 * after each digest.
 * The benchmark's "hashing alone" figure calls these same functions, so it measures exactly the
 * hashing the signer does.
 * @module
 */

import { _HMAC } from '@noble/hashes/hmac.js';
import { _SHA256, sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8Scratch, wipeUtf8Scratch } from './encoding.ts';

/**
 * HMAC-SHA256 keyed state (inner and outer pad blocks absorbed).
 * @example
 * ```ts
 * const keyed: KeyedHmac = keyHmac(kSigning);
 * ```
 */
export type KeyedHmac = _HMAC<_SHA256>;

const PRISTINE = new _SHA256();
let work: _SHA256 | undefined;
let innerWork: _SHA256 | undefined;
let outerWork: _SHA256 | undefined;
const innerDigest = new Uint8Array(32);
const digest = new Uint8Array(32);

/**
 * SHA-256 of `data`. The result is a shared 32-byte buffer, overwritten by the next call of either
 * function here: read it (hex it) before hashing again.
 * @param data - bytes to hash
 * @returns the digest (shared buffer)
 * @example
 * ```ts
 * toHex(sha256Shared(new Uint8Array(0)));  // 'e3b0c442…b855'
 * ```
 */
export function sha256Shared(data: Uint8Array): Uint8Array {
  const h = (work = PRISTINE._cloneInto(work));
  h.update(data);
  h.digestInto(digest);
  h.destroy(); // zero the working state and block buffer (it held the message's last block)
  return digest;
}

/**
 * Build a keyed HMAC-SHA256 state for `key` (same as `hmac.create(sha256, key)`), to be cached and
 * used with {@link hmacShared}.
 * @param key - the HMAC key (kSigning)
 * @returns the keyed state; never update it directly
 * @example
 * ```ts
 * const keyed = keyHmac(kSigning);
 * ```
 */
export function keyHmac(key: Uint8Array): KeyedHmac {
  return new _HMAC(sha256, key) as KeyedHmac;
}

/**
 * HMAC-SHA256 of `data` under a cached keyed state. The working copy is wiped by noble after the
 * digest; the result is the shared buffer of {@link sha256Shared}.
 * @param keyed - from {@link keyHmac}
 * @param data - message bytes
 * @returns the MAC (shared buffer)
 * @example
 * ```ts
 * toHex(hmacShared(keyHmac(kSigning), utf8Scratch(stringToSign)));
 * ```
 */
export function hmacShared(keyed: KeyedHmac, data: Uint8Array): Uint8Array {
  // HMAC = H(outer || H(inner || data)), run on clones of the keyed pad states (the same steps as
  // noble's _HMAC.digestInto, minus its wrapper objects). Both working copies are wiped afterwards.
  const inner = (innerWork = keyed.iHash._cloneInto(innerWork));
  inner.update(data);
  inner.digestInto(innerDigest);
  inner.destroy();
  const outer = (outerWork = keyed.oHash._cloneInto(outerWork));
  outer.update(innerDigest);
  outer.digestInto(digest);
  outer.destroy();
  innerDigest.fill(0);
  return digest;
}

/**
 * Lower-case hex SHA-256 of a string (as UTF-8) or bytes.
 * @param data - text or bytes
 * @param wipe - zero the scratch copy of a string's bytes afterwards (for bodies, which may be sensitive)
 * @returns 64 hex digits
 * @example
 * ```ts
 * sha256Hex('');  // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * ```
 */
export function sha256Hex(data: string | Uint8Array, wipe = false): string {
  if (typeof data !== 'string') return toHex(sha256Shared(data));
  const bytes = utf8Scratch(data);
  sha256Shared(bytes);
  if (wipe) bytes.fill(0);
  return toHex(digest);
}

/**
 * The bytes of the string to sign live in their own buffer: its first three lines (algorithm, date,
 * scope) are re-encoded only when the date or scope changes, and the 64 hex digits of the canonical
 * request hash are written after them.
 */
let stsBuf = new Uint8Array(192);
let stsDate = '';
let stsRegion = '';
let stsService = '';
let stsPrefixLength = 0;
let stsView: Uint8Array = stsBuf.subarray(0, 0);

function stringToSignBytes(amzDate: string, region: string, service: string, hashHex: string): Uint8Array {
  if (amzDate !== stsDate || region !== stsRegion || service !== stsService) {
    // 'AWS4-HMAC-SHA256\n' + amzDate + '\n' + date/region/service/aws4_request + '\n': ASCII only
    // (the signer validated region and service), so one byte per code unit.
    const prefix = 'AWS4-HMAC-SHA256\n' + amzDate + '\n' + amzDate.slice(0, 8) + '/' + region + '/' + service + '/aws4_request\n';
    const n = prefix.length;
    if (n + 64 > stsBuf.length) stsBuf = new Uint8Array(n + 64);
    for (let i = 0; i < n; i++) stsBuf[i] = prefix.charCodeAt(i);
    stsPrefixLength = n;
    stsView = stsBuf.subarray(0, n + 64);
    stsDate = amzDate;
    stsRegion = region;
    stsService = service;
  }
  const buf = stsBuf;
  const at = stsPrefixLength;
  for (let i = 0; i < 64; i++) buf[at + i] = hashHex.charCodeAt(i);
  return stsView;
}

/**
 * The signature: lower-case hex `HMAC-SHA256(kSigning, stringToSign)`, where the string to sign is
 * `AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{canonicalRequestHash}`.
 * Equivalent to hashing the UTF-8 of `stringToSign(...)`, without re-encoding the unchanged lines.
 * @param keyed - from {@link keyHmac}
 * @param amzDate - `YYYYMMDDTHHMMSSZ`
 * @param region - region of the scope (ASCII, validated)
 * @param service - service of the scope (ASCII, validated)
 * @param canonicalRequestHash - 64 lower-case hex digits
 * @returns 64 hex digits
 * @example
 * ```ts
 * stringToSignHmacHex(keyed, '20150830T123600Z', 'us-east-1', 'service', sha256Hex(canonicalRequest));
 * ```
 */
export function stringToSignHmacHex(
  keyed: KeyedHmac,
  amzDate: string,
  region: string,
  service: string,
  canonicalRequestHash: string,
): string {
  return toHex(hmacShared(keyed, stringToSignBytes(amzDate, region, service, canonicalRequestHash)));
}

/**
 * Wipe the reusable working states, the shared digest, string-to-sign and UTF-8 scratch buffers
 * (called by clearSigningKeyCache; the scratch may hold a signed session token).
 * @example
 * ```ts
 * wipeHashScratch();
 * ```
 */
export function wipeHashScratch(): void {
  innerWork?.destroy();
  outerWork?.destroy();
  innerWork = outerWork = undefined;
  if (work !== undefined) work.destroy();
  work = undefined;
  digest.fill(0);
  stsBuf.fill(0);
  stsDate = stsRegion = stsService = '';
  wipeUtf8Scratch();
}
