/**
 * Re-key: a NEW random data key, wrapped under a KEK derived from the same passphrase with (possibly new)
 * Argon2id parameters, and every record re-sealed under it. Pure: the storage layer writes the returned
 * header and records in one transaction (platform/vault-store.ts), so a crash leaves the old vault or the
 * new one, never a mix.
 *
 * What is re-sealed: every record except cached temporary credentials (`session`), which are dropped (they
 * are fetched again). A catalog that no longer opens is dropped too (it is rebuilt from the identity
 * records). Any other record that does not open under the current key stops the re-key with
 * CORRUPT_RECORD naming it: re-keying must not silently lose it (remove it first).
 * @module
 */
import { randomBytes, toBase64, wipe, type Bytes } from '../bytes.ts';
import { importDataKey, seal } from '../crypto/aead.ts';
import { deriveKek, KDF_FLOORS, KDF_MAXIMA, newSalt, normalizePassphrase, type Argon2idParams, type DeriveOptions, type KdfParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';
import { DATA_KEY_BYTES, dataKeyAad, FORMAT_VERSION, type RecordKind, type SealedRecord, type VaultHeader } from './format.ts';
import { parseHeader, unlockHeader, type HeaderOptions } from './header.ts';
import { openRecords, sealRecord } from './record.ts';

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** KiB as the options page's memory field shows it (MiB; the floor and maximum are whole MiB). */
function mib(kib: number): string {
  return Number.isInteger(kib / 1024) ? String(kib / 1024) : (kib / 1024).toFixed(1);
}

/*
 * The messages are shown under the options page's fields as they are: the field's name and unit as the
 * page shows them (memory in MiB, though the request carries KiB), never the property name.
 */
function boundedInteger(obj: Record<string, unknown>, key: 'memoryKiB' | 'iterations', field: string, min: number, max: number): number {
  const v = obj[key];
  const name = `${field}.${key}`;
  const range = key === 'memoryKiB' ? `from ${mib(min)} to ${mib(max)} MiB` : `from ${min} to ${max}`;
  const what = key === 'memoryKiB' ? 'Argon2id memory' : 'Argon2id iterations';
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalid(name, key === 'memoryKiB' ? `${what} must be a number of MiB, ${range}.` : `${what} must be a whole number, ${range}.`);
  if (v < min) throw invalid(name, `${what} must be at least ${key === 'memoryKiB' ? `${mib(min)} MiB` : min}, the safe minimum.`);
  if (v > max) throw invalid(name, `${what} must be at most ${key === 'memoryKiB' ? `${mib(max)} MiB` : max}.`);
  return v;
}

/**
 * Checks the Argon2id parameters a user asked for (a page's input, so out-of-range values are
 * INVALID_INPUT naming the field — not KDF_TOO_WEAK, which is for stored headers and backups) and returns
 * them with a fresh salt. Memory 19,456–262,144 KiB (19–256 MiB), iterations 2–16, parallelism 1.
 * @throws SigvaultError INVALID_INPUT naming `kdf.name` / `kdf.memoryKiB` / `kdf.iterations` / `kdf.parallelism`
 * @example parseRekeyKdf({ name: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 })
 */
export function parseRekeyKdf(input: unknown, field = 'kdf'): Argon2idParams {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid(field, 'The key-derivation parameters must be an object: { name, memoryKiB, iterations }.');
  const obj = input as Record<string, unknown>;
  if (obj['name'] !== 'argon2id') throw invalid(`${field}.name`, 'New key-derivation parameters are always argon2id (Argon2id).');
  const floor = KDF_FLOORS.argon2id;
  const max = KDF_MAXIMA.argon2id;
  const memoryKiB = boundedInteger(obj, 'memoryKiB', field, floor.memoryKiB, max.memoryKiB);
  const iterations = boundedInteger(obj, 'iterations', field, floor.iterations, max.iterations);
  const parallelism = obj['parallelism'] ?? 1;
  if (parallelism !== 1) throw invalid(`${field}.parallelism`, 'Argon2id parallelism must be 1, the only value supported.');
  for (const k of Object.keys(obj)) {
    if (!['name', 'memoryKiB', 'iterations', 'parallelism'].includes(k)) throw invalid(`${field}.${k.slice(0, 40)}`, `There is no key-derivation parameter "${k.slice(0, 40)}" (unknown).`);
  }
  return { name: 'argon2id', memoryKiB, iterations, parallelism: 1, salt: newSalt() };
}

/**
 * Verifies `passphrase` against `header` and makes the header of the re-keyed vault: same vault id,
 * a new random data key wrapped under the passphrase with `newKdf` (validated again before deriving).
 * The caller wipes both returned keys.
 * @throws SigvaultError WRONG_PASSPHRASE (nothing derived for the new header), KDF_TOO_WEAK / INVALID_INPUT
 */
export async function rekeyHeader(
  header: VaultHeader,
  passphrase: string,
  newKdf: KdfParams,
  opts: HeaderOptions = {},
): Promise<{ header: VaultHeader; oldDataKey: Bytes; newDataKey: Bytes }> {
  const h = parseHeader(header);
  const pass = normalizePassphrase(passphrase, 'passphrase');
  const oldDataKey = await unlockHeader(h, pass, opts);
  const newDataKey = randomBytes(DATA_KEY_BYTES);
  let kek: Bytes | undefined;
  try {
    kek = await deriveKek(pass, newKdf, opts);
    const kekKey = await importDataKey(kek);
    const { iv, ct } = await seal(kekKey, newDataKey, dataKeyAad(h.vaultId, FORMAT_VERSION));
    const next: VaultHeader = {
      format: FORMAT_VERSION,
      vaultId: h.vaultId,
      kdf: newKdf,
      wrappedKey: { iv: toBase64(iv), ct: toBase64(ct) },
      createdAt: h.createdAt,
      updatedAt: (opts.now ?? Date.now)(),
    };
    return { header: next, oldDataKey, newDataKey };
  } catch (e) {
    wipe(oldDataKey, newDataKey);
    throw e;
  } finally {
    if (kek) wipe(kek);
  }
}

/**
 * Opens every record under `oldKey` and seals it again under `newKey` (same id, kind and vault id).
 * `session` records are dropped; a catalog that does not open is dropped; any other record that does not
 * open is CORRUPT_RECORD (nothing is returned, so nothing is written).
 * @returns the records to put and the ids to delete (with `clearFirst`, deleting is implied)
 */
export async function resealRecords(
  oldKey: CryptoKey,
  newKey: CryptoKey,
  vaultId: string,
  records: readonly SealedRecord[],
): Promise<{ put: SealedRecord[]; dropped: string[] }> {
  const keep = records.filter((r) => r.kind !== 'session');
  const dropped = records.filter((r) => r.kind === 'session').map((r) => r.id);
  const opened = await openRecords(oldKey, vaultId, keep);
  const good: Array<{ id: string; kind: RecordKind; value: unknown }> = [];
  for (const res of opened) {
    if (res.ok) good.push(res);
    // the catalog is rebuilt from the identities; the list prefs only cost the user's arrangement; a sealed
    // settings record that does not open already means the defaults (and is reported as damaged)
    else if (res.kind === 'catalog' || res.kind === 'prefs' || res.kind === 'settings-secret') dropped.push(res.id);
    else throw new SigvaultError('CORRUPT_RECORD', `Record ${res.id} cannot be opened, so it cannot be re-keyed; remove it first (nothing was changed).`, { recordId: res.id });
  }
  const put = await Promise.all(good.map((r) => sealRecord(newKey, vaultId, r.kind, r.id, r.value)));
  return { put, dropped };
}

export type { DeriveOptions };
