/**
 * The request console's backend end to end: `request.send`, `request.presign`, `request.history` and
 * `request.clearHistory` in the built extension in real Chromium and Firefox, against the local services
 * stand-in (test/support/services-standin.ts: S3, DynamoDB, EC2, Lambda, execute-api) and the STS
 * stand-in (GetCallerIdentity), both verifying every signature with @smithy/signature-v4 (SigV4a: smithy's
 * canonical request, Node's crypto for the key and the ECDSA check). Requests go to the stand-ins'
 * loopback URLs with an explicit service and region (a loopback host names no service), and with
 * `signingAlgorithm: 'sigv4a'` for SigV4a; a Multi-Region Access Point host is only presigned (the stand-in
 * verifies that URL when sent with the MRAP's Host header) and sent (NETWORK: AWS is unreachable here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { keysOf, startServicesStandin, type ServicesStandin } from '../support/services-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser } from './harness.ts';
import { findLeaks } from './secret-forms.ts';
import { request as httpRequest } from 'node:http';
import { deriveSigV4aPrivateKey } from '../../src/core/sigv4a/key.ts';

/** An S3 Multi-Region Access Point host (real shape; not reachable from this machine). */
const MRAP_HOST = 'mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com';

/** The SigV4a private key of a key pair, hex: what must never reach a page. */
function v4aKeyHex(accessKeyId: string, secret: string): string {
  const k = deriveSigV4aPrivateKey(accessKeyId, secret);
  const hex = Buffer.from(k).toString('hex');
  k.fill(0);
  return hex;
}

