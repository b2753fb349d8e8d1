/**
 * Identities, STS and console sign-in end to end: the built extension in real Chromium and Firefox
 * against the local STS / sign-in stand-in (test/support/sts-standin.ts), which verifies every SigV4
 * signature with @smithy/signature-v4. The stand-in refuses CORS preflights, so these calls only work
 * because the manifest's loopback host permission lets the background skip CORS — as it must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok, recordEvents, readEvents } from './harness.ts';

type R = { ok: boolean; result?: any; error?: any };
import { findLeaks } from './secret-forms.ts';
import { defaultDestination } from '../../src/core/sts/federation.ts';

const PASS = 'correct horse battery staple';
const MFA_CODE = '246810';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const READONLY_ARN = 'arn:aws:iam::333333333333:role/ReadOnly';
const PARTNER_ARN = 'arn:aws:iam::444444444444:role/PartnerAudit';
const EXTERNAL_ID = 'partner-external-id-42';



for (const kind of KINDS) {
  describe(`identities and STS: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let events: ExtPage;
    let alice: IssuedUser;
    const ids: Record<string, string> = {};

    const mfaEvents = async () => (await events.evaluate(readEvents, undefined)).filter((e: any) => e.event === 'mfa.required') as any[];
    /** Sends a request that will need an MFA code, answers the prompt with `code`, returns the reply. */
    const withPrompt = async (send: () => Promise<R>, code: string) => {
      const before = (await mfaEvents()).length;
      const pending = send();
      await expect.poll(async () => (await mfaEvents()).length, { timeout: 15_000 }).toBe(before + 1);
      const prompt = (await mfaEvents()).at(-1);
      await ok(b.send('mfa.provide', { requestId: prompt.requestId, code }));
      return { reply: await pending, prompt };
    };

    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      alice = standin.issueUserKeys({ userName: 'alice', account: '111111111111', mfa: { code: MFA_CODE } });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'], requireMfa: true }, maxSessionDuration: 43_200 });
      standin.addRole({ arn: READONLY_ARN, trust: { principals: [ADMIN_ARN] } });
      standin.addRole({ arn: PARTNER_ARN, trust: { principals: ['111111111111'], externalId: EXTERNAL_ID } });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      events = await b.openPage('src/options/index.html');
      await events.evaluate(recordEvents, undefined);
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('checks IAM user keys with GetCallerIdentity on entry and records account and ARN', async () => {
      const added = await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, mfaSerial: alice.mfaSerial! }));
      expect(added).toMatchObject({ account: '111111111111', arn: alice.arn, isRoot: false });
      ids['alice'] = added.id;
      const calls = standin.state.calls.filter((c) => c.action === 'GetCallerIdentity' && c.accessKeyId === alice.accessKeyId);
      expect(calls.at(-1)).toMatchObject({ status: 200 });
      const list = await ok(b.send('identity.list', {}));
      expect(list.identities[0]).toMatchObject({ label: 'alice', account: '111111111111', arn: alice.arn, mfa: true });
      expect(findLeaks(JSON.stringify(list), { secret: alice.secretAccessKey })).toEqual([]);
    });

    it('refuses keys AWS does not know or whose secret is wrong, with AWS\'s code, and stores nothing', async () => {
      const unknown = await b.send('identity.addUser', { label: 'ghost', accessKeyId: 'AKIAGHOSTGHOSTGHOST1', secretAccessKey: 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'InvalidClientTokenId', hint: expect.any(String) } });
      const wrong = await b.send('identity.addUser', { label: 'typo', accessKeyId: alice.accessKeyId, secretAccessKey: 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'SignatureDoesNotMatch' } });
      expect((await ok(b.send('identity.list', {}))).identities).toHaveLength(1);
    });

    it('stores root-user keys only after the user confirms AWS\'s warning, and marks them', async () => {
      const root = standin.issueUserKeys({ userName: 'root', account: '555555555555', root: true });
      const keys = { label: 'old root keys', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
      const refused = await b.send('identity.addUser', keys);
      expect(refused).toMatchObject({ ok: false, error: { code: 'ROOT_KEYS', message: expect.stringMatching(/root user only to create an administrator/) } });
      const added = await ok(b.send('identity.addUser', { ...keys, confirmRoot: true }));
      expect(added).toMatchObject({ isRoot: true, arn: 'arn:aws:iam::555555555555:root' });
      const view = (await ok(b.send('identity.list', {}))).identities.find((i: any) => i.id === added.id);
      expect(view).toMatchObject({ isRoot: true });
      await ok(b.send('identity.remove', { id: added.id }));
    });

    it('identity.test answers who the keys are', async () => {
      expect(await ok(b.send('identity.test', { id: ids['alice']! }))).toEqual({ account: '111111111111', arn: alice.arn, userId: alice.userId, isRoot: false });
    });

    it('adds roles: cross-account with MFA, chained, and with an external ID; refuses missing sources and loops', async () => {
      // 12 h: longer than a GetSessionToken session may chain, so it is assumed from the long-term keys with the code
      ids['admin'] = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: ids['alice']!, mfaSerial: alice.mfaSerial!, region: 'us-east-1', durationSeconds: 43_200 }))).id;
      ids['readonly'] = (await ok(b.send('identity.addRole', { label: 'read-only', roleArn: READONLY_ARN, sourceId: ids['admin']!, durationSeconds: 7200, region: 'eu-west-1' }))).id;
      ids['partner'] = (await ok(b.send('identity.addRole', { label: 'partner', roleArn: PARTNER_ARN, sourceId: ids['alice']!, externalId: EXTERNAL_ID }))).id;
      expect(await b.send('identity.addRole', { label: 'orphan', roleArn: ADMIN_ARN, sourceId: 'nosuchidentity' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'sourceId' } });
      expect(await b.send('identity.addRole', { label: 'bad arn', roleArn: 'arn:aws:iam::12:role/x', sourceId: ids['alice']! })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'roleArn' } });
      expect(await b.send('identity.update', { id: ids['admin']!, sourceId: ids['readonly']! })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'sourceId' } });
      const views = (await ok(b.send('identity.list', {}))).identities;
      expect(views.find((v: any) => v.id === ids['partner'])).toMatchObject({ kind: 'role', hasExternalId: true });
      expect(JSON.stringify(views)).not.toContain(EXTERNAL_ID);
    });

    it('one MFA prompt serves the whole chain, and the chained role is clamped to 1 hour with a notice', async () => {
      const { reply, prompt } = await withPrompt(() => b.send('session.resolve', { id: ids['readonly']! }), MFA_CODE);
      // one prompt, for the identity asked for, with the device of the user at the root of the chain
      expect(prompt).toMatchObject({ identityId: ids['readonly'], label: 'read-only', mfaSerial: alice.mfaSerial });
      expect(reply).toMatchObject({ ok: true, result: { arn: expect.stringContaining('assumed-role/ReadOnly/'), fromCache: false, notice: expect.stringMatching(/1 hour|3600/) } });
      const expiresIn = reply.result.expiresAt - standin.now();
      expect(expiresIn).toBeGreaterThan(55 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(3600_000);
      expect(JSON.stringify(reply)).not.toMatch(/secretAccessKey|sessionToken/);
      // the admin hop is cached: resolving it needs no prompt
      const before = (await mfaEvents()).length;
      expect(await ok(b.send('session.resolve', { id: ids['admin']! }))).toMatchObject({ fromCache: true });
      expect((await mfaEvents()).length).toBe(before);
    });

    it('cached temporary credentials are sealed: no temporary secret in any store a page can read', async () => {
      // read from the options page open since the start: a page opened and closed at once here closed with
      // its own first requests still unanswered, which Firefox reports as an error of the extension
      const dump = await events.evaluate(async () => {
        const req = indexedDB.open('sigvault');
        const db: IDBDatabase = await new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); });
        const all = await new Promise((res) => { const g = db.transaction('records').objectStore('records').getAll(); g.onsuccess = () => res(g.result); });
        db.close();
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return JSON.stringify({ all, local: await api.storage.local.get(null) });
      }, undefined);
      expect(dump).toContain('"kind":"session"');
      const temps = [...standin.state.temps.values()];
      expect(temps.length).toBeGreaterThan(0);
      const secrets = Object.fromEntries(temps.flatMap((t, i) => [[`secret${i}`, t.secretAccessKey], [`token${i}`, t.sessionToken]]));
      expect(findLeaks(dump, { ...secrets, alice: alice.secretAccessKey })).toEqual([]);
    });

    it('a background restart mid-chain loses nothing: the cached hops are reused without a new prompt', async () => {
      await ok(b.send('session.resolve', { id: ids['readonly']!, forceRefresh: false }));
      await b.stopBackground();
      const before = (await mfaEvents()).length;
      const again = await ok(b.send('session.resolve', { id: ids['readonly']! }));
      expect(again.fromCache).toBe(true);
      expect((await mfaEvents()).length).toBe(before);
    });

    it('exports temporary credentials as CLI text on request, and empties the clipboard afterwards', async () => {
      const { text, expiresAt } = await ok(b.send('session.export', { id: ids['admin']!, format: 'env' }));
      const akid = /export AWS_ACCESS_KEY_ID='(ASIA[A-Z0-9]+)'/.exec(text)?.[1];
      expect(akid && standin.temp(akid)?.arn).toContain('assumed-role/Admin/');
      expect(text).toMatch(/export AWS_SECRET_ACCESS_KEY='[A-Za-z0-9/+]{40}'/);
      expect(text).toContain(`export AWS_CREDENTIAL_EXPIRATION='${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}'`);
      expect(JSON.parse((await ok(b.send('session.export', { id: ids['admin']!, format: 'credential_process' }))).text)).toMatchObject({ Version: 1, AccessKeyId: akid });
      expect(await b.send('session.export', { id: ids['admin']!, format: 'cmd' as 'env' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'format' } });
      if (b.clipboard) {
        await b.clipboard.write(text); // what the popup does on "copy"
        expect(await b.clipboard.read()).toBe(text);
        await ok(b.send('clipboard.clearLater', { afterMs: 1000 }));
        await expect.poll(() => b.clipboard!.read(), { timeout: 10_000 }).toBe('');
      }
    });

    it('interactive: false never prompts: a needed code is MFA_REQUIRED', async () => {
      const before = (await mfaEvents()).length;
      expect(await b.send('session.resolve', { id: ids['admin']!, forceRefresh: true, interactive: false })).toMatchObject({ ok: false, error: { code: 'MFA_REQUIRED', mfaSerial: alice.mfaSerial } });
      expect((await mfaEvents()).length).toBe(before);
    });

    it('a wrong MFA code at a prompt is asked again (mfa.provide answers with the new prompt); the right one then works', async () => {
      const before = (await mfaEvents()).length;
      const pending = b.send('session.resolve', { id: ids['admin']!, forceRefresh: true });
      await expect.poll(async () => (await mfaEvents()).length, { timeout: 15_000 }).toBe(before + 1);
      const first = (await mfaEvents()).at(-1);
      const answer = await ok(b.send('mfa.provide', { requestId: first.requestId, code: '000000' }));
      expect(answer).toMatchObject({ accepted: true, retry: { identityId: ids['admin'], mfaSerial: alice.mfaSerial, attempt: 2, error: expect.stringMatching(/wrong or already used/) } });
      expect(answer.retry.requestId).not.toBe(first.requestId);
      await expect.poll(async () => (await mfaEvents()).length).toBe(before + 2);
      expect((await mfaEvents()).at(-1)).toMatchObject({ requestId: answer.retry.requestId, error: answer.retry.error, attempt: 2 });
      expect(await ok(b.send('mfa.provide', { requestId: answer.retry.requestId, code: MFA_CODE }))).toEqual({ accepted: true });
      expect(await pending).toMatchObject({ ok: true, result: { fromCache: false } });
    });

    it('after 3 wrong codes AWS\'s error stands; a wrong mfaCode in the request is not asked again', async () => {
      const before = (await mfaEvents()).length;
      const pending = b.send('session.resolve', { id: ids['admin']!, forceRefresh: true });
      for (let i = 1; i <= 3; i++) {
        await expect.poll(async () => (await mfaEvents()).length, { timeout: 15_000 }).toBe(before + i);
        const answer = await ok(b.send('mfa.provide', { requestId: (await mfaEvents()).at(-1).requestId, code: '000000' }));
        expect(answer.retry?.attempt).toBe(i < 3 ? i + 1 : undefined);
      }
      expect(await pending).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'AccessDenied', category: 'mfa', hint: expect.any(String) } });
      const asked = (await mfaEvents()).length;
      expect(await b.send('session.resolve', { id: ids['admin']!, forceRefresh: true, mfaCode: '000000' })).toMatchObject({ ok: false, error: { code: 'STS_ERROR', category: 'mfa' } });
      expect((await mfaEvents()).length).toBe(asked);
      expect(await ok(b.send('session.resolve', { id: ids['admin']!, forceRefresh: true, mfaCode: MFA_CODE }))).toMatchObject({ fromCache: false });
    });

    it('opens the console for a role: the tab posts the login form to the sign-in endpoint with a valid token', async () => {
      const before = standin.state.logins.length;
      const opened = await ok(b.send('console.open', { id: ids['admin']!, newTab: true }));
      expect(opened.tabId).toEqual(expect.any(Number));
      expect(opened.destination).toBe(defaultDestination('aws', 'us-east-1'));
      const tab = await b.waitForTab(`${standin.url}/federation`);
      expect(tab.text).toContain('assumed-role/Admin/');
      expect(tab.url).toBe(`${standin.url}/federation`); // a POST: no token in the address
      expect(standin.state.logins.length).toBe(before + 1);
      expect(standin.state.logins.at(-1)).toMatchObject({ method: 'POST', arn: expect.stringContaining(':assumed-role/Admin/'), destination: opened.destination, issuer: 'Sigvault' });
      expect(standin.state.logins.at(-1)!.sessionDuration).toBe(43_200); // admin was assumed with long-term keys: SessionDuration allowed
    });

    it('opens the console for an IAM user through GetFederationToken, with a deep link', async () => {
      const destination = 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1';
      const opened = await ok(b.send('console.open', { id: ids['alice']!, destination }));
      expect(opened.destination).toBe(destination);
      expect(opened.notices.join(' ')).toMatch(/MFA/);
      await expect.poll(() => standin.state.logins.at(-1)?.destination).toBe(destination);
      expect(standin.state.logins.at(-1)!.arn).toMatch(/:federated-user\//);
      expect(standin.state.calls.some((c) => c.action === 'GetFederationToken' && c.accessKeyId === alice.accessKeyId && c.status === 200)).toBe(true);
      expect(await b.send('console.open', { id: ids['alice']!, destination: 'https://evil.example/phish' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'destination' } });
      // a configured session policy goes with GetFederationToken (the stand-in reports PackedPolicySize for it)
      await ok(b.send('settings.set', { federationPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }));
      const before = standin.state.logins.length;
      await ok(b.send('console.open', { id: ids['alice']! }));
      await expect.poll(() => standin.state.logins.length).toBe(before + 1);
      await ok(b.send('settings.set', { federationPolicy: '' }));
    });

    it('a role that needs an external ID works with it; without it AWS\'s AccessDenied surfaces', async () => {
      // alice has MFA: her MFA session (one prompt) is the source, and is cached for the next hop
      const { reply } = await withPrompt(() => b.send('session.resolve', { id: ids['partner']! }), MFA_CODE);
      expect(reply).toMatchObject({ ok: true, result: { arn: expect.stringContaining('assumed-role/PartnerAudit/') } });
      await ok(b.send('identity.update', { id: ids['partner']!, externalId: null }));
      expect(await b.send('session.resolve', { id: ids['partner']! })).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'AccessDenied' } });
      await ok(b.send('identity.update', { id: ids['partner']!, externalId: EXTERNAL_ID }));
    });

    it('retries throttling, corrects clock skew from the server\'s Date, and explains a disabled region', async () => {
      standin.throttleNext(2);
      expect(await ok(b.send('identity.test', { id: ids['alice']! }))).toMatchObject({ account: '111111111111' });
      standin.setClockSkew(20 * 60_000);
      expect(await ok(b.send('identity.test', { id: ids['alice']! }))).toMatchObject({ account: '111111111111' });
      standin.setClockSkew(0);
      standin.disableRegion('eu-west-1');
      expect(await b.send('session.resolve', { id: ids['readonly']!, forceRefresh: true, mfaCode: MFA_CODE })).toMatchObject({ ok: false, error: { code: 'STS_ERROR', awsCode: 'RegionDisabledException', hint: expect.any(String) } });
      standin.enableRegion('eu-west-1');
    });

    it('expired credentials in the cache are replaced by walking the chain again', async () => {
      const admin = [...standin.state.temps.values()].filter((t) => t.arn.includes('assumed-role/Admin/')).at(-1)!;
      standin.expire(admin.accessKeyId);
      expect(await ok(b.send('identity.test', { id: ids['readonly']!, mfaCode: MFA_CODE }))).toMatchObject({ arn: expect.stringContaining('assumed-role/ReadOnly/') });
    });

    it('a custom non-loopback endpoint needs a granted host permission first', async () => {
      await ok(b.send('settings.set', { endpoints: { aws: { sts: 'https://sts.example.com' } }, confirmEndpoint: true }));
      expect(await b.send('identity.test', { id: ids['alice']! })).toMatchObject({ ok: false, error: { code: 'PERMISSION_REQUIRED', origin: 'https://sts.example.com/*' } });
      expect(await b.send('settings.set', { endpoints: { aws: { sts: 'http://sts.example.com' } }, confirmEndpoint: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'endpoints.aws.sts' } });
      await useStandin(b, standin.url);
    });

    it('lock forgets temporary credentials in memory and cancels a pending MFA prompt', async () => {
      const before = (await mfaEvents()).length;
      const pending = b.send('session.resolve', { id: ids['admin']!, forceRefresh: true });
      await expect.poll(async () => (await mfaEvents()).length).toBe(before + 1);
      await ok(b.send('vault.lock', {}));
      expect(await pending).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await b.send('session.resolve', { id: ids['admin']! })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await ok(b.send('session.resolve', { id: ids['admin']! }))).toMatchObject({ fromCache: true }); // from the sealed cache
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
