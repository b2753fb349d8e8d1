/**
 * The request console page (src/requests/) end to end in real Chromium and Firefox, against the local
 * services stand-in (test/support/services-standin.ts), which verifies every signature with
 * @smithy/signature-v4: a preset sent and its answer pretty-printed; a signature broken on the way (a
 * proxy in this test adds `; charset=UTF-8` to the signed Content-Type, as some proxies do) answered
 * with SignatureDoesNotMatch, AWS's canonical request beside ours with the first difference marked;
 * presigning a GET whose URL the stand-in verifies; copy as curl with the keys as shell variables; the
 * history; bad inputs and a locked vault; the popup's Requests and Presign… entry points. The page
 * never holds the secret key. Screenshot: docs/screenshots/request-console.png with
 * UPDATE_SCREENSHOTS=1 (Chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { keysOf, startServicesStandin, type ServicesStandin } from '../support/services-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';
import { findLeaks } from './secret-forms.ts';
import { seriousA11yViolations } from './axe.ts';

const PASS = 'correct horse battery staple';
const R = 'us-east-1';
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
const PAGE = 'src/requests/index.html';

/** A proxy that passes requests to `target` but rewrites the signed Content-Type on the way. */
async function charsetProxy(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const t = new URL(target);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (typeof headers['content-type'] === 'string') headers['content-type'] += '; charset=UTF-8';
    const up = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

for (const kind of KINDS) {
  describe(`request console page: ${kind}`, () => {
    let sts: Standin;
    let svc: ServicesStandin;
    let proxy: { url: string; stop(): Promise<void> };
    let b: ExtensionBrowser;
    let alice: IssuedUser;
    let aliceId: string;
    let page: ExtPage;

    const text = (sel: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, sel);
    const value = (sel: string) => page.evaluate((s) => (document.querySelector(s) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null)?.value ?? null, sel);
    /** Chooses an option of a <select> as a user would (the change event Preact listens to). */
    const choose = (sel: string, v: string) => page.evaluate(([s, val]) => {
      const el = document.querySelector(s) as HTMLSelectElement;
      el.value = val;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [sel, v] as [string, string]);
    /** Everything the page holds: its markup, its text, and every field's value. */
    const pageDump = () => page.evaluate(() => document.documentElement.outerHTML + '\n' + document.body.innerText + '\n'
      + [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n'), undefined);
    const sendAndWait = async () => {
      const before = svc.calls.length;
      await page.click('#submit');
      await expect.poll(() => page.evaluate(() => document.querySelector('#submit')?.textContent ?? '', undefined)).not.toMatch(/Working/);
      return before;
    };
    const compose = async (o: { preset?: string; url: string; service?: string; region?: string }) => {
      if (o.preset) await choose('#preset', o.preset);
      await page.fill('#url', o.url);
      await page.fill('#service', o.service ?? '');
      await page.fill('#region', o.region ?? '');
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      sts = await startStandin({ cors: false });
      svc = await startServicesStandin({ keys: keysOf(sts), clock: () => sts.now() });
      proxy = await charsetProxy(svc.url);
      alice = sts.issueUserKeys({ userName: 'alice', account: '111111111111' });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      aliceId = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, region: R }))).id;
      page = await b.openPage(PAGE);
      await page.setViewport(1200, 1300);
      for (let i = 0; (await value('#identity')) !== aliceId; i++) {
        if (i > 150) throw new Error('the identity list never loaded');
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    afterAll(async () => {
      await b?.close();
      await proxy?.stop();
      await svc?.stop();
      await sts?.stop();
    });

    it('loads a preset, infers service and region from the AWS host, sends it to the stand-in and shows 200 with the body pretty-printed', async () => {
      await choose('#preset', 'dynamodb-list-tables');
      expect(await value('#url')).toBe('https://dynamodb.us-east-1.amazonaws.com/');
      expect(await value('#method')).toBe('POST');
      expect(await page.evaluate(() => [...document.querySelectorAll('.header-value')].map((e) => (e as HTMLInputElement).value), undefined)).toContain('DynamoDB_20120810.ListTables');
      expect(await text('#inferred')).toMatch(/service dynamodb in us-east-1/);
      // an MRAP host: SigV4a, required
      await page.fill('#url', 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k');
      expect(await page.evaluate(() => { const c = document.querySelector('#sigv4a') as HTMLInputElement; return [c.checked, c.disabled]; }, undefined)).toEqual([true, true]);
      // the stand-in: a loopback host names no service, so it is given
      await page.fill('#url', `${svc.url}/`);
      expect(await text('#inferred')).toMatch(/names no AWS service/);
      await compose({ url: `${svc.url}/`, service: 'dynamodb', region: R });
      const before = await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(await text('#response-body')).toBe(JSON.stringify({ TableNames: ['Music', 'Orders', 'Sessions'] }, null, 2));
      expect(svc.calls.slice(before).map((c) => [c.service, c.action, c.status, c.accessKeyId])).toEqual([['dynamodb', 'ListTables', 200, alice.accessKeyId]]);
      expect(await text('#signing-scope')).toMatch(/^\d{8}\/us-east-1\/dynamodb\/aws4_request$/);
      expect(await text('#signing-headers')).toContain('x-amz-target');
      expect(await text('#signing-canonical')).toMatch(/^POST\n\/\n/);
      expect(await text('#response-time')).toMatch(/^\d+ ms$/);

      // S3 ListBuckets: XML, one element per line
      await compose({ preset: 's3-list-buckets', url: `${svc.url}/`, service: 's3', region: R });
      await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(await text('#response-body')).toContain('\n  <Buckets>\n    <Bucket>\n      <Name>sigvault-demo</Name>');
      expect(await page.evaluate(() => !!document.querySelector('#mismatch'), undefined)).toBe(false);
      if (kind === 'chromium') await page.screenshot(`${SHOTS}/request-console.png`);
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    it('composed by hand: a header row, and form fields (added, one removed) applied as the body, make a request the stand-in verifies', async () => {
      await choose('#preset', '');
      await choose('#method', 'POST');
      await page.fill('#url', `${sts.url}/`);
      await page.fill('#service', 'sts');
      await page.fill('#region', R);
      await page.evaluate(() => { for (const b of [...document.querySelectorAll('.header-name + .header-value + button')]) (b as HTMLElement).click(); }, undefined);
      await page.click('#add-header');
      await page.fill('.header-name', 'X-Sigvault-Rows');
      await page.fill('.header-value', 'by hand');
      await page.fill('#body', '');
      await page.click('#form-helper');
      await page.waitForSelector('#form-rows');
      const addRow = '#form-rows .row button:first-child';
      const cell = (n: number) => `#form-rows .kv input:nth-of-type(${n})`; // row k: its name is input 2k-1, its value 2k
      await page.fill(cell(1), 'Action');
      await page.fill(cell(2), 'GetCallerIdentity');
      await page.click(addRow);
      await page.fill(cell(3), 'Unwanted');
      await page.fill(cell(4), 'x');
      await page.click(addRow);
      await page.fill(cell(5), 'Version');
      await page.fill(cell(6), '2011-06-15');
      await page.click('#form-rows .kv button:nth-of-type(2)'); // remove the second row
      await page.click('#form-apply');
      expect(await value('#body')).toBe('Action=GetCallerIdentity&Version=2011-06-15');
      expect(await page.evaluate(() => [...document.querySelectorAll('.header-name')].map((e) => (e as HTMLInputElement).value), undefined))
        .toEqual(['X-Sigvault-Rows', 'Content-Type']);
      await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(await text('#response-body')).toContain(`<Arn>${alice.arn}</Arn>`);
      expect((await text('#signing-headers') ?? '').split(';')).toEqual(expect.arrayContaining(['content-type', 'x-sigvault-rows']));
    });

    it('a signature broken on the way: SignatureDoesNotMatch shows AWS\'s canonical request beside ours, the first difference marked', async () => {
      await compose({ preset: 's3-put-object', url: `${proxy.url}/sigvault-demo/diff.txt`, service: 's3', region: R });
      const before = await sendAndWait();
      expect(await text('#response-status')).toBe('403');
      expect(svc.calls.slice(before).map((c) => [c.action, c.status, c.errorCode])).toEqual([['?', 403, 'SignatureDoesNotMatch']]);
      expect(await text('#mismatch-summary')).toMatch(/first differ at line \d+, column \d+/);
      const marked = await page.evaluate(() => [...document.querySelectorAll('[data-first-difference]')].map((e) => [e.closest('pre')?.id, e.textContent, e.querySelector('mark')?.textContent]), undefined);
      expect(marked).toEqual([
        ['diff-ours', 'content-type:text/plain', ''],
        ['diff-aws', 'content-type:text/plain; charset=UTF-8', '; charset=UTF-8'],
      ]);
      expect(await text('#diff-ours')).toBe(await text('#signing-canonical'));
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    it('copy as curl and as fetch: the keys as $AWS_ variables, never the secret', async () => {
      await compose({ preset: 's3-list-buckets', url: `${svc.url}/`, service: 's3', region: R });
      await page.click('#copy-curl');
      await page.waitForSelector('#snippet');
      const curl = (await text('#snippet'))!;
      expect(curl).toContain(`curl --aws-sigv4 'aws:amz:${R}:s3'`);
      expect(curl).toContain('--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"');
      expect(curl).toContain(`'${svc.url}/'`);
      expect(curl).not.toContain('AWS_SESSION_TOKEN'); // long-term keys: no token
      expect(findLeaks(curl, { secret: alice.secretAccessKey })).toEqual([]);
      expect(curl).not.toContain(alice.accessKeyId);
      await page.click('#copy-fetch');
      await expect.poll(() => text('#snippet')).toContain('process.env.AWS_SECRET_ACCESS_KEY');
      expect(findLeaks((await text('#snippet'))!, { secret: alice.secretAccessKey })).toEqual([]);
    });

    it('presigns a GET; the URL verifies at the stand-in; a longer expiry is capped at 7 days and says so', async () => {
      svc.objects.set('sigvault-demo/report.txt', { body: Buffer.from('presigned from the console'), contentType: 'text/plain' });
      await page.click('#mode-presign');
      await compose({ url: `${svc.url}/sigvault-demo/report.txt`, service: 's3', region: R });
      await page.fill('#expires-in', '300');
      await page.click('#submit');
      await page.waitForSelector('#presign-url');
      const url = (await value('#presign-url'))!;
      expect(url).toMatch(new RegExp(`^${svc.url}/sigvault-demo/report\\.txt\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`));
      expect(url).toContain('X-Amz-Expires=300');
      expect(await text('#presign-expires')).toMatch(/^Valid until /);
      expect(await page.evaluate(() => !!document.querySelector('#presign-capped'), undefined)).toBe(false);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('presigned from the console');
      expect(svc.calls.at(-1)).toMatchObject({ action: 'GetObject', auth: 'query', status: 200, accessKeyId: alice.accessKeyId });

      await page.fill('#expires-in', String(30 * 86_400));
      await page.click('#submit');
      await expect.poll(() => text('#presign-capped')).toMatch(/capped by AWS's 7-day limit/);
      expect(await value('#presign-url')).toContain('X-Amz-Expires=604800');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.click('#mode-send');
    });

    it('an answer over 1 MiB is shown cut, with a note', async () => {
      svc.objects.set('sigvault-demo/big.txt', { body: Buffer.alloc(1536 * 1024, 'a'), contentType: 'text/plain' });
      await compose({ url: `${svc.url}/sigvault-demo/big.txt`, service: 's3', region: R });
      await choose('#method', 'GET');
      await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(await text('#body-truncated')).toMatch(/longer than 1 MiB/);
      expect((await text('#response-body'))!.length).toBe(1024 * 1024);
      // a small answer has no note
      await compose({ url: `${svc.url}/sigvault-demo/report.txt`, service: 's3', region: R });
      await sendAndWait();
      expect(await text('#response-body')).toBe('presigned from the console');
      expect(await page.evaluate(() => !!document.querySelector('#body-truncated'), undefined)).toBe(false);
    });

    it('bad inputs get clear errors on the page, before anything is sent', async () => {
      const before = svc.calls.length;
      await compose({ url: 'not a url' });
      expect(await text('#inferred')).toMatch(/must start with https:\/\/, http:\/\/ or s3:\/\//);
      await page.click('#submit');
      await expect.poll(() => text('#failure')).toMatch(/url/);
      await compose({ url: `${svc.url}/` });
      await page.click('#submit');
      await expect.poll(() => text('#failure')).toMatch(/service cannot be inferred.*\(field: service\)/);
      await compose({ url: `${svc.url}/`, service: 's3', region: 'mars-1' });
      await page.click('#submit');
      await expect.poll(() => text('#failure')).toMatch(/region/);
      await choose('#method', 'GET');
      await page.fill('#body', '{"a":');
      await page.click('#format-json');
      expect(await text('#body-note')).toMatch(/^Not valid JSON: /);
      await page.fill('#body', '');
      // a host outside the manifest's permissions: the page offers to ask for it
      await compose({ url: 'https://lambda.us-east-1.api.aws/2015-03-31/functions' });
      await page.click('#submit');
      await page.waitForSelector('#grant-permission');
      expect(await text('#grant-permission')).toContain('https://lambda.us-east-1.api.aws/*');
      expect(svc.calls.length).toBe(before);
    });

    it('keeps the requests in the history; one loads back into the form; the history clears', async () => {
      await page.waitForSelector('#history');
      const items = await page.evaluate(() => [...document.querySelectorAll('#history button')].map((e) => e.textContent ?? ''), undefined);
      expect(items.some((s) => s.startsWith('POST') && s.includes(`${svc.url}/`) && s.includes('200'))).toBe(true);
      expect(items.some((s) => s.startsWith('PUT') && s.includes(`${proxy.url}/sigvault-demo/diff.txt`) && s.includes('403'))).toBe(true);
      // load the DynamoDB call back: method, URL, headers, body and the service it was signed for
      await page.evaluate((u) => {
        const btn = [...document.querySelectorAll('#history button')].find((e) => e.textContent?.startsWith('POST') && e.textContent.includes(u)) as HTMLButtonElement;
        btn.click();
      }, `${svc.url}/`);
      await expect.poll(() => value('#method')).toBe('POST');
      expect(await value('#url')).toBe(`${svc.url}/`);
      expect(await value('#service')).toBe('dynamodb');
      expect(await value('#body')).toBe('{}');
      const before = await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(svc.calls.slice(before).map((c) => c.action)).toEqual(['ListTables']);

      await page.click('#clear-history');
      await page.waitForSelector('#history-empty');
      expect((await ok(b.send('request.history', {}))).entries).toEqual([]);
    });

    it('the page never holds the secret key, in its text, its markup or its fields', async () => {
      const dump = await pageDump();
      expect(dump).toContain(svc.url); // it does hold what was sent
      expect(findLeaks(dump, { secret: alice.secretAccessKey })).toEqual([]);
    });

    it('the popup\'s Requests button opens the console; Presign… opens it in presign mode with the identity chosen', async () => {
      const popup = await b.openPage('src/popup/index.html');
      await popup.waitForSelector('#requests-button');
      await popup.click('#requests-button');
      const opened = await b.waitForTab(`${b.origin}/${PAGE}`);
      expect(opened.url).toBe(`${b.origin}/${PAGE}`);
      await popup.close().catch(() => undefined); // the popup closes itself after opening the tab

      const popup2 = await b.openPage('src/popup/index.html');
      await popup2.waitForSelector('#search');
      await popup2.fill('#search', 'alice');
      await popup2.waitForSelector('#presign-identity');
      await popup2.click('#presign-identity');
      const pre = await b.waitForTab(`${b.origin}/${PAGE}#presign`);
      expect(pre.url).toBe(`${b.origin}/${PAGE}#presign&id=${aliceId}`);
      await popup2.close().catch(() => undefined);

      // that address: presign mode, the identity chosen
      const p = await b.openPage(`${PAGE}#presign&id=${aliceId}`);
      await p.waitForSelector('#expires-in');
      expect(await p.evaluate(() => [(document.querySelector('#identity') as HTMLSelectElement).value, (document.querySelector('#mode-presign') as HTMLInputElement).checked], undefined)).toEqual([aliceId, true]);
      await p.close();
    });

    it('a role that needs MFA: the page asks for the code (mfa.required), and the request goes through with it', async () => {
      const bob = sts.issueUserKeys({ userName: 'bob', account: '333333333333', mfa: { code: '135790' } });
      sts.addRole({ arn: 'arn:aws:iam::444444444444:role/Audit', trust: { principals: ['333333333333'], requireMfa: true } });
      const bobId = (await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey, mfaSerial: bob.mfaSerial!, region: R }))).id;
      const auditId = (await ok(b.send('identity.addRole', { label: 'audit', roleArn: 'arn:aws:iam::444444444444:role/Audit', sourceId: bobId, mfaSerial: bob.mfaSerial!, region: R }))).id;
      const p = await b.openPage(`${PAGE}#id=${auditId}`);
      try {
        for (let i = 0; (await p.evaluate(() => (document.querySelector('#identity') as HTMLSelectElement | null)?.value ?? '', undefined)) !== auditId; i++) {
          if (i > 150) throw new Error('the identity list never loaded');
          await new Promise((r) => setTimeout(r, 100));
        }
        await p.fill('#url', `${svc.url}/prod/whoami`);
        await p.fill('#service', 'execute-api');
        await p.click('#submit');
        await p.waitForSelector('#mfa-ask-code');
        expect(await p.text('#mfa-ask')).toContain('audit');
        await p.fill('#mfa-ask-code', '135790');
        await p.click('#mfa-ask button[type=submit]');
        await p.waitForSelector('#response-status');
        expect(await p.text('#response-status')).toBe('200');
        expect(JSON.parse(await p.text('#response-body')).caller).toMatch(/^arn:aws:sts::444444444444:assumed-role\/Audit\//);
        // presign as the role (its session is cached now): the URL carries the token, so Copy URL empties the clipboard later
        await p.click('#mode-presign');
        await p.fill('#url', `${svc.url}/sigvault-demo/report.txt`);
        await p.fill('#service', 's3');
        await p.click('#submit');
        await p.waitForSelector('#presign-url');
        const url = await p.evaluate(() => (document.querySelector('#presign-url') as HTMLTextAreaElement).value, undefined);
        expect(url).toContain('X-Amz-Security-Token=');
        expect(await p.text('#presigned')).toContain('carries its session token');
        expect((await fetch(url)).status).toBe(200);
        await p.bringToFront();
        await p.click('#copy-presigned');
        await expect.poll(() => p.text('#notice')).toMatch(/copied|clipboard/);
        if (b.clipboard) {
          expect(await p.text('#notice')).toContain('emptied in 30 seconds');
          expect(await b.clipboard.read()).toBe(url);
        }
        const temp = [...sts.state.temps.values()].filter((t) => t.arn.includes('assumed-role/Audit/')).at(-1)!;
        const dump = await p.evaluate(() => document.documentElement.outerHTML + document.body.innerText, undefined);
        // the presigned URL on the page carries the role's token (AWS's protocol); never a secret key
        expect(findLeaks(dump, { bob: bob.secretAccessKey, secret: temp.secretAccessKey })).toEqual([]);
      } finally {
        await p.close();
      }
    });

    it('the port channel: a port per page, request.send only, envelope and requests checked, the request verified at the stand-in', async () => {
      const channel = await page.evaluate(async (a) => {
        // where the request console posts the open message: Chrome's service worker, Firefox's event page
        const g = globalThis as any;
        const sw = navigator.serviceWorker?.controller;
        const bg = sw ? undefined : await g.browser.runtime.getBackgroundPage();
        const post = (envelope: unknown, port: MessagePort) => (sw ? sw.postMessage(envelope, [port]) : bg.postMessage(envelope, location.origin, [port]));
        const out: Record<string, unknown> = {};
        // refused ports: each answers { refused } and nothing else
        const envelopes: Array<[string, unknown]> = [
          ['request in the envelope', { channel: 'sigvault.port/1', lock: `sigvault-channel/${crypto.randomUUID()}`, type: 'request.send' }],
          ['made-up lock', { channel: 'sigvault.port/1', lock: 'mine' }],
        ];
        for (const [name, envelope] of envelopes) {
          out[name] = await new Promise((resolve) => {
            const ch = new MessageChannel();
            ch.port1.onmessage = (e) => resolve(e.data);
            post(envelope, ch.port2);
            setTimeout(() => resolve('no answer'), 10_000);
          });
        }
        // one good port, several requests on it, answered by number
        const ch = new MessageChannel();
        const words: unknown[] = [];
        const answers = new Map<number, (v: unknown) => void>();
        ch.port1.onmessage = (e) => {
          if (e.data === 'held') return void words.push('held');
          words.push(e.data.reply ? `answer ${e.data.n}` : `got ${e.data.n}`);
          if (e.data.reply) answers.get(e.data.n)?.(e.data.reply);
        };
        post({ channel: 'sigvault.port/1', lock: `sigvault-channel/${crypto.randomUUID()}` }, ch.port2);
        const requests: Array<[string, unknown]> = [
          ['signed', { type: 'request.send', payload: { id: a.id, method: 'PUT', url: `${a.svc}/sigvault-demo/channel.txt`, service: 's3', region: a.region, body: 'x'.repeat(70_000) } }],
          ['other type', { type: 'vault.export', payload: { passphrase: 'p' } }],
          ['not an object', { type: 'request.send', payload: 'GET /' }],
          ['checked like any request', { type: 'request.send', payload: { id: a.id, method: 'GET', url: 'ftp://x/' } }],
        ];
        let n = 0;
        for (const [name, request] of requests) {
          const k = ++n;
          out[name] = await new Promise((resolve) => {
            answers.set(k, resolve);
            ch.port1.postMessage({ n: k, ...(request as object) });
            setTimeout(() => resolve('no answer'), 10_000);
          });
        }
        out.words = words;
        return out;
      }, { id: aliceId, svc: svc.url, region: R });
      expect(channel.signed).toMatchObject({ ok: true, result: { status: 200 } });
      expect(svc.calls.at(-1)).toMatchObject({ service: 's3', status: 200, accessKeyId: alice.accessKeyId });
      expect(channel['other type']).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: this request type does not travel over the port channel.' } });
      expect(channel['not an object']).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: a channel request\'s payload must be an object.' } });
      expect(channel['checked like any request']).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
      expect(channel['request in the envelope']).toEqual({ refused: { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: unexpected fields in the envelope (requests go over the port).' } } });
      expect(channel['made-up lock']).toEqual({ refused: { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: the envelope needs a lock name.' } } });
      // the worker said it holds the port's lock (when it has it: the first request does not wait for it), that
      // it got each request it runs, and answered each by its number
      expect(channel.words).toContain('held');
      expect((channel.words as string[]).filter((w) => w !== 'held')).toEqual(['got 1', 'answer 1', 'answer 2', 'answer 3', 'got 4', 'answer 4']);
    });

    it('the background stops while a request is out: the page says so within seconds instead of waiting', async () => {
      // a server that takes the request and never answers (the exchange's own limit is 30 s)
      let arrived = 0;
      const silent = createServer(() => { arrived++; });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
      try {
        await choose('#preset', '');
        await choose('#method', 'GET');
        await page.fill('#body', '');
        await compose({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, service: 's3', region: R });
        await page.click('#submit');
        await expect.poll(() => arrived).toBe(1);
        const stoppedAt = Date.now();
        await b.stopBackground();
        await expect.poll(() => text('#failure'), { timeout: 10_000 }).toMatch(/./);
        expect(Date.now() - stoppedAt).toBeLessThan(8_000); // not the exchange's 30 s
        expect(await text('#failure')).toBe('The background stopped before it answered; the request may or may not have been sent. Try again.');
        expect(await text('#submit')).not.toMatch(/Working/);
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
      // the next request wakes it again (on a new port)
      await compose({ preset: 's3-list-buckets', url: `${svc.url}/`, service: 's3', region: R });
      await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      // stopped while idle (as Chrome does after 30 s): the next request does not notice
      await b.stopBackground();
      await sendAndWait();
      expect(await text('#response-status')).toBe('200');
      expect(await page.evaluate(() => document.querySelector('#failure') === null, undefined)).toBe(true);
    });

    it('a request sent as the background stopped, before the page knew, is sent again on a new port, once (Chromium: a page script slows the news)', async () => {
      if (kind !== 'chromium') return; // initScript: Chromium runs one before the page's own scripts; the path is the same in Firefox
      // The page learns that the background is gone from its lock; here that news reaches it 1.5 s late, so
      // a request made just after the stop goes to the dead port first.
      const late = await b.openPage(PAGE, {
        initScript: `(() => {
          const request = navigator.locks.request.bind(navigator.locks);
          navigator.locks.request = (name, ...rest) => {
            const granted = request(name, ...rest);
            return String(name).startsWith('sigvault-channel/') ? granted.then((v) => new Promise((r) => setTimeout(() => r(v), 1500))) : granted;
          };
        })();`,
      });
      try {
        const field = (sel: string) => late.evaluate((q) => (document.querySelector(q) as HTMLInputElement | null)?.value ?? null, sel);
        await expect.poll(() => field('#identity'), { timeout: 15_000 }).toBe(aliceId);
        const pick = (sel: string, v: string) => late.evaluate(([q, val]) => {
          const el = document.querySelector(q) as HTMLSelectElement;
          el.value = val;
          el.dispatchEvent(new Event('change', { bubbles: true }));
        }, [sel, v] as [string, string]);
        await pick('#preset', 's3-list-buckets');
        await late.fill('#url', `${svc.url}/`);
        await late.fill('#service', 's3');
        await late.fill('#region', R);
        const shown = () => late.evaluate(() => [document.querySelector('#response-status')?.textContent ?? null, document.querySelector('#failure')?.textContent ?? null, document.querySelector('#submit')?.textContent ?? ''], undefined);
        const before = svc.calls.length;
        await late.click('#submit'); // opens the port
        await expect.poll(async () => (await shown())[0]).toBe('200');
        expect(svc.calls.length).toBe(before + 1);
        await b.stopBackground();
        const clicked = Date.now();
        await late.click('#submit'); // the port is dead and the page does not know yet
        await expect.poll(() => svc.calls.length, { timeout: 10_000 }).toBe(before + 2);
        // it went the long way: the news (1.5 s late), the grace for a reply in flight (1 s), a new port
        expect(Date.now() - clicked).toBeGreaterThan(2_000);
        await expect.poll(async () => (await shown())[2]).not.toMatch(/Working/);
        expect(await shown()).toEqual(['200', null, expect.any(String)]);
        await new Promise((r) => setTimeout(r, 1_000));
        expect(svc.calls.length).toBe(before + 2); // sent once more, not twice
      } finally {
        await late.close();
      }
    });

    it('a locked vault: the page says so, and follows the unlock', async () => {
      await ok(b.send('vault.lock', {}));
      await page.waitForSelector('#vault-locked');
      expect(await text('#vault-locked')).toMatch(/vault is locked/);
      const fresh = await b.openPage(PAGE);
      await fresh.waitForSelector('#vault-locked');
      await fresh.close();
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await expect.poll(() => value('#identity'), { timeout: 15_000 }).toBe(aliceId);
    });
  });
}
