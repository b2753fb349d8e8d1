/**
 * Issue 10, security items 1–3, in real Chromium and Firefox against the STS / sign-in stand-in (which
 * verifies every SigV4 signature):
 * 1. endpoint overrides and lock settings are sealed in the vault: a locked browser cannot change them, a
 *    profile edit cannot plant them, an endpoint that is not AWS's own needs the user to confirm its URL,
 *    and the popup says when one is in force;
 * 2. the sign-in token never becomes a tab's address: another extension with `tabs` and `history` sees
 *    none of it;
 * 3. a lock while a sign-in or an STS call is in flight aborts it: no tab, nothing cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
// docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1): a plain `npm test` leaves tracked files alone
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';


/** A server of "someone else": it only counts what reaches it. */
async function startAttacker(): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"SigninToken":"stolen"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

for (const kind of KINDS) {
  describe(`hardening (issue 10): ${kind}`, () => {
    let standin: Standin;
    let attacker: Awaited<ReturnType<typeof startAttacker>>;
    let b: ExtensionBrowser;
    let dev: IssuedUser;
    const ids: Record<string, string> = {};
    const tabCount = () => b.inBackground((g) => (g.browser ?? g.chrome).tabs.query({}).then((t: unknown[]) => t.length));

    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      attacker = await startAttacker();
      dev = standin.issueUserKeys({ userName: 'dev', account: '111111111111' });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'] }, maxSessionDuration: 43_200 });
      b = await launch(kind, { foreign: true });
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      ids['dev'] = (await ok(b.send('identity.addUser', { label: 'dev', accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey, region: 'us-east-1' }))).id;
      ids['admin'] = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: ids['dev']! }))).id;
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
      await attacker?.stop();
    });

    it('1: while locked, endpoints, the session policy and the lock settings cannot be changed', async () => {
      await ok(b.send('vault.lock', {}));
      for (const patch of [
        { endpoints: { aws: { signin: attacker.url, sts: attacker.url } }, confirmEndpoint: true },
        { autoLockMinutes: 1440 },
        { lockOnOsLock: false },
        { federationPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}' },
        { theme: 'dark', autoLockMinutes: 1440 }, // a mixed request changes nothing
      ]) {
        expect(await b.send('settings.set', patch as any), JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      }
      expect(await ok(b.send('settings.get', {}))).toEqual({ defaultRegion: 'us-east-1', theme: 'system', vault: null });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect((await ok(b.send('settings.get', {}))).vault).toMatchObject({
        autoLockMinutes: 15, lockOnOsLock: true, federationPolicy: '', endpoints: { aws: { sts: standin.url, signin: standin.url } },
      });
    });

    it('1: values planted in the profile (storage.local, or a forged settings record) never take effect', async () => {
      await ok(b.send('vault.lock', {}));
      // what the review did: plain JSON in storage.local, as an older version read it
      await b.inBackground((g, url) => (g.browser ?? g.chrome).storage.local.set({
        settings: { stsEndpoint: url, signinEndpoint: url, autoLockMinutes: 1440, lockOnOsLock: false, theme: 'dark', defaultRegion: 'us-east-1' },
      }), attacker.url);
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      const got = await ok(b.send('settings.get', {}));
      expect(got.theme).toBe('dark'); // harmless, and local by design
      expect(got.vault).toMatchObject({ autoLockMinutes: 15, lockOnOsLock: true, endpoints: { aws: { sts: standin.url, signin: standin.url } } });
      const status = await ok(b.send('vault.status', {}));
      expect(status.lockAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      const before = standin.state.logins.length;
      await ok(b.send('console.open', { id: ids['admin']!, newTab: true }));
      await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      expect(attacker.requests).toEqual([]);
      // the planted keys are gone from storage.local with the next local write
      await ok(b.send('settings.set', { theme: 'system' }));
      const stored = await b.inBackground((g) => (g.browser ?? g.chrome).storage.local.get('settings'));
      expect(stored.settings).toEqual({ defaultRegion: 'us-east-1', theme: 'system' });

      // a forged sealed record (another record's ciphertext under the settings id) does not open: defaults
      await b.inBackground((g) => new Promise<void>((resolve, reject) => {
        const req = g.indexedDB.open('sigvault');
        req.onsuccess = () => {
          const tx = req.result.transaction('records', 'readwrite');
          const store = tx.objectStore('records');
          const get = store.get('catalog');
          get.onsuccess = () => store.put({ ...get.result, id: 'settings', kind: 'settings-secret' });
          tx.oncomplete = () => { req.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }), undefined);
      await ok(b.send('vault.lock', {}));
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect((await ok(b.send('settings.get', {}))).vault).toMatchObject({ damaged: true, autoLockMinutes: 15, lockOnOsLock: true, endpoints: { aws: { sts: '', signin: '' } } });
      const options = await b.openPage('src/options/index.html');
      await options.waitForSelector('#settings-damaged');
      expect(await options.text('#settings-damaged')).toMatch(/could not be read/);
      await options.close();
      await useStandin(b, standin.url); // saving writes a good record again
      expect((await ok(b.send('settings.get', {}))).vault).not.toHaveProperty('damaged');
    });

    it('1: an endpoint that is not AWS\'s own is taken only once its URL is confirmed; AWS\'s own hosts need no confirmation', async () => {
      const endpoints = async () => (await ok(b.send('settings.get', {}))).vault.endpoints;
      const before = await endpoints();
      // a host under amazonaws.com that anyone can own (API Gateway): a held host permission is not consent
      const apigw = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
      expect(await b.send('settings.set', { endpoints: { aws: { signin: apigw } } })).toMatchObject({ ok: false, error: { code: 'CONFIRM_ENDPOINT', url: apigw, field: 'endpoints.aws.signin' } });
      expect(await b.send('settings.set', { endpoints: { aws: { sts: attacker.url, signin: attacker.url } } })).toMatchObject({ ok: false, error: { code: 'CONFIRM_ENDPOINT', url: attacker.url, urls: [attacker.url, attacker.url] } });
      expect(await endpoints()).toEqual(before); // nothing saved
      // AWS's own hosts: no confirmation
      await ok(b.send('settings.set', { endpoints: { aws: { sts: 'https://sts.amazonaws.com', signin: 'https://eu-west-1.signin.aws.amazon.com' }, 'aws-cn': { sts: 'https://sts.cn-north-1.amazonaws.com.cn' } } }));
      // …but a China host is not the aws partition's
      expect(await b.send('settings.set', { endpoints: { aws: { sts: 'https://sts.cn-north-1.amazonaws.com.cn' } } })).toMatchObject({ ok: false, error: { code: 'CONFIRM_ENDPOINT' } });
      // confirmed: taken
      await ok(b.send('settings.set', { endpoints: { aws: { signin: apigw } }, confirmEndpoint: true }));
      expect((await endpoints()).aws.signin).toBe(apigw);
      // the value already in force needs no new confirmation
      await useStandin(b, standin.url);
      await ok(b.send('settings.set', { endpoints: { aws: { sts: standin.url } } }));
      expect(attacker.requests).toEqual([]);
    });

    it('1: the popup says an override is in force on every unlocked screen', async () => {
      const popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#endpoint-override');
      if (kind === 'chromium') {
        mkdirSync(SHOTS, { recursive: true });
        await popup.screenshot(`${SHOTS}/popup-endpoint-override.png`);
      }
      expect(await popup.text('#endpoint-override')).toBe(`Custom STS and sign-in endpoint (aws, aws-cn, aws-us-gov): ${standin.url}`);
      for (const [button, screen] of [['#add-user-button', 'addUser'], ['#back-button', 'list'], ['#add-role-button', 'addRole'], ['#back-button', 'list'], ['#import-button', 'import']] as const) {
        await popup.click(button);
        await popup.waitForSelector(`.app[data-screen="${screen}"] #endpoint-override`);
      }
      await popup.click('#back-button');
      await ok(b.send('settings.set', { endpoints: { aws: { sts: '', signin: '' }, 'aws-cn': { sts: '', signin: '' }, 'aws-us-gov': { sts: '', signin: '' } } }));
      await popup.close();
      const again = await b.openPage('src/popup/index.html');
      await again.waitForSelector('.app[data-screen="list"] #identities'); // the overrides come with the list
      expect(await again.evaluate(() => document.getElementById('endpoint-override'), undefined)).toBeNull();
      await again.close();
      await useStandin(b, standin.url);
    });

    it('2: the sign-in token is never a tab address nor in History: another extension with tabs and history sees none of it', async () => {
      const before = standin.state.logins.length;
      const opened = await ok(b.send('console.open', { id: ids['admin']!, newTab: true }));
      await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      const tokens = [...standin.state.signinTokens.keys()];
      await expect.poll(async () => (await b.foreignObserved()).urls.some((u) => u.startsWith(`${standin.url}/federation`)), { timeout: 15_000 }).toBe(true);
      // a page visited by GET is in History once recorded: the observer does read History
      const probe = `${standin.url}/?history-probe`;
      await b.inBackground((g, url) => (g.browser ?? g.chrome).tabs.create({ url, active: false }).then(() => undefined), probe);
      await expect.poll(async () => (await b.foreignObserved()).history, { timeout: 15_000 }).toContain(probe);
      const seen = await b.foreignObserved();
      const all = [...seen.urls, ...seen.history];
      expect(all.filter((u) => /SigninToken|Action=login/.test(u) || tokens.some((t) => u.includes(t)))).toEqual([]);
      expect(standin.state.logins.at(-1)).toMatchObject({ method: 'POST', destination: opened.destination });
      // the observer did see the sign-in page with its one-time id: the id is worthless now
      const page = seen.urls.find((u) => u.startsWith(`${b.origin}/src/signin/index.html#`));
      expect(page).toBeDefined();
      const id = page!.slice(page!.indexOf('#') + 1);
      expect(await b.send('signin.handoff', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // and not from a page that is not the sign-in page in its tab, even while fresh
      expect(await b.send('signin.handoff', { id: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('3: a lock while console.open waits for the sign-in token aborts the exchange and opens no tab', async () => {
      const tabs = await tabCount();
      const logins = standin.state.logins.length;
      const hold = standin.hold('getSigninToken');
      const pending = b.send('console.open', { id: ids['admin']!, newTab: true });
      await hold.arrived;
      await ok(b.send('vault.lock', {}));
      expect(await pending).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await hold.clientGone).toBe(true); // the fetch was aborted, not left to finish
      hold.release();
      await new Promise((r) => setTimeout(r, 1000));
      expect(await tabCount()).toBe(tabs);
      expect(standin.state.logins.length).toBe(logins);
      await ok(b.send('vault.unlock', { passphrase: PASS }));
    });

    it('3: a lock while AssumeRole is in flight aborts it; the credentials it would have brought are never cached', async () => {
      const cached = await ok(b.send('session.resolve', { id: ids['admin']! }));
      const hold = standin.hold('AssumeRole');
      const pending = b.send('session.resolve', { id: ids['admin']!, forceRefresh: true });
      await hold.arrived;
      await ok(b.send('vault.lock', {}));
      expect(await pending).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await hold.clientGone).toBe(true);
      hold.release();
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await ok(b.send('session.resolve', { id: ids['admin']! }))).toMatchObject({ fromCache: true, expiresAt: cached.expiresAt });
    });

    it('9: overrides are per partition, each signed for its own region: a global-style endpoint gets us-east-1 once the user says so', async () => {
      // a second stand-in that, like sts.amazonaws.com, accepts only credentials scoped to us-east-1
      const global = await startStandin({ cors: false, scopeRegions: ['us-east-1'] });
      try {
        const eu = global.issueUserKeys({ userName: 'eu', account: '111111111111' });
        const { id } = await ok(b.send('identity.addUser', { label: 'eu', accessKeyId: eu.accessKeyId, secretAccessKey: eu.secretAccessKey, region: 'eu-west-1', check: false }));
        // only the aws partition goes to it; the China and GovCloud overrides stay on the other stand-in
        await ok(b.send('settings.set', { endpoints: { aws: { sts: global.url } }, confirmEndpoint: true }));
        expect(await b.send('identity.test', { id })).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'SignatureDoesNotMatch', category: 'signing-region' } });
        expect(global.state.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 403 });
        await ok(b.send('settings.set', { endpoints: { aws: { stsSigningRegion: 'us-east-1' } } }));
        expect(await ok(b.send('identity.test', { id }))).toMatchObject({ account: '111111111111', arn: eu.arn });
        expect(global.state.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', region: 'us-east-1', status: 200 });
        expect((await ok(b.send('settings.get', {}))).vault.endpoints).toMatchObject({ aws: { sts: global.url, stsSigningRegion: 'us-east-1' }, 'aws-cn': { sts: standin.url } });
        await ok(b.send('identity.remove', { id }));
      } finally {
        await useStandin(b, standin.url);
        await ok(b.send('settings.set', { endpoints: { aws: { stsSigningRegion: '' } } }));
        await global.stop();
      }
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
