/**
 * SigV4 signing keys: derivation and a small cache.
 *
 * Spec sections implemented here (AWS SigV4 "Calculate the signature", step "Derive a signing key"):
 * `kDate = HMAC("AWS4" + secret, date)`, `kRegion = HMAC(kDate, region)`,
 * `kService = HMAC(kRegion, service)`, `kSigning = HMAC(kService, "aws4_request")`, and the final
 * `signature = hex(HMAC(kSigning, stringToSign))`.
 *
 * The cache holds, per (access key id, date, region, service), an HMAC-SHA256 instance already keyed
 * with kSigning (both the inner and outer pad blocks absorbed), so a signature costs two state clones
 * and the hashing of the string to sign (hash.ts). Design:
 * - The map key is `accessKeyId\ndate\nregion\nservice`: never the secret, nor anything derived from
 *   it. None of the four parts can hold a newline (the signer validates them).
 * - Each entry also keeps the secret string it was derived from, and a hit is only used when that
 *   secret is equal to the one being signed with, so a rotated secret under the same access key id
 *   can never be served a stale key: it is re-derived and replaces the entry.
 * - Bounded: {@link SIGNING_KEY_CACHE_SIZE} entries, least recently used evicted first.
 * - {@link clearSigningKeyCache} wipes the keyed HMAC states, empties the map, and also wipes the
 *   signer's other credential-bearing scratch state (the memoised encoded session token, the UTF-8
 *   and string-to-sign buffers, the last request's header values). The vault imports it
 *   from this module (`src/core/sigv4/signing-key.ts`) and calls it on lock; it is deliberately not
 *   re-exported by `index.ts`, whose public surface is `signRequest` and `presignUrl` only.
 *
 * Strings cannot be wiped in JavaScript, so the secret string stays reachable until the entry is
 * cleared or evicted; derived key bytes are zeroed as soon as the keyed state is built.
 * @module
 */

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { uriEncode, utf8Bytes } from './encoding.ts';
import { keyHmac, stringToSignHmacHex, wipeHashScratch, type KeyedHmac } from './hash.ts';

const AWS4_REQUEST = /* @__PURE__ */ utf8Bytes('aws4_request');

/**
 * Maximum number of cached signing keys (least recently used evicted first).
 * @example
 * ```ts
 * signingKeyCacheSize() <= SIGNING_KEY_CACHE_SIZE;  // always true
 * ```
 */
export const SIGNING_KEY_CACHE_SIZE = 64;

type KeyedMac = KeyedHmac;

interface Entry {
  /** The secret the key was derived from, compared on every hit (never part of the map key). */
  readonly secret: string;
  /** HMAC-SHA256 keyed with kSigning, never updated or finalised: only cloned. */
  readonly mac: KeyedMac;
}

const cache = new Map<string, Entry>();
/** The most recently used map key, to skip the LRU re-insertion on repeated hits. */
let newest = '';

const utf8 = utf8Bytes;

/**
 * Derive the raw kSigning key (32 bytes). Not cached; the signer uses {@link signatureHex}.
 * @param secretAccessKey - the secret access key
 * @param date - `YYYYMMDD`
 * @param region - e.g. `us-east-1`
 * @param service - the signing name, e.g. `iam`
 * @returns kSigning
 * @example
 * ```ts
 * // AWS's documented example: 20120215 / us-east-1 / iam
 * toHex(deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam'));
 * // 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d'
 * ```
 */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Uint8Array {
  const k0 = utf8('AWS4' + secretAccessKey);
  const kDate = hmac(sha256, k0, utf8(date));
  const kRegion = hmac(sha256, kDate, utf8(region));
  const kService = hmac(sha256, kRegion, utf8(service));
  const kSigning = hmac(sha256, kService, AWS4_REQUEST);
  k0.fill(0);
  kDate.fill(0);
  kRegion.fill(0);
  kService.fill(0);
  return kSigning;
}

/** The last entry used, checked first: signing many requests in a row skips the map lookup. */
let last: { accessKeyId: string; amzDate: string; date: string; region: string; service: string; entry: Entry } | undefined;

