/**
 * The IndexedDB adapter in Node on fake-indexeddb: the upgrade ladder from the foundation's v1 database,
 * and all-or-nothing writes. (The same code runs in real Chromium and Firefox in test/e2e/vault.e2e.ts.)
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import type { SealedRecord, VaultHeader } from '../core/vault/format.ts';

// valid shapes (readHeader validates): vault ids are 16 bytes base64url, the wrapped key 48 bytes
const VAULT_ID: Record<string, string> = { vaultA: 'AAAAAAAAAAAAAAAAAAAAAA', vaultB: 'BBBBBBBBBBBBBBBBBBBBBA' };
const header = (name: string): VaultHeader => ({
  format: 1, vaultId: VAULT_ID[name]!,
  kdf: { name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' },
  wrappedKey: { iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(64) }, createdAt: 1, updatedAt: 1,
});
const rec = (id: string): SealedRecord => ({ id, kind: 'identity', format: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) });

// A fresh database (and a fresh module instance holding the connection) for every test.
async function freshModules() {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  const dbm = await import('./db.ts');
  const store = await import('./vault-store.ts');
  return { dbm, store };
}

describe('vault store', () => {
  it('upgrade ladder: v1 → v2 adds the records store and keeps meta', async () => {
    const { dbm, store } = await freshModules();
    const v1 = await openDB('sigvault', 1, { upgrade(d) { d.createObjectStore('meta'); } });
    await v1.put('meta', 7, 'workerStarts');
    v1.close();
    const d = await dbm.db();
    expect(d.version).toBe(2);
    expect([...d.objectStoreNames].sort()).toEqual(['meta', 'records']);
    expect(await dbm.getMeta('workerStarts')).toBe(7);
    expect(await dbm.bumpWorkerStarts()).toBe(8);
    expect(await store.readRecords()).toEqual([]);
  });

  it('creates a header once; a second create is VAULT_EXISTS and changes nothing', async () => {
    const { store } = await freshModules();
    await store.createHeader(header('vaultA'));
    await store.writeRecords({ put: [rec('r1')], expectedVaultId: VAULT_ID['vaultA']! });
    await expect(store.createHeader(header('vaultB'))).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    expect((await store.readHeader())?.vaultId).toBe(VAULT_ID['vaultA']);
    expect((await store.readRecords()).map((r) => r.id)).toEqual(['r1']);
  });

  it('writes many records in one transaction, and writes nothing when the vault changed underneath', async () => {
    const { store } = await freshModules();
    await store.createHeader(header('vaultA'));
    await store.writeRecords({ put: [rec('a'), rec('b'), rec('c')], expectedVaultId: VAULT_ID['vaultA']! });
    await expect(store.writeRecords({ put: [rec('d')], remove: ['a'], expectedVaultId: VAULT_ID['vaultB']! })).rejects.toMatchObject({ code: 'NO_VAULT' });
    expect((await store.readRecords()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    await store.writeRecords({ put: [rec('d')], remove: ['a', 'b'], expectedVaultId: VAULT_ID['vaultA']! });
    expect((await store.readRecords('identity')).map((r) => r.id)).toEqual(['c', 'd']);
  });

  it('a failing put aborts the whole change', async () => {
    const { store } = await freshModules();
    await store.createHeader(header('vaultA'));
    await store.writeRecords({ put: [rec('a')], expectedVaultId: VAULT_ID['vaultA']! });
    const bad = { ...rec('x'), id: undefined } as unknown as SealedRecord; // no key: the put throws
    await expect(store.writeRecords({ put: [rec('b'), bad], remove: ['a'], expectedVaultId: VAULT_ID['vaultA']! })).rejects.toMatchObject({ name: 'DataError' });
    expect((await store.readRecords()).map((r) => r.id)).toEqual(['a']);
  });

  it('a restore writes identities and prefs, never a catalog, a cached session or sealed settings', async () => {
    for (const kind of ['catalog', 'session', 'settings-secret'] as const) {
      const { store } = await freshModules();
      await expect(store.restoreVault(header('vaultA'), [rec('a'), { ...rec('b'), id: kind === 'settings-secret' ? 'settings' : 'b', kind }]))
        .rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await store.readHeader()).toBeUndefined();
      expect(await store.readRecords()).toEqual([]);
    }
    const { store } = await freshModules();
    await store.restoreVault(header('vaultA'), [rec('a'), { ...rec('prefs'), kind: 'prefs' }]);
    expect((await store.readRecords()).map((r) => `${r.kind}:${r.id}`).sort()).toEqual(['identity:a', 'prefs:prefs']);
    await expect(store.restoreVault(header('vaultB'), [rec('b')])).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
  });

  it('migrates a format-0 header on read and writes it back', async () => {
    const { dbm, store } = await freshModules();
    const d = await dbm.db();
    const v0 = { v: 0, id: VAULT_ID['vaultA'], kdf: { alg: 'argon2id', m: 19456, t: 2, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' }, wrapped: { iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(64) }, created: 5 };
    await d.put('meta', v0 as never, 'header');
    const h = await store.readHeader();
    expect(h).toMatchObject({ format: 1, vaultId: VAULT_ID['vaultA'], kdf: { name: 'argon2id', memoryKiB: 19456, iterations: 2 } });
    expect(await d.get('meta', 'header')).toMatchObject({ format: 1 });
  });

  it('refuses a stored header whose KDF is below the floor', async () => {
    const { dbm, store } = await freshModules();
    await (await dbm.db()).put('meta', { ...header('vaultA'), kdf: { name: 'argon2id', memoryKiB: 1024, iterations: 2, parallelism: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' } }, 'header');
    await expect(store.readHeader()).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
  });

  it('replaces the header only when it is the same vault; destroy removes header and records', async () => {
    const { store } = await freshModules();
    await store.createHeader(header('vaultA'));
    await store.writeRecords({ put: [rec('a')], expectedVaultId: VAULT_ID['vaultA']! });
    await expect(store.replaceHeader(VAULT_ID['vaultB']!, header('vaultB'))).rejects.toMatchObject({ code: 'NO_VAULT' });
    await store.replaceHeader(VAULT_ID['vaultA']!, { ...header('vaultA'), updatedAt: 99 });
    expect((await store.readHeader())?.updatedAt).toBe(99);
    await store.destroyVault();
    expect(await store.readHeader()).toBeUndefined();
    expect(await store.readRecords()).toEqual([]);
  });
});
