/**
 * A backup is untrusted input, and the extension pages load nothing from outside: in real Chromium and
 * Firefox with the built extension. A node:http server on 127.0.0.1 counts every request it gets, so
 * "nothing was loaded" is measured, not assumed.
 * - The pages' CSP: an extension page can neither fetch nor load an image from an outside address
 *   (while the background still reaches loopback STS stand-ins).
 * - Restore: identities that fail the checks a new identity must pass (a colour `url(http://…)`, a label
 *   with U+202E) are refused and listed in the options page's preview by id and reason; the backup's
 *   catalog, cached session and sealed settings are not restored; the popup then opens without any
 *   request leaving the browser.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, launch, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';
import { backupOf } from '../support/backups.ts';
import { createRole, createUser, toView, type AssumedRole, type IamUser, type StoredIdentity } from '../../src/core/vault/identity.ts';

const PASS = 'correct horse battery staple';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
// a 1×1 transparent PNG: an image load that is let through succeeds
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');


/** A server that answers anything (an image, with CORS allowed) and remembers each request's path. */
async function countingServer(): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    res.end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/**
 * Runs in an extension page: tries every way a page could reach `base` (fetch, an <img>, a CSS
 * background, a stylesheet link), and reports what happened and which CSP directives were violated.
 */
async function tryOutside(base: string): Promise<{ fetch: string; img: string; violated: string[] }> {
  const violated: string[] = [];
  document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
  let fetched = 'blocked';
  try {
    await fetch(`${base}/page-fetch`, { cache: 'no-store' });
    fetched = 'loaded';
  } catch { /* refused */ }
  const img = await new Promise<string>((resolve) => {
    const i = new Image();
    i.onload = () => resolve('loaded');
    i.onerror = () => resolve('blocked');
    i.src = `${base}/page-img.png`;
  });
  const div = document.createElement('div');
  div.style.cssText = 'width: 10px; height: 10px';
  div.style.backgroundImage = `url("${base}/page-css.png")`;
  document.body.append(div);
  void getComputedStyle(div).backgroundImage;
  await new Promise((r) => setTimeout(r, 1000));
  div.remove();
  return { fetch: fetched, img, violated: [...new Set(violated)].sort() };
}

/** Runs in an extension page: the kind and id of every record in the vault's IndexedDB store. */
function storedRecords(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('sigvault');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const q = req.result.transaction('records').objectStore('records').getAll();
      q.onsuccess = () => { req.result.close(); resolve((q.result as { kind: string; id: string }[]).map((r) => `${r.kind}:${r.id}`).sort()); };
      q.onerror = () => reject(q.error);
    };
  });
}

