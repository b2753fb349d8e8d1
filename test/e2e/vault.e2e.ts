/**
 * The vault in real Chromium and Firefox, through the protocol messages: nothing secret at rest, the
 * lock means something, and nothing is lost when the background dies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, launch, useStandin, type ExtensionBrowser } from './harness.ts';
import { findLeaks, secretForms } from './secret-forms.ts';
import { backupOf, bulkUsers } from '../support/backups.ts';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';

const PASS = 'correct horse battery staple';
// check: false — added without STS (identities against the STS stand-in: sts.e2e.ts); the stored secret is
// proven later with identity.test against a stand-in that knows these keys
const USER = { label: 'dev admin', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', check: false };
const SECRETS = { secretAccessKey: USER.secretAccessKey, passphrase: PASS };
const BULK = 1500;

/** A backup of `n` IAM users made with the pure core in Node (its own vault id, key and passphrase PASS). */
const bulkBackup = (n: number) => backupOf(PASS, bulkUsers(n, 'bulk'));

/** Everything an extension page can read back from persistent storage, as one string. */
function dumpPersistentStorage(): Promise<string> {
  const api = (globalThis as any).browser ?? (globalThis as any).chrome;
  const readDb = (name: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onerror = () => reject(req.error);
    req.onsuccess = async () => {
      const db = req.result;
      const out: Record<string, unknown> = {};
      for (const store of Array.from(db.objectStoreNames)) {
        out[store] = await new Promise((res, rej) => {
          const tx = db.transaction(store);
          const keys = tx.objectStore(store).getAllKeys();
          const values = tx.objectStore(store).getAll();
          tx.oncomplete = () => res({ keys: keys.result, values: values.result });
          tx.onerror = () => rej(tx.error);
        });
      }
      db.close();
      resolve(out);
    };
  });
  return (async () => {
    const dbs = await indexedDB.databases();
    const idb: Record<string, unknown> = {};
    for (const d of dbs) if (d.name) idb[d.name] = await readDb(d.name);
    const local = await api.storage.local.get(null);
    const sync = await api.storage.sync.get(null).catch((e: Error) => `unavailable: ${e.message}`);
    return JSON.stringify({ databases: dbs.map((d) => d.name), idb, local, sync });
  })();
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) out.push(...walk(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

for (const kind of KINDS) {
  describe(`vault: ${kind}`, () => {
    let b: ExtensionBrowser;
    let userId: string;
    let standin: Standin;
    let dev: IssuedUser;
    const profile = mkdtempSync(join(tmpdir(), `sigvault-vault-${kind}-`));
    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      dev = standin.issueUserKeys({ userName: 'dev', account: '111111111111', accessKeyId: USER.accessKeyId, secretAccessKey: USER.secretAccessKey });
      b = await launch(kind, { profileDir: profile });
    });
    afterAll(async () => {
      await b?.close().catch(() => undefined);
      await standin?.stop();
      rmSync(profile, { recursive: true, force: true });
    });
    /**
     * The stored secret, proven through the real path: GetCallerIdentity signed with it, verified by the
     * stand-in with the secret it issued (a wrong stored secret is SignatureDoesNotMatch).
     */
    const storedSecretWorks = async (id: string) => {
      expect(await ok(b.send('identity.test', { id }))).toMatchObject({ arn: dev.arn, account: '111111111111' });
      expect(standin.state.calls.filter((c) => c.accessKeyId === USER.accessKeyId).at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200 });
    };

    const badgeText = async () => {
      const page = await b.openPage('src/options/index.html');
      const text = await page.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).action.getBadgeText({}), undefined);
      await page.close();
      return text;
    };
    const ok = async <T>(p: Promise<{ ok: boolean; result?: T; error?: unknown }>): Promise<T> => {
      const r = await p;
      if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
      return r.result as T;
    };

    it('starts absent, refuses identity requests, creates with a KDF at or above the floor', async () => {
      expect(await ok(b.send('vault.status', {}))).toEqual({ state: 'absent' });
      expect(await b.send('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'NO_VAULT' } });
      expect(await b.send('identity.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await b.send('vault.create', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'passphrase' } });
      const st = await ok(b.send('vault.create', { passphrase: PASS }));
      expect(st.state).toBe('unlocked');
      expect(st.kdf).toMatchObject({ name: 'argon2id', parallelism: 1 });
      if (st.kdf?.name !== 'argon2id') throw new Error('unreachable');
      expect(st.kdf.memoryKiB).toBeGreaterThanOrEqual(19456);
      expect(st.kdf.iterations).toBeGreaterThanOrEqual(2);
      expect(st.lockAt).toBeGreaterThan(Date.now());
      expect(await b.send('vault.create', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
    });

    it('adds a user after checking its fields, and lists it without the secret', async () => {
      await useStandin(b, standin.url);
      const bad = await b.send('identity.addUser', { ...USER, accessKeyId: 'XKIA123' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'accessKeyId' } });
      const bad2 = await b.send('identity.addUser', { ...USER, secretAccessKey: 'too-short' });
      expect(bad2).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'secretAccessKey' } });
      ({ id: userId } = await ok(b.send('identity.addUser', USER)));
      await ok(b.send('identity.addUser', { label: 'second', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', check: false }));
      const list = await ok(b.send('identity.list', {}));
      expect(list.identities.map((i) => i.label)).toEqual(['dev admin', 'second']);
      expect(list.corrupt).toEqual([]);
      expect(findLeaks(JSON.stringify(list), SECRETS)).toEqual([]);
      // the toolbar badge shows the active identity's short label
      await ok(b.send('identity.activate', { id: userId }));
      await expect.poll(() => badgeText()).toBe('DA');
    });

    it('stores neither the secret key nor the passphrase, in any encoding, anywhere a page can read back', async () => {
      const page = await b.openPage('src/options/index.html');
      const dump = await page.evaluate(dumpPersistentStorage, undefined);
      await page.close();
      expect(dump).toContain('"records"'); // the dump really reached the vault's stores
      expect(dump).toContain('"header"');
      expect(findLeaks(dump, SECRETS)).toEqual([]);
      // storage.session holds the data key, not the passphrase or the AWS secret
      const session = await (await b.openPage('src/options/index.html')).evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.get(null).then(JSON.stringify), undefined);
      expect(session).toContain('dataKey');
      expect(session).toContain('viewSnapshot'); // the popup's first rows: view models, no secret
      expect(findLeaks(session, SECRETS)).toEqual([]);
    });

    it('stays unlocked across a background restart, with the secret still usable', async () => {
      await b.stopBackground();
      expect((await ok(b.send('vault.status', {}))).state).toBe('unlocked');
      await storedSecretWorks(userId);
    });

    it('no request returns long-term keys: identity.reveal is an unknown request', async () => {
      const r = await b.send('identity.reveal' as 'identity.get', { id: userId });
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
      expect(findLeaks(JSON.stringify(r), SECRETS)).toEqual([]);
    });

    it('lock empties storage.session, answers LOCKED, and tells open pages', async () => {
      const page = await b.openPage('src/options/index.html');
      await page.evaluate(() => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        (globalThis as any).events = [];
        api.runtime.onMessage.addListener((m: unknown) => { (globalThis as any).events.push(m); });
      }, undefined);
      expect((await ok(b.send('vault.lock', {}))).state).toBe('locked');
      const session = await page.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.get(null), undefined);
      expect(session).toEqual({});
      expect(await b.send('identity.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await b.send('identity.test', { id: userId })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await expect.poll(() => page.evaluate(() => (globalThis as any).events, undefined)).toContainEqual({ event: 'vault.locked', reason: 'manual' });
      await expect.poll(() => badgeText()).toBe('🔒');
      await page.close();
    });

    it('wrong passphrases back off after 5 tries, also when sent in parallel, and across a restart', async () => {
      // 8 guesses at once: unlocks are serialized, so only 5 are tried and the rest wait their turn and back off
      const page = await b.openPage('src/options/index.html');
      const replies = await page.evaluate((n) => Promise.all(Array.from({ length: n }, (_, i) =>
        ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: 'vault.unlock', passphrase: `wrong ${i}` }))), 8);
      await page.close();
      const codes = replies.map((r: any) => r.error.code).sort();
      expect(codes).toEqual([...Array(3).fill('BACKOFF'), ...Array(5).fill('WRONG_PASSPHRASE')]);
      const r = await b.send('vault.unlock', { passphrase: PASS });
      expect(r).toMatchObject({ ok: false, error: { code: 'BACKOFF' } });
      await b.stopBackground();
      const r2 = await b.send('vault.unlock', { passphrase: PASS });
      expect(r2).toMatchObject({ ok: false, error: { code: 'BACKOFF' } });
      const retryAfter = (r2 as { error: { retryAfter: number } }).error.retryAfter;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(2000);
      const st = await ok(b.send('vault.status', {}));
      expect(st).toMatchObject({ state: 'locked', failedAttempts: 5 });
      // the other passphrase checks (change passphrase, backup import) need an unlocked vault first
      expect(await b.send('vault.changePassphrase', { passphrase: PASS, newPassphrase: 'whatever whatever' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await new Promise((res) => setTimeout(res, retryAfter + 50));
      expect((await ok(b.send('vault.unlock', { passphrase: PASS }))).state).toBe('unlocked');
      expect(await ok(b.send('vault.status', {}))).not.toHaveProperty('failedAttempts');
    });

    /** Flips bits in the first ciphertext byte of a stored record, straight in IndexedDB. */
    async function tamper(id: string) {
      const page = await b.openPage('src/options/index.html');
      await page.evaluate((recordId) => new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('sigvault');
        req.onsuccess = () => {
          const tx = req.result.transaction('records', 'readwrite');
          const store = tx.objectStore('records');
          const get = store.get(recordId);
          get.onsuccess = () => {
            const rec = get.result;
            const ct = rec.ct as string;
            rec.ct = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
            store.put(rec);
          };
          tx.oncomplete = () => { req.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }), id);
      await page.close();
    }

    it('a tampered identity record is reported by id; the rest of the vault stays usable', async () => {
      await tamper(userId);
      await ok(b.send('vault.lock', {})); // drop what the background had opened
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await b.send('identity.test', { id: userId })).toMatchObject({ ok: false, error: { code: 'CORRUPT_RECORD', recordId: userId } });
      // the list comes from the catalog at once; the background check of every record reports the bad one
      await expect.poll(async () => (await ok(b.send('identity.list', {}))).corrupt.map((c) => c.recordId)).toEqual([userId]);
      const list = await ok(b.send('identity.list', {}));
      expect(list.identities.map((i) => i.label)).toEqual(['second']);
      expect(list.corrupt[0]!.message).toContain(userId);
      expect(await ok(b.send('identity.remove', { id: userId }))).toEqual({ removed: userId });
      expect((await ok(b.send('identity.list', {}))).corrupt).toEqual([]);
      ({ id: userId } = await ok(b.send('identity.addUser', USER)));
    });

    it('a tampered catalog is rebuilt from the records: nothing is lost', async () => {
      await tamper('catalog');
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      const list = await ok(b.send('identity.list', {}));
      expect(list.identities.map((i) => i.label)).toEqual(['dev admin', 'second']);
      expect(list.corrupt).toEqual([]);
      await storedSecretWorks(userId);
    });

    it('changes the passphrase: the old one stops working, records stay', async () => {
      const NEW = 'another long passphrase here';
      expect(await b.send('vault.changePassphrase', { passphrase: 'nope nope nope', newPassphrase: NEW })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      await ok(b.send('vault.changePassphrase', { passphrase: PASS, newPassphrase: NEW }));
      await ok(b.send('vault.lock', {}));
      expect(await b.send('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      await ok(b.send('vault.unlock', { passphrase: NEW }));
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(2);
      await ok(b.send('vault.changePassphrase', { passphrase: NEW, newPassphrase: PASS }));
    });

    it('exports a backup of ciphertext, previews and applies merge and replace imports, refuses weak or malformed ones', async () => {
      const backup = await ok(b.send('vault.exportBackup', {}));
      expect(findLeaks(JSON.stringify(backup), SECRETS)).toEqual([]);
      expect(backup.records.filter((r) => r.kind === 'identity')).toHaveLength(2);
      // a third identity after the backup: merge keeps it, replace removes it
      await ok(b.send('identity.addUser', { label: 'third', accessKeyId: 'AKIAJJJJJJJJJJJJJJJJ', secretAccessKey: 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ', check: false }));
      const preview = await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'replace', dryRun: true }));
      expect(preview.applied).toBe(false);
      expect(preview.preview.remove.map((i) => i.label)).toEqual(['third']);
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(3); // dry run wrote nothing
      const merged = await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'merge' }));
      expect(merged.applied).toBe(true);
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(3);
      const replaced = await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'replace' }));
      expect(replaced.preview.remove).toHaveLength(1);
      expect((await ok(b.send('identity.list', {}))).identities.map((i) => i.label)).toEqual(['dev admin', 'second']);

      const weak = structuredClone(backup);
      if (weak.header.kdf.name !== 'argon2id') throw new Error('unreachable');
      weak.header.kdf.memoryKiB = 1024;
      expect(await b.send('vault.importBackup', { backup: weak, passphrase: PASS, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'KDF_TOO_WEAK' } });
      expect(await b.send('vault.importBackup', { backup: '{"nope":', passphrase: PASS, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'backup' } });
      expect(await b.send('vault.importBackup', { backup, passphrase: 'wrong wrong wrong', mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      expect(await b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'sideways' as 'merge' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'mode' } });
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(2); // nothing lost
    });

    it('a background killed in the middle of a large import leaves the old state or the new, never a mix', async () => {
      const base = await ok(b.send('vault.exportBackup', {}));
      const before = (await ok(b.send('identity.list', {}))).identities.length;
      const big = await bulkBackup(BULK);
      const page = await b.openPage('src/options/index.html');
      const send = (msg: unknown) => page.evaluate((m) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage(m), msg);
      // How long an import takes when nobody interrupts it: derive, open 1,500, re-seal 1,500, one write.
      const t0 = Date.now();
      expect(await send({ type: 'vault.importBackup', backup: big, passphrase: PASS, mode: 'replace' })).toMatchObject({ ok: true });
      const full = Date.now() - t0;
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(BULK);
      await ok(b.send('vault.importBackup', { backup: base, passphrase: PASS, mode: 'replace' }));
      let interrupted = 0;
      let lateInterrupts = 0;
      const seen: number[] = [];
      // Stop the background at points across the import, the later ones inside the sealing and the
      // transaction (after half of the uninterrupted time); every outcome must be all-old or all-new.
      // An import that finished before the stop aims the next stops earlier: the first, timed import can run
      // slower than the later ones (a cold worker, or the other browser's suite busy on the same cores).
      let aim = full;
      for (const f of [0.6, 0.7, 0.8, 0.5, 0.55, 0.65, 0.75, 0.85, 0.9, 0.95]) {
        const sentAt = Date.now();
        const pending = send({ type: 'vault.importBackup', backup: big, passphrase: PASS, mode: 'replace' })
          .then((r: any) => ({ completed: r?.ok === true, ms: Date.now() - sentAt }), () => ({ completed: false, ms: Infinity }));
        await new Promise((r) => setTimeout(r, Math.round(aim * f)));
        await b.stopBackground();
        const { completed, ms } = await pending;
        if (completed) aim = Math.min(aim, ms);
        const list = await ok(b.send('identity.list', {}));
        expect(list.corrupt).toEqual([]);
        expect([before, BULK]).toContain(list.identities.length);
        seen.push(list.identities.length);
        if (!completed) {
          interrupted++;
          if (f >= 0.5) lateInterrupts++;
        }
        await ok(b.send('vault.importBackup', { backup: base, passphrase: PASS, mode: 'replace' }));
        if (lateInterrupts >= 2) break;
      }
      await page.close();
      expect(lateInterrupts, `uninterrupted import ${full} ms (aimed at ${aim} ms at the end); outcomes ${seen.join(',')}`).toBeGreaterThan(0);
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(before);
    });

    it('auto-locks once the idle deadline has passed, judged by timestamps on the next wake', async () => {
      await ok(b.send('settings.set', { autoLockMinutes: 1 }));
      expect(await b.send('settings.set', { autoLockMinutes: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'autoLockMinutes' } });
      const st = await ok(b.send('vault.status', {}));
      expect(st.state).toBe('unlocked');
      expect(st.lockAt! - Date.now()).toBeLessThanOrEqual(60_000);
      // the last user action was 2 minutes ago (as if the machine slept through the alarm)
      const page = await b.openPage('src/options/index.html');
      await page.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.set({ lastActivity: Date.now() - 120_000 }), undefined);
      await page.close();
      await b.stopBackground();
      expect((await ok(b.send('vault.status', {}))).state).toBe('locked');
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await ok(b.send('settings.set', { autoLockMinutes: 15 }));
    });

    it('reloading the extension (an update) locks the vault and keeps its data', async () => {
      expect((await ok(b.send('vault.status', {}))).state).toBe('unlocked');
      await b.reloadExtension();
      expect((await ok(b.send('vault.status', {}))).state).toBe('locked');
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(2);
    });

    it('destroying needs confirmation', async () => {
      expect(await b.send('vault.destroy', {} as { confirm: 'DESTROY' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'confirm' } });
      expect((await ok(b.send('vault.status', {}))).state).toBe('unlocked');
    });

    it('the profile directory on disk holds neither secret', async () => {
      await b.stopBackground();
      await b.close();
      const leaks: string[] = [];
      const forms = Object.entries(SECRETS).flatMap(([name, s]) => [
        ...secretForms(s).map((f) => [name, Buffer.from(f, 'utf8')] as const),
        [name, Buffer.from(s, 'utf16le')] as const,
      ]);
      let files = 0;
      // the profile, and the extension's own files as loaded
      for (const file of [...walk(profile), ...walk(kind === 'chromium' ? 'dist/chrome' : 'dist/firefox')]) {
        let data: Buffer;
        try { data = readFileSync(file); } catch { continue; }
        files++;
        for (const [name, form] of forms) if (data.includes(form)) leaks.push(`${name} in ${file}`);
      }
      expect(files).toBeGreaterThan(10);
      expect(leaks).toEqual([]);
    });
  });
}
