/**
 * The extension's IndexedDB, through idb: one `DBSchema` and an `if (oldVersion < N)` upgrade ladder.
 * Only ciphertext and the plaintext vault header are ever written here (docs/threat-model.md).
 * @module
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'sigvault';
export const DB_VERSION = 1;

export interface SigvaultDB extends DBSchema {
  /** Small non-secret values: `workerStarts` (diagnostics). */
  meta: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<SigvaultDB>> | undefined;

export function db(): Promise<IDBPDatabase<SigvaultDB>> {
  dbPromise ??= openDB<SigvaultDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('meta');
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