for (const kind of KINDS) {
  describe(`backup restore and page CSP: ${kind}`, () => {
    let b: ExtensionBrowser;
    let srv: Awaited<ReturnType<typeof countingServer>>;
    const tmp = mkdtempSync(join(tmpdir(), `sigvault-backup-${kind}-`));

    beforeAll(async () => {
      srv = await countingServer();
      b = await launch(kind);
    });
    beforeEach(() => { srv.requests.length = 0; }); // each test counts its own requests
    afterAll(async () => {
      await b?.close();
      await new Promise((r) => srv?.server.close(r));
      rmSync(tmp, { recursive: true, force: true });
    });

    it('an extension page cannot fetch or load an image from outside; the background still reaches loopback', async () => {
      const pages = ['src/popup/index.html', 'src/options/index.html', ...(kind === 'chromium' ? ['src/offscreen/clipboard.html'] : [])];
      for (const path of pages) {
        const page = await b.openPage(path);
        const r = await page.evaluate(tryOutside, srv.base);
        await page.close();
        expect(r, path).toMatchObject({ fetch: 'blocked', img: 'blocked' });
        expect(r.violated, path).toEqual(expect.arrayContaining(['connect-src', 'img-src']));
      }
      expect(srv.requests).toEqual([]);
      // the control: the server is reachable from this browser, by the background (STS stand-ins are loopback)
      const status = await b.inBackground(async (g, url: string) => (await g.fetch(url, { cache: 'no-store' })).status, `${srv.base}/from-background`);
      expect(status).toBe(200);
      expect(srv.requests).toEqual(['/from-background']);
    });

    it('restores a backup: a url() colour and a U+202E label are refused and listed, nothing else of the attacker is kept, the popup loads nothing', async () => {
      const now = () => 1_700_000_000_000;
      const good: IamUser = { ...createUser({ label: 'good user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, color: '#123456' }, { now }), account: '123456789012', arn: 'arn:aws:iam::123456789012:user/good' };
      const fine: AssumedRole = createRole({ label: 'fine role', roleArn: 'arn:aws:iam::210987654321:role/Fine', sourceId: good.id }, { now });
      const tracker: AssumedRole = { ...createRole({ label: 'tracker', roleArn: 'arn:aws:iam::210987654321:role/T', sourceId: good.id }, { now }), color: `url(${srv.base}/restored-color.png)` };
      const spoof: IamUser = createUser({ label: 'prod\u202Eved-nimda', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: SECRET }, { now });
      const identities: StoredIdentity[] = [good, fine, tracker, spoof];
      // the attacker's own view of the list: ids match the records, so an old build trusted it as it was
      const catalog = { views: identities.map((i) => ({ ...toView(i), color: `url(${srv.base}/catalog-color.png)` })) };
      const backup = await backupOf(PASS, identities, [
        { kind: 'catalog', id: 'catalog', value: catalog },
        { kind: 'session', id: `s_${good.id}`, value: { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: 'x'.repeat(40), expiresAt: Date.now() + 3_600_000 } },
        { kind: 'settings-secret', id: 'settings', value: { endpoints: { aws: { sts: srv.base, signin: srv.base } }, autoLockMinutes: 1440, lockOnOsLock: false } },
        { kind: 'prefs', id: 'prefs', value: { favorites: [good.id], recent: [], aliases: { '123456789012': 'good alias', '210987654321': 'evil\u202Egnp.exe' } } },
      ]);
      const file = join(tmp, 'backup.json');
      writeFileSync(file, JSON.stringify(backup));

      // the options page, as a user would: choose the file, preview
      const options = await b.openPage('src/options/index.html');
      await options.waitForSelector('#restore-file');
      await options.setFile('#restore-file', file);
      await options.fill('#restore-pass', PASS);
      await options.click('#restore button[type=submit]');
      await options.waitForSelector('#restore-refused li');
      const refused = await options.evaluate(() => [...document.querySelectorAll('#restore-refused li')].map((li) => ({ id: li.getAttribute('data-id'), text: li.textContent ?? '' })), undefined);
      expect(refused.map((r) => r.id).sort()).toEqual([tracker.id, spoof.id].sort());
      expect(refused.find((r) => r.id === tracker.id)!.text).toMatch(/color must look like #aabbcc/);
      expect(refused.find((r) => r.id === spoof.id)!.text).toMatch(/label must not contain/);
      const notes = await options.evaluate(() => [...document.querySelectorAll('#restore-notes li')].map((li) => li.textContent ?? ''), undefined);
      expect(notes.join('\n')).toMatch(/list of identities is not restored/);
      expect(notes.join('\n')).toMatch(/endpoint overrides and auto-lock\) are not restored/);
      expect(notes.join('\n')).toMatch(/1 cached temporary session is not restored/);
      // the preview shows ids and reasons, never the refused identities' contents
      const html = await options.evaluate(() => document.documentElement.outerHTML, undefined);
      for (const needle of ['url(', srv.base, 'tracker', '\u202E', 'nimda', SECRET]) expect(html).not.toContain(needle);
      await options.click('#restore-apply');
      await expect.poll(async () => (await ok(b.send('vault.status', {}))).state, { timeout: 15_000 }).toBe('locked');
      await options.close();

      await ok(b.send('vault.unlock', { passphrase: PASS }));
      const list = await ok(b.send('identity.list', {}));
      expect(list.identities.map((i: any) => i.label).sort()).toEqual(['fine role', 'good user']);
      expect(list.identities.find((i: any) => i.id === good.id).color).toBe('#123456');
      expect(list.corrupt).toEqual([]);
      expect(list.prefs).toEqual({ favorites: [good.id], recent: [], aliases: { '123456789012': 'good alias' } });
      // no cached session, no sealed settings, no refused identity; the catalog is this build's own
      const page = await b.openPage('src/options/index.html');
      const records = await page.evaluate(storedRecords, undefined);
      await page.close();
      expect(records).toEqual(['catalog:catalog', `identity:${fine.id}`, `identity:${good.id}`, 'prefs:prefs'].sort());
      expect((await ok(b.send('settings.get', {}))).vault).toMatchObject({
        autoLockMinutes: 15, lockOnOsLock: true, endpoints: { aws: { sts: '', signin: '' } },
      });
      expect((await ok(b.send('settings.get', {}))).vault).not.toHaveProperty('damaged');

      // the popup opens and shows the list; nothing reached the server
      const popup = await b.openPage('src/popup/index.html');
      await popup.waitForSelector('[role=option]');
      await expect.poll(() => popup.evaluate(() => [...document.querySelectorAll('[role=option] .label')].map((l) => l.textContent).sort(), undefined)).toEqual(['fine role', 'good user']);
      const chips = await popup.evaluate(() => [...document.querySelectorAll('.chip')].map((c) => (c as HTMLElement).style.background), undefined);
      expect(chips.join(' ')).not.toContain('url(');
      await new Promise((r) => setTimeout(r, 1000));
      await popup.close();
      expect(srv.requests).toEqual([]);
    });

    it('imports into an existing vault the same way: refused identities listed, never stored or shown', async () => {
      const now = () => 1_700_000_000_000;
      const owner: IamUser = createUser({ label: 'another user', accessKeyId: 'AKIAJJJJJJJJJJJJJJJJ', secretAccessKey: SECRET }, { now });
      const tracker: AssumedRole = { ...createRole({ label: 'merge tracker', roleArn: 'arn:aws:iam::210987654321:role/M', sourceId: owner.id }, { now }), color: `url(${srv.base}/merged-color.png)` };
      const backup = await backupOf(PASS, [owner, tracker]);
      const r = await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'merge' }));
      expect(r.preview.refused).toEqual([{ id: tracker.id, reason: 'color must look like #aabbcc' }]);
      expect(r.preview.add.map((v: any) => v.label)).toEqual(['another user']);
      expect((await ok(b.send('identity.list', {}))).identities.map((i: any) => i.label).sort()).toEqual(['another user', 'fine role', 'good user']);
      const popup = await b.openPage('src/popup/index.html');
      await popup.waitForSelector('[role=option]');
      await new Promise((r) => setTimeout(r, 1000));
      await popup.close();
      expect(srv.requests).toEqual([]);
    });

    it('labels and aliases with a bidi override are refused on entry too', async () => {
      const addRole = await b.send('identity.addRole', { label: 'admin\u202Enimda', roleArn: 'arn:aws:iam::210987654321:role/X', sourceId: (await ok(b.send('identity.list', {}))).identities[0].id });
      expect(addRole).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'label' } });
      expect(await b.send('account.setAlias', { account: '123456789012', alias: 'prod\u202Eved' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'alias' } });
      expect((await ok(b.send('identity.list', {}))).prefs.aliases).toEqual({ '123456789012': 'good alias' });
    });
  });
}