/** GET `url`'s path and query from the stand-in at `standinUrl`, with the Host header of `url` (a signed header). */
function getAs(standinUrl: string, url: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const s = new URL(standinUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: s.hostname, port: s.port, path: u.pathname + u.search, method: 'GET', headers: { Host: u.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const PASS = 'correct horse battery staple';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const R = 'us-east-1';
const PAGE_URL = 'https://sigvault-e2e-page.s3.us-east-1.amazonaws.com/page.html';

for (const kind of KINDS) {
  describe(`request console backend: ${kind}`, () => {
    let sts: Standin;
    let svc: ServicesStandin;
    let b: ExtensionBrowser;
    let alice: IssuedUser;
    const ids: Record<string, string> = {};
    /** Every secret the extension holds or obtained: none may reach a page. */
    const secrets = (): Record<string, string> => {
      const out: Record<string, string> = { alice: alice.secretAccessKey, 'alice SigV4a key': v4aKeyHex(alice.accessKeyId, alice.secretAccessKey) };
      for (const t of sts.state.temps.values()) {
        out[`secret ${t.accessKeyId}`] = t.secretAccessKey;
        out[`token ${t.accessKeyId}`] = t.sessionToken;
        out[`SigV4a key ${t.accessKeyId}`] = v4aKeyHex(t.accessKeyId, t.secretAccessKey);
      }
      return out;
    };
    const roleTemp = () => [...sts.state.temps.values()].filter((t) => t.arn.includes('assumed-role/Admin/')).at(-1)!;
    const send = (who: 'user' | 'role', payload: Record<string, unknown>) => b.send('request.send', { id: ids[who]!, ...payload } as never);

    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      svc = await startServicesStandin({ keys: keysOf(sts), clock: () => sts.now() });
      alice = sts.issueUserKeys({ userName: 'alice', account: '111111111111' });
      sts.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'] }, maxSessionDuration: 43_200 });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      ids['user'] = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, region: R }))).id;
      ids['role'] = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: ids['user']!, durationSeconds: 3600, region: R }))).id;
    });
    afterAll(async () => {
      await b?.close();
      await svc?.stop();
      await sts?.stop();
    });

    for (const who of ['user', 'role'] as const) {
      it(`sends signed GET and POST requests to S3, DynamoDB, EC2, Lambda, execute-api and STS as the ${who}`, async () => {
        const key = `hello-${who}.txt`;
        const put = await ok(send(who, { method: 'PUT', url: `${svc.url}/sigvault-demo/${key}`, service: 's3', region: R, headers: { 'Content-Type': 'text/plain' }, body: `hi from the ${who}` }));
        expect(put).toMatchObject({ status: 200, bodyTruncated: false });
        expect(put.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
        expect(put.durationMs).toBeGreaterThanOrEqual(0);
        expect(put.signing.credentialScope).toMatch(new RegExp(`^\\d{8}/${R}/s3/aws4_request$`));
        expect(put.signing.signedHeaders.split(';')).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']));
        expect(put.signing.stringToSign.split('\n')[0]).toBe('AWS4-HMAC-SHA256');
        expect(svc.objects.get(`sigvault-demo/${key}`)?.body.toString()).toBe(`hi from the ${who}`);

        const get = await ok(send(who, { method: 'GET', url: `${svc.url}/sigvault-demo/${key}`, service: 's3', region: R }));
        expect(get).toMatchObject({ status: 200, body: `hi from the ${who}` });
        expect((await ok(send(who, { method: 'GET', url: `${svc.url}/`, service: 's3', region: R }))).body).toContain('<Name>sigvault-demo</Name>');
        const listed = await ok(send(who, { method: 'GET', url: `${svc.url}/sigvault-demo?list-type=2&prefix=hello-`, service: 's3', region: R }));
        expect(listed.body).toContain(`<Key>${key}</Key>`);

        const ddb = await ok(send(who, { method: 'POST', url: `${svc.url}/`, service: 'dynamodb', region: R, headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' }));
        expect(JSON.parse(ddb.body)).toEqual({ TableNames: ['Music', 'Orders', 'Sessions'] });
        expect(ddb.signing.signedHeaders).toContain('x-amz-target');

        const ec2 = await ok(send(who, { method: 'GET', url: `${svc.url}/?Action=DescribeInstances&Version=2016-11-15`, service: 'ec2', region: R }));
        expect(ec2).toMatchObject({ status: 200, body: expect.stringContaining('<instanceId>i-1234567890abcdef0</instanceId>') });

        const lambda = await ok(send(who, { method: 'POST', url: `${svc.url}/2015-03-31/functions/echo/invocations`, service: 'lambda', region: R, body: JSON.stringify({ hello: who }) }));
        expect(JSON.parse(lambda.body)).toEqual({ statusCode: 200, echo: { hello: who } });
        expect(lambda.headers['x-amz-executed-version']).toBe('$LATEST');

        const api = await ok(send(who, { method: 'GET', url: `${svc.url}/prod/items?id=7`, service: 'execute-api', region: R }));
        const caller = JSON.parse(api.body).caller as string;
        expect(caller).toBe(who === 'user' ? alice.arn : roleTemp().arn);

        const me = await ok(send(who, { method: 'POST', url: `${sts.url}/`, service: 'sts', region: R, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }));
        expect(me).toMatchObject({ status: 200, body: expect.stringContaining(`<Arn>${caller}</Arn>`) });

        // what reached the stand-in: signed in the header, with the identity's key and (role) its token
        const mine = svc.calls.slice(-8);
        expect(mine.map((c) => [c.service, c.action, c.status, c.auth])).toEqual([
          ['s3', 'PutObject', 200, 'header'], ['s3', 'GetObject', 200, 'header'], ['s3', 'ListBuckets', 200, 'header'], ['s3', 'ListObjectsV2', 200, 'header'],
          ['dynamodb', 'ListTables', 200, 'header'], ['ec2', 'DescribeInstances', 200, 'header'], ['lambda', 'Invoke', 200, 'header'], ['execute-api', 'Invoke', 200, 'header'],
        ]);
        const keyId = who === 'user' ? alice.accessKeyId : roleTemp().accessKeyId;
        expect(new Set(mine.map((c) => c.accessKeyId))).toEqual(new Set([keyId]));
        if (who === 'role') {
          expect(mine.every((c) => c.headers['x-amz-security-token'] === roleTemp().sessionToken)).toBe(true);
          expect(put.signing.canonicalRequest).toContain('x-amz-security-token:[redacted]');
          expect(put.signing.signedHeaders).toContain('x-amz-security-token');
        } else {
          expect(mine.every((c) => c.headers['x-amz-security-token'] === undefined)).toBe(true);
        }
        for (const r of [put, get, ddb, ec2, lambda, api, me]) expect(findLeaks(JSON.stringify(r), secrets())).toEqual([]);
      });
    }

    it('a role that needs MFA signs with the code given (mfaCode), as session.resolve does', async () => {
      const bob = sts.issueUserKeys({ userName: 'bob', account: '333333333333', mfa: { code: '135790' } });
      sts.addRole({ arn: 'arn:aws:iam::444444444444:role/Audit', trust: { principals: ['333333333333'], requireMfa: true } });
      const bobId = (await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey, mfaSerial: bob.mfaSerial!, region: R }))).id;
      const auditId = (await ok(b.send('identity.addRole', { label: 'audit', roleArn: 'arn:aws:iam::444444444444:role/Audit', sourceId: bobId, mfaSerial: bob.mfaSerial!, region: R }))).id;
      const r = await ok(b.send('request.send', { id: auditId, method: 'GET', url: `${svc.url}/prod/whoami`, service: 'execute-api', region: R, mfaCode: '135790' }));
      expect(JSON.parse(r.body).caller).toMatch(/^arn:aws:sts::444444444444:assumed-role\/Audit\//);
      expect(await b.send('request.send', { id: auditId, method: 'GET', url: `${svc.url}/`, service: 's3', region: R, mfaCode: '12' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'mfaCode' } });
      await ok(b.send('identity.remove', { id: auditId }));
      await ok(b.send('identity.remove', { id: bobId }));
    });

    it('a role session AWS says has expired (before the background\'s clock did) is renewed once, and the request sent again', async () => {
      const ddbList = { method: 'POST', url: `${svc.url}/`, service: 'dynamodb', region: R, headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' };
      const s3Get = { method: 'GET', url: `${svc.url}/`, service: 's3', region: R };
      for (const [what, payload] of [['JSON (ExpiredTokenException)', ddbList], ['XML (ExpiredToken)', s3Get]] as const) {
        expect((await ok(send('role', payload))).credentialsRefreshed, what).toBeUndefined(); // the cached session works
        const old = svc.calls.at(-1)!.accessKeyId!;
        expect(sts.state.temps.has(old)).toBe(true);
        sts.expire(old); // AWS ends the session; the background still dates it an hour
        const before = svc.calls.length;
        const r = await ok(send('role', payload));
        expect(r, what).toMatchObject({ status: 200, credentialsRefreshed: true });
        const calls = svc.calls.slice(before);
        // the refused call carried the old session's token (the stand-in records a key id only once it checks out)
        const oldToken = sts.state.temps.get(old)!.sessionToken;
        expect(calls.map((c) => [c.status, c.headers['x-amz-security-token'] === oldToken]), what).toEqual([[400, true], [200, false]]);
        expect(sts.state.temps.get(calls[1]!.accessKeyId!)?.arn).toContain('assumed-role/Admin/'); // a new session of the role
        expect(findLeaks(JSON.stringify(r), secrets())).toEqual([]);
      }
    });

    it('passes an error status through with its body; a SignatureDoesNotMatch quotes the canonical request, token redacted', async () => {
      const missing = await ok(send('user', { method: 'GET', url: `${svc.url}/sigvault-demo/no-such-key`, service: 's3', region: R }));
      expect(missing).toMatchObject({ status: 404, body: expect.stringContaining('<Code>NoSuchKey</Code>') });
      const ghost = await ok(send('role', { method: 'POST', url: `${svc.url}/2015-03-31/functions/ghost/invocations`, service: 'lambda', region: R, body: '{}' }));
      expect(ghost).toMatchObject({ status: 404 });
      expect(ghost.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');

      // the stand-in now expects another secret for the role's key: the signature cannot match
      const t = roleTemp();
      const real = t.secretAccessKey;
      t.secretAccessKey = 'x'.repeat(40);
      try {
        const r = await ok(send('role', { method: 'GET', url: `${svc.url}/sigvault-demo/hello-role.txt`, service: 's3', region: R }));
        expect(r.status).toBe(403);
        expect(r.body).toContain('<Code>SignatureDoesNotMatch</Code>');
        const quoted = /<CanonicalRequest>([\s\S]*?)<\/CanonicalRequest>/.exec(r.body)![1]!.replace(/&amp;/g, '&');
        // AWS's canonical request, as quoted, is ours: the signing view can be compared with it line by line
        expect(quoted).toBe(r.signing.canonicalRequest);
        expect(quoted).toContain('x-amz-security-token:[redacted]');
        expect(r.body).not.toContain(t.sessionToken);
        expect(findLeaks(JSON.stringify(r), { token: t.sessionToken, secret: real })).toEqual([]);
        // the stand-in did get (and quote) the real token: what was redacted was really there
        expect(svc.calls.at(-1)).toMatchObject({ errorCode: 'SignatureDoesNotMatch', status: 403 });
        const ddb = await ok(send('role', { method: 'POST', url: `${svc.url}/`, service: 'dynamodb', region: R, headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' }));
        expect(ddb.status).toBe(400);
        expect(JSON.parse(ddb.body).message).toContain(`The Canonical String for this request should have been\n'${ddb.signing.canonicalRequest}'`);
      } finally {
        t.secretAccessKey = real;
      }
    });

    it('new credentials in an answer (STS GetSessionToken) reach the page redacted', async () => {
      const r = await ok(send('user', { method: 'POST', url: `${sts.url}/`, service: 'sts', region: R, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900' }));
      expect(r.status).toBe(200);
      const issued = [...sts.state.temps.values()].at(-1)!;
      expect(r.body).toContain(`<AccessKeyId>${issued.accessKeyId}</AccessKeyId>`);
      expect(r.body).toContain('<SecretAccessKey>[redacted]</SecretAccessKey>');
      expect(r.body).toContain('<SessionToken>[redacted]</SessionToken>');
      expect(findLeaks(JSON.stringify(r), { secret: issued.secretAccessKey, token: issued.sessionToken })).toEqual([]);
    });

    it('an answer over 1 MiB is cut at 1 MiB and marked truncated', async () => {
      svc.objects.set('sigvault-demo/big.txt', { body: Buffer.alloc(1536 * 1024, 'a'), contentType: 'text/plain' });
      const r = await ok(send('user', { method: 'GET', url: `${svc.url}/sigvault-demo/big.txt`, service: 's3', region: R }));
      expect(r).toMatchObject({ status: 200, bodyTruncated: true });
      expect(r.body.length).toBe(1024 * 1024);
      expect(r.headers['content-length']).toBe(String(1536 * 1024));
      const small = await ok(send('user', { method: 'GET', url: `${svc.url}/sigvault-demo/hello-user.txt`, service: 's3', region: R }));
      expect(small.bodyTruncated).toBe(false);
    });

    it('presigns S3 GET and PUT; the URLs work from Node until they expire', async () => {
      const put = await ok(b.send('request.presign', { id: ids['role']!, method: 'PUT', url: `${svc.url}/sigvault-demo/presigned.txt`, service: 's3', region: R, expiresIn: 300 }));
      expect(put.cappedBy).toBeNull();
      expect(put.url).toContain('X-Amz-Security-Token='); // AWS's protocol puts the token in the URL
      expect(put.url).toContain('X-Amz-Expires=300');
      expect(Math.abs(put.expiresAt - (sts.now() + 300_000))).toBeLessThan(10_000);
      expect((await fetch(put.url, { method: 'PUT', body: 'put through a presigned URL' })).status).toBe(200);
      expect(svc.calls.at(-1)).toMatchObject({ action: 'PutObject', auth: 'query', status: 200, accessKeyId: roleTemp().accessKeyId });

      const get = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/sigvault-demo/presigned.txt`, service: 's3', region: R, expiresIn: 60 }));
      expect(get.url).not.toContain('X-Amz-Security-Token');
      const fetched = await fetch(get.url);
      expect(fetched.status).toBe(200);
      expect(await fetched.text()).toBe('put through a presigned URL');
      expect(findLeaks(JSON.stringify([put, get]), { alice: alice.secretAccessKey, role: roleTemp().secretAccessKey })).toEqual([]);

      // once past its expiry (the stand-in's clock moved on), the same URL is refused
      sts.setClockSkew(61_000);
      try {
        const late = await fetch(get.url);
        expect(late.status).toBe(403);
        expect(await late.text()).toContain('Request has expired');
      } finally {
        sts.setClockSkew(0);
      }

      // s3://bucket/key: the object URL in the region asked for (nothing is sent)
      const s3uri = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url: 's3://my-bucket/reports/q1 2026.csv', region: 'eu-west-1', expiresIn: 600 }));
      expect(s3uri.url).toMatch(/^https:\/\/my-bucket\.s3\.eu-west-1\.amazonaws\.com\/reports\/q1%202026\.csv\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[^&]*%2Feu-west-1%2Fs3%2Faws4_request&/);
    });

    it('caps the expiry at AWS\'s 7 days and at the credentials\' remaining life', async () => {
      const week = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/sigvault-demo/presigned.txt`, service: 's3', region: R, expiresIn: 30 * 86_400 }));
      expect(week.cappedBy).toBe('aws');
      expect(week.url).toContain('X-Amz-Expires=604800');
      expect(Math.abs(week.expiresAt - (sts.now() + 604_800_000))).toBeLessThan(10_000);
      expect((await fetch(week.url)).status).toBe(200);

      const role = await ok(b.send('request.presign', { id: ids['role']!, method: 'GET', url: `${svc.url}/sigvault-demo/presigned.txt`, service: 's3', region: R, expiresIn: 86_400 }));
      expect(role.cappedBy).toBe('credentials');
      const credsEnd = roleTemp().expiresAt;
      expect(role.expiresAt).toBeLessThanOrEqual(credsEnd);
      expect(credsEnd - role.expiresAt).toBeLessThan(10_000);
      const expires = Number(/X-Amz-Expires=(\d+)/.exec(role.url)![1]);
      expect(expires).toBeLessThanOrEqual(3600);
      expect(expires).toBeGreaterThan(3000);
      expect((await fetch(role.url)).status).toBe(200);

      // not S3: GET only; S3: GET or PUT
      expect(await b.send('request.presign', { id: ids['user']!, method: 'POST', url: `${svc.url}/`, service: 'dynamodb', region: R, expiresIn: 60 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'method' } });
      expect(await b.send('request.presign', { id: ids['user']!, method: 'DELETE', url: `${svc.url}/b/k`, service: 's3', region: R, expiresIn: 60 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'method' } });
      expect(await b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/b/k`, service: 's3', region: R, expiresIn: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'expiresIn' } });
      // a presigned URL for http:// on a real host would carry the token in clear text: https only (loopback aside)
      expect(await b.send('request.presign', { id: ids['user']!, method: 'GET', url: 'http://examplebucket.s3.amazonaws.com/k', expiresIn: 60 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
    });

    it('signs with SigV4a when asked: header-signed S3 requests verify at the stand-in; the signing view shows SigV4a, no secret', async () => {
      for (const who of ['user', 'role'] as const) {
        const key = `v4a-${who}.txt`;
        const keyId = who === 'user' ? alice.accessKeyId : roleTemp().accessKeyId;
        const put = await ok(send(who, { method: 'PUT', url: `${svc.url}/sigvault-demo/${key}`, service: 's3', signingAlgorithm: 'sigv4a', headers: { 'Content-Type': 'text/plain' }, body: `ecdsa from the ${who}` }));
        expect(put.status).toBe(200);
        expect(svc.calls.at(-1)).toMatchObject({ service: 's3', action: 'PutObject', status: 200, auth: 'header', algorithm: 'sigv4a', regionSet: '*', accessKeyId: keyId });
        expect(svc.objects.get(`sigvault-demo/${key}`)?.body.toString()).toBe(`ecdsa from the ${who}`);
        const get = await ok(send(who, { method: 'GET', url: `${svc.url}/sigvault-demo/${key}`, service: 's3', signingAlgorithm: 'sigv4a', regionSet: 'us-east-1,eu-*' }));
        expect(get).toMatchObject({ status: 200, body: `ecdsa from the ${who}` });
        expect(svc.calls.at(-1)).toMatchObject({ action: 'GetObject', status: 200, algorithm: 'sigv4a', regionSet: 'us-east-1,eu-*' });
        expect(get.signing.stringToSign.split('\n')[0]).toBe('AWS4-ECDSA-P256-SHA256');
        expect(get.signing.credentialScope).toMatch(/^\d{8}\/s3\/aws4_request$/);
        expect(get.signing.signedHeaders.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-region-set']));
        expect(get.signing.canonicalRequest).toContain('\nx-amz-region-set:us-east-1,eu-*\n');
        if (who === 'role') {
          expect(get.signing.canonicalRequest).toContain('x-amz-security-token:[redacted]');
          expect(svc.calls.at(-1)!.headers['x-amz-security-token']).toBe(roleTemp().sessionToken);
        }
        expect(findLeaks(JSON.stringify([put, get]), secrets())).toEqual([]);
      }
      // a SigV4 request still goes out as SigV4
      await ok(send('user', { method: 'GET', url: `${svc.url}/`, service: 's3' }));
      expect(svc.calls.at(-1)).toMatchObject({ action: 'ListBuckets', algorithm: 'sigv4' });
    });

    it('a SigV4a signature the stand-in cannot verify is refused with SignatureDoesNotMatch, quoting our canonical request', async () => {
      const t = roleTemp();
      const real = t.secretAccessKey;
      t.secretAccessKey = 'x'.repeat(40);
      try {
        const r = await ok(send('role', { method: 'GET', url: `${svc.url}/sigvault-demo/v4a-role.txt`, service: 's3', signingAlgorithm: 'sigv4a' }));
        expect(r.status).toBe(403);
        expect(r.body).toContain('<Code>SignatureDoesNotMatch</Code>');
        const quoted = /<CanonicalRequest>([\s\S]*?)<\/CanonicalRequest>/.exec(r.body)![1]!.replace(/&amp;/g, '&');
        expect(quoted).toBe(r.signing.canonicalRequest);
        expect(svc.calls.at(-1)).toMatchObject({ errorCode: 'SignatureDoesNotMatch', status: 403 });
        expect(findLeaks(JSON.stringify(r), { token: t.sessionToken, secret: real, key: v4aKeyHex(t.accessKeyId, real) })).toEqual([]);
      } finally {
        t.secretAccessKey = real;
      }
    });

    it('presigns with SigV4a: the URL works from Node, a tampered one is refused, 7 days at most', async () => {
      const get = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/sigvault-demo/v4a-user.txt`, service: 's3', signingAlgorithm: 'sigv4a', expiresIn: 300 }));
      expect(get.cappedBy).toBeNull();
      expect(get.url).toContain('X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256');
      expect(get.url).toContain('X-Amz-Region-Set=%2A');
      expect(get.url).toMatch(/X-Amz-Credential=[^&]*%2F\d{8}%2Fs3%2Faws4_request&/);
      const fetched = await fetch(get.url);
      expect(fetched.status).toBe(200);
      expect(await fetched.text()).toBe('ecdsa from the user');
      expect(svc.calls.at(-1)).toMatchObject({ action: 'GetObject', auth: 'query', algorithm: 'sigv4a', regionSet: '*', accessKeyId: alice.accessKeyId });

      const sig = /X-Amz-Signature=([0-9a-f]+)/.exec(get.url)![1]!;
      const tampered = await fetch(get.url.replace(sig, sig.slice(0, 12) + (sig[12] === '0' ? '1' : '0') + sig.slice(13)));
      expect(tampered.status).toBe(403);
      expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect(svc.calls.at(-1)).toMatchObject({ errorCode: 'SignatureDoesNotMatch' });

      const put = await ok(b.send('request.presign', { id: ids['role']!, method: 'PUT', url: `${svc.url}/sigvault-demo/v4a-presigned.txt`, service: 's3', signingAlgorithm: 'sigv4a', regionSet: 'us-*', expiresIn: 300 }));
      expect(put.url).toContain('X-Amz-Security-Token=');
      expect(put.url).toContain('X-Amz-Region-Set=us-%2A');
      expect((await fetch(put.url, { method: 'PUT', body: 'through a SigV4a URL' })).status).toBe(200);
      expect(svc.objects.get('sigvault-demo/v4a-presigned.txt')?.body.toString()).toBe('through a SigV4a URL');

      const week = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/sigvault-demo/v4a-presigned.txt`, service: 's3', signingAlgorithm: 'sigv4a', expiresIn: 30 * 86_400 }));
      expect(week.cappedBy).toBe('aws');
      expect(week.url).toContain('X-Amz-Expires=604800');
      expect((await fetch(week.url)).status).toBe(200);
      expect(findLeaks(JSON.stringify([get, put, week]), secrets())).toEqual([]);
    });

    it('an S3 Multi-Region Access Point host is signed with SigV4a without being asked', async () => {
      // presign (nothing sent): SigV4a over every region; the stand-in, given that Host, verifies it
      const url = `https://${MRAP_HOST}/sigvault-demo/v4a-user.txt`;
      const p = await ok(b.send('request.presign', { id: ids['user']!, method: 'GET', url, expiresIn: 300 }));
      expect(p.url.startsWith(`${url}?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=`)).toBe(true);
      expect(p.url).toMatch(/X-Amz-Credential=[^&]*%2F\d{8}%2Fs3%2Faws4_request&/);
      expect(p.url).toContain('X-Amz-Region-Set=%2A');
      const verified = await getAs(svc.url, p.url);
      expect(verified).toMatchObject({ status: 200, text: 'ecdsa from the user' });
      expect(svc.calls.at(-1)).toMatchObject({ action: 'GetObject', auth: 'query', algorithm: 'sigv4a', regionSet: '*', headers: expect.objectContaining({ host: MRAP_HOST }) });

      // send: signed and sent (no UNSUPPORTED); this machine cannot reach AWS, so NETWORK, recorded
      const r = await send('user', { method: 'GET', url: `https://${MRAP_HOST}/photos/cat.jpg` });
      expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
      const { entries } = await ok(b.send('request.history', {}));
      expect(entries[0]).toMatchObject({ method: 'GET', url: `https://${MRAP_HOST}/photos/cat.jpg`, service: 's3', signingAlgorithm: 'sigv4a', regionSet: '*', errorCode: 'NETWORK' });
      // the SigV4a requests to the stand-in are recorded as such, with the region set they were signed for
      expect(entries.find((e: { url: string; method: string }) => e.method === 'GET' && e.url === `${svc.url}/sigvault-demo/v4a-user.txt`)).toMatchObject({ signingAlgorithm: 'sigv4a', regionSet: 'us-east-1,eu-*', status: 200 });
      expect(entries.find((e: { url: string }) => e.url === `${svc.url}/`)).not.toHaveProperty('signingAlgorithm');
    });

    it('refuses bad URLs and inputs with clear errors, before anything is sent', async () => {
      const before = svc.calls.length;
      const bad = async (payload: Record<string, unknown>) => (await send('user', { method: 'GET', ...payload })) as { ok: boolean; error?: { code: string; field?: string; origin?: string } };
      expect(await bad({ url: 'not a url' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
      expect(await bad({ url: 'ftp://example.com/x', service: 's3' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
      expect(await bad({ url: 'https://exa mple.com/' , service: 's3' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
      expect(await bad({ url: 'http://example.com/', service: 's3' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
      expect(await bad({ url: `${svc.url}/` })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'service' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', region: 'mars-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'region' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', body: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'body' } });
      expect(await bad({ method: 'PUT', url: `${svc.url}/b/k`, service: 's3', body: 'x'.repeat(1024 * 1024 + 1) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'body' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', headers: { 'Content-Length': '5' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'headers' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', id: 'nosuchidentity' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // S3 Multi-Region Access Points take SigV4a only; a region set is for SigV4a; both are checked
      expect(await bad({ url: `https://${MRAP_HOST}/k`, signingAlgorithm: 'sigv4' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'signingAlgorithm' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', signingAlgorithm: 'sigv5' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'signingAlgorithm' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', regionSet: '*' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'regionSet' } });
      expect(await bad({ url: `${svc.url}/`, service: 's3', signingAlgorithm: 'sigv4a', regionSet: 'us east' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'regionSet' } });
      // a host outside the manifest's host permissions: the page must ask for it
      expect(await bad({ url: 'https://lambda.us-east-1.api.aws/2015-03-31/functions' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_REQUIRED', origin: 'https://lambda.us-east-1.api.aws/*' } });
      expect(svc.calls.length).toBe(before);
    });

    it('an AWS host needs no extra permission, and names its service and region (this machine cannot reach AWS: NETWORK)', async () => {
      const r = await send('user', { method: 'GET', url: 'https://sigvault-e2e-unreachable.s3.eu-west-1.amazonaws.com/some/key.txt' });
      expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
      // the message names the origin only
      expect((r as { error: { message: string } }).error.message).not.toContain('/some/key.txt');
      const { entries } = await ok(b.send('request.history', {}));
      expect(entries[0]).toMatchObject({ method: 'GET', url: 'https://sigvault-e2e-unreachable.s3.eu-west-1.amazonaws.com/some/key.txt', service: 's3', region: 'eu-west-1', errorCode: 'NETWORK' });
      expect(entries[0].status).toBeUndefined();
    });

    it('keeps a history of the last requests without secrets, sealed; it survives lock and unlock, and is cleared', async () => {
      const marker = `history-marker-${kind}`;
      await ok(send('role', { method: 'PUT', url: `${svc.url}/sigvault-demo/${marker}.txt`, service: 's3', region: R, headers: { 'Content-Type': 'text/plain', 'X-Amz-Meta-Note': 'kept' }, body: 'small body' }));
      await ok(send('user', { method: 'PUT', url: `${svc.url}/sigvault-demo/${marker}-big.txt`, service: 's3', region: R, body: 'b'.repeat(70 * 1024) }));
      const { entries } = await ok(b.send('request.history', {}));
      expect(entries.length).toBeGreaterThanOrEqual(10);
      expect(entries.length).toBeLessThanOrEqual(50);
      expect(entries[0]).toMatchObject({ identityId: ids['user'], method: 'PUT', url: `${svc.url}/sigvault-demo/${marker}-big.txt`, service: 's3', region: R, status: 200, bodyOmitted: true });
      expect(entries[0].body).toBeUndefined();
      expect(entries[1]).toMatchObject({ identityId: ids['role'], headers: { 'Content-Type': 'text/plain', 'X-Amz-Meta-Note': 'kept' }, body: 'small body', status: 200 });
      expect(entries.some((e: { status?: number }) => e.status === 404)).toBe(true);
      const text = JSON.stringify(entries);
      expect(text).not.toMatch(/authorization|x-amz-security-token|X-Amz-Signature/i);
      expect(findLeaks(text, secrets())).toEqual([]);

      // sealed: the marker is nowhere in IndexedDB or extension storage in plaintext
      const page = await b.openPage('src/options/index.html');
      const dump = await page.evaluate(async () => {
        const req = indexedDB.open('sigvault');
        const db: IDBDatabase = await new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); });
        const all = await new Promise((res) => { const g = db.transaction('records').objectStore('records').getAll(); g.onsuccess = () => res(g.result); });
        db.close();
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return JSON.stringify({ all, local: await api.storage.local.get(null), session: await api.storage.session.get(null).catch(() => ({})) });
      }, undefined);
      await page.close();
      expect(dump).toContain('"id":"request-history"');
      expect(dump).not.toContain(marker);

      await ok(b.send('vault.lock', {}));
      expect(await b.send('request.history', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await b.send('request.clearHistory', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect((await ok(b.send('request.history', {}))).entries).toEqual(entries);

      expect(await ok(b.send('request.clearHistory', {}))).toEqual({ cleared: entries.length });
      expect((await ok(b.send('request.history', {}))).entries).toEqual([]);
    });

    it('a locked vault refuses to sign or send', async () => {
      await ok(b.send('vault.lock', {}));
      const before = svc.calls.length;
      try {
        expect(await send('user', { method: 'GET', url: `${svc.url}/`, service: 's3', region: R })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
        expect(await send('role', { method: 'GET', url: `${svc.url}/`, service: 's3', region: R })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
        expect(await b.send('request.presign', { id: ids['user']!, method: 'GET', url: `${svc.url}/b/k`, service: 's3', region: R, expiresIn: 60 })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
        expect(svc.calls.length).toBe(before);
      } finally {
        await ok(b.send('vault.unlock', { passphrase: PASS }));
      }
    });

    it('refuses a content script and cannot be reached from a web page', async () => {
      await b.openTabWithAction(PAGE_URL, '<!doctype html><title>page</title><p>a web page</p>');
      const before = svc.calls.length;
      const results = await b.inBackground(async (g, [url, payload]: [string, Record<string, unknown>]) => {
        const api = g.browser ?? g.chrome;
        const tab = (await api.tabs.query({})).find((t: { url?: string }) => t.url === url);
        if (!tab) throw new Error('tab not found');
        // an isolated-world script of Sigvault itself in the page (what a content script is)
        const [isolated] = await api.scripting.executeScript({
          target: { tabId: tab.id },
          func: async (p: Record<string, unknown>) => {
            const rt = ((globalThis as any).browser ?? (globalThis as any).chrome).runtime;
            try { return await rt.sendMessage(p); } catch (e) { return { thrown: String(e) }; }
          },
          args: [payload],
        });
        // the page's own scripts
        const [main] = await api.scripting.executeScript({
          target: { tabId: tab.id },
          world: 'MAIN',
          func: async (p: Record<string, unknown>, extId: string) => {
            const rt = ((globalThis as any).browser ?? (globalThis as any).chrome)?.runtime;
            if (!rt?.sendMessage) return { unreachable: 'no runtime.sendMessage in the page' };
            try { return await rt.sendMessage(extId, p); } catch (e) { return { thrown: String(e) }; }
          },
          args: [payload, api.runtime.id],
        });
        return { isolated: isolated.result, main: main.result };
      }, [PAGE_URL, { type: 'request.send', id: ids['user'], method: 'GET', url: `${svc.url}/`, service: 's3', region: R }] as [string, Record<string, unknown>]);
      expect(results.isolated).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(results.main).not.toHaveProperty('ok');
      expect(JSON.stringify(results.main)).toMatch(/unreachable|thrown/);
      expect(svc.calls.length).toBe(before);
    });

    it('dates signatures by AWS\'s clock as STS reported it', async () => {
      // AWS's clock 20 minutes ahead: a signature dated by the local clock is refused (5-minute window)
      sts.setClockSkew(20 * 60_000);
      try {
        // STS tells the extension its clock (the first answer is a skew error; the client corrects and retries)
        await ok(b.send('session.resolve', { id: ids['role']!, forceRefresh: true }));
        const r = await ok(send('user', { method: 'GET', url: `${svc.url}/`, service: 's3', region: R }));
        expect(r.status).toBe(200);
        const signedAt = r.signing.stringToSign.split('\n')[1]!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
        expect(Math.abs(Date.parse(signedAt) - sts.now())).toBeLessThan(60_000);
      } finally {
        sts.setClockSkew(0);
        await ok(b.send('session.resolve', { id: ids['role']!, forceRefresh: true }));
      }
    });
  });
}
