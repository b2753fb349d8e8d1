/**
 * The plaintext vault header: create a vault (random data key wrapped under a passphrase-derived KEK),
 * unlock it, re-wrap it under a new passphrase, and parse / migrate stored headers.
 *
 * Everything here is pure: functions take and return plain JSON-serialisable objects (plus the raw data
 * key as bytes), so the storage layer can do all of this before it opens an IndexedDB transaction.
 * @module
 */

import { fromBase64, toBase64, randomBytes, wipe, type Bytes } from '../bytes.ts';
import { AeadOpenError, importDataKey, open, seal } from '../crypto/aead.ts';
import { deriveKek, normalizePassphrase, parseKdfParams, withFreshSalt, type DeriveOptions, type KdfParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';
import { newPassphraseMessage, newPassphraseProblem, PASSPHRASE_MIN_LENGTH } from './passphrase-policy.ts';
import {
  at,
  DATA_KEY_BYTES,
  dataKeyAad,
  FORMAT_VERSION,
  invalid,
  newVaultId,
  requireBase64,
  requireObject,
  requireTimestamp,
  requireVaultId,
  type VaultHeader,
  type WrappedKey,
} from './format.ts';

export { PASSPHRASE_MIN_LENGTH };

export interface HeaderOptions extends DeriveOptions {
  /** Clock for createdAt / updatedAt (ms since the epoch). Default `Date.now`. */
  now?: () => number;
}

/**
 * Check a passphrase chosen by the user (create / change) against the shared rule
 * (passphrase-policy.ts: at least {@link PASSPHRASE_MIN_LENGTH} code points and not estimated weak — the
 * same check the pages run before sending). Returns it NFC-normalised.
 * @throws SigvaultError INVALID_INPUT naming `field`
 */
export function assertNewPassphrase(passphrase: unknown, field = 'passphrase'): string {
  const normalized = normalizePassphrase(passphrase, field);
  const problem = newPassphraseProblem(normalized);
  if (problem) throw invalid(field, newPassphraseMessage(problem));
  return normalized;
}

async function wrapDataKey(kek: Bytes, vaultId: string, dataKey: Bytes): Promise<WrappedKey> {
  const kekKey = await importDataKey(kek);
  const { iv, ct } = await seal(kekKey, dataKey, dataKeyAad(vaultId, FORMAT_VERSION));
  return { iv: toBase64(iv), ct: toBase64(ct) };
}

/**
 * Create a new vault: a random vault id and 32-byte data key, wrapped under a KEK derived from
 * `passphrase` with `kdfParams` (use {@link calibrateKdf} for new vaults).
 * The caller persists `header` and keeps `dataKey` (e.g. base64 in storage.session) while unlocked.
 * @throws SigvaultError INVALID_INPUT (passphrase) / KDF_TOO_WEAK
 * @example
 * const { header, dataKey } = await createVault('correct horse battery', await calibrateKdf({ now }));
 */
export async function createVault(
  passphrase: string,
  kdfParams: KdfParams,
  opts: HeaderOptions = {},
): Promise<{ header: VaultHeader; dataKey: Bytes }> {
  const pass = assertNewPassphrase(passphrase, 'passphrase');
  const kdf = parseKdfParams(kdfParams, 'kdf');
  const now = (opts.now ?? Date.now)();
  const vaultId = newVaultId();
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const kek = await deriveKek(pass, kdf, opts);
  try {
    const wrappedKey = await wrapDataKey(kek, vaultId, dataKey);
    return { header: { format: FORMAT_VERSION, vaultId, kdf, wrappedKey, createdAt: now, updatedAt: now }, dataKey };
  } finally {
    wipe(kek);
  }
}

/**
 * Unwrap the data key. The header is validated (and migrated) first, so parameters below the KDF floor
 * are refused before any derivation.
 * @throws SigvaultError KDF_TOO_WEAK / INVALID_INPUT before deriving; WRONG_PASSPHRASE if the wrap does
 *   not open (wrong passphrase, or a tampered header: GCM cannot tell them apart)
 * @example
 * const key = await importDataKey(await unlockHeader(header, passphrase));
 */
export async function unlockHeader(header: VaultHeader, passphrase: string, opts: DeriveOptions = {}): Promise<Bytes> {
  const h = parseHeader(header);
  const pass = normalizePassphrase(passphrase, 'passphrase');
  const kek = await deriveKek(pass, h.kdf, opts);
  let dataKey: Bytes;
  try {
    const kekKey = await importDataKey(kek);
    const aad = dataKeyAad(h.vaultId, h.wrappedKey.aadFormat ?? h.format);
    dataKey = await open(kekKey, fromBase64(h.wrappedKey.iv), fromBase64(h.wrappedKey.ct), aad);
  } catch (e) {
    if (e instanceof AeadOpenError) throw new SigvaultError('WRONG_PASSPHRASE', 'Wrong passphrase.');
    throw e;
  } finally {
    wipe(kek);
  }
  if (dataKey.length !== DATA_KEY_BYTES) throw invalid('wrappedKey', 'the wrapped data key has the wrong length');
  return dataKey;
}

/**
 * Change the passphrase: unwrap with `passphrase`, wrap the SAME data key under `newPassphrase` with
 * `newKdf` (default: the current parameters with a fresh salt). Records are untouched; write the returned
 * header in one put. Always writes the current format's wrap (drops a migrated header's `aadFormat`).
 * New parameters are validated before any derivation.
 * @throws SigvaultError INVALID_INPUT (newPassphrase / newKdf), KDF_TOO_WEAK, WRONG_PASSPHRASE
 */
export async function rewrapHeader(
  header: VaultHeader,
  passphrase: string,
  newPassphrase: string,
  newKdf?: KdfParams,
  opts: HeaderOptions = {},
): Promise<VaultHeader> {
  const h = parseHeader(header);
  normalizePassphrase(passphrase, 'passphrase');
  const newPass = assertNewPassphrase(newPassphrase, 'newPassphrase');
  const kdf = newKdf === undefined ? withFreshSalt(h.kdf) : parseKdfParams(newKdf, 'newKdf');
  const onProgress = opts.onProgress;
  const half = (offset: number) =>
    onProgress ? { ...opts, onProgress: (f: number) => onProgress(offset + f / 2) } : { ...opts };
  const dataKey = await unlockHeader(h, passphrase, half(0));
  const kek = await deriveKek(newPass, kdf, half(0.5));
  try {
    const wrappedKey = await wrapDataKey(kek, h.vaultId, dataKey);
    return { format: FORMAT_VERSION, vaultId: h.vaultId, kdf, wrappedKey, createdAt: h.createdAt, updatedAt: (opts.now ?? Date.now)() };
  } finally {
    wipe(kek, dataKey);
  }
}

// ---- parsing and the upgrade ladder ----

/**
 * Format 0: the pre-release header layout (documented in docs/vault-format.md). Same crypto; different
 * names, no `updatedAt`, scrypt stored as N rather than log2 N, and the wrap's AAD binds format 0.
 */
export interface HeaderV0 {
  v: 0;
  id: string;
  kdf:
    | { alg: 'argon2id'; m: number; t: number; p: number; salt: string }
    | { alg: 'scrypt'; N: number; r: number; p: number; salt: string };
  wrapped: { iv: string; ct: string };
  created: number;
}

/** Which format a stored header claims; throws if it is not a header at all or is newer than we read. */
function detectFormat(raw: unknown, field: string): number {
  const obj = requireObject(raw, field || 'header');
  if (obj['format'] === undefined && obj['v'] === 0) return 0;
  const format = obj['format'];
  if (typeof format !== 'number' || !Number.isSafeInteger(format) || format < 1) {
    throw invalid(at(field, 'format'), 'not a Sigvault vault header (no format version)');
  }
  if (format > FORMAT_VERSION) {
    throw invalid(at(field, 'format'), `vault format ${format} is newer than this version of Sigvault reads (${FORMAT_VERSION}); update Sigvault`);
  }
  return format;
}

function migrate0to1(raw: Record<string, unknown>, field: string): Record<string, unknown> {
  const kdf = requireObject(raw['kdf'], at(field, 'kdf'));
  let kdf1: Record<string, unknown>;
  if (kdf['alg'] === 'argon2id') {
    kdf1 = { name: 'argon2id', memoryKiB: kdf['m'], iterations: kdf['t'], parallelism: kdf['p'], salt: kdf['salt'] };
  } else if (kdf['alg'] === 'scrypt') {
    const n = kdf['N'];
    const logN = typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? Math.log2(n) : NaN;
    if (!Number.isInteger(logN)) throw invalid(at(field, 'kdf.N'), `${at(field, 'kdf.N')} must be a power of two`);
    kdf1 = { name: 'scrypt', logN, r: kdf['r'], p: kdf['p'], salt: kdf['salt'] };
  } else {
    kdf1 = { name: kdf['alg'] }; // unknown → KDF_TOO_WEAK from parseKdfParams
  }
  const wrapped = requireObject(raw['wrapped'], at(field, 'wrapped'));
  return {
    format: 1,
    vaultId: raw['id'],
    kdf: kdf1,
    wrappedKey: { iv: wrapped['iv'], ct: wrapped['ct'], aadFormat: 0 },
    createdAt: raw['created'],
    updatedAt: raw['created'],
  };
}

function validateV1(raw: Record<string, unknown>, field: string): VaultHeader {
  const vaultId = requireVaultId(raw, 'vaultId', at(field, 'vaultId'));
  const kdf = parseKdfParams(raw['kdf'], at(field, 'kdf'));
  const w = requireObject(raw['wrappedKey'], at(field, 'wrappedKey'));
  const wrappedKey: WrappedKey = {
    iv: requireBase64(w, 'iv', at(field, 'wrappedKey.iv'), 12),
    ct: requireBase64(w, 'ct', at(field, 'wrappedKey.ct'), DATA_KEY_BYTES + 16),
  };
  if (w['aadFormat'] !== undefined) {
    if (w['aadFormat'] !== 0) throw invalid(at(field, 'wrappedKey.aadFormat'), `${at(field, 'wrappedKey.aadFormat')} may only be 0`);
    wrappedKey.aadFormat = 0;
  }
  const createdAt = requireTimestamp(raw, 'createdAt', at(field, 'createdAt'));
  const updatedAt = requireTimestamp(raw, 'updatedAt', at(field, 'updatedAt'));
  return { format: FORMAT_VERSION, vaultId, kdf, wrappedKey, createdAt, updatedAt };
}

/**
 * The upgrade ladder: bring a stored header of any supported format up to {@link FORMAT_VERSION} and
 * validate it (KDF floor included). `fromFormat < FORMAT_VERSION` means the caller should write the
 * migrated header back. Returns a clean copy (unknown properties dropped).
 * @param field - prefix for INVALID_INPUT field names (e.g. `header` inside a backup)
 * @throws SigvaultError INVALID_INPUT / KDF_TOO_WEAK
 */
export function migrateHeader(raw: unknown, field = ''): { header: VaultHeader; fromFormat: number } {
  const fromFormat = detectFormat(raw, field);
  let value = raw as Record<string, unknown>;
  let version = fromFormat;
  if (version < 1) {
    value = migrate0to1(value, field);
    version = 1;
  }
  // Future: if (version < 2) { value = migrate1to2(value); version = 2; }
  return { header: validateV1(value, field), fromFormat };
}

/**
 * Validate a stored or received header (migrating older formats) and return a clean typed copy.
 * Enforces the KDF floor: a header below it is refused with KDF_TOO_WEAK.
 * @throws SigvaultError INVALID_INPUT naming the field / KDF_TOO_WEAK
 */
export function parseHeader(json: unknown, field = ''): VaultHeader {
  return migrateHeader(json, field).header;
}