function keyedMac(accessKeyId: string, secret: string, amzDate: string, region: string, service: string): KeyedMac {
  const l = last;
  if (
    l !== undefined &&
    (l.amzDate === amzDate || l.date === amzDate.slice(0, 8)) &&
    l.accessKeyId === accessKeyId &&
    l.region === region &&
    l.service === service &&
    l.entry.secret === secret
  ) {
    return l.entry.mac;
  }
  const date = amzDate.slice(0, 8);
  const id = accessKeyId + '\n' + date + '\n' + region + '\n' + service;
  const hit = cache.get(id);
  if (hit !== undefined && hit.secret === secret) {
    if (id !== newest) {
      cache.delete(id);
      cache.set(id, hit);
      newest = id;
    }
    last = { accessKeyId, amzDate, date, region, service, entry: hit };
    return hit.mac;
  }
  const kSigning = deriveSigningKey(secret, date, region, service);
  const mac = keyHmac(kSigning);
  kSigning.fill(0);
  if (hit !== undefined) {
    hit.mac.destroy();
    cache.delete(id);
  }
  const entry: Entry = { secret, mac };
  cache.set(id, entry);
  newest = id;
  last = { accessKeyId, amzDate, date, region, service, entry };
  if (cache.size > SIGNING_KEY_CACHE_SIZE) {
    const oldest = cache.keys().next().value as string;
    cache.get(oldest)!.mac.destroy();
    cache.delete(oldest);
  }
  return mac;
}

/**
 * The SigV4 signature: lower-case hex of `HMAC(kSigning, stringToSign)`, with kSigning taken from
 * (or added to) the cache, and the string to sign being
 * `AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{canonicalRequestHash}`.
 * @param accessKeyId - cache key part
 * @param secretAccessKey - derives kSigning on a miss; compared on a hit
 * @param amzDate - `YYYYMMDDTHHMMSSZ` (its first 8 characters are the scope date)
 * @param region - region of the scope
 * @param service - service of the scope
 * @param canonicalRequestHash - hex SHA-256 of the canonical request
 * @returns 64 hex digits
 * @example
 * ```ts
 * signatureHex('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830T123600Z',
 *   'us-east-1', 'service', 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63');
 * // '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'
 * ```
 */
export function signatureHex(
  accessKeyId: string,
  secretAccessKey: string,
  amzDate: string,
  region: string,
  service: string,
  canonicalRequestHash: string,
): string {
  const keyed = keyedMac(accessKeyId, secretAccessKey, amzDate, region, service);
  // The working copy is cloned into a reused instance and wiped by noble after the digest, so no
  // keyed state outlives the call.
  return stringToSignHmacHex(keyed, amzDate, region, service, canonicalRequestHash);
}

const wipers: (() => void)[] = [];

/**
 * Register a function that {@link clearSigningKeyCache} calls, for other signer modules' scratch
 * state that may hold credential material (e.g. the last request's header values).
 * @param wipe - zeroes or drops that state
 * @example
 * ```ts
 * onClearSigningKeyCache(() => { VALUES.length = 0; });
 * ```
 */
export function onClearSigningKeyCache(wipe: () => void): void {
  wipers.push(wipe);
}

/**
 * Wipe every cached signing key. The vault calls this on lock. Import it from this module:
 * `import { clearSigningKeyCache } from '../core/sigv4/signing-key.ts'` (it is not part of the
 * `index.ts` surface).
 * @example
 * ```ts
 * clearSigningKeyCache();
 * signingKeyCacheSize();  // 0
 * ```
 */
export function clearSigningKeyCache(): void {
  for (const entry of cache.values()) entry.mac.destroy();
  cache.clear();
  newest = '';
  last = undefined;
  lastToken = '';
  lastTokenEncoded = '';
  wipeHashScratch();
  for (const wipe of wipers) wipe();
}

/** Query encoding of the last session token (tokens are long and reused for many requests). */
let lastToken = '';
let lastTokenEncoded = '';

/**
 * The query-string form (RFC 3986) of a session token, memoised for the last token seen; the memo is
 * credential material and is wiped by {@link clearSigningKeyCache}.
 * @param token - the session token
 * @returns its URI encoding
 * @example
 * ```ts
 * encodedSessionToken('a/b+c=');  // 'a%2Fb%2Bc%3D'
 * ```
 */
export function encodedSessionToken(token: string): string {
  if (token !== lastToken) {
    lastTokenEncoded = uriEncode(token, false);
    lastToken = token;
  }
  return lastTokenEncoded;
}

/**
 * Number of cached signing keys (for tests and diagnostics; never exposes keys).
 * @returns the current entry count
 * @example
 * ```ts
 * signingKeyCacheSize();  // 0 after clearSigningKeyCache()
 * ```
 */
export function signingKeyCacheSize(): number {
  return cache.size;
}

/**
 * The cache's map keys, oldest first (`accessKeyId\ndate\nregion\nservice`; no secret material).
 * For tests and diagnostics.
 * @returns the keys
 * @example
 * ```ts
 * signingKeyCacheIds();  // ['AKIDEXAMPLE\n20150830\nus-east-1\nservice']
 * ```
 */
export function signingKeyCacheIds(): string[] {
  return [...cache.keys()];
}
