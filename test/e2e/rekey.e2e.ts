/**
 * vault.rekey in real Chromium and Firefox: a new data key under new Argon2id parameters, every record
 * re-sealed in one transaction. The records are opened here with plain WebCrypto inside the background
 * (not through Sigvault's code), with the old and the new data key read from storage.session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, launch, useStandin, type ExtensionBrowser, ok } from './harness.ts';
import { backupOf, bulkUsers } from '../support/backups.ts';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';

const PASS = 'correct horse battery staple';
const BULK = 1000;

/**
 * Runs in the background: opens the identity records in IndexedDB with each raw data key (base64) given,
 * or with storage.session's current key for `current`. AES-GCM with the record AAD of
 * docs/vault-format.md: length-prefixed ("sigvault/record", vaultId, id, kind, format).
 */
async function openWithKeys(g: any, arg: { keys: Record<string, string | null> }): Promise<Record<string, { opened: number; total: number }>> {
  const api = g.browser ?? g.chrome;
  const db: IDBDatabase = await new Promise((res, rej) => { const r = g.indexedDB.open('sigvault'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const all = (store: string, query?: string): Promise<any[]> => new Promise((res, rej) => {
    const q = query ? db.transaction(store).objectStore(store).index('kind').getAll(query) : db.transaction(store).objectStore(store).getAll();
    q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error);
  });
  const header: any = await new Promise((res, rej) => { const q = db.transaction('meta').objectStore('meta').get('header'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
  const records = await all('records', 'identity');
  db.close();
  const b64 = (s: string) => Uint8Array.from(g.atob(s) as string, (c) => c.charCodeAt(0));
  const aad = (fields: string[]) => {
    const parts: number[] = [];
    for (const f of fields) {
      const bytes = new TextEncoder().encode(f);
      parts.push(bytes.length >>> 24, (bytes.length >>> 16) & 255, (bytes.length >>> 8) & 255, bytes.length & 255, ...bytes);
    }
    return new Uint8Array(parts);
  };
  const current = (await api.storage.session.get('unlocked')).unlocked?.dataKey ?? null;
  const out: Record<string, { opened: number; total: number }> = {};
  for (const [name, k] of Object.entries(arg.keys)) {
    const raw = k ?? current;
    let opened = 0;
    if (raw) {
      const key = await g.crypto.subtle.importKey('raw', b64(raw), 'AES-GCM', false, ['decrypt']);
      for (const rec of records) {
        try {
          await g.crypto.subtle.decrypt({ name: 'AES-GCM', iv: b64(rec.iv), additionalData: aad(['sigvault/record', header.vaultId, rec.id, rec.kind, String(rec.format)]) }, key, b64(rec.ct));
          opened++;
        } catch { /* not this key */ }
      }
    }
    out[name] = { opened, total: records.length };
  }
  return out;
}

for (const kind of KINDS) {
  describe(`vault.rekey: ${kind}`, () => {
    let b: ExtensionBrowser;
    let standin: Standin;
    let bulk7: IssuedUser;
    beforeAll(async () => {
      // the stand-in knows the keys of "bulk 7": identity.test proves its stored secret after the re-key
      standin = await startStandin({ cors: false });
      const seven = bulkUsers(8, 'bulk')[7]!;
      if (seven.kind !== 'user') throw new Error('unreachable');
      bulk7 = standin.issueUserKeys({ userName: 'bulk7', account: '111111111111', accessKeyId: seven.accessKeyId, secretAccessKey: seven.secretAccessKey });
      b = await launch(kind);
      // a vault of BULK identities: restored from a backup made in Node (KDF at the floor), then unlocked
      await ok(b.send('vault.importBackup', { backup: await backupOf(PASS, bulkUsers(BULK, 'bulk')), passphrase: PASS, mode: 'replace' }));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await useStandin(b, standin.url);
    }, 120_000);
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    const sessionKey = async (): Promise<string> => b.inBackground(async (g) => (await (g.browser ?? g.chrome).storage.session.get('unlocked')).unlocked.dataKey);
    const labels = async () => (await ok(b.send('identity.list', {}))).identities.map((i: any) => i.label).sort();

    it('re-keys with new parameters: status shows them, the old data key opens nothing, the passphrase still unlocks', async () => {
      const before = await labels();
      expect(before).toHaveLength(BULK);
      const oldKey = await sessionKey();
      expect(await b.inBackground(openWithKeys, { keys: { old: oldKey } })).toEqual({ old: { opened: BULK, total: BULK } }); // the check opens what it should
      const st = await ok(b.send('vault.rekey', { passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 20 * 1024, iterations: 3, parallelism: 1 } }));
      expect(st).toMatchObject({ state: 'unlocked', kdf: { name: 'argon2id', memoryKiB: 20_480, iterations: 3, parallelism: 1 } });
      expect((await ok(b.send('vault.status', {}))).kdf).toMatchObject({ memoryKiB: 20_480, iterations: 3 });
      const newKey = await sessionKey();
      expect(newKey).not.toBe(oldKey);
      expect(await b.inBackground(openWithKeys, { keys: { old: oldKey, current: newKey } })).toEqual({ old: { opened: 0, total: BULK }, current: { opened: BULK, total: BULK } });
      expect(await labels()).toEqual(before);
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await labels()).toEqual(before);
      // a record re-sealed under the new key still holds the right secret: GetCallerIdentity signed with it
      // is verified by the stand-in with the secret it issued
      const list = await ok(b.send('identity.list', {}));
      const seven = list.identities.find((i: any) => i.label === 'bulk 7');
      expect(await ok(b.send('identity.test', { id: seven.id }))).toMatchObject({ arn: bulk7.arn });
      expect(standin.state.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', accessKeyId: bulk7.accessKeyId, status: 200 });
    }, 120_000);

    it('a wrong passphrase or parameters below the floor change nothing', async () => {
      const st = await ok(b.send('vault.status', {}));
      const key = await sessionKey();
      expect(await b.send('vault.rekey', { passphrase: 'not the passphrase at all', kdf: { name: 'argon2id', memoryKiB: 32_768, iterations: 2, parallelism: 1 } }))
        .toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      expect(await b.send('vault.rekey', { passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 8192, iterations: 2, parallelism: 1 } }))
        .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'kdf.memoryKiB' } });
      expect(await b.send('vault.rekey', { passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 32_768, iterations: 1, parallelism: 1 } }))
        .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'kdf.iterations' } });
      expect((await ok(b.send('vault.status', {}))).kdf).toEqual(st.kdf);
      expect(await sessionKey()).toBe(key);
      expect(await b.inBackground(openWithKeys, { keys: { current: null } })).toEqual({ current: { opened: BULK, total: BULK } });
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS })); // and clears the failure count
    }, 120_000);

    it(`a background stopped in the middle of a re-key of ${BULK} records leaves the old key or the new one, every identity intact`, async () => {
      const page = await b.openPage('src/options/index.html');
      const send = (msg: unknown) => page.evaluate((m) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage(m), msg);
      const params = (iterations: number) => ({ name: 'argon2id', memoryKiB: 19_456, iterations, parallelism: 1 });
      const t0 = Date.now();
      expect(await send({ type: 'vault.rekey', passphrase: PASS, kdf: params(2) })).toMatchObject({ ok: true });
      const full = Date.now() - t0;
      let iterations = 2;
      let lateInterrupts = 0;
      const seen: string[] = [];
      // Stop the background at points across the re-key, the later ones inside the re-sealing and the
      // transaction. Each round asks for other iterations, so the header on disk tells which state won.
      // A re-key that finished before the stop aims the next stops earlier (the timed one can run slower than
      // the later ones: the other browser's suite shares the cores).
      let aim = full;
      for (const f of [0.5, 0.6, 0.7, 0.8, 0.9, 0.55, 0.65, 0.75, 0.85, 0.95]) {
        const next = iterations === 2 ? 3 : 2;
        const sentAt = Date.now();
        const pending = send({ type: 'vault.rekey', passphrase: PASS, kdf: params(next) })
          .then((r: any) => ({ completed: r?.ok === true, ms: Date.now() - sentAt }), () => ({ completed: false, ms: Infinity }));
        await new Promise((r) => setTimeout(r, Math.round(aim * f)));
        await b.stopBackground();
        const { completed, ms } = await pending;
        if (completed) aim = Math.min(aim, ms);
        const list = await ok(b.send('identity.list', {})); // a new worker: takes the key the header on disk wraps
        expect(list.identities).toHaveLength(BULK);
        const st = await ok(b.send('vault.status', {}));
        expect(st.state).toBe('unlocked');
        expect([2, 3]).toContain(st.kdf.iterations);
        if (completed) expect(st.kdf.iterations).toBe(next);
        const outcome = st.kdf.iterations === next ? 'new' : 'old';
        seen.push(`${f}:${completed ? 'done' : 'stopped'}:${outcome}`);
        iterations = st.kdf.iterations;
        expect(await b.inBackground(openWithKeys, { keys: { current: null } }), seen.join(' ')).toEqual({ current: { opened: BULK, total: BULK } });
        if (!completed) lateInterrupts++;
        if (lateInterrupts >= 2) break;
      }
      await page.close();
      expect(lateInterrupts, `uninterrupted re-key ${full} ms (aimed at ${aim} ms at the end); outcomes ${seen.join(' ')}`).toBeGreaterThan(0);
      // and the passphrase opens it from scratch
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await labels()).toHaveLength(BULK);
      expect((await ok(b.send('identity.list', {}))).corrupt).toEqual([]);
    }, 300_000);
  });
}
