/**
 * The services stand-in checks signatures for real: Sigvault's signer passes, anything else fails, and its
 * SignatureDoesNotMatch quotes the canonical request the way AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignUrl, signRequest, type Credentials } from '../../src/core/sigv4/index.ts';
import { presignUrlV4a, signRequestV4a } from '../../src/core/sigv4a/index.ts';
import { startServicesStandin, type KnownKey, type ServicesStandin } from './services-standin.ts';

const USER: Credentials = { accessKeyId: 'AKIAUSERUSERUSERUSER', secretAccessKey: 'userSecretuserSecretuserSecretuserSecret' };
const ROLE: Credentials = { accessKeyId: 'ASIAROLEROLEROLEROLE', secretAccessKey: 'roleSecretroleSecretroleSecretroleSecret', sessionToken: 'IQoJb3JpZ2luX2VjE+token/with==' };
const keys = new Map<string, KnownKey>([
  [USER.accessKeyId, { secretAccessKey: USER.secretAccessKey, arn: 'arn:aws:iam::111111111111:user/alice', account: '111111111111' }],
  [ROLE.accessKeyId, { secretAccessKey: ROLE.secretAccessKey, sessionToken: ROLE.sessionToken!, expiresAt: Date.now() + 3600_000, arn: 'arn:aws:sts::222222222222:assumed-role/Admin/s', account: '222222222222' }],
]);

let s: ServicesStandin;
beforeAll(async () => { s = await startServicesStandin({ keys: (id) => keys.get(id) }); });
afterAll(async () => { await s.stop(); });

async function signedFetch(creds: Credentials, service: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}) {
  const signed = signRequest({ method, url: s.url + path, ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.body !== undefined ? { body: opts.body } : {}) }, creds, { service, region: 'us-east-1' });
  const res = await fetch(signed.url, { method, headers: signed.headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers, signed };
}

describe('services stand-in', () => {
  it('S3: PutObject, GetObject, ListObjectsV2, ListBuckets with a user and with a session token', async () => {
    expect((await signedFetch(ROLE, 's3', 'PUT', '/sigvault-demo/dir/a%20b.txt', { body: 'hello', headers: { 'Content-Type': 'text/plain' } })).status).toBe(200);
    expect(s.objects.get('sigvault-demo/dir/a b.txt')?.body.toString()).toBe('hello');
    const got = await signedFetch(USER, 's3', 'GET', '/sigvault-demo/dir/a%20b.txt');
    expect(got).toMatchObject({ status: 200, text: 'hello' });
    expect((await signedFetch(USER, 's3', 'GET', '/sigvault-demo?list-type=2&prefix=dir%2F')).text).toContain('<Key>dir/a b.txt</Key>');
    expect((await signedFetch(USER, 's3', 'GET', '/')).text).toMatch(/<ListAllMyBucketsResult[^>]*>.*<Name>sigvault-demo<\/Name>/s);
    const missing = await signedFetch(USER, 's3', 'GET', '/sigvault-demo/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<Code>NoSuchKey</Code>');
  });

  it('DynamoDB ListTables, EC2 DescribeInstances (GET and POST), Lambda Invoke, execute-api', async () => {
    const ddb = await signedFetch(ROLE, 'dynamodb', 'POST', '/', { headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables', 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(ddb).toMatchObject({ status: 200 });
    expect(JSON.parse(ddb.text)).toEqual({ TableNames: ['Music', 'Orders', 'Sessions'] });
    expect((await signedFetch(USER, 'ec2', 'GET', '/?Action=DescribeInstances&Version=2016-11-15')).text).toContain('<instanceId>i-1234567890abcdef0</instanceId>');
    expect((await signedFetch(USER, 'ec2', 'POST', '/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=DescribeInstances&Version=2016-11-15' })).status).toBe(200);
    const inv = await signedFetch(ROLE, 'lambda', 'POST', '/2015-03-31/functions/echo/invocations', { body: '{"x":1}' });
    expect(JSON.parse(inv.text)).toEqual({ statusCode: 200, echo: { x: 1 } });
    expect((await signedFetch(ROLE, 'lambda', 'POST', '/2015-03-31/functions/ghost/invocations', { body: '{}' })).status).toBe(404);
    const api = await signedFetch(ROLE, 'execute-api', 'GET', '/prod/items?id=1');
    expect(JSON.parse(api.text)).toMatchObject({ path: '/prod/items', caller: keys.get(ROLE.accessKeyId)!.arn });
  });

  it('a wrong secret: SignatureDoesNotMatch quoting the canonical request, which is exactly the signer\'s', async () => {
    const bad = { ...ROLE, secretAccessKey: 'x'.repeat(40) };
    const r = await signedFetch(bad, 's3', 'GET', '/sigvault-demo/dir/a%20b.txt');
    expect(r.status).toBe(403);
    const canonical = /<CanonicalRequest>([\s\S]*?)<\/CanonicalRequest>/.exec(r.text)![1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
    expect(canonical).toBe(r.signed.canonicalRequest);
    expect(canonical).toContain(`x-amz-security-token:${ROLE.sessionToken}`); // as AWS does: why Sigvault redacts answers
    const j = await signedFetch(bad, 'dynamodb', 'POST', '/', { headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
    expect(j.status).toBe(400);
    const msg = JSON.parse(j.text);
    expect(msg.__type).toBe('com.amazon.coral.service#InvalidSignatureException');
    expect(msg.message).toContain(`The Canonical String for this request should have been\n'${j.signed.canonicalRequest}'`);
    expect((await signedFetch(bad, 'ec2', 'GET', '/?Action=DescribeInstances')).text).toContain('<Code>AuthFailure</Code>');
  });

  it('refuses a missing or foreign session token, an unknown key, a body that is not the one signed', async () => {
    expect((await signedFetch({ accessKeyId: ROLE.accessKeyId, secretAccessKey: ROLE.secretAccessKey }, 's3', 'GET', '/')).text).toContain('InvalidToken');
    expect((await signedFetch({ ...USER, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' }, 's3', 'GET', '/')).text).toContain('InvalidAccessKeyId');
    const signed = signRequest({ method: 'PUT', url: `${s.url}/sigvault-demo/k`, body: 'signed body' }, USER, { service: 's3', region: 'us-east-1' });
    const res = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: 'other body' });
    expect(await res.text()).toContain('XAmzContentSHA256Mismatch');
  });

  it('presigned S3 GET and PUT work until they expire; a tampered one does not', async () => {
    const put = presignUrl({ method: 'PUT', url: `${s.url}/sigvault-demo/presigned.txt` }, ROLE, { service: 's3', region: 'us-east-1', expiresIn: 60 });
    expect((await fetch(put.url, { method: 'PUT', body: 'via presigned PUT' })).status).toBe(200);
    const get = presignUrl({ method: 'GET', url: `${s.url}/sigvault-demo/presigned.txt` }, USER, { service: 's3', region: 'us-east-1', expiresIn: 60 });
    expect(await (await fetch(get.url)).text()).toBe('via presigned PUT');
    expect((await fetch(get.url.replace('presigned.txt', 'other.txt'))).status).toBe(403);
    const old = presignUrl({ method: 'GET', url: `${s.url}/sigvault-demo/presigned.txt` }, USER, { service: 's3', region: 'us-east-1', expiresIn: 60, datetime: new Date(Date.now() - 120_000) });
    const expired = await fetch(old.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect(s.calls.filter((c) => c.auth === 'query' && c.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('SigV4a: header-signed S3 PUT and GET verify (user and session token); the call records the algorithm and region set', async () => {
    const put = signRequestV4a({ method: 'PUT', url: `${s.url}/sigvault-demo/v4a/a%20b.txt`, headers: { 'Content-Type': 'text/plain' }, body: 'ecdsa' }, ROLE, { service: 's3', regionSet: '*' });
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: 'ecdsa' })).status).toBe(200);
    expect(s.calls.at(-1)).toMatchObject({ action: 'PutObject', status: 200, auth: 'header', algorithm: 'sigv4a', regionSet: '*', accessKeyId: ROLE.accessKeyId });
    const get = signRequestV4a({ method: 'GET', url: `${s.url}/sigvault-demo/v4a/a%20b.txt` }, USER, { service: 's3', regionSet: ['us-east-1', 'eu-*'] });
    const r = await fetch(get.url, { headers: get.headers });
    expect(await r.text()).toBe('ecdsa');
    expect(s.calls.at(-1)).toMatchObject({ action: 'GetObject', algorithm: 'sigv4a', regionSet: 'us-east-1,eu-*' });
    // and a SigV4 call is recorded as such
    await signedFetch(USER, 's3', 'GET', '/');
    expect(s.calls.at(-1)).toMatchObject({ action: 'ListBuckets', algorithm: 'sigv4' });
  });

  it('SigV4a: a tampered signature, a wrong secret, a changed region set or an unsigned one are refused with SignatureDoesNotMatch', async () => {
    const signed = signRequestV4a({ method: 'GET', url: `${s.url}/sigvault-demo/v4a/a%20b.txt` }, ROLE, { service: 's3', regionSet: '*' });
    const sig = signed.signature;
    // flip one hex digit of r (the DER integer's last byte before s): still DER, no longer valid
    const at = 10;
    const flipped = sig.slice(0, at) + (sig[at] === '0' ? '1' : '0') + sig.slice(at + 1);
    const tampered = { ...signed.headers, Authorization: signed.headers['Authorization']!.replace(sig, flipped) };
    const r = await fetch(signed.url, { headers: tampered });
    expect(r.status).toBe(403);
    const text = await r.text();
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const quoted = /<CanonicalRequest>([\s\S]*?)<\/CanonicalRequest>/.exec(text)![1]!.replace(/&amp;/g, '&');
    expect(quoted).toBe(signed.canonicalRequest); // smithy's canonical request is the signer's, byte for byte
    expect(/<StringToSign>([\s\S]*?)<\/StringToSign>/.exec(text)![1]).toBe(signed.stringToSign);
    // not hex / not DER
    expect((await fetch(signed.url, { headers: { ...signed.headers, Authorization: signed.headers['Authorization']!.replace(sig, 'abcd') } })).status).toBe(403);

    const bad = signRequestV4a({ method: 'GET', url: `${s.url}/sigvault-demo/v4a/a%20b.txt` }, { ...USER, secretAccessKey: 'y'.repeat(40) }, { service: 's3', regionSet: '*' });
    expect(await (await fetch(bad.url, { headers: bad.headers })).text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const moved = await fetch(signed.url, { headers: { ...signed.headers, 'X-Amz-Region-Set': 'us-east-1' } });
    expect(await moved.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const { 'X-Amz-Region-Set': _dropped, ...without } = signed.headers;
    expect(await (await fetch(signed.url, { headers: without })).text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    // a JSON service says it its own way
    const j = signRequestV4a({ method: 'POST', url: `${s.url}/`, headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' }, { ...USER, secretAccessKey: 'z'.repeat(40) }, { service: 'dynamodb', regionSet: '*' });
    const jr = await fetch(j.url, { method: 'POST', headers: j.headers, body: '{}' });
    expect(JSON.parse(await jr.text()).message).toContain(`The Canonical String for this request should have been\n'${j.canonicalRequest}'`);
  });

  it('SigV4a: presigned S3 GET and PUT work until they expire; a tampered one does not', async () => {
    const put = presignUrlV4a({ method: 'PUT', url: `${s.url}/sigvault-demo/v4a-presigned.txt` }, ROLE, { service: 's3', regionSet: '*', expiresIn: 60 });
    expect(put.url).toContain('X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256');
    expect((await fetch(put.url, { method: 'PUT', body: 'via a SigV4a URL' })).status).toBe(200);
    expect(s.calls.at(-1)).toMatchObject({ action: 'PutObject', auth: 'query', algorithm: 'sigv4a', regionSet: '*' });
    const get = presignUrlV4a({ method: 'GET', url: `${s.url}/sigvault-demo/v4a-presigned.txt` }, USER, { service: 's3', regionSet: 'us-*', expiresIn: 60 });
    expect(await (await fetch(get.url)).text()).toBe('via a SigV4a URL');
    expect((await fetch(get.url.replace('v4a-presigned.txt', 'other.txt'))).status).toBe(403);
    expect((await fetch(get.url.replace('X-Amz-Region-Set=us-%2A', 'X-Amz-Region-Set=%2A'))).status).toBe(403);
    const sig = /X-Amz-Signature=([0-9a-f]+)/.exec(get.url)![1]!;
    const tampered = await fetch(get.url.replace(sig, sig.slice(0, 20) + (sig[20] === 'a' ? 'b' : 'a') + sig.slice(21)));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const old = presignUrlV4a({ method: 'GET', url: `${s.url}/sigvault-demo/v4a-presigned.txt` }, USER, { service: 's3', regionSet: '*', expiresIn: 60, datetime: new Date(Date.now() - 120_000) });
    const expired = await fetch(old.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });
});
