/**
 * The extension's IndexedDB, through idb: one `DBSchema` and an `if (oldVersion < N)` upgrade ladder.
 * Only ciphertext and the plaintext vault header are ever written here (docs/threat-model.md).
 * All encryption happens before a transaction opens (an `await` on anything but IndexedDB inside a
 * transaction lets it auto-commit half done); every multi-record change is one transaction, so a worker
 * killed mid-write leaves the old state or the new one.
 * @module
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SealedRecord, VaultHeader } from '../core/vault/format.ts';

export const DB_NAME = 'sigvault';
export const DB_VERSION = 2;

/** Values in the `meta` store, by key. */
export interface MetaValues {
  /** The plaintext vault header (KDF parameters, salt, wrapped data key). Absent = no vault. */
  header: VaultHeader;
  /** Background starts (diagnostics; proves a stopped worker restarted). */
  workerStarts: number;
  /** Failed unlock attempts, for the backoff (survives worker and browser restarts). */
  unlockFailures: { count: number; lastAt: number };
}
export type MetaKey = keyof MetaValues;

export interface SigvaultDB extends DBSchema {
  meta: { key: MetaKey; value: MetaValues[MetaKey] };
  /** Sealed records (AES-GCM), keyed by record id. */
  records: { key: string; value: SealedRecord; indexes: { kind: string } };
}

let dbPromise: Promise<IDBPDatabase<SigvaultDB>> | undefined;

export function db(): Promise<IDBPDatabase<SigvaultDB>> {
  dbPromise ??= openDB<SigvaultDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        const records = database.createObjectStore('records', { keyPath: 'id' });
        records.createIndex('kind', 'kind');
      }
    },
    blocking() {
      // A newer version of the extension wants to upgrade: let it.
      void dbPromise?.then((d) => d.close());
      dbPromise = undefined;
    },
    terminated() {
      dbPromise = undefined;
    },
  });
  return dbPromise;
}

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  return (await (await db()).get('meta', key)) as MetaValues[K] | undefined;
}
export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  await (await db()).put('meta', value, key);
}
export async function deleteMeta(key: MetaKey): Promise<void> {
  await (await db()).delete('meta', key);
}

/** Counts background starts (a cheap proof, used by the tests, that a stopped worker really restarted). */
export async function bumpWorkerStarts(): Promise<number> {
  const d = await db();
  const tx = d.transaction('meta', 'readwrite');
  const prev = await tx.store.get('workerStarts');
  const next = (typeof prev === 'number' ? prev : 0) + 1;
  await tx.store.put(next, 'workerStarts');
  await tx.done;
  return next;
}
