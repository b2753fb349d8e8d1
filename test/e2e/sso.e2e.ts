/**
 * IAM Identity Center end to end in real Chromium and Firefox: the built extension against the Identity
 * Center stand-in (OIDC + access portal, test/support/sso-standin.ts) and the STS / sign-in stand-in,
 * which verifies every signature. Device sign-in (the verification page opened in a tab, approved by a
 * click) → sync → identities → credentials → console; chaining; re-sync keeping the user's settings and
 * marking a removed account; a 1,000-account sync with injected 429s; a denied sign-in and an ended
 * session as clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../support/sso-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage, recordEvents, readEvents } from './harness.ts';
import { dumpExtensionStorage } from './secret-forms.ts';

const PASS = 'correct horse battery staple';


for (const kind of KINDS) {
  describe(`IAM Identity Center: ${kind}`, () => {
    let sts: Standin;
    let sso: SsoStandin;
    let b: ExtensionBrowser;
    let events: ExtPage;
    let sourceId = '';
    const events$ = async (name: string) => (await events.evaluate(readEvents, undefined)).filter((e: any) => e.event === name) as any[];
    const sources = async () => (await ok(b.send('sso.sources', {}))).sources as any[];
    const ssoViews = async () => ((await ok(b.send('identity.list', {}))).identities as any[]).filter((v) => v.kind === 'sso');

    /** Signs in as a user would: the tab Sigvault opened shows the code; Allow is clicked on that page. */
    async function signIn(action: 'allow' | 'deny'): Promise<string> {
      const started = await ok(b.send('sso.signIn', { sourceId }));
      expect(started.userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      const tab = await b.waitForTab(`${sso.url}/oidc/device?user_code=${started.userCode}`);
      expect(tab.text).toContain(started.userCode);
      const page = await b.openWebPage(tab.url);
      await page.click(`#${action}`);
      await page.waitForSelector('#result');
      await page.close();
      return started.userCode;
    }

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
      events = await b.openPage('src/options/index.html');
      await events.evaluate(recordEvents, undefined);
    });
    afterAll(async () => {
      await b?.close();
      await sso?.stop();
      await sts?.stop();
    });

    it('refuses a start URL that is not Identity Center, and an endpoint nobody confirmed', async () => {
      expect(await b.send('sso.addSource', { label: 'x', startUrl: 'https://evil.example/start', region: 'us-east-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'startUrl' } });
      expect(await b.send('settings.set', { endpoints: { aws: { oidc: 'http://127.0.0.1:9/oidc' } } })).toMatchObject({ ok: false, error: { code: 'CONFIRM_ENDPOINT', field: 'endpoints.aws.oidc' } });
      expect((await sources()).length).toBe(0);
    });

    it('device sign-in: the verification page opens in a tab; approving it signs in and the first sync adds one identity per account and role', async () => {
      sourceId = (await ok(b.send('sso.addSource', { label: 'Example org', startUrl: sso.startUrl, region: 'us-east-1' }))).id;
      expect(await sources()).toEqual([{ id: sourceId, label: 'Example org', startUrl: sso.startUrl, region: 'us-east-1', signedIn: false, identities: 0 }]);
      await signIn('allow');
      await expect.poll(async () => (await sources())[0]?.identities, { timeout: 20_000 }).toBe(4);
      const [source] = await sources();
      expect(source).toMatchObject({ signedIn: true, lastSync: { accounts: 3, roles: 4 } });
      expect(source.tokenExpiresAt).toBeGreaterThan(Date.now());
      expect((await events$('sso.changed')).some((e) => e.sourceId === sourceId && e.signedIn)).toBe(true);
      expect((await events$('sso.progress')).at(-1)).toMatchObject({ sourceId, done: 3, total: 3 });
      const views = await ssoViews();
      expect(views.map((v) => `${v.label}|${v.accountId}|${v.roleName}`).sort()).toEqual([
        'Production / AdministratorAccess|111111111111|AdministratorAccess',
        'Production / ReadOnlyAccess|111111111111|ReadOnlyAccess',
        'Sandbox / PowerUserAccess|333333333333|PowerUserAccess',
        'Staging / AdministratorAccess|222222222222|AdministratorAccess',
      ]);
      // the list names the source it groups them under, signed in (the stand-in hands out refresh tokens: no end shown)
      expect((await ok(b.send('identity.list', {}))).sources).toEqual([{ key: `sso:${sourceId}`, name: 'Example org', signedIn: true }]);
      // no token, client secret or device code AWS handed out is in any storage unsealed, or in what pages get
      const secrets = sso.issuedSecrets();
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      const stored = await b.inBackground(dumpExtensionStorage);
      const pages = JSON.stringify([await sources(), await ok(b.send('identity.list', {})), await events$('sso.changed')]);
      for (const secret of secrets) {
        expect(stored.includes(secret), 'a secret in storage').toBe(false);
        expect(pages.includes(secret), 'a secret sent to a page').toBe(false);
      }
    });

    it('credentials come from GetRoleCredentials, test as the permission set role, open the console, and chain to a further role (1 h cap)', async () => {
      const admin = (await ssoViews()).find((v) => v.accountId === '111111111111' && v.roleName === 'AdministratorAccess');
      const who = await ok(b.send('identity.test', { id: admin.id }));
      expect(who.arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/user@example\.com$/);
      expect(sso.count('/portal/federation/credentials')).toBe(1);
      // cached: a second use calls nothing
      await ok(b.send('session.resolve', { id: admin.id }));
      expect(sso.count('/portal/federation/credentials')).toBe(1);
      const before = sts.state.logins.length;
      const opened = await ok(b.send('console.open', { id: admin.id, newTab: true }));
      expect(opened).toBeTruthy();
      await expect.poll(() => sts.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      expect(sts.state.logins.at(-1)!.arn).toBe(who.arn);
      // a role sourced from the Identity Center role: role chaining
      const deploy = 'arn:aws:iam::444444444444:role/Deploy';
      sts.addRole({ arn: deploy, trust: { principals: [sso.roleArn('111111111111', 'AdministratorAccess')] }, maxSessionDuration: 43_200 });
      const role = await ok(b.send('identity.addRole', { label: 'Deploy', roleArn: deploy, sourceId: admin.id, durationSeconds: 7200 }));
      const r = await ok(b.send('session.resolve', { id: role.id }));
      expect(r.arn).toBe('arn:aws:sts::444444444444:assumed-role/Deploy/Production-AdministratorAccess');
      expect(r.notice).toMatch(/1 hour/);
      await ok(b.send('identity.remove', { id: role.id }));
    });

    it('re-sync keeps the label, colour and favorite, marks a removed account, and brings back one listed again', async () => {
      const views = await ssoViews();
      const staging = views.find((v) => v.accountId === '222222222222');
      const sandbox = views.find((v) => v.accountId === '333333333333');
      await ok(b.send('identity.update', { id: staging.id, label: 'Staging admin', color: '#aa3300' }));
      await ok(b.send('identity.favorite', { id: staging.id, favorite: true }));
      sso.setAccounts([
        { accountId: '111111111111', accountName: 'Production (renamed)', roles: ['AdministratorAccess', 'ReadOnlyAccess'] },
        { accountId: '222222222222', accountName: 'Staging', roles: ['AdministratorAccess'] },
      ]);
      const r = await ok(b.send('sso.sync', { sourceId }));
      expect(r).toMatchObject({ accounts: 2, roles: 3, added: 0, updated: 2, vanished: 1 });
      const after = await ssoViews();
      expect(after.find((v) => v.id === staging.id)).toMatchObject({ label: 'Staging admin', color: '#aa3300' });
      expect(after.find((v) => v.id === sandbox.id)?.vanishedAt).toBeGreaterThan(0);
      expect(after.find((v) => v.accountId === '111111111111')?.accountName).toBe('Production (renamed)');
      const list = await ok(b.send('identity.list', {}));
      expect(list.prefs.favorites).toContain(staging.id);
      sso.setAccounts([...sso.accounts(), { accountId: '333333333333', accountName: 'Sandbox', roles: ['PowerUserAccess'] }]);
      const again = await ok(b.send('sso.sync', { sourceId }));
      expect(again).toMatchObject({ added: 0, vanished: 0 });
      expect((await ssoViews()).find((v) => v.id === sandbox.id)?.vanishedAt).toBeUndefined();
    });

    it('1,000 accounts × 3 roles with injected 429s: every page read once, throttled requests retried, 3,000 identities', async () => {
      sso.setAssignments(1000, 3);
      sso.resetLog();
      sso.throttleRate(0.03);
      const r = await ok(b.send('sso.sync', { sourceId }));
      sso.throttleRate(0);
      expect(r).toMatchObject({ accounts: 1000, roles: 3000, added: 3000 });
      const throttled = sso.count(undefined, 429);
      expect(throttled).toBeGreaterThan(0);
      const accountPages = sso.count('/portal/assignment/accounts', 200);
      expect(sso.count('/portal/assignment/roles', 200)).toBe(1000);
      expect(r.requests).toBe(accountPages + 1000 + throttled);
      expect((await ssoViews()).filter((v) => !v.vanishedAt).length).toBe(3000);
    }, 180_000);

    it('an expired access token is refreshed with the refresh token (sealed again); nothing asks the user', async () => {
      sso.expireAccessTokens();
      const before = sso.count('/oidc/token');
      const id = (await ssoViews()).find((v) => v.accountId === '100000000002')!.id;
      const who = await ok(b.send('identity.test', { id }));
      expect(who.account).toBe('100000000002');
      expect(sso.count('/oidc/token')).toBe(before + 1);
      expect((await sources())[0]).toMatchObject({ signedIn: true });
      expect((await sources())[0].tokenExpiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    });

    it('a denied sign-in and an ended session are clear errors; nothing is lost', async () => {
      await signIn('deny');
      await expect.poll(async () => (await events$('sso.changed')).some((e) => e.sourceId === sourceId && e.error), { timeout: 15_000 }).toBe(true);
      expect((await events$('sso.changed')).find((e) => e.error)?.error).toMatch(/denied/i);
      expect((await sources())[0].signedIn).toBe(true); // the earlier sign-in still holds
      sso.expireAccessTokens();
      sso.expireRefreshTokens();
      const id = (await ssoViews())[0].id;
      // the access token is still ours to try: the portal's 401 drops the sign-in
      const r = await b.send('session.resolve', { id, forceRefresh: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', recordId: sourceId } });
      expect((await sources())[0].signedIn).toBe(false);
      expect((await ssoViews()).length).toBeGreaterThan(3000);
      // the popup says so in the background's words and offers a new sign-in, which shows the code
      // one whose credentials were never fetched (a cached session would still work: Test would pass)
      const view = (await ssoViews()).find((v) => v.accountId === '222222222222');
      const popup = await b.openPage('src/popup/index.html');
      try {
        await popup.fill('#search', 'staging admin');
        await popup.waitForSelector(`[data-id="${view.id}"]`);
        // grouped by source, then account: the source's heading says its sign-in has ended; the account's
        // heading is the name Identity Center gives it (no alias set)
        expect(await popup.evaluate(() => [...document.querySelectorAll('#identities > li:not(.spacer)')].slice(0, 3).map((h) => `${h.className}: ${h.textContent}`), undefined))
          .toEqual(['source-head: Identity Center · Example orgsign in again', 'group-head: Staging · 222222222222', expect.stringMatching(/^identity/)]);
        expect(await popup.evaluate(() => getComputedStyle(document.querySelector('.source-state')!).color === getComputedStyle(document.querySelector('#search')!).color, undefined)).toBe(false);
        await popup.click(`[data-id="${view.id}"]`);
        await popup.waitForSelector('#federated-info');
        expect(await popup.text('#federated-info')).toMatch(/IAM Identity Center role in Staging/);
        await popup.click('#test-identity');
        await expect.poll(() => popup.text('#details-status'), { timeout: 10_000 }).toMatch(/has ended/);
        await popup.waitForSelector('#sso-sign-in-again');
        expect(await popup.text('#details-status')).toMatch(/Your IAM Identity Center session for "Example org" has ended: sign in again/);
        await popup.click('#sso-sign-in-again');
        await expect.poll(() => popup.text('#details-status'), { timeout: 10_000 }).toMatch(/Approve code [A-Z0-9]{4}-[A-Z0-9]{4}/);
        const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(await popup.text('#details-status'))![1]!;
        const tab = await b.waitForTab(`${sso.url}/oidc/device?user_code=${code}`);
        const page = await b.openWebPage(tab.url);
        await page.click('#allow');
        await page.waitForSelector('#result');
        await page.close();
        await expect.poll(async () => (await sources())[0].signedIn, { timeout: 15_000 }).toBe(true);
        // signed in again: credentials come again (for an account still assigned; Staging no longer is)
        const listed = (await ssoViews()).find((v) => v.accountId === '100000000001');
        expect((await ok(b.send('identity.test', { id: listed.id }))).account).toBe('100000000001');
        expect(await b.send('identity.test', { id: view.id })).toMatchObject({ ok: false, error: { code: 'SSO_ERROR', awsCode: 'ResourceNotFoundException', category: 'not-found' } });
      } finally {
        await popup.close();
      }
    });

    it('a backup brings the source back, signed out: into this vault (merge) and into an empty profile', async () => {
      const backup = await ok(b.send('vault.exportBackup', {}));
      const count = (await ssoViews()).length;
      expect((await ok(b.send('sso.removeSource', { sourceId, removeIdentities: true }))).removedIdentities).toBe(count);
      expect(await sources()).toEqual([]);
      const dry = await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'merge', dryRun: true }));
      expect(dry.preview.notes).toContain('1 IAM Identity Center source is restored signed out: sign in again to use its roles.');
      expect(await sources()).toEqual([]);
      await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'merge' }));
      expect(await sources()).toMatchObject([{ id: sourceId, label: 'Example org', startUrl: sso.startUrl, signedIn: false, identities: count }]);
      // a second restore adds no second source
      expect((await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'merge', dryRun: true }))).preview.notes.join(' ')).not.toMatch(/Identity Center/);
      // into an empty profile: the same, and the roles ask for a sign-in (not an unknown source)
      await ok(b.send('vault.destroy', { confirm: 'DESTROY' }));
      await ok(b.send('vault.importBackup', { backup, passphrase: PASS, mode: 'replace' }));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await sources()).toMatchObject([{ id: sourceId, signedIn: false, identities: count }]);
      const stored = await b.inBackground(dumpExtensionStorage);
      for (const secret of sso.issuedSecrets()) expect(stored.includes(secret), 'a secret in storage').toBe(false);
      const one = (await ssoViews())[0];
      expect(await b.send('identity.test', { id: one.id })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', recordId: sourceId } });
    }, 120_000);
  });
}
