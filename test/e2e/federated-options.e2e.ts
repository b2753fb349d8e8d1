/**
 * The options page's federated identities, driven by clicks and typing in real Chromium and Firefox,
 * against the Identity Center stand-in (test/support/sso-standin.ts) and the STS stand-in:
 * - IAM Identity Center: adding a source (a bad start URL is an inline error), signing in (the code the
 *   page shows is the one on AWS's verification tab, approved there by a click), the first sync's counts,
 *   a 200-account sync with its progress bar and result line, an ended session ("sign in again", the
 *   Sign in button focused), removing the source with its identities;
 * - SAML capture: the toggle saved, an extra loopback endpoint saved only through the confirmation, a
 *   sign-in posted there (the stand-in's test IdP page) offered on the page and saved as a `saml` identity;
 * - web identity: a token pasted and one chosen from a file become `web-identity` identities with their
 *   expiry, the page no longer holds the token, an expired token is a clear error.
 * UPDATE_SCREENSHOTS=1 (Chromium) refreshes docs/screenshots/options-sso-signin.png and options-sso-sync.png.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../support/sso-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';
import { seriousA11yViolations } from './axe.ts';
import { buildSamlResponse } from '../support/saml-builder.ts';

const PASS = 'correct horse battery staple';
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';

const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An OIDC ID token as a CI provider issues one (unsigned here: Sigvault reads it, AWS would verify it). */
function jwt(claims: Record<string, unknown>): string {
  return `${enc({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${enc(claims)}.${Buffer.from('signature-bytes-not-checked-here-0123456789').toString('base64url')}`;
}

