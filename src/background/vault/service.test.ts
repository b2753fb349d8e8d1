/**
 * The background vault service in Node: fake-indexeddb for IndexedDB and an in-memory stand-in for the
 * three extension APIs it touches (storage, alarms, runtime messaging). Regression tests for races a
 * review found: a lock landing while a request re-imports the key, and concurrent identity changes
 * losing catalog entries. (The same code runs in real browsers in test/e2e/vault.e2e.ts.)
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';

function area() {
  let data: Record<string, unknown> = {};
  return {
    get: async (k: string | null) => (k === null ? { ...data } : k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (o: Record<string, unknown>) => { for (const [k, v] of Object.entries(o)) data[k] = structuredClone(v); },
    clear: async () => { data = {}; },
    dump: () => data,
  };
}
const session = area();
const local = area();
vi.mock('../../platform/browser.ts', () => ({
  BROWSER: 'chrome',
  browser: {
    storage: { session, local, onChanged: { addListener: () => undefined } },
    alarms: { create: async () => undefined, clear: async () => true },
    runtime: { sendMessage: async () => undefined, id: 'x', getURL: () => 'chrome-extension://x/', getManifest: () => ({ version: '0' }) },
  },
}));

const PASS = 'correct horse battery staple';
const user = (n: number) => ({ label: `u${n}`, accessKeyId: `AKIA${String(n).padStart(16, '0')}`, secretAccessKey: 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ', check: false });
const ctx = {} as never;

describe('vault service', () => {
  beforeAll(async () => {
    const vault = await import('./service.ts');
    await vault.create(PASS);
  }, 60_000);

  it('concurrent changes keep every identity in the catalog (one change at a time)', async () => {
    const { identityAddUser } = await import('../handlers/identity-add-user.ts');
    const { identityList } = await import('../handlers/identity-list.ts');
    const store = await import('../../platform/vault-store.ts');
    await Promise.all([1, 2, 3, 4, 5].map((n) => identityAddUser(user(n) as never, ctx)));
    expect((await identityList({} as never, ctx)).identities.map((i) => i.label)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(await store.readRecordIds('identity')).toHaveLength(5);
    // the catalog on disk agrees: a fresh worker (new module instance) lists the same five
    vi.resetModules();
    const fresh = await import('../handlers/identity-list.ts');
    expect((await fresh.identityList({} as never, ctx)).identities).toHaveLength(5);
  }, 60_000);

  it('a lock that lands while a restarted worker re-imports the key wins', async () => {
    vi.resetModules(); // a fresh worker: nothing in memory, the key in storage.session
    const vault = await import('./service.ts');
    const { identityList } = await import('../handlers/identity-list.ts');
    const pending = vault.requireUnlocked(); // reads storage.session, the header, imports the key…
    await vault.lock('manual'); // …while the lock runs
    await expect(pending).rejects.toMatchObject({ code: 'LOCKED' });
    expect(session.dump()).toEqual({});
    expect((await vault.status()).state).toBe('locked');
    await expect(identityList({} as never, ctx)).rejects.toMatchObject({ code: 'LOCKED' });
  }, 60_000);

  it('a lock during an unlock (while the KDF runs) leaves the vault locked', async () => {
    const vault = await import('./service.ts');
    const unlocking = vault.unlock(PASS);
    await new Promise((r) => setTimeout(r, 20)); // inside Argon2id
    await vault.lock('os');
    await expect(unlocking).rejects.toMatchObject({ code: 'LOCKED' });
    expect(session.dump()).toEqual({});
    expect((await vault.status()).state).toBe('locked');
    // and a later unlock works
    expect((await vault.unlock(PASS)).state).toBe('unlocked');
  }, 60_000);
});
