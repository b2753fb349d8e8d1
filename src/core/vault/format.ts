/**
 * The on-disk vault format, version {@link FORMAT_VERSION}: types, constants, the canonical AAD encoding,
 * and the small field validators shared by header.ts, record.ts and backup.ts.
 * Layout and rationale: docs/vault-format.md.
 * @module
 */

import { fromBase64, fromBase64Url, randomBytes, toBase64Url, utf8Encode, type Bytes } from '../bytes.ts';
import type { KdfParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';

/** Current format version, written by every seal and every new header. */
export const FORMAT_VERSION = 1;

/** Kinds of sealed record. Adding a kind is a code change here (parsers refuse unknown kinds). */
export const RECORD_KINDS = ['identity', 'catalog', 'session', 'settings-secret', 'prefs'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The data key sealed under the KEK. `aadFormat` is present only on headers migrated from format 0. */
export interface WrappedKey {
  /** base64, 12 bytes */
  iv: string;
  /** base64, 48 bytes (32-byte key + 16-byte tag) */
  ct: string;
  /**
   * The format number bound into this wrap's AAD when it differs from the header's `format` (a header
   * migrated from format 0 keeps its original wrap until the next passphrase change). Absent = `format`.
   */
  aadFormat?: 0;
}

/** The plaintext vault header. Nothing in it is secret. */
export interface VaultHeader {
  format: typeof FORMAT_VERSION;
  /** Random 16 bytes, base64url (22 chars). */
  vaultId: string;
  kdf: KdfParams;
  wrappedKey: WrappedKey;
  /** ms since the epoch */
  createdAt: number;
  /** ms since the epoch; bumped on passphrase change */
  updatedAt: number;
}

/** One encrypted record. `format` is the format it was sealed under (it is bound into the AAD). */
export interface SealedRecord {
  id: string;
  kind: RecordKind;
  format: typeof FORMAT_VERSION;
  /** base64, 12 bytes */
  iv: string;
  /** base64, ciphertext + 16-byte tag */
  ct: string;
}

export const VAULT_ID_BYTES = 16;
export const DATA_KEY_BYTES = 32;
/** Record ids: 1..64 characters of the base64url alphabet (generated ids are 22 chars). */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Largest accepted record ciphertext (decoded bytes). */
export const MAX_RECORD_CT_BYTES = 16 << 20; // the catalog of 5,000 identities is ~1.3 MB

const AAD_DATA_KEY = 'sigvault/datakey';
const AAD_RECORD = 'sigvault/record';

/**
 * Canonical AAD: for each field, a 4-byte big-endian byte length then its UTF-8 bytes. Length prefixes
 * make the encoding injective (no two field lists encode to the same bytes), whatever the field contents.
 */
export function encodeAad(fields: readonly string[]): Bytes {
  // Hot path (opening thousands of records): ASCII fields are copied directly, others UTF-8 encoded.
  const encoded = fields.map((f) => (ASCII.test(f) ? null : utf8Encode(f)));
  let total = 0;
  fields.forEach((f, i) => (total += 4 + (encoded[i]?.length ?? f.length)));
  const out = new Uint8Array(total);
  let o = 0;
  fields.forEach((f, i) => {
    const bytes = encoded[i];
    const len = bytes?.length ?? f.length;
    out[o] = len >>> 24;
    out[o + 1] = (len >>> 16) & 255;
    out[o + 2] = (len >>> 8) & 255;
    out[o + 3] = len & 255;
    o += 4;
    if (bytes) out.set(bytes, o);
    else for (let j = 0; j < len; j++) out[o + j] = f.charCodeAt(j);
    o += len;
  });
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;

/** AAD of the data-key wrap: ("sigvault/datakey", vaultId, format). */
export function dataKeyAad(vaultId: string, format: number): Bytes {
  return encodeAad([AAD_DATA_KEY, vaultId, String(format)]);
}

/** AAD of a record: ("sigvault/record", vaultId, id, kind, format). */
export function recordAad(vaultId: string, id: string, kind: string, format: number): Bytes {
  return encodeAad([AAD_RECORD, vaultId, id, kind, String(format)]);
}

/** A new random vault id (16 bytes, base64url). */
export function newVaultId(): string {
  return toBase64Url(randomBytes(VAULT_ID_BYTES));
}

/** A new random record id (16 bytes, base64url). */
export function newRecordId(): string {
  return toBase64Url(randomBytes(16));
}

// ---- shared validators (internal to the vault module; each names the field it rejects) ----

export function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) throw invalid(field, `${field} must be an object`);
  return value;
}

export function requireString(obj: Record<string, unknown>, key: string, field: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw invalid(field, `${field} must be a string`);
  return v;
}

export function requireTimestamp(obj: Record<string, unknown>, key: string, field: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw invalid(field, `${field} must be a non-negative integer (ms since the epoch)`);
  }
  return v;
}

/** A base64 string whose decoded length is within bounds; returns the string unchanged. */
export function requireBase64(obj: Record<string, unknown>, key: string, field: string, min: number, max = min): string {
  return requireBase64Bytes(obj, key, field, min, max).text;
}

/** Like {@link requireBase64}, also returning the decoded bytes (decode once on hot paths). */
export function requireBase64Bytes(
  obj: Record<string, unknown>,
  key: string,
  field: string,
  min: number,
  max = min,
): { text: string; bytes: Bytes } {
  const text = requireString(obj, key, field);
  let bytes: Bytes;
  try {
    bytes = fromBase64(text);
  } catch {
    throw invalid(field, `${field} is not canonical base64`);
  }
  if (bytes.length < min || bytes.length > max) {
    throw invalid(field, min === max ? `${field} must decode to ${min} bytes` : `${field} must decode to ${min}..${max} bytes`);
  }
  return { text, bytes };
}

export function requireVaultId(obj: Record<string, unknown>, key: string, field: string): string {
  const v = requireString(obj, key, field);
  let ok = false;
  try {
    ok = fromBase64Url(v).length === VAULT_ID_BYTES;
  } catch {
    ok = false;
  }
  if (!ok) throw invalid(field, `${field} must be ${VAULT_ID_BYTES} bytes of base64url`);
  return v;
}

export function requireRecordId(obj: Record<string, unknown>, key: string, field: string): string {
  const v = requireString(obj, key, field);
  if (!RECORD_ID_PATTERN.test(v)) throw invalid(field, `${field} must be 1..64 characters of A-Z a-z 0-9 _ -`);
  return v;
}

export function isRecordKind(value: unknown): value is RecordKind {
  return typeof value === 'string' && (RECORD_KINDS as readonly string[]).includes(value);
}

/** Prefix a nested field name: `at('records[3]', 'iv')` → `records[3].iv`; `at('', 'iv')` → `iv`. */
export function at(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}
