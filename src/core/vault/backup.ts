/**
 * Encrypted backup: one JSON file holding the plaintext header and the sealed records exactly as stored
 * (the same envelope; nothing is decrypted to export). On import the file is untrusted: every field is
 * validated and the KDF floor is enforced before any derivation (refusing a downgrade).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { importDataKey } from '../crypto/aead.ts';
import { wipe, type Bytes } from '../bytes.ts';
import { invalid, requireObject, requireTimestamp, type RecordKind, type SealedRecord, type VaultHeader } from './format.ts';
import { parseHeader, unlockHeader } from './header.ts';
import { openRecords, parseSealedRecord } from './record.ts';
import { parseStoredIdentity, type StoredIdentity } from './identity.ts';
import type { DeriveOptions } from '../crypto/kdf.ts';

export const BACKUP_VERSION = 1;
/** Largest backup text accepted (characters). */
export const MAX_BACKUP_LENGTH = 64 * 1024 * 1024;
/** Most records accepted in one backup. */
export const MAX_BACKUP_RECORDS = 100_000;

export interface BackupFile {
  sigvaultBackup: typeof BACKUP_VERSION;
  /** ms since the epoch */
  exportedAt: number;
  header: VaultHeader;
  records: SealedRecord[];
}

/**
 * Build the backup object (serialise with `JSON.stringify(backup, null, 2)` for the download).
 * Inputs are validated so a broken store cannot produce a backup that would not import.
 * Recommendation: pass identity and settings-secret records; temporary `session` records are not worth
 * backing up.
 * @throws SigvaultError INVALID_INPUT (header / records[i].x)
 */
export function makeBackup(header: VaultHeader, records: readonly SealedRecord[], opts: { now?: () => number } = {}): BackupFile {
  const h = parseHeader(header, 'header');
  const recs = parseRecords(records);
  return { sigvaultBackup: BACKUP_VERSION, exportedAt: (opts.now ?? Date.now)(), header: h, records: recs };
}

function parseRecords(value: unknown): SealedRecord[] {
  if (!Array.isArray(value)) throw invalid('records', 'records must be an array');
  if (value.length > MAX_BACKUP_RECORDS) throw invalid('records', `a backup holds at most ${MAX_BACKUP_RECORDS} records`);
  const seen = new Set<string>();
  return value.map((r: unknown, i) => {
    const rec = parseSealedRecord(r, `records[${i}]`);
    if (seen.has(rec.id)) throw invalid(`records[${i}].id`, `records[${i}].id repeats an earlier record id`);
    seen.add(rec.id);
    return rec;
  });
}

/**
 * Parse and validate backup text (or an already-parsed object). Migrates an older header format and
 * enforces the KDF floor (KDF_TOO_WEAK): a backup is untrusted input.
 * @throws SigvaultError INVALID_INPUT naming the field (`backup`, `sigvaultBackup`, `header.kdf.salt`,
 *   `records[2].iv`, ...) / KDF_TOO_WEAK
 */
export function parseBackup(text: string | unknown): BackupFile {
  let json: unknown = text;
  if (typeof text === 'string') {
    if (text.length > MAX_BACKUP_LENGTH) throw invalid('backup', 'the backup file is too large');
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid('backup', 'the backup file is not valid JSON');
    }
  }
  const obj = requireObject(json, 'backup');
  const version = obj['sigvaultBackup'];
  if (version === undefined) throw invalid('sigvaultBackup', 'not a Sigvault backup file');
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    throw invalid('sigvaultBackup', `backup version ${version} is newer than this version of Sigvault reads; update Sigvault`);
  }
  if (version !== BACKUP_VERSION) throw invalid('sigvaultBackup', `sigvaultBackup must be ${BACKUP_VERSION}`);
  const exportedAt = requireTimestamp(obj, 'exportedAt', 'exportedAt');
  if (obj['header'] === undefined) throw invalid('header', 'the backup has no header');
  const header = parseHeader(obj['header'], 'header');
  const records = parseRecords(obj['records']);
  return { sigvaultBackup: BACKUP_VERSION, exportedAt, header, records };
}

/** A record that did not open (reported by id and kind only). */
export interface CorruptEntry {
  id: string;
  kind: RecordKind;
  /** Why, for people (never record contents). */
  reason: string;
}

export interface OpenedRecord {
  id: string;
  kind: RecordKind;
  value: unknown;
}

export interface OpenedBackup {
  /** The backup's vault id (its records' AAD binds it). */
  vaultId: string;
  /** The backup's raw data key: needed only to adopt the backup as the vault (restore into no vault). */
  dataKey: Bytes;
  /** Identity records, parsed. */
  identities: StoredIdentity[];
  /** Records of other kinds (settings-secret, session), opened. */
  others: OpenedRecord[];
  /** Records that failed to open or parse; the rest are usable. */
  corrupt: CorruptEntry[];
}

/**
 * Unlock a parsed backup with its passphrase and open every record.
 * @throws SigvaultError WRONG_PASSPHRASE / KDF_TOO_WEAK (per-record failures go to `corrupt`)
 */
export async function openBackup(backup: BackupFile, passphrase: string, opts: DeriveOptions = {}): Promise<OpenedBackup> {
  const parsed = parseBackup(backup);
  const dataKey = await unlockHeader(parsed.header, passphrase, opts);
  let key: CryptoKey;
  try {
    key = await importDataKey(dataKey);
  } catch (e) {
    wipe(dataKey);
    throw e;
  }
  const vaultId = parsed.header.vaultId;
  const identities: StoredIdentity[] = [];
  const others: OpenedRecord[] = [];
  const corrupt: CorruptEntry[] = [];
  const results = await openRecords(key, vaultId, parsed.records);
  results.forEach((res, i) => {
    const rec = parsed.records[i]!;
    try {
      if (!res.ok) throw res.error;
      if (rec.kind === 'identity') identities.push(parseStoredIdentity(res.value, rec.id));
      else others.push({ id: rec.id, kind: rec.kind, value: res.value });
    } catch (e) {
      const reason = e instanceof SigvaultError ? e.message : `record ${rec.id} could not be opened`;
      corrupt.push({ id: rec.id, kind: rec.kind, reason });
    }
  });
  return { vaultId, dataKey, identities, others, corrupt };
}
