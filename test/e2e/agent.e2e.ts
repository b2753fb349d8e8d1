/**
 * The signing agent end to end in the built extension, in real Chromium and Firefox: a demo page served
 * on 127.0.0.1 loads the client (agent/sigvault-agent.js) and asks for signatures through the bridge
 * content script Sigvault registers for approved origins only. What it gets is sent by the test to the
 * local stand-ins, which verify every signature with @smithy/signature-v4: S3 on an AWS host name (the
 * services stand-in, reached with that Host header) and STS GetCallerIdentity at the user's custom STS
 * endpoint (the STS stand-in, configured as a LocalStack user would: no test-only bypass of the host
 * check). Refusals: no grant (NOT_AVAILABLE: no bridge), another origin on the same host (NOT_APPROVED),
 * an identity not granted, a host that is not AWS's nor a custom endpoint (HOST_NOT_ALLOWED), past the
 * rate limit (RATE_LIMITED), a locked vault (LOCKED), after revocation (NOT_APPROVED on the open page,
 * NOT_AVAILABLE once reloaded). No reply to a page holds the secret key or a session token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { keysOf, startServicesStandin, type ServicesStandin } from '../support/services-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';
import { findLeaks } from './secret-forms.ts';
import { seriousA11yViolations } from './axe.ts';

const PASS = 'correct horse battery staple';
/** UPDATE_SCREENSHOTS=1 (Chromium) refreshes docs/screenshots/agent-*.png. */
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const CLIENT = readFileSync('agent/sigvault-agent.js', 'utf8');
const DEMO = '<!doctype html><meta charset="utf-8"><title>agent demo</title><script type="module">import { SigvaultAgent } from "/sigvault-agent.js"; globalThis.demoReady = !!SigvaultAgent;</script><p>demo</p>';

