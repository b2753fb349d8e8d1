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
import { openRecords, parseSealedRecord, sealRecord } from './record.ts';
import { parseStoredIdentity, refusalReason, validateStoredIdentity, type StoredIdentity } from './identity.ts';
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

/** An identity that opened but is not restored: it fails the checks a new identity must pass. */
export interface RefusedEntry {
  id: string;
  /** Why, for people: the failed check, never the identity's contents. */
  reason: string;
}

/**
 * Record kinds a restore never writes, whatever the backup holds:
 * - `catalog`: view data (labels, colours) shown as it is; rebuilt from the checked identities instead;
 * - `session`: cached temporary credentials, not worth keeping and not the backup's to plant;
 * - `settings-secret`: sealed settings (endpoint overrides, lock settings): a backup must not be able to
 *   redirect sign-ins or weaken locking.
 */
export const NOT_RESTORED_KINDS: readonly RecordKind[] = ['catalog', 'session', 'settings-secret'];

export interface OpenedBackup {
  /** The backup's vault id (its records' AAD binds it). */
  vaultId: string;
  /** The backup's raw data key: needed only to adopt the backup as the vault (restore into no vault). */
  dataKey: Bytes;
  /** Identity records, parsed and checked as new identities are ({@link validateStoredIdentity}), normalised. */
  identities: StoredIdentity[];
  /** Identity records that opened but fail those checks: not to be restored. */
  refused: RefusedEntry[];
  /** Records of other kinds (prefs, catalog, settings-secret, session), opened. */
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
  const refused: RefusedEntry[] = [];
  const others: OpenedRecord[] = [];
  const corrupt: CorruptEntry[] = [];
  const results = await openRecords(key, vaultId, parsed.records);
  results.forEach((res, i) => {
    const rec = parsed.records[i]!;
    let stored: StoredIdentity;
    try {
      if (!res.ok) throw res.error;
      if (rec.kind !== 'identity') {
        others.push({ id: rec.id, kind: rec.kind, value: res.value });
        return;
      }
      stored = parseStoredIdentity(res.value, rec.id);
    } catch (e) {
      const reason = e instanceof SigvaultError ? e.message : `record ${rec.id} could not be opened`;
      corrupt.push({ id: rec.id, kind: rec.kind, reason });
      return;
    }
    try {
      identities.push(validateStoredIdentity(stored));
    } catch (e) {
      refused.push({ id: rec.id, reason: refusalReason(stored, e) });
    }
  });
  return { vaultId, dataKey, identities, refused, others, corrupt };
}

/**
 * For people, what a restore leaves behind besides refused identities: one note per kind of record in
 * the backup that is never restored ({@link NOT_RESTORED_KINDS}).
 */
export function restoreNotes(opened: Pick<OpenedBackup, 'others'>): string[] {
  const count = (kind: RecordKind) => opened.others.filter((r) => r.kind === kind).length;
  const notes: string[] = [];
  if (count('catalog')) notes.push("The backup's list of identities is not restored: it is rebuilt from the identities that pass the checks.");
  if (count('settings-secret')) notes.push('Settings saved in the backup (such as endpoint overrides and auto-lock) are not restored: this browser keeps its own.');
  const sessions = count('session');
  if (sessions) notes.push(`${sessions} cached temporary ${sessions === 1 ? 'session is' : 'sessions are'} not restored: new ones are fetched when needed.`);
  return notes;
}

/**
 * Seals `records` under the backup's own key and vault id: what a restore into an empty profile writes
 * (the backup's header stays, so its passphrase unlocks them). Refuses the kinds a restore never writes.
 * @throws SigvaultError INVALID_INPUT for a record of a {@link NOT_RESTORED_KINDS} kind (a caller's bug)
 */
export async function sealForRestore(opened: Pick<OpenedBackup, 'vaultId' | 'dataKey'>, records: readonly OpenedRecord[]): Promise<SealedRecord[]> {
  const bad = records.find((r) => NOT_RESTORED_KINDS.includes(r.kind));
  if (bad) throw invalid('records', `a restore does not write ${bad.kind} records`);
  const key = await importDataKey(opened.dataKey);
  return Promise.all(records.map((r) => sealRecord(key, opened.vaultId, r.kind, r.id, r.value)));
}
