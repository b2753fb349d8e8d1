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
    remove: async (keys: string | string[]) => { for (const k of [keys].flat()) delete data[k]; },
    dump: () => data,
  };
}
const alarmsCreated: number[] = [];
const session = area();
const local = area();
vi.mock('../../platform/browser.ts', () => ({
  BROWSER: 'chrome',
  browser: {
    storage: { session, local, onChanged: { addListener: () => undefined } },
    alarms: { create: async (_name: string, o: { when: number }) => { alarmsCreated.push(o.when); }, clear: async () => true },
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

describe('auto-lock alarm', () => {
  it('a new timeout moves the alarm at once, even right after another request (touch is throttled)', async () => {
    const vault = await import('./service.ts');
    const { settingsSet } = await import('../handlers/settings-set.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    await vault.touch();
    await settingsSet({ autoLockMinutes: 60 } as never, ctx);
    const raised = alarmsCreated.at(-1)!;
    expect(raised - Date.now()).toBeGreaterThan(59 * 60_000);
    await settingsSet({ autoLockMinutes: 1 } as never, ctx); // within 5 s of the last touch
    const lowered = alarmsCreated.at(-1)!;
    expect(lowered - Date.now()).toBeLessThanOrEqual(60_000);
    // an alarm firing before the deadline re-arms it for the real one
    const before = alarmsCreated.length;
    await vault.enforceAutoLock({ rearm: true });
    expect(alarmsCreated.length).toBe(before + 1);
    expect((await vault.status()).state).toBe('unlocked');
    await settingsSet({ autoLockMinutes: 15 } as never, ctx);
  }, 60_000);
});

describe('sealed settings (issue 10, item 1)', () => {
  it('auto-lock, the OS-lock trigger and endpoints live sealed in the vault: refused while locked, never read from storage.local', async () => {
    vi.resetModules();
    const vault = await import('./service.ts');
    const store = await import('../../platform/vault-store.ts');
    const { settingsSet } = await import('../handlers/settings-set.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    await expect(settingsSet({ endpoints: { aws: { sts: 'http://127.0.0.1:4566' } } } as never, ctx)).rejects.toMatchObject({ code: 'CONFIRM_ENDPOINT', details: { url: 'http://127.0.0.1:4566' } });
    const view = await settingsSet({ autoLockMinutes: 7, lockOnOsLock: false, endpoints: { aws: { sts: 'http://127.0.0.1:4566' } }, confirmEndpoint: true } as never, ctx);
    expect(view.vault).toMatchObject({ autoLockMinutes: 7, lockOnOsLock: false, endpoints: { aws: { sts: 'http://127.0.0.1:4566' } } });
    // sealed: nothing readable in storage.local or in the record
    expect(JSON.stringify(local.dump())).not.toMatch(/4566|autoLock|lockOnOsLock/);
    const rec = (await store.readRecord('settings'))!;
    expect(rec.kind).toBe('settings-secret');
    expect(JSON.stringify(rec)).not.toMatch(/4566|autoLock/);
    // in force: the lock policy next to the key (memory only)
    expect((session.dump()['unlocked'] as { lock: unknown }).lock).toEqual({ autoLockMinutes: 7, lockOnOsLock: false });
    expect((await vault.status()).lockAt! - Date.now()).toBeLessThanOrEqual(7 * 60_000);

    await vault.lock('manual');
    await expect(settingsSet({ autoLockMinutes: 1440 } as never, ctx)).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(settingsSet({ lockOnOsLock: true } as never, ctx)).rejects.toMatchObject({ code: 'LOCKED' });
    // a profile edit: the old plaintext settings in storage.local
    await local.set({ settings: { autoLockMinutes: 1440, stsEndpoint: 'http://127.0.0.1:9', signinEndpoint: 'http://127.0.0.1:9', theme: 'dark' } });
    vi.resetModules(); // a fresh worker
    const v2 = await import('./service.ts');
    await v2.unlock(PASS);
    expect((session.dump()['unlocked'] as { lock: unknown }).lock).toEqual({ autoLockMinutes: 7, lockOnOsLock: false });
    const { settingsGet } = await import('../handlers/settings-get.ts');
    const got = await settingsGet({} as never, ctx);
    expect(got).toMatchObject({ theme: 'dark', vault: { autoLockMinutes: 7, endpoints: { aws: { sts: 'http://127.0.0.1:4566', signin: '' } } } });
    const { settingsSet: set2 } = await import('../handlers/settings-set.ts');
    await set2({ autoLockMinutes: 15, lockOnOsLock: true, theme: 'system', endpoints: { aws: { sts: '' } } } as never, ctx);
    expect(local.dump()['settings']).toEqual({ defaultRegion: 'us-east-1', theme: 'system' });
  }, 60_000);
});

describe('upgrade from plain settings (issue 10 review)', () => {
  it('the first unlock adopts only what tightens: a shorter auto-lock and a session policy; never endpoints, never the OS-lock trigger off', async () => {
    vi.resetModules();
    const vault = await import('./service.ts');
    const store = await import('../../platform/vault-store.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    await store.writeRecords({ remove: ['settings'], expectedVaultId: (await store.readHeader())!.vaultId });
    await vault.lock('manual');
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}';
    await local.set({ settings: { autoLockMinutes: 5, lockOnOsLock: false, federationPolicy: policy, stsEndpoint: 'http://127.0.0.1:9', signinEndpoint: 'http://127.0.0.1:9', theme: 'dark' } });
    vi.resetModules();
    const { vaultUnlock } = await import('../handlers/vault-unlock.ts');
    await vaultUnlock({ passphrase: PASS } as never, ctx);
    expect((session.dump()['unlocked'] as { lock: unknown }).lock).toEqual({ autoLockMinutes: 5, lockOnOsLock: true });
    const { settingsGet } = await import('../handlers/settings-get.ts');
    expect((await settingsGet({} as never, ctx)).vault).toMatchObject({ autoLockMinutes: 5, lockOnOsLock: true, federationPolicy: policy, endpoints: { aws: { sts: '', signin: '' } } });
    expect((await store.readRecord('settings'))?.kind).toBe('settings-secret'); // sealed now: storage.local no longer matters
    // a longer (planted) value is never adopted
    await store.writeRecords({ remove: ['settings'], expectedVaultId: (await store.readHeader())!.vaultId });
    const v2 = await import('./service.ts');
    await v2.lock('manual');
    await local.set({ settings: { autoLockMinutes: 1440, theme: 'dark' } });
    vi.resetModules();
    const again = await import('../handlers/vault-unlock.ts');
    await again.vaultUnlock({ passphrase: PASS } as never, ctx);
    expect((session.dump()['unlocked'] as { lock: unknown }).lock).toEqual({ autoLockMinutes: 15, lockOnOsLock: true });
    const { settingsSet } = await import('../handlers/settings-set.ts');
    await settingsSet({ theme: 'system' } as never, ctx);
  }, 60_000);
});

describe('sealed settings and a re-key (issue 10 review)', () => {
  it('a settings read or change while a re-key commits sees the real settings, never the defaults', async () => {
    vi.resetModules();
    const vault = await import('./service.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}';
    const { settingsSet } = await import('../handlers/settings-set.ts');
    await settingsSet({ autoLockMinutes: 3, federationPolicy: policy, endpoints: { aws: { sts: 'http://127.0.0.1:4566' } }, confirmEndpoint: true } as never, ctx);
    vi.resetModules(); // a fresh worker: nothing cached
    const { vaultRekey } = await import('../handlers/vault-rekey.ts');
    const settings = await import('./settings.ts');
    const { settingsSet: set2 } = await import('../handlers/settings-set.ts');
    const rekeying = vaultRekey({ passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 20_480, iterations: 2, parallelism: 1 } }, ctx);
    while (!(session.dump()['unlocked'] as { next?: unknown }).next) await new Promise((r) => setImmediate(r));
    const [, read, changed] = await Promise.all([rekeying, settings.readVaultSettings(), set2({ lockOnOsLock: true } as never, ctx)]);
    const want = { autoLockMinutes: 3, federationPolicy: policy, endpoints: { aws: { sts: 'http://127.0.0.1:4566' } } };
    expect(read).toMatchObject(want);
    expect(changed.vault).toMatchObject(want);
    vi.resetModules();
    const { settingsGet } = await import('../handlers/settings-get.ts');
    const after = (await settingsGet({} as never, ctx)).vault!;
    expect(after).toMatchObject(want);
    expect(after).not.toHaveProperty('damaged');
    const { settingsSet: set3 } = await import('../handlers/settings-set.ts');
    await set3({ autoLockMinutes: 15, federationPolicy: '', endpoints: { aws: { sts: '' } } } as never, ctx);
  }, 60_000);
});

describe('lock guard (issue 10, item 3)', () => {
  it('a sealed write that belongs to an unlocked period a lock ended writes nothing, even after a new unlock', async () => {
    vi.resetModules();
    const vault = await import('./service.ts');
    const store = await import('../../platform/vault-store.ts');
    const { sealRecord } = await import('../../core/vault/record.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    const guard = vault.lockGuard();
    expect(guard.signal.aborted).toBe(false);
    await vault.lock('manual');
    expect(guard.signal.aborted).toBe(true);
    expect(guard.signal.reason).toMatchObject({ code: 'LOCKED' });
    await vault.unlock(PASS);
    await expect(vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'session', 's_guarded', { a: 1 })], guard)).rejects.toMatchObject({ code: 'LOCKED' });
    expect(await store.readRecord('s_guarded')).toBeUndefined();
    const fresh = vault.lockGuard();
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'session', 's_guarded', { a: 1 })], fresh);
    expect(await store.readRecord('s_guarded')).toBeDefined();
    await store.writeRecords({ remove: ['s_guarded'], expectedVaultId: (await store.readHeader())!.vaultId });
  }, 60_000);
});

describe('vault.rekey', () => {
  const FLOOR_PLUS = { name: 'argon2id' as const, memoryKiB: 20_480, iterations: 3, parallelism: 1 as const };
  const sessionKey = () => (session.dump()['unlocked'] as { dataKey: string; next?: unknown }).dataKey;

  /** Opens every identity record on disk with a raw base64 data key; returns how many opened. */
  async function openableWith(dataKeyB64: string): Promise<number> {
    const { importDataKey } = await import('../../core/crypto/aead.ts');
    const { fromBase64 } = await import('../../core/bytes.ts');
    const { openRecords } = await import('../../core/vault/record.ts');
    const store = await import('../../platform/vault-store.ts');
    const header = (await store.readHeader())!;
    const res = await openRecords(await importDataKey(fromBase64(dataKeyB64)), header.vaultId, await store.readRecords('identity'));
    return res.filter((r) => r.ok).length;
  }

  it('re-keys with new parameters: the old data key opens nothing, identities stay, a fresh worker and an unlock work', async () => {
    vi.resetModules();
    const vault = await import('./service.ts');
    const { vaultRekey } = await import('../handlers/vault-rekey.ts');
    const { identityList } = await import('../handlers/identity-list.ts');
    if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
    const before = (await identityList({} as never, ctx)).identities.map((i) => i.label);
    expect(before.length).toBeGreaterThan(0);
    const oldKey = sessionKey();
    expect(await openableWith(oldKey)).toBe(before.length);
    const st = await vaultRekey({ passphrase: PASS, kdf: FLOOR_PLUS }, ctx);
    expect(st).toMatchObject({ state: 'unlocked', kdf: { name: 'argon2id', memoryKiB: 20_480, iterations: 3, parallelism: 1 } });
    const newKey = sessionKey();
    expect(newKey).not.toBe(oldKey);
    expect(session.dump()['unlocked']).not.toHaveProperty('next');
    expect(await openableWith(oldKey)).toBe(0);
    expect(await openableWith(newKey)).toBe(before.length);
    expect((await identityList({} as never, ctx)).identities.map((i) => i.label)).toEqual(before);
    vi.resetModules(); // a fresh worker re-imports the new key from storage.session
    const fresh = await import('../handlers/identity-list.ts');
    expect((await fresh.identityList({} as never, ctx)).identities.map((i) => i.label)).toEqual(before);
    const v2 = await import('./service.ts');
    await v2.lock('manual');
    expect((await v2.unlock(PASS)).state).toBe('unlocked');
    expect((await fresh.identityList({} as never, ctx)).identities.map((i) => i.label)).toEqual(before);
  }, 60_000);

  it('a wrong passphrase or parameters below the floor change nothing; the wrong passphrase counts', async () => {
    vi.resetModules();
    const { vaultRekey } = await import('../handlers/vault-rekey.ts');
    const store = await import('../../platform/vault-store.ts');
    const db = await import('../../platform/db.ts');
    const header = JSON.stringify(await store.readHeader());
    const records = JSON.stringify(await store.readRecords());
    const key = sessionKey();
    await expect(vaultRekey({ passphrase: PASS, kdf: { ...FLOOR_PLUS, memoryKiB: 16_384 } }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'kdf.memoryKiB' } });
    await expect(vaultRekey({ passphrase: PASS, kdf: { ...FLOOR_PLUS, iterations: 1 } }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'kdf.iterations' } });
    expect(await db.getMeta('unlockFailures')).toBeUndefined();
    await expect(vaultRekey({ passphrase: 'not the passphrase', kdf: FLOOR_PLUS }, ctx)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect((await db.getMeta('unlockFailures'))?.count).toBe(1);
    expect(JSON.stringify(await store.readHeader())).toBe(header);
    expect(JSON.stringify(await store.readRecords())).toBe(records);
    expect(sessionKey()).toBe(key);
    await db.deleteMeta('unlockFailures');
  }, 60_000);

  it('an identity added while a re-key runs is sealed under the new key', async () => {
    vi.resetModules();
    const { vaultRekey } = await import('../handlers/vault-rekey.ts');
    const { identityAddUser } = await import('../handlers/identity-add-user.ts');
    const { identityList } = await import('../handlers/identity-list.ts');
    const n = (await identityList({} as never, ctx)).identities.length;
    const rekeying = vaultRekey({ passphrase: PASS, kdf: FLOOR_PLUS }, ctx);
    // wait until the re-key is about to write (its new key is pending in storage.session), then add: the
    // new identity is sealed under the old key and queued behind the re-key's transaction
    while (!(session.dump()['unlocked'] as { next?: unknown }).next) await new Promise((r) => setImmediate(r));
    const [, added] = await Promise.all([rekeying, identityAddUser(user(99) as never, ctx)]);
    expect(await openableWith(sessionKey())).toBe(n + 1);
    vi.resetModules();
    const vault = await import('./service.ts'); // a fresh instance: the record is opened from storage
    expect(await vault.identity(added.id)).toMatchObject({ kind: 'user', accessKeyId: user(99).accessKeyId, secretAccessKey: user(99).secretAccessKey });
  }, 60_000);

  it('after a worker died around the commit, the key the header on disk wraps is kept', async () => {
    vi.resetModules();
    const store = await import('../../platform/vault-store.ts');
    const header = (await store.readHeader())!;
    const s = session.dump()['unlocked'] as { vaultId: string; dataKey: string; unlockedAt: number };
    const bogus = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    // committed: storage.session still has the old key first and the new one as `next`
    await session.set({ unlocked: { ...s, dataKey: bogus, next: { dataKey: s.dataKey, wrapCt: header.wrappedKey.ct } } });
    const { identityList } = await import('../handlers/identity-list.ts');
    const n = (await identityList({} as never, ctx)).identities.length;
    expect((await identityList({} as never, ctx)).corrupt).toEqual([]);
    expect(session.dump()['unlocked']).toEqual(s); // collapsed to the key that opens the vault
    // not committed: `next` belongs to a header that never landed
    vi.resetModules();
    await session.set({ unlocked: { ...s, next: { dataKey: bogus, wrapCt: 'AAAA' } } });
    const again = await import('../handlers/identity-list.ts');
    expect((await again.identityList({} as never, ctx)).identities).toHaveLength(n);
    expect(session.dump()['unlocked']).toEqual(s);
    expect(await openableWith(s.dataKey)).toBe(n);
  }, 60_000);
});