/** A static server for the demo page and the client on 127.0.0.1 (each port is another origin). */
async function demoServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/sigvault-agent.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(CLIENT);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(DEMO);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Sends what the page got to the stand-in at `standinUrl`, with the Host of `url` (a signed header). */
function sendAs(standinUrl: string, signed: { method: string; url: string; headers: Record<string, string> }, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(signed.url);
  const s = new URL(standinUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: s.hostname, port: s.port, path: u.pathname + u.search, method: signed.method, headers: { ...signed.headers, Host: u.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type PageResult = { ok: true; value: any } | { ok: false; code: string; message: string };

/** Calls `SigvaultAgent[fn](arg)` in the page; the outcome as data. */
async function agent(page: ExtPage, fn: 'sign' | 'presign', arg: Record<string, unknown>): Promise<PageResult> {
  return page.evaluate(async ([f, a]) => {
    for (let i = 0; i < 100 && !(globalThis as any).demoReady; i++) await new Promise((r) => setTimeout(r, 50));
    try {
      return { ok: true, value: await (globalThis as any).SigvaultAgent[f](a) };
    } catch (e) {
      return { ok: false, code: (e as any).code, message: (e as Error).message };
    }
  }, [fn, arg] as [string, Record<string, unknown>]) as Promise<PageResult>;
}

const code = (r: PageResult): string => (r.ok ? 'ok' : r.code);

/** The bridge's registration as the browser holds it: its match patterns, or null when unregistered. */
async function bridgeMatches(b: ExtensionBrowser): Promise<string[] | null> {
  return b.inBackground(async (g) => {
    const got = await (g.browser ?? g.chrome).scripting.getRegisteredContentScripts({ ids: ['sigvault-agent-bridge'] });
    return got.length ? [...got[0].matches].sort() : null;
  });
}

for (const kind of KINDS) {
  describe(`signing agent: ${kind}`, () => {
    let sts: Standin;
    let svc: ServicesStandin;
    let b: ExtensionBrowser;
    let alice: IssuedUser;
    let carol: IssuedUser;
    let site: { server: Server; origin: string };
    let other: { server: Server; origin: string };
    const ids: Record<string, string> = {};
    /** Every reply any page got, to check for secrets at the end. */
    const replies: string[] = [];
    const secrets = (): Record<string, string> => {
      const out: Record<string, string> = { alice: alice.secretAccessKey, carol: carol.secretAccessKey };
      for (const t of sts.state.temps.values()) {
        out[`secret ${t.accessKeyId}`] = t.secretAccessKey;
        out[`token ${t.accessKeyId}`] = t.sessionToken;
      }
      return out;
    };
    const call = async (page: ExtPage, fn: 'sign' | 'presign', arg: Record<string, unknown>) => {
      const r = await agent(page, fn, arg);
      replies.push(JSON.stringify(r));
      return r;
    };
    const sts4 = () => ({ method: 'POST', url: `${sts.url}/`, service: 'sts', region: 'us-east-1', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });

    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      svc = await startServicesStandin({ keys: keysOf(sts), clock: () => sts.now() });
      alice = sts.issueUserKeys({ userName: 'alice', account: '111111111111' });
      carol = sts.issueUserKeys({ userName: 'carol', account: '333333333333' });
      sts.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'] }, maxSessionDuration: 43_200 });
      site = await demoServer();
      other = await demoServer();
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      ids['user'] = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, region: 'us-east-1' }))).id;
      ids['carol'] = (await ok(b.send('identity.addUser', { label: 'carol', accessKeyId: carol.accessKeyId, secretAccessKey: carol.secretAccessKey, region: 'us-east-1' }))).id;
      ids['role'] = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: ids['user']!, durationSeconds: 3600, region: 'us-east-1' }))).id;
    });
    afterAll(async () => {
      await b?.close();
      await svc?.stop();
      await sts?.stop();
      site?.server.close();
      other?.server.close();
    });

    it('a page without approval finds no agent (no bridge on it)', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      // the client's own timeout: no bridge acknowledged the request
      expect(await call(page, 'sign', sts4())).toMatchObject({ ok: false, code: 'NOT_AVAILABLE', message: 'Sigvault is not available on this page.' });
      await page.close();
      expect((await ok(b.send('agent.grants', {}))).grants).toEqual([]);
    });

    it('agent.grant checks the origin, the identity, the expiry and the host permission; agent.grants lists it', async () => {
      const bad = await b.send('agent.grant', { origin: 'http://example.com', identityId: ids['user']! });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'origin' } });
      expect(await b.send('agent.grant', { origin: site.origin, identityId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await b.send('agent.grant', { origin: site.origin, identityId: ids['user']!, until: Date.now() - 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const https = await b.send('agent.grant', { origin: 'https://app.example.test', identityId: ids['user']! });
      expect(https).toMatchObject({ ok: false, error: { code: 'PERMISSION_REQUIRED', origin: 'https://app.example.test/*' } });

      expect(await bridgeMatches(b)).toBeNull();
      const g = await ok(b.send('agent.grant', { origin: `${site.origin}/any/path`, identityId: ids['user']! }));
      expect(await bridgeMatches(b)).toEqual(['http://127.0.0.1/*']);
      expect(g.grant).toMatchObject({ origin: site.origin, identityId: ids['user'], identityLabel: 'alice' });
      expect(g.grant.until).toBeUndefined();
      expect((await ok(b.send('agent.grants', {}))).grants).toEqual([expect.objectContaining({ origin: site.origin, identityId: ids['user'], identityLabel: 'alice' })]);
    });

    it('an approved page gets signatures that the stand-ins verify, and never a secret', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      // STS GetCallerIdentity at the user's custom STS endpoint (the STS stand-in)
      const me = await call(page, 'sign', sts4());
      expect(me.ok).toBe(true);
      const signed = (me as { value: { method: string; url: string; headers: Record<string, string> } }).value;
      expect(signed.method).toBe('POST');
      expect(signed.headers['Authorization']).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${alice.accessKeyId}/\\d{8}/us-east-1/sts/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`));
      expect(signed.headers['X-Amz-Date']).toMatch(/^\d{8}T\d{6}Z$/);
      const sent = await sendAs(sts.url, signed, sts4().body);
      expect(sent.status).toBe(200);
      expect(sent.text).toContain(`<Arn>${alice.arn}</Arn>`);

      // S3 PutObject on an AWS host name, sent to the services stand-in with that Host
      const put = await call(page, 'sign', { method: 'PUT', url: 'https://s3.us-east-1.amazonaws.com/sigvault-demo/agent.txt', headers: { 'Content-Type': 'text/plain' }, body: `hello from ${kind}` });
      expect(put.ok).toBe(true);
      const putSigned = (put as { value: { method: string; url: string; headers: Record<string, string> } }).value;
      expect(putSigned.headers['X-Amz-Content-SHA256'] ?? putSigned.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect((await sendAs(svc.url, putSigned, `hello from ${kind}`)).status).toBe(200);
      expect(svc.objects.get('sigvault-demo/agent.txt')?.body.toString()).toBe(`hello from ${kind}`);
      expect(svc.calls.at(-1)).toMatchObject({ service: 's3', action: 'PutObject', status: 200, auth: 'header', accessKeyId: alice.accessKeyId });

      // a presigned GET of it, verified by the stand-in too
      const pre = await call(page, 'presign', { method: 'GET', url: 'https://s3.us-east-1.amazonaws.com/sigvault-demo/agent.txt', expiresIn: 300 });
      expect(pre.ok).toBe(true);
      const preUrl = (pre as { value: { url: string; expiresAt: number } }).value;
      expect(preUrl.expiresAt).toBeGreaterThan(Date.now());
      expect(preUrl.url).toContain('X-Amz-Signature=');
      const got = await sendAs(svc.url, { method: 'GET', url: preUrl.url, headers: {} });
      expect(got).toEqual({ status: 200, text: `hello from ${kind}` });

      // the role: temporary credentials; the token travels only as the header AWS requires
      await ok(b.send('agent.grant', { origin: site.origin, identityId: ids['role']! }));
      const asRole = await call(page, 'sign', { ...sts4(), identity: 'admin' });
      expect(asRole.ok).toBe(true);
      const roleSigned = (asRole as { value: { method: string; url: string; headers: Record<string, string> } }).value;
      const roleOut = await sendAs(sts.url, roleSigned, sts4().body);
      expect(roleOut.status).toBe(200);
      expect(roleOut.text).toContain('assumed-role/Admin/');
      const temp = [...sts.state.temps.values()].find((t) => roleSigned.headers['Authorization']!.includes(t.accessKeyId))!;
      expect(roleSigned.headers['X-Amz-Security-Token']).toBe(temp.sessionToken);
      const { ['X-Amz-Security-Token']: _token, ...rest } = roleSigned.headers;
      expect(findLeaks(JSON.stringify({ ...roleSigned, headers: rest }), secrets())).toEqual([]);
      await page.close();
    });

    it('refuses a host that is neither AWS nor a custom endpoint, an identity not granted, and bad input', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      expect(code(await call(page, 'sign', { method: 'GET', url: 'https://example.com/' }))).toBe('HOST_NOT_ALLOWED');
      // a loopback stand-in the user did not list is not allowed for being loopback
      expect(code(await call(page, 'sign', { method: 'GET', url: `${svc.url}/sigvault-demo/agent.txt`, service: 's3', region: 'us-east-1' }))).toBe('HOST_NOT_ALLOWED');
      expect(code(await call(page, 'presign', { method: 'GET', url: 'https://evil.example/x', expiresIn: 60 }))).toBe('HOST_NOT_ALLOWED');
      expect(code(await call(page, 'sign', { ...sts4(), identity: 'nobody' }))).toBe('NOT_APPROVED');
      // another identity for a host that would be refused: refused at once, nobody is asked in a prompt
      expect(code(await call(page, 'sign', { method: 'GET', url: 'https://example.com/', identity: 'carol' }))).toBe('HOST_NOT_ALLOWED');
      await expect(b.waitForTab(`${b.origin}/src/agent/prompt.html?id=`, 1_500)).rejects.toThrow();
      expect(code(await call(page, 'sign', { method: 'GET', url: 'not a url' }))).toBe('INVALID_INPUT');
      expect(code(await call(page, 'sign', { method: 'GET', url: 'https://sts.amazonaws.com/', body: 'x' }))).toBe('INVALID_INPUT');
      await page.close();
    });

    it('an approved page asking for another identity waits for the prompt window: deny, then allow once', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      const prompt = `${b.origin}/src/agent/prompt.html?id=`;
      const denied = call(page, 'sign', { ...sts4(), identity: 'carol' });
      let shown = await b.waitForTab(prompt);
      // loaded, then rendered once the background answered agent.pending
      for (let i = 0; i < 50 && !shown.text.includes('GetCallerIdentity'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        shown = await b.waitForTab(prompt);
      }
      for (const text of [site.origin, 'carol', 'POST', new URL(sts.url).host, 'sts', 'GetCallerIdentity']) expect(shown.text).toContain(text);
      const id1 = new URL(shown.url).searchParams.get('id')!;
      // a malformed answer is refused and the request keeps waiting; an unknown id answers nothing
      expect(await b.send('agent.answer', { id: id1, answer: 'yes' as 'deny' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'answer' } });
      expect(await ok(b.send('agent.answer', { id: 'no-such-request', answer: 'always' }))).toEqual({ answered: false });
      expect(await ok(b.send('agent.pending', { id: id1 }))).toMatchObject({ approval: { origin: site.origin, identityLabel: 'carol' } });
      await ok(b.send('agent.answer', { id: id1, answer: 'deny' }));
      expect(code(await denied)).toBe('DENIED');
      expect(await b.send('agent.pending', { id: id1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const allowed = call(page, 'sign', { ...sts4(), identity: 'carol' });
      let id2 = '';
      for (let i = 0; i < 100 && (id2 === '' || id2 === id1); i++) {
        id2 = new URL((await b.waitForTab(prompt)).url).searchParams.get('id')!;
        if (id2 === id1) await new Promise((r) => setTimeout(r, 100));
      }
      // the prompt page itself, as the user clicks it (a second view of the same request)
      const view = await b.openPage(`src/agent/prompt.html?id=${id2}`);
      await view.waitForSelector('#agent-prompt[data-state="ready"]');
      expect(await view.text('#prompt-identity')).toBe('carol');
      expect(await view.text('#prompt-action')).toBe('GetCallerIdentity');
      expect(await seriousA11yViolations(view), 'axe on the approval prompt').toEqual([]);
      if (kind === 'chromium') {
        mkdirSync(SHOTS, { recursive: true });
        await view.setViewport(440, 420);
        await view.screenshot(`${SHOTS}/agent-prompt.png`);
      }
      await view.click('#prompt-once');
      const r = await allowed;
      expect(r.ok).toBe(true);
      const signed = (r as { value: { method: string; url: string; headers: Record<string, string> } }).value;
      expect(signed.headers['Authorization']).toContain(`Credential=${carol.accessKeyId}/`);
      const sent = await sendAs(sts.url, signed, sts4().body);
      expect(sent.status).toBe(200);
      expect(sent.text).toContain(`<Arn>${carol.arn}</Arn>`);
      // "once": used up
      expect((await ok(b.send('agent.grants', {}))).grants.map((g: { identityId: string }) => g.identityId)).not.toContain(ids['carol']);
      await view.close().catch(() => undefined);
      await page.close();
    });

    it('another origin on the same host is not approved; a once grant is used up', async () => {
      const page = await b.openWebPage(`${other.origin}/demo.html`);
      expect(code(await call(page, 'sign', sts4()))).toBe('NOT_APPROVED');
      await ok(b.send('agent.grant', { origin: other.origin, identityId: ids['user']!, once: true }));
      // a request refused for its host does not use the one-time approval up
      expect(code(await call(page, 'sign', { method: 'GET', url: 'https://example.com/' }))).toBe('HOST_NOT_ALLOWED');
      // two requests racing for one "once" approval: one signature
      const both = await Promise.all([call(page, 'sign', sts4()), call(page, 'sign', sts4())]);
      expect(both.map(code).sort()).toEqual(['NOT_APPROVED', 'ok']);
      expect(code(await call(page, 'sign', sts4()))).toBe('NOT_APPROVED');
      await page.close();
    });

    it('a locked vault answers LOCKED', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      await ok(b.send('vault.lock', {}));
      const r = await call(page, 'sign', sts4());
      expect(r).toMatchObject({ ok: false, code: 'LOCKED' });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(code(await call(page, 'sign', sts4()))).toBe('ok');
      await page.close();
    });

    it('past the rate limit a page gets RATE_LIMITED', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      const codes: string[] = [];
      for (let i = 0; i < 25; i++) codes.push(code(await call(page, 'sign', sts4())));
      expect(codes).toContain('RATE_LIMITED');
      expect(codes.slice(0, 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      await page.close();
    });

    it('the audit log says what was signed for whom, without secrets', async () => {
      const { entries } = await ok(b.send('agent.audit', {}));
      expect(entries.length).toBeGreaterThan(5);
      expect(entries).toContainEqual(expect.objectContaining({ origin: site.origin, identityId: ids['user'], kind: 'sign', method: 'POST', service: 'sts', action: 'GetCallerIdentity' }));
      expect(entries).toContainEqual(expect.objectContaining({ origin: site.origin, kind: 'sign', method: 'PUT', host: 's3.us-east-1.amazonaws.com', service: 's3', action: 'PUT /sigvault-demo/agent.txt' }));
      expect(entries).toContainEqual(expect.objectContaining({ origin: site.origin, host: 'example.com', refused: 'HOST_NOT_ALLOWED' }));
      expect(entries).toContainEqual(expect.objectContaining({ origin: other.origin, refused: 'NOT_APPROVED' }));
      expect(findLeaks(JSON.stringify(entries), secrets())).toEqual([]);
    });

    it('a revoke refuses at once, and the bridge is gone from pages loaded afterwards', async () => {
      const page = await b.openWebPage(`${site.origin}/demo.html`);
      expect(await ok(b.send('agent.revoke', { origin: site.origin }))).toEqual({ revoked: 2 });
      expect(code(await call(page, 'sign', sts4()))).toBe('NOT_APPROVED');
      await page.close();
      expect((await ok(b.send('agent.grants', {}))).grants).toEqual([]);
      expect(await bridgeMatches(b)).toBeNull();
      const fresh = await b.openWebPage(`${site.origin}/demo.html`);
      expect(await call(fresh, 'sign', sts4())).toMatchObject({ ok: false, code: 'NOT_AVAILABLE', message: 'Sigvault is not available on this page.' });
      await fresh.close();
    });

    it('the options page approves an origin (with its identity and duration), lists it and revokes it', async () => {
      const opts = await b.openPage('src/options/index.html');
      await opts.waitForSelector('#agent-none');
      // the audit log's latest entries: the refusals of the revoke test above
      await opts.waitForSelector('#agent-audit li[data-refused="NOT_APPROVED"]');
      expect(await opts.text('#agent-audit')).toContain(site.origin);
      const firstIdentity = await opts.evaluate(() => (document.querySelector('#agent-identity option') as HTMLOptionElement).textContent, undefined);
      await opts.fill('#agent-origin', `${other.origin}/demo.html`);
      await opts.click('#agent-grant button[type=submit]');
      await opts.waitForSelector(`#agent-grants li[data-origin="${other.origin}"]`);
      expect(await opts.text(`#agent-grants li[data-origin="${other.origin}"]`)).toContain(firstIdentity);
      expect(await seriousA11yViolations(opts), 'axe on the options page with the signing agent section').toEqual([]);
      if (kind === 'chromium') {
        mkdirSync(SHOTS, { recursive: true });
        await opts.evaluate(() => document.getElementById('agent-section')!.scrollIntoView(), undefined);
        await opts.screenshot(`${SHOTS}/agent-options.png`);
      }
      const [g] = (await ok(b.send('agent.grants', {}))).grants;
      expect(g).toMatchObject({ origin: other.origin, identityLabel: firstIdentity });
      expect(g.until - g.grantedAt).toBeGreaterThan(3_590_000); // "1 hour", the default
      expect(g.until - g.grantedAt).toBeLessThanOrEqual(3_600_000 + 5_000);
      const page = await b.openWebPage(`${other.origin}/demo.html`);
      expect(code(await call(page, 'sign', { ...sts4(), identity: firstIdentity }))).toBe('ok');
      await opts.click(`#agent-grants li[data-origin="${other.origin}"] .agent-revoke`);
      await opts.waitForSelector('#agent-none');
      expect(code(await call(page, 'sign', sts4()))).toBe('NOT_APPROVED');
      await page.close();
      await opts.close();
    });

    it('no reply to a page held a secret key or a session token (other than the role\'s X-Amz-Security-Token checked above)', () => {
      const all = replies.map((r) => r.replace(/"X-Amz-Security-Token":"[^"]*"/g, '"X-Amz-Security-Token":"…"'));
      expect(all.length).toBeGreaterThan(30);
      expect(findLeaks(all.join('\n'), secrets())).toEqual([]);
    });

    it('removing an identity removes its grants, and the bridge leaves a host no other grant needs', async () => {
      await ok(b.send('agent.grant', { origin: other.origin, identityId: ids['carol']! }));
      expect(await bridgeMatches(b)).toEqual(['http://127.0.0.1/*']);
      const page = await b.openWebPage(`${other.origin}/demo.html`);
      expect(code(await call(page, 'sign', { ...sts4(), identity: 'carol' }))).toBe('ok');
      await ok(b.send('identity.remove', { id: ids['carol']! }));
      expect((await ok(b.send('agent.grants', {}))).grants).toEqual([]);
      expect(await bridgeMatches(b)).toBeNull();
      expect(code(await call(page, 'sign', sts4()))).toBe('NOT_APPROVED');
      await page.close();
    });

    it('destroying the vault unregisters the bridge', async () => {
      await ok(b.send('agent.grant', { origin: site.origin, identityId: ids['user']! }));
      const before = await b.openWebPage(`${site.origin}/demo.html`);
      expect(code(await agent(before, 'sign', sts4()))).toBe('ok');
      await before.close();
      await ok(b.send('vault.destroy', { confirm: 'DESTROY' }));
      let matches: string[] | null = [];
      for (let i = 0; i < 20 && matches !== null; i++) {
        matches = await bridgeMatches(b);
        if (matches !== null) await new Promise((r) => setTimeout(r, 100));
      }
      expect(matches).toBeNull();
      const after = await b.openWebPage(`${site.origin}/demo.html`);
      expect(await agent(after, 'sign', sts4())).toMatchObject({ ok: false, code: 'NOT_AVAILABLE', message: 'Sigvault is not available on this page.' });
      await after.close();
    });
  });
}
