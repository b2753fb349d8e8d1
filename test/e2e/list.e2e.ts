/**
 * The popup's list with a big vault, through the UI in real Chromium and Firefox: only the rows in view
 * are in the DOM while every identity stays reachable by keyboard and scrolling; favorites (Alt+F or the
 * button) are pinned on top, recently used identities follow, account aliases name the sections and are
 * searched; all of it survives a lock and is sealed in IndexedDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRole, createUser, type StoredIdentity } from '../../src/core/vault/identity.ts';
import { backupOf } from '../support/backups.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';

const PASS = 'list test passphrase, not a secret';
const COUNT = 1500;
const ALIAS = 'payments-prod-zq';
// docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1): a plain `npm test` leaves tracked files alone
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';


/** One user and COUNT - 1 roles over 100 accounts (ids 100000000000 …), labels `role-0000` …. */
function vault(): StoredIdentity[] {
  const user = createUser({ label: 'base user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
  return [user, ...Array.from({ length: COUNT - 1 }, (_, i) => createRole({
    label: `role-${String(i).padStart(4, '0')}`,
    roleArn: `arn:aws:iam::${100000000000 + (i % 100)}:role/Team${i % 7}`,
    sourceId: user.id,
  }))];
}

for (const kind of KINDS) {
  describe(`list: ${kind}`, () => {
    let b: ExtensionBrowser;
    let popup: ExtPage;
    const rendered = () => popup.evaluate(() => [...document.querySelectorAll('[role=option]')].map((o) => ({
      label: o.querySelector('.label')?.textContent ?? '',
      selected: o.getAttribute('aria-selected') === 'true',
      pos: Number(o.getAttribute('aria-posinset')),
      size: Number(o.getAttribute('aria-setsize')),
      fav: !!o.querySelector('.fav-mark'),
    })), undefined);
    const heads = () => popup.evaluate(() => [...document.querySelectorAll('.group-head')].map((h) => h.textContent ?? ''), undefined);
    const selected = async () => (await rendered()).find((o) => o.selected)?.label;
    /** The selected option is inside the list's visible box. */
    const selectedInView = () => popup.evaluate(() => {
      const list = document.getElementById('identities')!.getBoundingClientRect();
      const sel = document.querySelector('[role=option][aria-selected=true]')?.getBoundingClientRect();
      return !!sel && sel.top >= list.top - 1 && sel.bottom <= list.bottom + 1;
    }, undefined);
    const openPopup = async () => {
      popup = await b.openPage('/src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('[role=option]');
    };

    beforeAll(async () => {
      b = await launch(kind);
      await ok(b.send('vault.importBackup', { backup: await backupOf(PASS, vault()), passphrase: PASS, mode: 'replace' }));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await openPopup();
    }, 180_000);
    afterAll(async () => { await b?.close(); });

    it('renders only the rows in view, yet every identity is reachable by keys and by scrolling', async () => {
      await expect.poll(async () => (await rendered())[0]?.size, { timeout: 15_000 }).toBe(COUNT); // the whole list has arrived
      const first = await rendered();
      expect(first.length).toBeGreaterThan(8);
      expect(first.length).toBeLessThan(40); // not 1,500
      expect(first[0]!.pos).toBe(1);
      expect(await heads()).toContain('100000000000');
      // Ctrl+End: the last identity is selected, rendered and scrolled into view
      await popup.press('Control+End');
      await expect.poll(selected).toBe('base user'); // the user's account is unknown: its section comes last
      await expect.poll(selectedInView).toBe(true);
      expect((await rendered()).find((o) => o.selected)?.pos).toBe(COUNT);
      await popup.press('Control+Home');
      await expect.poll(selected).toBe((first[0]!).label);
      // PageDown steps 10 at a time and keeps the selection visible
      for (let i = 0; i < 5; i++) await popup.press('PageDown');
      await expect.poll(async () => (await rendered()).find((o) => o.selected)?.pos).toBe(51);
      await expect.poll(selectedInView).toBe(true);
      // scrolling the list itself brings other rows into the DOM
      await popup.evaluate(() => { const l = document.getElementById('identities')!; l.scrollTop = l.scrollHeight / 2; }, undefined);
      await expect.poll(async () => (await rendered()).some((o) => o.pos > 700 && o.pos < 800)).toBe(true);
      expect((await rendered()).length).toBeLessThan(40);
      // search still covers everything, including rows never rendered
      await popup.fill('#search', 'role-1234');
      await expect.poll(async () => (await rendered())[0]?.label).toBe('role-1234'); // best first (others match fuzzily)
      await popup.fill('#search', 'role-1234 1000000000');
      await expect.poll(async () => (await rendered()).map((o) => o.label)).toEqual(['role-1234']);
      await popup.fill('#search', '');
      // the background's side: the first rows alone, in display order, with the total
      const page = await ok(b.send('identity.list', { display: true, limit: 10 }));
      expect(page.identities).toHaveLength(10);
      expect(page.total).toBe(COUNT);
      expect(page.identities.map((v: any) => v.label)).toEqual((await ok(b.send('identity.list', { display: true }))).identities.slice(0, 10).map((v: any) => v.label));
      expect(await b.send('identity.list', { limit: 10 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'limit' } });
      expect(await b.send('identity.list', { display: true, limit: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'limit' } });
    });

    it('Alt+F pins the selected identity under Favorites on top; the button unpins it', async () => {
      await popup.fill('#search', 'role-0777');
      await expect.poll(selected).toBe('role-0777');
      await popup.press('Alt+F');
      await popup.fill('#search', '');
      await expect.poll(heads).toContain('Favorites');
      expect((await heads())[0]).toBe('Favorites');
      const top = (await rendered())[0]!;
      expect(top).toMatchObject({ label: 'role-0777', fav: true, pos: 1 });
      // a second favorite, by the button, sorts by label inside the section
      await popup.fill('#search', 'role-0005');
      await expect.poll(selected).toBe('role-0005');
      await popup.waitForSelector('#favorite-toggle');
      expect(await popup.evaluate(() => document.getElementById('favorite-toggle')!.getAttribute('aria-pressed'), undefined)).toBe('false');
      await popup.click('#favorite-toggle');
      await popup.fill('#search', '');
      await expect.poll(async () => (await rendered()).slice(0, 2).map((o) => o.label)).toEqual(['role-0005', 'role-0777']);
      if (kind === 'chromium') await popup.screenshot(`${SHOTS}/list-favorites.png`);
      // unpin role-0005 with the button (it is selected at the top)
      await expect.poll(selected).toBe('role-0005');
      await expect.poll(() => popup.evaluate(() => document.getElementById('favorite-toggle')?.getAttribute('aria-pressed'), undefined)).toBe('true');
      await popup.click('#favorite-toggle');
      await expect.poll(async () => (await rendered()).slice(0, 2).map((o) => o.label)).toEqual(['role-0777', 'role-0000']);
      // bad input: a clear error, and the favorites stay as they were
      const before = (await ok(b.send('identity.list', {}))).prefs.favorites;
      const id = (await ok(b.send('identity.list', {}))).identities[0].id;
      expect(await b.send('identity.favorite', { id, favorite: 'yes' as never })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'favorite' } });
      expect(await b.send('identity.favorite', { id: 'no-such-id', favorite: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect((await ok(b.send('identity.list', {}))).prefs.favorites).toEqual(before);
    });

    it('recently used identities (made active) follow the favorites', async () => {
      const id = (await ok(b.send('identity.list', {}))).identities.find((v: any) => v.label === 'role-1400').id;
      await ok(b.send('identity.activate', { id }));
      await expect.poll(heads).toEqual(expect.arrayContaining(['Favorites', 'Recent']));
      const h = await heads();
      expect(h.indexOf('Recent')).toBe(1);
      const labels = (await rendered()).map((o) => o.label);
      expect(labels.indexOf('role-1400')).toBe(1); // right after the one favorite
      expect(labels.filter((l) => l === 'role-1400')).toHaveLength(1); // not also in its account's section
    });

    it('names an account: the alias heads its section and search finds it; bad aliases are refused', async () => {
      await popup.fill('#search', 'role-0042'); // account 100000000042
      await expect.poll(selected).toBe('role-0042');
      await popup.waitForSelector('#alias-edit');
      await popup.click('#alias-edit');
      await popup.waitForSelector('#alias-input');
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id, undefined)).toBe('alias-input');
      expect(await seriousA11yViolations(popup), 'axe on the list with the alias form').toEqual([]);
      await popup.type('#alias-input', ALIAS);
      await popup.press('Enter');
      await expect.poll(() => popup.text('#arrange-status')).toContain('100000000042');
      await popup.fill('#search', ALIAS.slice(0, 10));
      await expect.poll(async () => (await rendered())[0]?.size).toBe(15); // the 15 roles of that account (not all rendered)
      expect(await heads()).toEqual([`${ALIAS} · 100000000042`]);
      // the background refuses a control character, and the old alias stays
      const bad = await b.send('account.setAlias', { account: '100000000042', alias: 'a\u0007b' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'alias' } });
      expect(await b.send('account.setAlias', { account: '12', alias: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'account' } });
      expect((await ok(b.send('identity.list', {}))).prefs.aliases).toEqual({ '100000000042': ALIAS });
      await popup.fill('#search', '');
    });

    it('favorites, recent and aliases survive a re-key and a lock, and are sealed in IndexedDB', async () => {
      await popup.close(); // first: closed while its requests are in flight, Firefox reports a rejected message
      const before = (await ok(b.send('identity.list', {}))).prefs;
      await ok(b.send('vault.rekey', { passphrase: PASS, kdf: { name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1 } }));
      expect((await ok(b.send('identity.list', {}))).prefs).toEqual(before); // re-sealed under the new data key
      await ok(b.send('vault.lock', {}));
      // nothing of it is readable while locked: the prefs record is ciphertext
      const plain = await b.inBackground(async () => {
        const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open('sigvault'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        const all: unknown[] = await new Promise((res, rej) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        db.close();
        return JSON.stringify(all);
      });
      expect(plain).toContain('"kind":"prefs"');
      expect(plain).not.toContain(ALIAS);
      expect(plain).not.toContain('role-0777');
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await openPopup();
      await expect.poll(heads).toEqual(expect.arrayContaining(['Favorites', 'Recent']));
      expect((await rendered()).slice(0, 2).map((o) => o.label)).toEqual(['role-0777', 'role-1400']);
      await popup.fill('#search', ALIAS);
      await expect.poll(heads).toEqual([`${ALIAS} · 100000000042`]);
    });

    it('a popup opened with the background stopped paints the first rows from the view snapshot, which follows the list and goes with a lock', async () => {
      // (the popup is closed before each lock and unlock: Firefox reports its requests cut off by a close)
      await popup.close();
      const other = await b.openPage('src/options/index.html');
      const session = (keys: string[]) => other.evaluate((k) => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.get(k), keys);
      const labels = (xs: { label: string }[]) => xs.map((v) => v.label);
      // the snapshot is identity.list's first 40 rows, favorites first
      const first = await ok(b.send('identity.list', { display: true, limit: 40 }));
      await expect.poll(async () => labels((await session(['viewSnapshot'])).viewSnapshot?.list.identities ?? [])).toEqual(labels(first.identities));
      expect((await session(['viewSnapshot'])).viewSnapshot.list.total).toBe(COUNT);
      // a change to the list's order (a favorite from beyond the first rows) reaches it
      const far = (await ok(b.send('identity.list', { display: true }))).identities[1000]!;
      await ok(b.send('identity.favorite', { id: far.id, favorite: true }));
      const pinned = labels((await ok(b.send('identity.list', { display: true, limit: 40 }))).identities);
      expect(pinned).toContain(far.label);
      await expect.poll(async () => labels((await session(['viewSnapshot'])).viewSnapshot.list.identities)).toEqual(pinned);
      await ok(b.send('identity.favorite', { id: far.id, favorite: false }));
      // cold open: the worker / event page is stopped; the list shows, then all of it arrives
      await b.stopBackground();
      await openPopup();
      await expect.poll(async () => (await rendered())[0]?.size, { timeout: 15_000 }).toBe(COUNT);
      await popup.fill('#search', 'role-1498');
      await expect.poll(async () => (await rendered())[0]?.label).toBe('role-1498'); // beyond the first rows
      await popup.close();
      // a lock removes it with the key; the next popup, the background stopped again, asks for the passphrase
      await ok(b.send('vault.lock', {}));
      expect(await session(['viewSnapshot', 'unlocked'])).toEqual({});
      await b.stopBackground();
      popup = await b.openPage('/src/popup/index.html');
      await popup.waitForSelector('#passphrase');
      expect(await popup.evaluate(() => document.querySelectorAll('[role=option]').length, undefined)).toBe(0);
      await popup.close();
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await expect.poll(async () => (await session(['viewSnapshot'])).viewSnapshot?.list.total).toBe(COUNT); // an unlock writes it again
      // past the idle deadline the snapshot is not painted: the woken background locks instead
      await other.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.set({ lastActivity: Date.now() - 16 * 60_000 }), undefined);
      await b.stopBackground();
      popup = await b.openPage('/src/popup/index.html');
      await popup.waitForSelector('#passphrase');
      expect(await popup.evaluate(() => document.querySelectorAll('[role=option]').length, undefined)).toBe(0);
      expect((await ok(b.send('vault.status', {}))).state).toBe('locked');
      await popup.close();
      await other.close();
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await openPopup();
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