describe('the credential cache and a re-key (issue 10, item 3)', () => {
  it('credentials cached while a re-key runs are sealed under the key the vault ends with', async () => {
    vi.resetModules();
    const { startStandin } = await import('../../../test/support/sts-standin.ts');
    const standin = await startStandin({ cors: false });
    const { settingsSet } = await import('../handlers/settings-set.ts');
    try {
      const vault = await import('./service.ts');
      const store = await import('../../platform/vault-store.ts');
      const { identityAddUser } = await import('../handlers/identity-add-user.ts');
      const { sessionResolve } = await import('../handlers/session-resolve.ts');
      const { vaultRekey } = await import('../handlers/vault-rekey.ts');
      const { importDataKey } = await import('../../core/crypto/aead.ts');
      const { fromBase64 } = await import('../../core/bytes.ts');
      const { openRecord } = await import('../../core/vault/record.ts');
      if ((await vault.status()).state !== 'unlocked') await vault.unlock(PASS);
      await settingsSet({ endpoints: { aws: { sts: standin.url } }, confirmEndpoint: true } as never, ctx);
      const keys = standin.issueUserKeys({ userName: 'cache', account: '111111111111' });
      const { id } = await identityAddUser({ label: 'cache', accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, region: 'us-east-1', check: false } as never, ctx);
      // GetSessionToken's answer is held until the re-key has read every record and is about to write them
      // (its new key pending in storage.session): the answer is then cached while the re-key commits
      const hold = standin.hold('GetSessionToken');
      const resolving = sessionResolve({ id } as never, ctx);
      await hold.arrived;
      const rekeying = vaultRekey({ passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 20_480, iterations: 2, parallelism: 1 } }, ctx);
      while (!(session.dump()['unlocked'] as { next?: unknown }).next) await new Promise((r) => setImmediate(r));
      hold.release();
      const [, resolved] = await Promise.all([rekeying, resolving]);
      expect(resolved).toMatchObject({ fromCache: false });
      expect(standin.state.calls.filter((c) => c.action === 'GetSessionToken' && c.status === 200)).toHaveLength(1);
      const header = (await store.readHeader())!;
      const rec = await store.readRecord(`s_${id}`);
      expect(rec, 'the cached session was written').toBeDefined();
      const key = await importDataKey(fromBase64((session.dump()['unlocked'] as { dataKey: string }).dataKey));
      await expect(openRecord(key, header.vaultId, rec!, { id: rec!.id, kind: 'session' })).resolves.toMatchObject({ kind: 'session' });
    } finally {
      await settingsSet({ endpoints: { aws: { sts: '' } } } as never, ctx).catch(() => undefined);
      await standin.stop();
    }
  }, 60_000);
});
