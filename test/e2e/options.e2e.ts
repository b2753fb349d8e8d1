/**
 * The options page, driven through its forms as a user would, in real Chromium and Firefox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, launch, type ExtensionBrowser, type ExtPage } from './harness.ts';
import { seriousA11yViolations } from './axe.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'another passphrase entirely';
type R = { ok: boolean; result?: any; error?: any };
async function ok<T = any>(p: Promise<R>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.result as T;
}

for (const kind of KINDS) {
  describe(`options page: ${kind}`, () => {
    let b: ExtensionBrowser;
    let page: ExtPage;
    beforeAll(async () => {
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', check: false }));
      page = await b.openPage('src/options/index.html');
      await page.waitForSelector('#options[data-state="ready"]');
      await page.waitForSelector('#destroy'); // unlocked sections rendered
    });
    afterAll(async () => { await b?.close(); });

    it('shows the vault state and KDF, and every section has labelled fields', async () => {
      expect(await page.text('#vault-state')).toMatch(/unlocked.*Argon2id \d+ MiB, t=\d+/);
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, textarea')]
        .filter((el) => el.getAttribute('type') !== 'radio' && el.getAttribute('type') !== 'checkbox' && !(el.id && document.querySelector(`label[for="${el.id}"]`)))
        .map((el) => el.outerHTML), undefined);
      expect(unlabelled).toEqual([]);
      expect(await seriousA11yViolations(page)).toEqual([]);
      // the check can fail: an input without a label is caught
      await page.evaluate(() => { const i = document.createElement('input'); i.id = 'axe-probe'; document.body.append(i); }, undefined);
      expect((await seriousA11yViolations(page)).join('\n')).toMatch(/critical label: #axe-probe/);
      await page.evaluate(() => document.getElementById('axe-probe')!.remove(), undefined);
      if (kind === 'chromium') {
        const dir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
        mkdirSync(dir, { recursive: true });
        await page.setViewport(800, 1500);
        await page.screenshot(`${dir}/options.png`);
      }
    });

    it('saves the auto-lock timeout and refuses an invalid one with its field', async () => {
      await page.fill('#autolock-minutes', '5');
      await page.click('#autolock-os');
      await page.click('#autolock button[type="submit"]');
      await page.waitForSelector('#autolock + .note');
      expect(await ok(b.send('settings.get', {}))).toMatchObject({ autoLockMinutes: 5, lockOnOsLock: false });
      await page.fill('#autolock-minutes', '0');
      await page.click('#autolock button[type="submit"]');
      await page.waitForSelector('#autolock + .error');
      expect(await page.text('#autolock + .error')).toMatch(/autoLockMinutes/);
      expect((await ok(b.send('settings.get', {}))).autoLockMinutes).toBe(5);
    });

    it('sets a loopback STS endpoint without a prompt, and refuses http: on other hosts', async () => {
      await page.click('input[name="sts-mode"][value="custom"]');
      await page.waitForSelector('#sts-custom');
      await page.fill('#sts-custom', 'http://127.0.0.1:4566');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoints + .note');
      expect((await ok(b.send('settings.get', {}))).stsEndpoint).toBe('http://127.0.0.1:4566');
      await page.fill('#signin-endpoint', 'http://signin.example.com');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoints + .error');
      expect(await page.text('#endpoints + .error')).toMatch(/loopback|permission/i);
      expect((await ok(b.send('settings.get', {}))).signinEndpoint).toBe('');
      await page.fill('#signin-endpoint', '');
      await page.click('input[name="sts-mode"][value="regional"]');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoints + .note');
      expect((await ok(b.send('settings.get', {}))).stsEndpoint).toBe('');
    });

    it('changes the passphrase through the form', async () => {
      await page.fill('#pass-old', PASS);
      await page.fill('#pass-new', NEW_PASS);
      await page.fill('#pass-again', NEW_PASS);
      await page.click('#passphrase button[type="submit"]');
      await page.waitForSelector('#passphrase + .note');
      await ok(b.send('vault.lock', {}));
      expect(await b.send('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      await ok(b.send('vault.unlock', { passphrase: NEW_PASS }));
      await page.waitForSelector('#destroy'); // the page re-rendered on vault.unlocked
    });

    it('restores a backup with a preview first', async () => {
      const backup = await ok(b.send('vault.exportBackup', {}));
      await ok(b.send('identity.remove', { id: (await ok(b.send('identity.list', {}))).identities[0].id }));
      const dir = mkdtempSync(join(tmpdir(), 'sigvault-backup-'));
      const file = join(dir, 'backup.json');
      writeFileSync(file, JSON.stringify(backup));
      await page.setFile('#restore-file', file);
      await page.fill('#restore-pass', NEW_PASS);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 200)), undefined); // file read
      await page.click('#restore button[type="submit"]');
      await page.waitForSelector('#restore-preview');
      expect(await page.text('#restore-preview')).toContain('alice');
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(0); // preview wrote nothing
      await page.click('#restore-apply');
      await page.waitForSelector('#backup-h ~ .note');
      expect((await ok(b.send('identity.list', {}))).identities.map((i: any) => i.label)).toEqual(['alice']);
    });

    it('destroys the vault only after DESTROY is typed', async () => {
      await page.fill('#destroy-confirm', 'destroy');
      await page.click('#destroy button[type="submit"]');
      await page.waitForSelector('#destroy + .error');
      expect((await ok(b.send('vault.status', {}))).state).toBe('unlocked');
      await page.fill('#destroy-confirm', 'DESTROY');
      await page.click('#destroy button[type="submit"]');
      await expect.poll(async () => (await ok(b.send('vault.status', {}))).state).toBe('absent');
    });
  });
}