for (const kind of KINDS) {
  describe(`options page, federated identities: ${kind}`, () => {
    let sts: Standin;
    let sso: SsoStandin;
    let b: ExtensionBrowser;
    let page: ExtPage;
    const sources = async () => (await ok(b.send('sso.sources', {}))).sources as any[];
    const views = async () => (await ok(b.send('identity.list', {}))).identities as any[];
    const vault = async () => (await ok(b.send('settings.get', {}))).vault;

    // Tabs the tests open (AWS's verification page, the IdP page) come to the front: Firefox then throttles
    // the options page's frames, and each click on it waits seconds for one. Its user would look at it again.
    beforeEach(async () => {
      await page?.bringToFront();
    });
    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      sso = await startSsoStandin({ sts, deviceInterval: 1 });
      sso.setAccounts([
        { accountId: '111111111111', accountName: 'Production', roles: ['AdministratorAccess', 'ReadOnlyAccess'] },
        { accountId: '222222222222', accountName: 'Staging', roles: ['AdministratorAccess'] },
        { accountId: '333333333333', accountName: 'Sandbox', roles: ['PowerUserAccess'] },
      ]);
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      await ok(b.send('settings.set', { endpoints: { aws: { oidc: sso.oidcEndpoint, portal: sso.portalEndpoint } }, confirmEndpoint: true }));
      page = await b.openPage('src/options/index.html');
      await page.waitForSelector('#options[data-state="ready"]');
      await page.waitForSelector('#sso-none');
      await page.setViewport(900, 1200);
      mkdirSync(SHOTS, { recursive: true });
    });
    afterAll(async () => {
      await b?.close();
      await sso?.stop();
      await sts?.stop();
    });

    it('adds a source: a start URL that is not Identity Center is an error next to its field; a good one is listed, signed out', async () => {
      await page.fill('#sso-label', 'Example org');
      await page.fill('#sso-start-url', 'https://evil.example/start');
      await page.fill('#sso-region', 'us-east-1');
      await page.click('#sso-add button[type="submit"]');
      await page.waitForSelector('#sso-start-url-error');
      expect(await page.text('#sso-start-url-error')).toMatch(/Identity Center/);
      expect(await page.evaluate(() => document.getElementById('sso-start-url')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      expect(await sources()).toEqual([]);
      await page.fill('#sso-start-url', sso.startUrl);
      await page.click('#sso-add button[type="submit"]');
      await page.waitForSelector('.sso-source');
      expect(await page.text('#sso-note')).toMatch(/Added/);
      expect(await page.text('.sso-source h3')).toBe('Example org');
      expect(await page.text('.sso-start-url')).toBe(sso.startUrl);
      expect(await page.text('.sso-region')).toBe('us-east-1');
      expect(await page.text('.sso-state')).toBe('Signed out');
      expect(await page.text('.sso-last-sync')).toBe('Never');
      expect((await sources()).map((s) => s.label)).toEqual(['Example org']);
      // the form is emptied and its error gone
      expect(await page.evaluate(() => (document.getElementById('sso-start-url') as HTMLInputElement).value, undefined)).toBe('');
      expect(await page.evaluate(() => document.getElementById('sso-start-url-error'), undefined)).toBeNull();
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    it('sign in: the code on the page is the one on the tab AWS opened; Allow there signs in and the first sync\'s counts appear', async () => {
      await page.click('.sso-signin');
      await page.waitForSelector('.sso-code .user-code');
      const code = await page.text('.sso-code .user-code');
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(await page.text('.sso-code')).toMatch(/Compare it with the code on the page AWS opened.*expires at/s);
      const tab = await b.waitForTab(`${sso.url}/oidc/device?user_code=`);
      expect(new URL(tab.url).searchParams.get('user_code')).toBe(code);
      expect(tab.text).toContain(code);
      expect(sso.userCodes()).toContain(code);
      if (kind === 'chromium') {
        await page.evaluate(() => document.getElementById('sso-section')!.scrollIntoView(), undefined);
        await page.screenshot(`${SHOTS}/options-sso-signin.png`);
      }
      const verify = await b.openWebPage(tab.url);
      await verify.click('#allow');
      await verify.waitForSelector('#result');
      await verify.close();
      await page.waitForSelector('.sso-state[data-signed-in="true"]', 20_000);
      expect(await page.text('.sso-state')).toMatch(/^Signed in · token expires at /);
      await expect.poll(() => page.text('.sso-last-sync'), { timeout: 20_000 }).toMatch(/: 3 accounts, 4 roles$/);
      await expect.poll(() => page.text('.sso-identities'), { timeout: 5_000 }).toBe('4');
      expect(await page.evaluate(() => document.querySelector('.sso-code'), undefined)).toBeNull();
      expect(await page.text('.sso-source .note')).toMatch(/Signed in/);
      expect((await views()).filter((v) => v.kind === 'sso')).toHaveLength(4);
      // the page was told nothing secret
      expect(await page.evaluate(() => document.documentElement.outerHTML, undefined)).not.toMatch(/accessToken|refreshToken|clientSecret/);
    });

    it('Sync with 200 accounts: the progress bar reaches its maximum and the result line gives the counts', async () => {
      sso.setAssignments(200, 2);
      await page.click('.sso-sync');
      await page.waitForSelector('.sso-result', 60_000);
      const bar = await page.evaluate(() => { const p = document.querySelector('.sso-progress') as HTMLProgressElement; return { value: p.value, max: p.max }; }, undefined);
      expect(bar).toEqual({ value: 200, max: 200 });
      expect(await page.text('.sso-progress-line label')).toBe('Accounts read: 200 of 200');
      const sso$ = (await views()).filter((v) => v.kind === 'sso');
      const vanished = sso$.filter((v) => v.vanishedAt).length;
      expect(vanished).toBe(4); // the three earlier accounts are gone from the listing
      expect(await page.text('.sso-result')).toBe(`Synced: 200 accounts, 400 roles — 400 added, 0 updated, ${vanished} marked as no longer assigned.`);
      await expect.poll(() => page.text('.sso-identities')).toBe(String(sso$.length));
      expect(await page.text('.sso-last-sync')).toMatch(/: 200 accounts, 400 roles$/);
      if (kind === 'chromium') {
        await page.evaluate(() => document.getElementById('sso-section')!.scrollIntoView(), undefined);
        await page.screenshot(`${SHOTS}/options-sso-sync.png`);
      }
      // the popup lists them under their source (signed in), then by account
      const popup = await b.openPage('src/popup/index.html');
      try {
        await popup.setViewport(380, 560);
        await popup.waitForSelector('#identities .source-head');
        expect(await popup.text('#identities .source-head')).toMatch(/^Identity Center · .+signed in$/);
        if (kind === 'chromium') await popup.screenshot(`${SHOTS}/popup-federated.png`);
      } finally {
        await popup.close();
      }
    }, 90_000);

    it('a sync after AWS ended the session says to sign in again, with Sign in focused', async () => {
      sso.expireAccessTokens();
      sso.expireRefreshTokens();
      await page.click('.sso-sync');
      await page.waitForSelector('.sso-source .error', 30_000);
      expect(await page.text('.sso-source .error')).toMatch(/sign in again.*Click "Sign in"/is);
      expect(await page.evaluate(() => document.activeElement?.className ?? '', undefined)).toMatch(/sso-signin/);
      await expect.poll(() => page.text('.sso-state')).toBe('Signed out');
    });

    it('Remove asks first and, with the box ticked, removes the source and its identities', async () => {
      const count = (await sources())[0].identities as number;
      expect(count).toBe(404);
      await page.click('.sso-remove');
      await page.waitForSelector('.sso-remove-confirm');
      expect(await page.text('.sso-remove-confirm')).toContain(`Also remove its ${count} identities`);
      await page.click('.sso-remove-no');
      expect(await sources()).toHaveLength(1); // cancelled: nothing removed
      await page.click('.sso-remove');
      await page.waitForSelector('.sso-remove-identities');
      await page.click('.sso-remove-identities');
      const t0 = Date.now();
      await page.click('.sso-remove-yes');
      await page.waitForSelector('#sso-none', 90_000);
      console.log(`[timing] ${kind} remove with ${count} identities: ${Date.now() - t0} ms`);
      expect(await page.text('#sso-note')).toBe(`Removed "Example org" (${count} identities removed).`);
      expect(await sources()).toEqual([]);
      expect((await views()).filter((v) => v.kind === 'sso')).toEqual([]);
    }, 150_000);

    it('SAML capture: the toggle is saved; an extra loopback endpoint is saved only once its URL is confirmed', async () => {
      expect((await vault()).samlCapture).toBe(false);
      await page.click('#saml-capture');
      await expect.poll(async () => (await vault()).samlCapture).toBe(true);
      expect(await page.text('#saml-note')).toBe('Saved.');
      const url = `${sts.url}/saml`;
      await page.fill('#saml-endpoint-new', url);
      await page.click('#saml-endpoint-add button[type="submit"]');
      await page.waitForSelector('#saml-endpoint-confirm');
      expect(await page.text('#saml-endpoint-confirm')).toContain(url);
      expect(await page.text('#saml-note')).toMatch(/Not saved/);
      expect((await vault()).samlEndpoints).toEqual([]); // nothing before the confirmation
      await page.click('#saml-endpoint-confirm-yes');
      await expect.poll(async () => (await vault()).samlEndpoints).toEqual([url]);
      await page.waitForSelector(`#saml-endpoints li[data-url="${url}"]`);
      expect(await page.evaluate(() => document.getElementById('saml-endpoint-confirm'), undefined)).toBeNull();
      // a sign-in posted there is captured and offered on the page; saving the role makes a saml identity
      const principalArn = 'arn:aws:iam::123456789012:saml-provider/ExampleIdP';
      const roleArn = 'arn:aws:iam::123456789012:role/SamlDeveloper';
      sts.addSamlProvider({ arn: principalArn });
      sts.addRole({ arn: roleArn, trust: { principals: [], federated: [principalArn] }, maxSessionDuration: 43_200 });
      const idp = await b.openWebPage(sts.idpPage(buildSamlResponse({ roles: [{ roleArn, principalArn }], sessionDuration: 7200, destination: url }), { acsUrl: url }));
      await page.waitForSelector('.saml-offer', 20_000);
      await idp.close();
      expect(await page.text('.saml-offer')).toContain(roleArn);
      expect(await page.text('.saml-offer')).toMatch(/sessions of 7200 seconds/);
      await page.click('.saml-offer-save');
      await page.waitForSelector('#saml-offers-note');
      expect(await page.text('#saml-offers-note')).toMatch(/^Saved 1 identity: /);
      const saml = (await views()).filter((v) => v.kind === 'saml');
      expect(saml).toHaveLength(1);
      expect(saml[0].roleArn).toBe(roleArn);
      expect(await page.evaluate(() => document.documentElement.outerHTML.includes('SAMLResponse'), undefined)).toBe(false);
      // a malformed one is refused with the background's reason
      await page.fill('#saml-endpoint-new', 'http://sso.example.com/saml');
      await page.click('#saml-endpoint-add button[type="submit"]');
      await expect.poll(() => page.text('#saml-note')).toMatch(/https:\/\//);
      expect((await vault()).samlEndpoints).toEqual([url]);
      expect(await seriousA11yViolations(page)).toEqual([]);
    }, 120_000);

    it('web identity: a pasted token and one from a file become identities with their expiry; the page keeps no token; an expired one is a clear error', async () => {
      const now = Math.floor(Date.now() / 1000);
      const iss = 'https://token.actions.githubusercontent.com';
      const token = jwt({ iss, sub: 'repo:octo/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: now + 3600, iat: now });
      await page.fill('#wi-label', 'CI deploy');
      await page.fill('#wi-role-arn', 'arn:aws:iam::123456789012:role/ci-deploy');
      await page.fill('#wi-token', token);
      await page.fill('#wi-session', 'ci-run');
      await page.fill('#wi-duration', '900');
      await page.click('#wi-add button[type="submit"]');
      await page.waitForSelector('#wi-added');
      expect(await page.text('#wi-added')).toMatch(new RegExp(`^Added "CI deploy"\\. Token issuer: ${iss.replace(/[.]/g, '\\.')}; the token expires at .+\\.$`));
      const wi = (await views()).filter((v) => v.kind === 'web-identity');
      expect(wi).toHaveLength(1);
      expect(wi[0]).toMatchObject({ label: 'CI deploy', tokenExpiresAt: (now + 3600) * 1000, tokenIssuer: iss });
      const held = () => page.evaluate((tok) => document.documentElement.outerHTML.includes(tok)
        || [...document.querySelectorAll('input, textarea')].some((el) => (el as HTMLInputElement).value.includes(tok)), token);
      expect(await held()).toBe(false);
      expect(await page.evaluate(() => (document.getElementById('wi-token') as HTMLTextAreaElement).value, undefined)).toBe('');

      // an expired token: the error sits next to the token field; nothing is added
      const expired = jwt({ iss, sub: 's', aud: 'sts.amazonaws.com', exp: now - 600 });
      await page.fill('#wi-label', 'Old token');
      await page.fill('#wi-role-arn', 'arn:aws:iam::123456789012:role/ci-deploy');
      await page.fill('#wi-token', expired);
      await page.click('#wi-add button[type="submit"]');
      await page.waitForSelector('#wi-token-error');
      expect(await page.text('#wi-token-error')).toMatch(/expired.*Paste or choose the token again/is);
      expect((await views()).filter((v) => v.kind === 'web-identity')).toHaveLength(1);

      // from a file, as AWS_WEB_IDENTITY_TOKEN_FILE holds it
      const fileToken = jwt({ iss: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE', sub: 'system:serviceaccount:ns:app', aud: 'sts.amazonaws.com', exp: now + 7200 });
      const dir = mkdtempSync(join(tmpdir(), 'sigvault-wi-'));
      const path = join(dir, 'token');
      writeFileSync(path, `${fileToken}\n`);
      await page.fill('#wi-label', 'EKS app');
      await page.fill('#wi-token', '');
      await page.setFile('#wi-token-file', path);
      await page.waitForSelector('#wi-token-file-clear');
      expect(await page.text('#wi-token-file-state')).toMatch(/read from token/);
      await page.click('#wi-add button[type="submit"]');
      await expect.poll(() => page.text('#wi-added')).toMatch(/^Added "EKS app"\. Token issuer: https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/EXAMPLE;/);
      expect((await views()).find((v) => v.label === 'EKS app')).toMatchObject({ kind: 'web-identity', tokenExpiresAt: (now + 7200) * 1000 });
      expect(await page.evaluate((tok) => document.documentElement.outerHTML.includes(tok), fileToken)).toBe(false);
      expect(await page.evaluate(() => (document.getElementById('wi-token-file') as HTMLInputElement).value, undefined)).toBe('');
      expect(await b.extensionErrors()).toEqual([]);
    }, 120_000);
  });
}
