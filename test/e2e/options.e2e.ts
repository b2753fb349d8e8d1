/**
 * The options page, driven through its forms as a user would, in real Chromium and Firefox.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';
import { seriousA11yViolations } from './axe.ts';
import { startStandin } from '../support/sts-standin.ts';
import { defaultDestination } from '../../src/core/sts/federation.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'another passphrase entirely';

for (const kind of KINDS) {
  describe(`options page: ${kind}`, () => {
    let b: ExtensionBrowser;
    let page: ExtPage;
    // A popup page a test opens comes to the front: Firefox then throttles the options page's frames and
    // each click on it waits seconds for one.
    beforeEach(async () => {
      await page?.bringToFront();
    });
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
        await page.setViewport(800, 2500);
        await page.screenshot(`${dir}/options.png`);
      }
    });

    it('saves the auto-lock timeout and refuses an invalid one with its field', async () => {
      await page.fill('#autolock-minutes', '5');
      await page.click('#autolock-os');
      await page.click('#autolock button[type="submit"]');
      await page.waitForSelector('#autolock + .note');
      expect(await ok(b.send('settings.get', {}))).toMatchObject({ vault: { autoLockMinutes: 5, lockOnOsLock: false } });
      await page.fill('#autolock-minutes', '0');
      await page.click('#autolock button[type="submit"]');
      await page.waitForSelector('#autolock-minutes-error');
      expect(await page.text('#autolock-minutes-error')).toMatch(/whole number of minutes, from 1 to 1440/);
      expect((await ok(b.send('settings.get', {}))).vault.autoLockMinutes).toBe(5);
      expect((await ok(b.send('vault.status', {}))).lockAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);
    });

    it('a loopback STS endpoint needs no permission prompt but is saved only once its URL is confirmed; http: elsewhere is refused', async () => {
      const aws = async () => (await ok(b.send('settings.get', {}))).vault.endpoints.aws;
      await page.click('input[name="sts-mode"][value="custom"]');
      await page.waitForSelector('#sts-custom');
      await page.fill('#sts-custom', 'http://127.0.0.1:4566');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoint-confirm');
      expect(await page.text('#endpoint-confirm')).toContain('http://127.0.0.1:4566');
      expect(await page.text('#endpoints + .error')).toMatch(/Not saved/);
      expect((await aws()).sts).toBe(''); // nothing saved before the confirmation
      expect(await seriousA11yViolations(page)).toEqual([]);
      if (kind === 'chromium') {
        const dir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
        await page.setViewport(800, 700);
        await page.evaluate(() => document.getElementById('endpoint-confirm')!.scrollIntoView({ block: 'end' }), undefined);
        await page.screenshot(`${dir}/options-endpoint-confirm.png`);
        await page.setViewport(800, 2500);
      }
      await page.click('#endpoint-confirm-yes');
      await page.waitForSelector('#endpoints + .note');
      expect(await aws()).toMatchObject({ sts: 'http://127.0.0.1:4566', signin: '' });
      expect(await page.evaluate(() => document.getElementById('endpoint-confirm'), undefined)).toBeNull();
      // the same URL saved again needs no new confirmation
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoints + .note');
      await page.fill('#signin-endpoint', 'http://signin.example.com');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#signin-endpoint-error');
      expect(await page.text('#signin-endpoint-error')).toMatch(/http: only on 127\.0\.0\.1 or localhost/);
      expect((await aws()).signin).toBe('');
      await page.fill('#signin-endpoint', '');
      await page.click('input[name="sts-mode"][value="regional"]');
      await page.click('#endpoints button[type="submit"]');
      await page.waitForSelector('#endpoints + .note');
      expect((await aws()).sts).toBe('');
    });

    it('while locked: no auto-lock or endpoint form, and settings.set refuses every sealed setting', async () => {
      await ok(b.send('vault.lock', {}));
      await page.waitForSelector('#options[data-state="ready"] #region');
      await expect.poll(() => page.evaluate(() => !!document.getElementById('endpoints') || !!document.getElementById('autolock'), undefined)).toBe(false);
      expect(await page.text('#options')).toMatch(/Unlock the vault .* auto-lock, the AWS endpoints/);
      for (const patch of [{ autoLockMinutes: 1440 }, { lockOnOsLock: false }, { federationPolicy: '' }, { endpoints: { aws: { signin: 'http://127.0.0.1:9' } }, confirmEndpoint: true }]) {
        expect(await b.send('settings.set', patch as any), JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      }
      // the harmless ones still work while locked
      await ok(b.send('settings.set', { theme: 'system' }));
      expect(await ok(b.send('settings.get', {}))).toMatchObject({ theme: 'system', vault: null });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await page.waitForSelector('#endpoints');
      expect((await ok(b.send('settings.get', {}))).vault).toMatchObject({ autoLockMinutes: 5, lockOnOsLock: false });
    });

    it('theme: dark in the options page makes the popup dark, light makes it light; axe passes in dark', async () => {
      const DARK = 'rgb(27, 29, 33)';
      const LIGHT = 'rgb(255, 255, 255)';
      const bg = (p: ExtPage) => p.evaluate(() => getComputedStyle(document.body).backgroundColor, undefined);
      const themeSetting = async () => (await ok(b.send('settings.get', {}))).theme;
      /** Opens the popup (a fresh page, as the toolbar button does) and returns its background colour. */
      const popupBg = async (systemScheme?: 'light' | 'dark') => {
        const popup = await b.openPage('src/popup/index.html');
        await popup.waitForSelector('#status[data-state="ok"]');
        if (systemScheme) await popup.setColorScheme(systemScheme);
        const colour = await bg(popup);
        await popup.close();
        return colour;
      };
      expect(await themeSetting()).toBe('system');
      await page.click('input[name="theme"][value="dark"]');
      await expect.poll(themeSetting).toBe('dark');
      await page.waitForSelector('#appearance + .note');
      expect(await page.evaluate(() => document.documentElement.dataset['theme'], undefined)).toBe('dark');
      expect(await bg(page)).toBe(DARK);
      expect(await seriousA11yViolations(page)).toEqual([]); // contrast in the dark palette
      if (kind === 'chromium') {
        const dir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
        mkdirSync(dir, { recursive: true });
        await page.setViewport(800, 2500);
        await page.screenshot(`${dir}/options-dark.png`);
      }
      expect(await popupBg()).toBe(DARK);
      // an explicit theme wins over the system's (Chromium can emulate the system scheme; Firefox cannot)
      if (kind === 'chromium') expect(await popupBg('light')).toBe(DARK);
      // keyboard: the arrow key moves to the previous radio, "light", and chooses it
      await page.bringToFront();
      await page.evaluate(() => (document.querySelector('input[name="theme"][value="dark"]') as HTMLInputElement).focus(), undefined);
      await page.press('ArrowUp');
      await expect.poll(themeSetting).toBe('light');
      expect(await bg(page)).toBe(LIGHT);
      expect(await popupBg()).toBe(LIGHT);
      if (kind === 'chromium') expect(await popupBg('dark')).toBe(LIGHT);
      await page.click('input[name="theme"][value="system"]');
      await expect.poll(themeSetting).toBe('system');
      expect(await page.evaluate(() => document.documentElement.dataset['theme'], undefined)).toBe('system');
      // a stale mirror (the setting changed by a request, not by this page): the popup reads the setting
      // once idle and follows it
      await ok(b.send('settings.set', { theme: 'dark' }));
      const popup = await b.openPage('src/popup/index.html');
      await expect.poll(() => bg(popup)).toBe(DARK);
      expect(await popup.evaluate(() => localStorage.getItem('sigvault.theme'), undefined)).toBe('dark');
      await popup.close();
      await ok(b.send('settings.set', { theme: 'system' }));
    });

    it('default region: refused when malformed; used for identities without one (STS signing region, console home)', async () => {
      expect((await ok(b.send('settings.get', {}))).defaultRegion).toBe('us-east-1');
      await page.fill('#default-region', 'europe');
      await page.click('#region button[type="submit"]');
      await page.waitForSelector('#default-region-error');
      expect(await page.text('#default-region-error')).toMatch(/^The default region must look like us-east-1/);
      expect((await ok(b.send('settings.get', {}))).defaultRegion).toBe('us-east-1');
      await page.fill('#default-region', 'eu-west-1');
      await page.click('#region button[type="submit"]');
      await page.waitForSelector('#region + .note');
      expect((await ok(b.send('settings.get', {}))).defaultRegion).toBe('eu-west-1');
      const standin = await startStandin({ cors: false });
      try {
        await useStandin(b, standin.url);
        const bob = standin.issueUserKeys({ userName: 'bob', account: '111111111111' });
        const { id } = await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey }));
        const opened = await ok(b.send('console.open', { id }));
        // the stand-in verified each signature, scope region included
        expect(standin.state.calls.filter((c) => c.accessKeyId === bob.accessKeyId).map((c) => `${c.action} ${c.region} ${c.status}`))
          .toEqual(['GetCallerIdentity eu-west-1 200', 'GetFederationToken eu-west-1 200']);
        expect(opened.destination).toBe(defaultDestination('aws', 'eu-west-1'));
        await expect.poll(() => standin.state.logins.at(-1)?.destination, { timeout: 15_000 }).toBe(defaultDestination('aws', 'eu-west-1'));
        await ok(b.send('identity.remove', { id }));
      } finally {
        await ok(b.send('settings.set', { endpoints: { aws: { sts: '', signin: '' }, 'aws-cn': { sts: '', signin: '' }, 'aws-us-gov': { sts: '', signin: '' } }, defaultRegion: 'us-east-1' }));
        await standin.stop();
      }
    });

    it('shows the KDF and re-keys through the form; a wrong passphrase or memory below the floor changes nothing', async () => {
      const st = await ok(b.send('vault.status', {}));
      expect(await page.text('#kdf-current')).toContain(`Argon2id, ${Math.round(st.kdf.memoryKiB / 1024)} MiB memory, ${st.kdf.iterations} iterations, parallelism 1`);
      await page.click('input[name="kdf-mode"][value="custom"]');
      await page.waitForSelector('#kdf-memory');
      await page.fill('#kdf-memory', '18');
      await page.fill('#kdf-iterations', '3');
      await page.fill('#kdf-pass', PASS);
      await page.click('#rekey button[type="submit"]');
      await page.waitForSelector('#kdf-memory-error');
      expect(await page.text('#kdf-memory-error')).toMatch(/at least 19 MiB/);
      await page.fill('#kdf-memory', '20');
      await page.fill('#kdf-pass', 'not the passphrase');
      await page.click('#rekey button[type="submit"]');
      await expect.poll(() => page.text('#kdf-pass-error').catch(() => '')).toMatch(/Wrong passphrase/);
      expect((await ok(b.send('vault.status', {}))).kdf).toEqual(st.kdf);
      // calibrated for this device: at or above the floor
      await page.click('input[name="kdf-mode"][value="calibrate"]');
      await page.fill('#kdf-pass', PASS);
      await page.click('#rekey button[type="submit"]');
      await page.waitForSelector('#rekey + .note', 60_000);
      const calibrated = (await ok(b.send('vault.status', {}))).kdf;
      expect(calibrated.memoryKiB).toBeGreaterThanOrEqual(19_456);
      expect(calibrated.iterations).toBeGreaterThanOrEqual(2);
      expect(await page.text('#kdf-current')).toContain(`${Math.round(calibrated.memoryKiB / 1024)} MiB memory, ${calibrated.iterations} iterations`);
      // chosen parameters (light ones, so the tests after this one stay quick)
      await page.click('input[name="kdf-mode"][value="custom"]');
      await page.waitForSelector('#kdf-memory');
      await page.fill('#kdf-memory', '20');
      await page.fill('#kdf-iterations', '3');
      await page.fill('#kdf-pass', PASS);
      await page.click('#rekey button[type="submit"]');
      await expect.poll(async () => (await ok(b.send('vault.status', {}))).kdf, { timeout: 60_000 }).toEqual({ name: 'argon2id', memoryKiB: 20_480, iterations: 3, parallelism: 1 });
      await expect.poll(() => page.text('#kdf-current')).toContain('20 MiB memory, 3 iterations');
      await page.waitForSelector('#rekey + .note');
      expect(await page.text('#vault-state')).toMatch(/20 MiB, t=3/);
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect((await ok(b.send('identity.list', {}))).identities.map((i: any) => i.label)).toEqual(['alice']);
      await page.waitForSelector('#destroy');
    }, 180_000); // four re-keys, one calibrated: ~70 s in Firefox on the 2-core test machine, close to the default 90 s

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
