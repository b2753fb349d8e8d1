/**
 * Vault persistence: the header and sealed records in IndexedDB. Callers pass finished ciphertext;
 * each function is one transaction, so a change is all or nothing.
 * @module
 */
import { SigvaultError } from '../core/errors.ts';
import { FORMAT_VERSION, type SealedRecord, type VaultHeader } from '../core/vault/format.ts';
import { migrateHeader } from '../core/vault/header.ts';
import { NOT_RESTORED_KINDS } from '../core/vault/backup.ts';
import { db } from './db.ts';

/**
 * The vault header, validated and migrated to the current format (the upgrade ladder in
 * core/vault/header.ts); a migrated header is written back in one transaction. A header whose KDF
 * parameters are below the floor is refused here (KDF_TOO_WEAK), whatever asks for it.
 */
export async function readHeader(): Promise<VaultHeader | undefined> {
  const d = await db();
  const raw = await d.get('meta', 'header');
  if (raw === undefined) return undefined;
  const { header, fromFormat } = migrateHeader(raw);
  if (fromFormat < FORMAT_VERSION) {
    const tx = d.transaction('meta', 'readwrite');
    // only if nobody replaced it meanwhile
    if (JSON.stringify(await tx.store.get('header')) === JSON.stringify(raw)) await tx.store.put(header, 'header');
    await tx.done;
  }
  return header;
}

export async function readRecords(kind?: string): Promise<SealedRecord[]> {
  const d = await db();
  return kind ? d.getAllFromIndex('records', 'kind', kind) : d.getAll('records');
}

export async function readRecordIds(kind: string): Promise<string[]> {
  return (await db()).getAllKeysFromIndex('records', 'kind', kind);
}

export async function readRecord(id: string): Promise<SealedRecord | undefined> {
  return (await db()).get('records', id);
}

/** Writes the header of a new vault; refuses if one exists (checked inside the same transaction). */
export async function createHeader(header: VaultHeader): Promise<void> {
  const d = await db();
  const tx = d.transaction(['meta', 'records'], 'readwrite');
  const existing = await tx.objectStore('meta').get('header');
  if (existing) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new SigvaultError('VAULT_EXISTS', 'A vault already exists. Unlock it, or destroy it first.');
  }
  await tx.objectStore('records').clear();
  await tx.objectStore('meta').put(header, 'header');
  await tx.objectStore('meta').delete('unlockFailures');
  await tx.done;
}

/**
 * Restores a backup as the vault (no vault may exist): header and records in one transaction. The records
 * are the checked ones the caller re-sealed, never the backup's own list: a catalog, cached session or
 * sealed settings record is refused here (INVALID_INPUT) and nothing is written.
 */
export async function restoreVault(header: VaultHeader, records: SealedRecord[]): Promise<void> {
  const bad = records.find((r) => NOT_RESTORED_KINDS.includes(r.kind));
  if (bad) throw new SigvaultError('INVALID_INPUT', `A restore does not write ${bad.kind} records.`, { field: 'records' });
  const d = await db();
  const tx = d.transaction(['meta', 'records'], 'readwrite');
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('records');
  if (await meta.get('header')) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new SigvaultError('VAULT_EXISTS', 'A vault already exists; unlock it to import into it.');
  }
  await allOrNothing(tx, (ops) => {
    ops.push(store.clear(), meta.put(header, 'header'), meta.delete('unlockFailures'));
    for (const r of records) ops.push(store.put(r));
  });
}

/** Replaces the header only (passphrase change): records are untouched. */
export async function replaceHeader(expectedVaultId: string, header: VaultHeader): Promise<void> {
  const d = await db();
  const tx = d.transaction('meta', 'readwrite');
  const existing = (await tx.store.get('header')) as VaultHeader | undefined;
  if (!existing || existing.vaultId !== expectedVaultId) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new SigvaultError('NO_VAULT', 'The vault changed while this request ran; nothing was written.');
  }
  await tx.store.put(header, 'header');
  await tx.done;
}

/** Puts and deletes records in one transaction, optionally replacing the header too (restore). */
export async function writeRecords(change: { put?: SealedRecord[]; remove?: string[]; clearFirst?: boolean; header?: VaultHeader; expectedVaultId: string }): Promise<void> {
  const d = await db();
  const tx = d.transaction(['meta', 'records'], 'readwrite');
  const meta = tx.objectStore('meta');
  const records = tx.objectStore('records');
  const existing = (await meta.get('header')) as VaultHeader | undefined;
  if (!existing || existing.vaultId !== change.expectedVaultId) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new SigvaultError('NO_VAULT', 'The vault changed while this request ran; nothing was written.');
  }
  if (change.clearFirst) await records.clear();
  if (change.header) await meta.put(change.header, 'header');
  // Issue every request without awaiting one by one: they queue inside the transaction.
  await allOrNothing(tx, (ops) => {
    for (const id of change.remove ?? []) ops.push(records.delete(id));
    for (const r of change.put ?? []) ops.push(records.put(r));
  });
}

/**
 * Waits for every request and the commit. A request that fails *synchronously* (e.g. a record without a
 * key) does not abort an IndexedDB transaction by itself: the others would still commit. So any failure
 * aborts explicitly, before the transaction can auto-commit.
 */
async function allOrNothing(tx: { abort(): void; done: Promise<void> }, issue: (ops: Promise<unknown>[]) => void): Promise<void> {
  const ops: Promise<unknown>[] = [];
  try {
    issue(ops); // may throw synchronously (idb rethrows a DataError from put)
    await Promise.all(ops);
  } catch (e) {
    for (const op of ops) op.catch(() => undefined); // aborted requests reject: expected, not unhandled
    try { tx.abort(); } catch { /* already finished */ }
    await tx.done.catch(() => undefined);
    throw e;
  }
  await tx.done;
}

/** Deletes the vault: header and every record, in one transaction. */
export async function destroyVault(): Promise<void> {
  const d = await db();
  const tx = d.transaction(['meta', 'records'], 'readwrite');
  await allOrNothing(tx, (ops) => ops.push(tx.objectStore('records').clear(), tx.objectStore('meta').delete('header'), tx.objectStore('meta').delete('unlockFailures')));
}
