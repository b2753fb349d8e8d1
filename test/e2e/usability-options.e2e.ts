/**
 * Issue 15, items 2 and 6, in real Chromium and Firefox through the pages as a user meets them:
 * - 6: a weak new passphrase (`password`) is refused where it is typed — the popup's create-vault screen and
 *   the options page's passphrase change — by the same rule the background enforces; the meter is coloured
 *   by strength (its low/high/optimum marks: weak in the red region) and the advice goes once it is met.
 * - 2: the options page's errors stand under the field they are about, in people's words and the field's
 *   unit (no property names, no "(field)" suffix, MiB not KiB, "Wrong passphrase."), and an http: endpoint
 *   outside loopback is refused with the page's rule, not the browser's permission error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, launch, ok, type ExtensionBrowser, type ExtPage } from './harness.ts';

const PASS = 'correct horse battery staple';
const ADVICE = /four random words or more/;

for (const kind of KINDS) {
  describe(`usability of the passphrase and options forms: ${kind}`, () => {
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let options: ExtPage;
    /** The options page of an unlocked vault (made here if the popup's test did not make it). */
    const openOptions = async () => {
      if ((await ok(b.send('vault.status', {}))).state === 'absent') await ok(b.send('vault.create', { passphrase: PASS }));
      if (!options) {
        await popup?.close();
        options = await b.openPage('src/options/index.html');
        await options.waitForSelector('#options[data-state="ready"]');
        await options.waitForSelector('#destroy');
      }
    };

    /** The strength meter's value and marks, and the text beside it. */
    const meter = (page: ExtPage, textId: string) => page.evaluate((id) => {
      const text = document.getElementById(id)!;
      const m = text.parentElement!.querySelector('meter')!;
      return { value: m.value, low: m.low, high: m.high, optimum: m.optimum, text: text.textContent ?? '', strength: text.parentElement!.getAttribute('data-strength') };
    }, textId);
    const focusedId = (page: ExtPage) => page.evaluate(() => document.activeElement?.id ?? '', undefined);

    beforeAll(async () => {
      b = await launch(kind);
    });
    afterAll(async () => { await b?.close(); });

    it('item 6: the create-vault meter is coloured by strength (weak red, fair amber, good green) and drops the advice once met', async () => {
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 560);
      await popup.waitForSelector('#create-vault');
      await popup.type('#new-passphrase', 'password');
      const weak = await meter(popup, 'strength-text');
      expect(weak.strength).toBe('weak');
      // in the meter's "even less good" region (red): below `low`, with the optimum at the high end
      expect(weak.value).toBeLessThan(weak.low);
      expect(weak.optimum).toBeGreaterThanOrEqual(weak.high);
      expect(weak.text).toMatch(/Weak.*not accepted/);
      expect(weak.text).toMatch(ADVICE);
      // fair: accepted, amber (between low and high), the advice still shown
      await popup.fill('#new-passphrase', 'tundra pickle');
      const fair = await meter(popup, 'strength-text');
      expect(fair.strength).toBe('fair');
      expect(fair.value).toBeGreaterThanOrEqual(fair.low);
      expect(fair.value).toBeLessThan(fair.high);
      expect(fair.text).toMatch(ADVICE);
      // good: green (at or above high), and the advice is dropped
      await popup.fill('#new-passphrase', PASS);
      const good = await meter(popup, 'strength-text');
      expect(['good', 'strong']).toContain(good.strength);
      expect(good.value).toBeGreaterThanOrEqual(good.high);
      expect(good.text).not.toMatch(ADVICE);
    });

    it('item 6: the popup refuses `password` in its field, by the rule the background enforces too; a good one creates the vault', async () => {
      await popup.fill('#new-passphrase', 'password');
      await popup.fill('#repeat-passphrase', 'password');
      await popup.press('Enter');
      await popup.waitForSelector('#new-passphrase-error');
      expect(await popup.text('#new-passphrase-error')).toMatch(/Too easy to guess/);
      await expect.poll(() => focusedId(popup)).toBe('new-passphrase');
      expect((await ok(b.send('vault.status', {}))).state).toBe('absent');
      // the background's rule is the same one: a page that skipped the check gets INVALID_INPUT in words
      const refused = await b.send('vault.create', { passphrase: 'password' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'passphrase' } });
      expect((refused as { error: { message: string } }).error.message).toMatch(/too easy to guess/);
      await popup.fill('#new-passphrase', PASS);
      await popup.fill('#repeat-passphrase', PASS);
      await popup.press('Enter');
      await popup.waitForSelector('#empty-list');
      expect((await ok(b.send('vault.status', {}))).state).toBe('unlocked');
    }, 60_000);

    it('item 6: the options page refuses a weak new passphrase under its field, before sending; the meter is there too', async () => {
      await openOptions();
      await options.fill('#pass-old', PASS);
      await options.fill('#pass-new', 'password');
      expect((await meter(options, 'pass-new-strength')).strength).toBe('weak');
      await options.fill('#pass-again', 'password');
      await options.click('#passphrase button[type="submit"]');
      await options.waitForSelector('#pass-new-error');
      expect(await options.text('#pass-new-error')).toMatch(/Too easy to guess/);
      expect(await options.evaluate(() => document.getElementById('pass-new')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      expect(await b.send('vault.changePassphrase', { passphrase: PASS, newPassphrase: 'password' }))
        .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'newPassphrase' } });
      await options.fill('#pass-new', '');
      await options.fill('#pass-again', '');
      await options.fill('#pass-old', '');
    });

    it('item 2: auto-lock, session policy and re-key errors stand under their field, in words and in the field\'s unit', async () => {
      await openOptions();
      await options.fill('#autolock-minutes', '0');
      await options.click('#autolock button[type="submit"]');
      await options.waitForSelector('#autolock-minutes-error');
      expect(await options.text('#autolock-minutes-error')).toBe('Auto-lock takes a whole number of minutes, from 1 to 1440 (24 hours).');
      expect(await options.evaluate(() => document.getElementById('autolock-minutes')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      await expect.poll(() => focusedId(options)).toBe('autolock-minutes');

      await options.fill('#federation-policy', '{nope');
      await options.click('#endpoints button[type="submit"]');
      await options.waitForSelector('#federation-policy-error');
      expect(await options.text('#federation-policy-error')).toMatch(/^The session policy is not valid JSON/);
      await options.fill('#federation-policy', '');

      await options.click('input[name="kdf-mode"][value="custom"]');
      await options.waitForSelector('#kdf-memory');
      await options.fill('#kdf-memory', '18');
      await options.fill('#kdf-pass', PASS);
      await options.click('#rekey button[type="submit"]');
      await options.waitForSelector('#kdf-memory-error');
      expect(await options.text('#kdf-memory-error')).toBe('Argon2id memory must be at least 19 MiB, the safe minimum.');
      await options.fill('#kdf-memory', '20');
      await options.fill('#kdf-pass', 'not the passphrase');
      await options.click('#rekey button[type="submit"]');
      await options.waitForSelector('#kdf-pass-error', 30_000);
      expect(await options.text('#kdf-pass-error')).toBe('Wrong passphrase.');

      // nowhere on the page: a property name, a "(field)" suffix, a memory size in KiB
      const page = await options.text('#options');
      expect(page).not.toMatch(/autoLockMinutes|federationPolicy|memoryKiB|\(kdf|KiB/);
      await options.click('input[name="kdf-mode"][value="calibrate"]');
      await options.fill('#kdf-pass', '');
    }, 60_000);

    it('item 2: an http: endpoint outside loopback is refused under its field with the page\'s rule, never the browser\'s permission error', async () => {
      await openOptions();
      await options.fill('#signin-endpoint', 'http://signin.example.com');
      await options.fill('#gov-oidc-endpoint', 'http://oidc.example.com');
      await options.click('#endpoints button[type="submit"]');
      await options.waitForSelector('#signin-endpoint-error');
      expect(await options.text('#signin-endpoint-error')).toBe('The console sign-in endpoint for AWS may use http: only on 127.0.0.1 or localhost; use https://signin.example.com instead.');
      // every bad field at once, the first one focused
      expect(await options.text('#gov-oidc-endpoint-error')).toMatch(/^The IAM Identity Center OIDC endpoint for AWS GovCloud \(US\) may use http: only on 127\.0\.0\.1 or localhost/);
      await expect.poll(() => focusedId(options)).toBe('signin-endpoint');
      expect(await options.text('#options')).not.toMatch(/Only permissions specified in the manifest|optional_permissions|endpoints\.aws/);
      const endpoints = (await ok(b.send('settings.get', {}))).vault!.endpoints;
      expect([endpoints.aws.signin, endpoints['aws-us-gov'].oidc]).toEqual(['', '']);
      // corrected: the errors go, the save goes through
      await options.fill('#signin-endpoint', '');
      await options.fill('#gov-oidc-endpoint', '');
      await options.click('#endpoints button[type="submit"]');
      await options.waitForSelector('#endpoints + .note');
      expect(await options.evaluate(() => !!document.getElementById('signin-endpoint-error'), undefined)).toBe(false);
    });

    it('item 2: an http: agent origin outside loopback is refused with the rule, not the browser\'s permission error', async () => {
      await openOptions();
      await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', check: false }));
      // the section lists identities when it opens: open the page again to see alice
      await options.close();
      options = await b.openPage('src/options/index.html');
      await options.waitForSelector('#agent-grant');
      await expect.poll(() => options.evaluate(() => document.querySelectorAll('#agent-identity option').length, undefined)).toBe(1);
      await options.fill('#agent-origin', 'http://app.example.com');
      await options.click('#agent-grant button[type=submit]');
      await options.waitForSelector('#agent-grant + .error');
      expect(await options.text('#agent-grant + .error')).toBe('Only https:// origins can be approved (http:// only for 127.0.0.1 or localhost).');
      expect((await ok(b.send('agent.grants', {}))).grants).toEqual([]);
    });
  });
}
