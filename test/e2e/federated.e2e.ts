/**
 * SAML sign-in capture and web identity end to end in real Chromium and Firefox, against the STS /
 * sign-in stand-in (AssumeRoleWithSAML / AssumeRoleWithWebIdentity, its `/saml` endpoint and a test IdP
 * page that posts a SAML response built by the test). Capture is opt-in; the assertion never reaches a
 * page or storage; saved roles resolve, open the console, chain, and are renewed by the next sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSamlResponse } from '../support/saml-builder.ts';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';
import { dumpExtensionStorage } from './secret-forms.ts';

const PASS = 'correct horse battery staple';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/ExampleIdP';
const DEV = 'arn:aws:iam::123456789012:role/Developer';
const OPS = 'arn:aws:iam::123456789012:role/Operations';
const SHORT = 'arn:aws:iam::123456789012:role/ShortSessions';
const CI = 'arn:aws:iam::123456789012:role/GitHubActions';
const GH = 'https://token.actions.githubusercontent.com';
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64u({ alg: 'RS256', kid: 'k' })}.${b64u(claims)}.${Buffer.from('signature-bytes-not-checked').toString('base64url')}`;
const nowS = () => Math.floor(Date.now() / 1000);

for (const kind of KINDS) {
  describe(`SAML capture and web identity: ${kind}`, () => {
    let sts: Standin;
    let b: ExtensionBrowser;
    const pending = async () => (await ok(b.send('saml.pending', {}))).offers as any[];
    /** The IdP page posts `response` to the stand-in's SAML endpoint, as an IdP's sign-in does. */
    /** The IdP page posts `response` to the stand-in's SAML endpoint, as an IdP's sign-in does (the test then polls for the capture). */
    async function signInAtIdp(response: string): Promise<void> {
      idpPages.push(await b.openWebPage(sts.idpPage(response)));
    }
    const idpPages: ExtPage[] = [];

    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      sts.addSamlProvider({ arn: PROVIDER, issuer: 'https://idp.example.com/saml' });
      for (const arn of [DEV, OPS]) sts.addRole({ arn, trust: { principals: [], federated: [PROVIDER] }, maxSessionDuration: 43_200 });
      sts.addRole({ arn: SHORT, trust: { principals: [], federated: [PROVIDER] } }); // MaxSessionDuration 1 h
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
    });
    afterAll(async () => {
      for (const p of idpPages) await p.close().catch(() => undefined);
      await b?.close();
      await sts?.stop();
    });

    it('captures nothing while the setting is off', async () => {
      // the stand-in's SAML endpoint is one the capture would hear: only the setting is off
      await ok(b.send('settings.set', { samlCapture: false, samlEndpoints: [`${sts.url}/saml`], confirmEndpoint: true }));
      await signInAtIdp(buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }], sessionDuration: 28_800 }));
      await new Promise((r) => setTimeout(r, 500));
      expect(await pending()).toEqual([]);
    });

    it('three roles: the capture lists them (no assertion); saving two gets credentials, resolves, opens the console', async () => {
      await ok(b.send('settings.set', { samlCapture: true, samlEndpoints: [`${sts.url}/saml`], confirmEndpoint: true }));
      const nameId = `_unique-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const response = buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }, { roleArn: OPS, principalArn: PROVIDER, providerFirst: true }, { roleArn: SHORT, principalArn: PROVIDER }], sessionDuration: 28_800, nameId });
      await signInAtIdp(response);
      await expect.poll(async () => (await pending()).length, { timeout: 10_000 }).toBe(1);
      const [offer] = await pending();
      expect(offer.roles).toEqual([{ roleArn: DEV, principalArn: PROVIDER }, { roleArn: OPS, principalArn: PROVIDER }, { roleArn: SHORT, principalArn: PROVIDER }]);
      expect(offer.sessionDuration).toBe(28_800);
      expect(offer.expiresAt).toBeGreaterThan(Date.now());
      // the assertion (its base64 or its unique NameID) is in no page answer and no storage the extension has
      const middle = response.slice(400, 480);
      expect(JSON.stringify(offer)).not.toContain(middle);
      const stored = await b.inBackground(dumpExtensionStorage);
      for (const s of [response, middle, nameId]) expect(stored.includes(s)).toBe(false);

      const saved = await ok(b.send('saml.save', { offerId: offer.offerId, roleArns: [DEV, SHORT] }));
      expect(saved.identities.map((i: any) => [i.kind, i.roleArn, i.sessionDuration])).toEqual([['saml', DEV, 28_800], ['saml', SHORT, 28_800]]);
      expect(saved.notices.join(' ')).toMatch(/ShortSessions.*1 hour \(3600 s\)/);
      expect(await pending()).toEqual([]); // the assertion is dropped once used
      const dev = saved.identities[0];
      const short = saved.identities[1];
      const r = await ok(b.send('session.resolve', { id: dev.id }));
      expect(r).toMatchObject({ fromCache: true, arn: expect.stringContaining(':assumed-role/Developer/') });
      expect(r.expiresAt - Date.now()).toBeGreaterThan(7.9 * 3600_000);
      expect((await ok(b.send('session.resolve', { id: short.id }))).expiresAt - Date.now()).toBeLessThanOrEqual(3600_000);
      const before = sts.state.logins.length;
      await ok(b.send('console.open', { id: dev.id, newTab: true }));
      await expect.poll(() => sts.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      expect(sts.state.logins.at(-1)!.arn).toBe(r.arn);
    });

    it('one role (AWS signs in without a chooser): captured too; a new sign-in renews a saved role; expired credentials ask for the IdP', async () => {
      const list = async () => ((await ok(b.send('identity.list', {}))).identities as any[]).filter((v) => v.kind === 'saml');
      const dev = (await list()).find((v) => v.roleArn === DEV);
      const first = await ok(b.send('session.resolve', { id: dev.id }));
      await signInAtIdp(buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }], sessionDuration: 7200 }));
      await expect.poll(async () => (await pending())[0]?.roles[0]?.savedAs, { timeout: 10_000 }).toBe(dev.id);
      const renewed = await ok(b.send('session.resolve', { id: dev.id }));
      expect(renewed.expiresAt).not.toBe(first.expiresAt);
      expect((await list()).length).toBe(2); // renewed, not duplicated
      // a new label or colour keeps the session (only the IdP could give another one)
      await ok(b.send('identity.update', { id: dev.id, label: 'Developer (Okta)', color: '#336699' }));
      expect(await ok(b.send('session.resolve', { id: dev.id }))).toMatchObject({ fromCache: true, expiresAt: renewed.expiresAt });
      // without cached credentials (forceRefresh skips them) only the IdP can give new ones
      const e = await b.send('session.resolve', { id: dev.id, forceRefresh: true });
      expect(e).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', recordId: dev.id } });
      expect((e as any).error.message).toMatch(/sign in at your identity provider again/);
    });

    it('bad assertions: expired, malformed, encrypted are reported as offers with an error; saving a dismissed offer is NOT_FOUND', async () => {
      for (const o of await pending()) await ok(b.send('saml.dismiss', { offerId: o.offerId }));
      await signInAtIdp(buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }], notOnOrAfter: Date.now() - 60_000 }));
      await expect.poll(async () => (await pending())[0]?.error ?? '', { timeout: 10_000 }).toMatch(/expired/i);
      await signInAtIdp(buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }], encrypted: true }));
      await expect.poll(async () => (await pending())[0]?.error ?? '', { timeout: 10_000 }).toMatch(/encrypted/i);
      await signInAtIdp(Buffer.from('<not-saml/>').toString('base64'));
      await expect.poll(async () => (await pending()).length, { timeout: 10_000 }).toBe(3);
      const [bad] = await pending();
      expect(bad.roles).toEqual([]);
      expect(await b.send('saml.save', { offerId: bad.offerId, roleArns: [DEV] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await b.send('saml.save', { offerId: 'no-such-offer', roleArns: [DEV] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('popup: a captured sign-in is offered in a compact notice; Review → Save adds the role; its details say where it signs in', async () => {
      for (const o of await pending()) await ok(b.send('saml.dismiss', { offerId: o.offerId }));
      await signInAtIdp(buildSamlResponse({ roles: [{ roleArn: DEV, principalArn: PROVIDER }, { roleArn: OPS, principalArn: PROVIDER }], sessionDuration: 14_400 }));
      await expect.poll(async () => (await pending()).length, { timeout: 10_000 }).toBe(1);
      const popup = await b.openPage('src/popup/index.html');
      try {
        await popup.waitForSelector('#saml-review');
        // Developer is saved already (renewed by this sign-in): only Operations is new
        expect(await popup.text('#saml-offers')).toMatch(/1 role to save/);
        await popup.click('#saml-review');
        await popup.waitForSelector('#saml-save');
        expect(await popup.text('#saml-save')).toMatch(/Operations · 123456789012/);
        expect(await popup.text('#saml-save')).toMatch(/up to 4 h/);
        await popup.click('#saml-save button[type=submit]');
        await popup.waitForSelector('#saml-status');
        expect(await popup.text('#saml-status')).toMatch(/Saved 1 SAML role/);
        const ops = ((await ok(b.send('identity.list', {}))).identities as any[]).find((v) => v.roleArn === OPS);
        expect(ops).toMatchObject({ kind: 'saml', sessionDuration: 14_400 });
        expect((await ok(b.send('session.resolve', { id: ops.id }))).fromCache).toBe(true);
        // the list shows it under its provider, with the time its credentials have left (4 h asked); its details say where it signs in
        await popup.waitForSelector(`[data-id="${ops.id}"]`);
        const ends = (await ok(b.send('identity.list', {}))).sessionEnds[ops.id];
        expect(ends).toBeGreaterThan(Date.now() + 3.9 * 3600_000);
        expect(await popup.text(`[data-id="${ops.id}"] .remaining`)).toMatch(/^[34] h$/);
        expect(await popup.evaluate((id) => {
          const rows = [...document.querySelectorAll('#identities > li')];
          const i = rows.findIndex((r) => r.getAttribute('data-id') === id);
          return rows.slice(0, i).reverse().find((r) => r.classList.contains('source-head'))?.textContent;
        }, ops.id)).toBe('SAML · ExampleIdP');
        await popup.click(`[data-id="${ops.id}"]`);
        await popup.waitForSelector('#federated-info');
        expect(await popup.text('#federated-info')).toMatch(/SAML role, signed in through ExampleIdP/);
      } finally {
        await popup.close();
      }
    });

    it('web identity: the token is sealed, its expiry shown; AssumeRoleWithWebIdentity resolves and opens the console; bad tokens are clear errors', async () => {
      const providerArn = sts.addOidcProvider({ url: GH, clientIds: ['sts.amazonaws.com'], account: '123456789012' }).arn;
      sts.addRole({ arn: CI, trust: { principals: [], federated: [providerArn] }, maxSessionDuration: 3600 });
      const exp = nowS() + 3600;
      const token = jwt({ iss: GH, sub: 'repo:example/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp, iat: nowS() });
      const added = await ok(b.send('identity.addWebIdentity', { label: 'CI deploy', roleArn: CI, webIdentityToken: token, sessionName: 'ci-run-1' }));
      expect(added).toMatchObject({ kind: 'web-identity', roleArn: CI, tokenExpiresAt: exp * 1000, tokenIssuer: GH, sessionName: 'ci-run-1' });
      const list = JSON.stringify(await ok(b.send('identity.list', {})));
      expect(list).not.toContain(token.split('.')[1]!);
      const who = await ok(b.send('identity.test', { id: added.id }));
      expect(who.arn).toBe('arn:aws:sts::123456789012:assumed-role/GitHubActions/ci-run-1');
      // CLI credentials, like any role's: the session's temporary keys, never the web identity token
      const exported = await ok(b.send('session.export', { id: added.id, format: 'env' }));
      expect(exported.text).toMatch(/export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'\nexport AWS_SECRET_ACCESS_KEY='.+'\nexport AWS_SESSION_TOKEN='/);
      expect(exported.text).not.toContain(token.split('.')[1]!);
      const before = sts.state.logins.length;
      await ok(b.send('console.open', { id: added.id, newTab: true }));
      await expect.poll(() => sts.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      // a new token through the popup's edit form: its expiry replaces the old one's; the old one is never shown
      const exp2 = nowS() + 7200;
      const token2 = jwt({ iss: GH, sub: 'repo:example/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: exp2, iat: nowS() });
      const popup = await b.openPage('src/popup/index.html');
      try {
        await popup.waitForSelector(`[data-id="${added.id}"]`);
        // under its issuer, with the time its token has left (1 h); a search shows it in its home section
        // (it is in "Recent" since the console opened)
        await popup.fill('#search', 'CI deploy');
        await popup.waitForSelector('#identities .source-head');
        expect(await popup.text(`[data-id="${added.id}"] .remaining`)).toMatch(/^(59|60) min$/);
        expect(await popup.evaluate((id) => {
          const rows = [...document.querySelectorAll('#identities > li')];
          const i = rows.findIndex((r) => r.getAttribute('data-id') === id);
          return rows.slice(0, i).reverse().find((r) => r.classList.contains('source-head'))?.textContent;
        }, added.id)).toBe('Web identity · token.actions.githubusercontent.com');
        await popup.click(`[data-id="${added.id}"]`);
        await popup.waitForSelector('#federated-info');
        expect(await popup.text('#federated-info')).toMatch(/its token expires/);
        await popup.click('#edit-identity');
        await popup.waitForSelector('#edit-federated #webIdentityToken');
        expect(await popup.evaluate(() => (document.querySelector('#webIdentityToken') as HTMLInputElement).value, undefined)).toBe('');
        await popup.fill('#webIdentityToken', 'not-a-jwt');
        await popup.click('#edit-federated button[type=submit]');
        await popup.waitForSelector('#webIdentityToken-error');
        await popup.fill('#webIdentityToken', token2);
        await popup.click('#edit-federated button[type=submit]');
        await expect.poll(async () => ((await ok(b.send('identity.list', {}))).identities as any[]).find((v) => v.id === added.id)?.tokenExpiresAt, { timeout: 10_000 }).toBe(exp2 * 1000);
      } finally {
        await popup.close();
      }
      const bad = await b.send('identity.addWebIdentity', { label: 'x', roleArn: CI, webIdentityToken: 'not-a-jwt' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'webIdentityToken' } });
      const expired = await b.send('identity.addWebIdentity', { label: 'x', roleArn: CI, webIdentityToken: jwt({ iss: GH, sub: 's', aud: 'sts.amazonaws.com', exp: nowS() - 60 }) });
      expect(expired).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'webIdentityToken' } });
      expect((expired as any).error.message).toMatch(/expired/i);
    });
  });
}
