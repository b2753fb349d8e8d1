/**
 * The popup driven through its UI, as a user would, in real Chromium and Firefox with the built
 * extension: first run, add user and role (field errors, root-key confirmation), search and keyboard
 * navigation, console sign-in against the local STS stand-in with the MFA prompt, test, remove, lock,
 * unlock with backoff. Screenshots of each screen go to docs/screenshots/ with UPDATE_SCREENSHOTS=1 (Chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, type ExtensionBrowser, type ExtPage, useStandin, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const MFA_CODE = '135790';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const READONLY_ARN = 'arn:aws:iam::333333333333:role/ReadOnly';
// docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1): a plain `npm test` leaves tracked files alone
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';


for (const kind of KINDS) {
  describe(`popup: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let alice: IssuedUser;

    const shot = async (name: string) => {
      if (kind === 'chromium') await popup.screenshot(`${SHOTS}/${name}.png`);
    };
    const focusedId = () => popup.evaluate(() => document.activeElement?.id ?? '', undefined);
    const screen = () => popup.evaluate(() => document.querySelector('.app')?.getAttribute('data-screen') ?? '', undefined);
    const options = () => popup.evaluate(() => [...document.querySelectorAll('[role=option]')].map((o) => ({
      label: o.querySelector('.label')?.textContent ?? '',
      selected: o.getAttribute('aria-selected') === 'true',
      root: !!o.querySelector('.kind-root'),
      active: !!o.querySelector('.active-mark'),
    })), undefined);
    const selectedLabel = async () => (await options()).find((o) => o.selected)?.label;
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    const loginCount = () => standin.state.logins.length;

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      standin = await startStandin({ cors: false });
      alice = standin.issueUserKeys({ userName: 'alice', account: '111111111111', mfa: { code: MFA_CODE } });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'], requireMfa: true } });
      standin.addRole({ arn: READONLY_ARN, trust: { principals: [ADMIN_ARN] } });
      b = await launch(kind);
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 560);
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('first run: creates the vault from a passphrase typed twice, with a strength estimate and advice', async () => {
      await popup.waitForSelector('#status[data-state="ok"]');
      await popup.waitForSelector('#create-vault');
      expect(await seriousA11yViolations(popup), 'axe on #create-vault').toEqual([]);
      expect(await focusedId()).toBe('new-passphrase');
      await popup.type('#new-passphrase', 'hunter2');
      expect(await popup.text('#strength-text')).toMatch(/Weak.*four random words or more/);
      await popup.fill('#new-passphrase', PASS);
      expect(await popup.text('#strength-text')).toMatch(/Good|Strong/);
      await popup.type('#repeat-passphrase', 'correct horse battery stapler');
      await popup.press('Enter');
      await popup.waitForSelector('#repeat-passphrase-error');
      expect(await popup.text('#repeat-passphrase-error')).toMatch(/differ/);
      await popup.fill('#repeat-passphrase', PASS);
      await shot('create-vault');
      await popup.press('Enter');
      await popup.waitForSelector('#empty-list');
      expect(await ok(b.send('vault.status', {}))).toMatchObject({ state: 'unlocked' });
      await useStandin(b, standin.url);
    });

    it('adds IAM user keys: field-level errors from the background, then checked with AWS', async () => {
      await popup.click('#add-user-button');
      await popup.waitForSelector('#add-user');
      expect(await seriousA11yViolations(popup), 'axe on #add-user').toEqual([]);
      await expect.poll(focusedId).toBe('label');
      await popup.type('#label', 'alice');
      await popup.type('#accessKeyId', 'AKIA-not-a-key');
      await popup.type('#secretAccessKey', alice.secretAccessKey);
      await popup.press('Enter');
      await popup.waitForSelector('#accessKeyId-error');
      expect(await popup.text('#accessKeyId-error')).toMatch(/AKIA/);
      expect(await popup.evaluate(() => document.querySelector('#accessKeyId')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      await popup.fill('#accessKeyId', alice.accessKeyId);
      await popup.type('#mfaSerial', alice.mfaSerial!);
      await shot('add-user');
      await popup.click('#add-user button[type=submit]');
      await popup.waitForSelector('#search');
      expect((await options()).map((o) => o.label)).toEqual(['alice']);
      expect(await popup.text('.group-head')).toBe('111111111111');
    });

    it('root-user keys are stored only after the user confirms AWS\'s advice, and are marked red', async () => {
      const root = standin.issueUserKeys({ userName: 'root', account: '555555555555', root: true });
      await popup.click('#add-user-button');
      await popup.waitForSelector('#add-user');
      await popup.type('#label', 'old root');
      await popup.type('#accessKeyId', root.accessKeyId);
      await popup.type('#secretAccessKey', root.secretAccessKey);
      await popup.press('Enter');
      await popup.waitForSelector('#root-warning');
      expect(await seriousA11yViolations(popup), 'axe on #root-warning').toEqual([]);
      expect(await popup.text('#root-warning')).toMatch(/root user only to create an administrator/);
      await shot('root-warning');
      await popup.click('#confirm-root');
      await popup.waitForSelector('#search');
      expect((await options()).find((o) => o.label === 'old root')).toMatchObject({ root: true });
    });

    it('adds a role: a malformed ARN is reported at its field; then it is listed under its account', async () => {
      await popup.click('#add-role-button');
      await popup.waitForSelector('#add-role');
      expect(await seriousA11yViolations(popup), 'axe on #add-role').toEqual([]);
      await popup.type('#label', 'admin');
      await popup.type('#roleArn', 'arn:aws:iam::12:role/Admin');
      await popup.evaluate((id) => {
        const sel = document.querySelector('#sourceId') as HTMLSelectElement;
        sel.value = id;
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      }, (await ok(b.send('identity.list', {}))).identities.find((v: any) => v.label === 'alice').id);
      await popup.type('#mfaSerial', alice.mfaSerial!);
      await popup.press('Enter');
      await popup.waitForSelector('#roleArn-error');
      expect(await popup.text('#roleArn-error')).toMatch(/role ARN like/);
      await popup.fill('#roleArn', ADMIN_ARN);
      await popup.type('#region', 'us-east-1');
      await shot('add-role');
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect((await options()).map((o) => o.label)).toContain('admin');
      // more roles, seeded (the add flow itself was driven above)
      const list = (await ok(b.send('identity.list', {}))).identities;
      const adminId = list.find((v: any) => v.label === 'admin').id;
      await ok(b.send('identity.addRole', { label: 'read-only', roleArn: READONLY_ARN, sourceId: adminId }));
      for (const [i, name] of ['Billing', 'Deploy', 'Audit'].entries()) {
        await ok(b.send('identity.addRole', { label: `team ${name.toLowerCase()}`, roleArn: `arn:aws:iam::66666666666${i}:role/${name}`, sourceId: adminId }));
      }
      await expect.poll(async () => (await options()).length).toBe(7);
      const heads = await popup.evaluate(() => [...document.querySelectorAll('.group-head')].map((h) => h.textContent), undefined);
      expect(heads).toEqual(expect.arrayContaining(['111111111111', '222222222222', '333333333333', '555555555555']));
    });

    it('type-to-search at once (label, account, role name) and arrow keys move the selection', async () => {
      await expect.poll(focusedId).toBe('search');
      await popup.type('#search', 'readonly');
      await expect.poll(async () => (await options()).map((o) => o.label)).toEqual(['read-only']);
      await popup.fill('#search', '33333');
      await expect.poll(async () => (await options()).map((o) => o.label)).toEqual(['read-only']);
      await popup.fill('#search', 'team');
      await expect.poll(async () => (await options()).length).toBe(3);
      // equal matches keep the list's order: by account, billing (…660), deploy (…661), audit (…662)
      expect(await selectedLabel()).toBe('team billing');
      await popup.press('ArrowDown');
      expect(await selectedLabel()).toBe('team deploy');
      await popup.press('ArrowDown');
      await popup.press('ArrowDown');
      expect(await selectedLabel()).toBe('team audit');
      await popup.press('ArrowUp');
      expect(await selectedLabel()).toBe('team deploy');
      const active = await popup.evaluate(() => document.querySelector('#search')!.getAttribute('aria-activedescendant'), undefined);
      expect(active).toMatch(/^opt-/);
      await shot('search');
      await popup.fill('#search', 'zzzz-nothing');
      await popup.waitForSelector('#no-match');
      expect(await seriousA11yViolations(popup), 'axe on the list (search with no match)').toEqual([]);
      await popup.fill('#search', '');
      await expect.poll(async () => (await options()).length).toBe(7);
      await shot('list');
      if (kind === 'chromium') { // the dark theme follows the system (puppeteer cannot emulate it in Firefox)
        await popup.setColorScheme('dark');
        expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor, undefined)).toBe('rgb(27, 29, 33)');
        await shot('list-dark');
        await popup.setColorScheme('light');
        expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor, undefined)).toBe('rgb(255, 255, 255)');
      }
    });

    it('Enter opens the console as the selected role; the MFA prompt takes a pasted (Firefox: typed) code', async () => {
      const before = loginCount();
      await popup.fill('#search', 'admin');
      await expect.poll(selectedLabel).toBe('admin');
      await popup.press('Enter');
      await popup.waitForSelector('#mfa-prompt');
      expect(await seriousA11yViolations(popup), 'axe on #mfa-prompt').toEqual([]);
      await expect.poll(focusedId).toBe('mfa-code');
      expect(await popup.text('#mfa-prompt')).toContain('admin');
      await shot('mfa');
      const spaced = ` ${MFA_CODE.slice(0, 3)} ${MFA_CODE.slice(3)} `;
      if (kind === 'chromium') {
        // paste a code as the clipboard would deliver it (spaces and all)
        await popup.evaluate((text) => {
          const dt = new DataTransfer();
          dt.setData('text/plain', text);
          document.querySelector('#mfa-code')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        }, spaced);
      } else {
        // Firefox empties a script-made DataTransfer in a synthetic paste event: type it, spaces and all
        await popup.type('#mfa-code', spaced);
      }
      await expect.poll(loginCount, { timeout: 15_000 }).toBe(before + 1);
      const tab = await b.waitForTab(`${standin.url}/federation`);
      expect(tab.text).toContain('assumed-role/Admin/');
      expect(tab.url).not.toContain('SigninToken');
      expect(await exists('#mfa-prompt')).toBe(false);
      await expect.poll(async () => (await options()).find((o) => o.label === 'admin')?.active).toBe(true);
    });

    it('Shift+Enter opens the console in a new tab; a cached session needs no prompt', async () => {
      const before = loginCount();
      await popup.fill('#search', 'read-only');
      await expect.poll(selectedLabel).toBe('read-only');
      await popup.press('Shift+Enter'); // new tab; admin's session is cached, so no prompt
      await expect.poll(loginCount, { timeout: 15_000 }).toBe(before + 1);
      expect(standin.state.logins.at(-1)!.arn).toContain('assumed-role/ReadOnly/');
      expect(await exists('#mfa-prompt')).toBe(false);
    });

    it('per identity: copies CLI credentials as export lines (clipboard checked in Chromium), cleared later', async () => {
      await popup.bringToFront(); // the console tabs opened above took the front
      await popup.fill('#search', 'admin');
      await expect.poll(selectedLabel).toBe('admin');
      await popup.waitForSelector('#copy-credentials');
      expect(await seriousA11yViolations(popup), 'axe on #details with the copy controls').toEqual([]);
      expect(await popup.evaluate(() => (document.querySelector('#copy-format') as HTMLSelectElement).value, undefined)).toBe('env');
      await popup.click('#copy-credentials');
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toBe('Copied — the clipboard is cleared in 30 s');
      const alarm = await b.inBackground(async (g) => !!(await (g.browser ?? g.chrome).alarms.get('sigvault.clipboard')));
      expect(alarm, 'clipboard.clearLater scheduled').toBe(true);
      if (b.clipboard) {
        const text = await b.clipboard.read();
        expect(text).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'$/m);
        expect(text).toMatch(/^export AWS_SECRET_ACCESS_KEY='.+'$/m);
        expect(text).toMatch(/^export AWS_SESSION_TOKEN='.+'$/m);
        expect(text).toMatch(/^export AWS_CREDENTIAL_EXPIRATION='\d{4}-\d\d-\d\dT[\d:]+(\.\d+)?Z'$/m);
        const key = /AWS_ACCESS_KEY_ID='([^']+)'/.exec(text)![1]!;
        // the popup keeps no copy of the text
        expect(await popup.evaluate((k) => document.documentElement.outerHTML.includes(k), key)).toBe(false);
        await popup.bringToFront();
      }
    });

    it('Alt+C in the search box copies the selected identity in the last used format', async () => {
      await popup.evaluate(() => {
        const sel = document.querySelector('#copy-format') as HTMLSelectElement;
        sel.value = 'fish';
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      }, undefined);
      await popup.fill('#search', 'read-only');
      await expect.poll(selectedLabel).toBe('read-only');
      await expect.poll(() => popup.evaluate(() => (document.querySelector('#copy-format') as HTMLSelectElement).value, undefined)).toBe('fish');
      await expect.poll(focusedId).toBe('search');
      await popup.press('Alt+C');
      await expect.poll(() => popup.text('#copy-status'), { timeout: 15_000 }).toBe('Copied — the clipboard is cleared in 30 s');
      if (b.clipboard) {
        const text = await b.clipboard.read();
        expect(text).toMatch(/^set -gx AWS_ACCESS_KEY_ID '?ASIA/m);
        expect(text).toMatch(/AWS_CREDENTIAL_EXPIRATION/);
        await popup.bringToFront();
      }
      // back to the default for the rest
      await popup.evaluate(() => {
        const sel = document.querySelector('#copy-format') as HTMLSelectElement;
        sel.value = 'env';
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      }, undefined);
    });

    it('make active: the badge shows the short label, the list top shows the ARN and a live countdown', async () => {
      const badge = () => popup.evaluate(() => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return api.action.getBadgeText({}) as Promise<string>;
      }, undefined);
      await popup.fill('#search', 'admin');
      await expect.poll(selectedLabel).toBe('admin');
      await popup.click('#make-active');
      await expect.poll(badge).toBe('ADMI');
      await expect.poll(async () => (await options()).find((o) => o.label === 'admin')?.active).toBe(true);
      await popup.waitForSelector('#active-countdown', 15_000);
      expect(await popup.text('#active-identity')).toContain('admin');
      expect(await popup.text('#active-arn')).toContain('assumed-role/Admin/');
      expect(await popup.text('#active-countdown')).toMatch(/^Expires in \d\d:\d\d$/);
      const seconds = () => popup.evaluate(() => Number(document.querySelector('#active-countdown')!.getAttribute('data-seconds')), undefined);
      const first = await seconds();
      expect(first).toBeGreaterThan(60);
      await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first); // counts down live
      expect(await seriousA11yViolations(popup), 'axe on the list with the active identity').toEqual([]);
      // a session that cannot be had is reported there, not thrown
      await popup.fill('#search', 'team billing');
      await expect.poll(selectedLabel).toBe('team billing');
      await popup.click('#make-active');
      await expect.poll(badge).toBe('TB');
      await popup.waitForSelector('#active-error', 15_000);
      expect(await popup.text('#active-error')).toMatch(/AccessDenied/);
      expect(await exists('#active-countdown')).toBe(false);
      // and back to read-only (the countdown asks again for the new active identity)
      await popup.fill('#search', 'read-only');
      await expect.poll(selectedLabel).toBe('read-only');
      await popup.click('#make-active');
      await expect.poll(badge).toBe('RO');
      await expect.poll(() => popup.text('#active-arn'), { timeout: 15_000 }).toContain('assumed-role/ReadOnly/');
      await popup.waitForSelector('#active-countdown', 15_000);
    });

    it('per identity: test answers who it is; remove asks first', async () => {
      await popup.bringToFront(); // the console tabs opened above took the front
      await popup.fill('#search', 'alice');
      await expect.poll(selectedLabel).toBe('alice');
      await popup.click('#test-identity');
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toContain(alice.arn);
      await popup.fill('#search', 'old root');
      await expect.poll(selectedLabel).toBe('old root');
      await popup.click('#remove-identity');
      await popup.waitForSelector('#confirm-remove');
      expect(await seriousA11yViolations(popup), 'axe on #confirm-remove').toEqual([]);
      await expect.poll(focusedId).toBe('confirm-cancel'); // Enter, Enter must not delete (issue 15)
      await shot('remove-confirm');
      await popup.click('#confirm-remove');
      await expect.poll(async () => (await ok(b.send('identity.list', {}))).identities.some((v: any) => v.label === 'old root')).toBe(false);
      await popup.fill('#search', '');
      await expect.poll(async () => (await options()).length).toBe(6);
    });

    it('lock, then unlock: the field is focused, Enter unlocks, and backoff shows a live countdown', async () => {
      await popup.click('#lock-button');
      await popup.waitForSelector('#unlock');
      expect(await seriousA11yViolations(popup), 'axe on #unlock').toEqual([]);
      await expect.poll(focusedId).toBe('passphrase');
      await shot('locked');
      for (let i = 0; i < 5; i++) {
        await expect.poll(focusedId).toBe('passphrase');
        await popup.type('#passphrase', `wrong guess ${i}`);
        await popup.press('Enter');
        if (i < 4) await popup.waitForSelector('#unlock-error');
        // each wrong guess runs the KDF (about 0.5 s; more on a busy machine)
        await expect.poll(async () => popup.evaluate(() => (document.querySelector('#passphrase') as HTMLInputElement).disabled, undefined), { timeout: 10_000 }).toBe(false);
      }
      await popup.waitForSelector('#backoff');
      // read at once: the wait is 2 s (axe, below, can take longer on a busy machine)
      const [first, text] = await popup.evaluate(() => [Number(document.querySelector('#backoff')!.getAttribute('data-seconds')), document.querySelector('#backoff')!.textContent] as const, undefined);
      expect(first).toBeGreaterThanOrEqual(1);
      expect(first).toBeLessThanOrEqual(2);
      expect(text).toMatch(/Try again in \d+ s/);
      expect(await seriousA11yViolations(popup), 'axe on #backoff').toEqual([]);
      await shot('locked-backoff');
      await expect.poll(() => exists('#backoff'), { timeout: 5_000 }).toBe(false); // counted down live
      await expect.poll(focusedId).toBe('passphrase');
      await popup.type('#passphrase', PASS);
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect(await screen()).toBe('list');
      expect((await options()).length).toBe(6);
    });

    it('the vault locking elsewhere sends the popup back to the unlock screen', async () => {
      await ok(b.send('vault.lock', {}));
      await popup.waitForSelector('#unlock');
      await popup.type('#passphrase', PASS);
      await popup.press('Enter');
      await popup.waitForSelector('#search');
    });

    it('a popup opened later shows the active identity', async () => {
      const again = await b.openPage('src/popup/index.html');
      await again.waitForSelector('#search');
      const active = await again.evaluate(() => [...document.querySelectorAll('[role=option]')]
        .filter((o) => o.querySelector('.active-mark')).map((o) => o.querySelector('.label')?.textContent), undefined);
      expect(active).toEqual(['read-only']);
      await again.close();
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
