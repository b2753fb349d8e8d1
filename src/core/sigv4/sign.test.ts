import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../../test/support/invalid-input.ts';
import * as api from './index.ts';
import { presignUrl, signRequest } from './index.ts';
import type { Credentials, SignInput, SignOptions } from './index.ts';

const creds: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const token = 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQ==';
const withToken: Credentials = { ...creds, sessionToken: token };
const opts: SignOptions = { region: 'us-east-1', service: 'service', datetime: '20150830T123600Z' };
const s3: SignOptions = { region: 'us-east-1', service: 's3', datetime: '20150830T123600Z' };
const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('public surface', () => {
  it('index.ts exports exactly signRequest, presignUrl, signRequestAsync and hashPayload at runtime', () => {
    expect(Object.keys(api).sort()).toEqual(['hashPayload', 'presignUrl', 'signRequest', 'signRequestAsync']);
    expect(typeof api.signRequest).toBe('function');
    expect(typeof api.presignUrl).toBe('function');
  });
});

describe('signRequest', () => {
  it('never mutates its inputs (frozen inputs, unchanged afterwards)', () => {
    const body = new Uint8Array([1, 2, 3]);
    const req = deepFreeze({ method: 'put', url: 'https://example.amazonaws.com/a b', headers: { 'X-Custom': ' v ' }, body });
    const c = deepFreeze({ ...withToken });
    const o = deepFreeze({ ...opts, unsignedPayload: false });
    const before = JSON.stringify([req, c, o]);
    signRequest(req, c, o);
    presignUrl(req, c, deepFreeze({ ...o, expiresIn: 60 }));
    expect(JSON.stringify([req, c, o])).toBe(before);
    expect([...body]).toEqual([1, 2, 3]);
  });

  it('returns the headers to send: the caller\'s, X-Amz-Date, the token, Authorization', () => {
    const signed = signRequest(
      { method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      withToken,
      { ...opts, service: 'sts' },
    );
    expect(Object.keys(signed.headers)).toEqual(['Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'Authorization']);
    expect(signed.headers['X-Amz-Security-Token']).toBe(token);
    expect(signed.signedHeaders).toBe('content-type;host;x-amz-date;x-amz-security-token');
    expect(signed.headers['Authorization']).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`,
    );
    expect(signed.canonicalRequest.endsWith(sha('Action=GetCallerIdentity&Version=2011-06-15'))).toBe(true);
    expect(signed.method).toBe('POST');
    expect(signed.url).toBe('https://sts.amazonaws.com/');
  });

  it('Host comes from the URL; a caller Host is kept only if it matches, and is then returned', () => {
    const a = signRequest({ method: 'GET', url: 'https://Example.AmazonAWS.com:443/' }, creds, opts);
    expect(a.canonicalRequest).toContain('\nhost:example.amazonaws.com\n');
    expect(a.headers).not.toHaveProperty('Host');
    expect(a.url).toBe('https://example.amazonaws.com/');
    const b = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { Host: 'EXAMPLE.amazonaws.com' } }, creds, opts);
    expect(b.signature).toBe(a.signature);
    expect(b.headers['Host']).toBe('EXAMPLE.amazonaws.com');
    const c = signRequest({ method: 'GET', url: 'http://localhost:4566/' }, creds, opts);
    expect(c.canonicalRequest).toContain('\nhost:localhost:4566\n');
    expect(() => signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { host: 'evil.example' } }, creds, opts)).toThrow(
      /Host header must equal/,
    );
  });

  it('drops caller Authorization / X-Amz-Date and replaces a caller token header', () => {
    const signed = signRequest(
      { method: 'GET', url: 'https://example.amazonaws.com/', headers: { authorization: 'x', 'X-AMZ-DATE': '1', 'x-amz-security-token': 'old' } },
      withToken,
      opts,
    );
    expect(signed.headers).not.toHaveProperty('authorization');
    expect(signed.headers).not.toHaveProperty('X-AMZ-DATE');
    expect(signed.headers).not.toHaveProperty('x-amz-security-token');
    expect(signed.headers['X-Amz-Security-Token']).toBe(token);
    expect(signed.canonicalRequest).toContain(`x-amz-security-token:${token}\n`);
  });

  it('joins case-variant repeats of a header with "," in order', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { 'My-Header1': 'value4', 'my-header1': ' value1 ' } }, creds, opts);
    expect(signed.canonicalRequest).toContain('\nmy-header1:value4,value1\n');
  });

  it('S3: sends and signs X-Amz-Content-SHA256 = body hash, single-encodes and keeps the path', () => {
    const body = new Uint8Array(1000).fill(7);
    const signed = signRequest({ method: 'PUT', url: 'https://bucket.s3.amazonaws.com/a//b/../c d.txt', body }, creds, s3);
    expect(signed.headers['X-Amz-Content-SHA256']).toBe(sha(body));
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/a//b/../c%20d.txt');
    expect(signed.url).toBe('https://bucket.s3.amazonaws.com/a//b/../c%20d.txt');
    expect(signed.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date');
  });

  it('unsignedPayload: UNSIGNED-PAYLOAD, sent as X-Amz-Content-SHA256 for any service', () => {
    const signed = signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: 'x' }, creds, { ...opts, unsignedPayload: true });
    expect(signed.headers['X-Amz-Content-SHA256']).toBe('UNSIGNED-PAYLOAD');
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('honours a caller X-Amz-Content-SHA256 as the payload hash (e.g. streaming uploads)', () => {
    const hash = sha('big body not given');
    const signed = signRequest({ method: 'PUT', url: 'https://bucket.s3.amazonaws.com/k', headers: { 'x-amz-content-sha256': hash } }, creds, s3);
    expect(signed.canonicalRequest.endsWith('\n' + hash)).toBe(true);
    expect(signed.headers).not.toHaveProperty('X-Amz-Content-SHA256');
    expect(signed.headers['x-amz-content-sha256']).toBe(hash);
  });

  it('non-S3: raw path characters are escaped for the wire, then the path is encoded again', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/my file/ሴ/./x' }, creds, opts);
    expect(signed.url).toBe('https://example.amazonaws.com/my%20file/%E1%88%B4/./x');
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/my%2520file/%25E1%2588%25B4/x');
  });

  it('normalizePath / doubleEncodePath can be set explicitly', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/a/../b%20c' }, creds, { ...opts, normalizePath: false, doubleEncodePath: false });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/a/../b%20c');
  });

  it('keeps the query as written in the URL and canonicalises it for signing', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/?b=2&a=%7e&c#frag' }, creds, opts);
    expect(signed.url).toBe('https://example.amazonaws.com/?b=2&a=%7e&c#frag');
    expect(signed.canonicalRequest.split('\n')[2]).toBe('a=~&b=2&c=');
  });

  it('signSessionToken: false attaches the token after signing', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, withToken, { ...opts, signSessionToken: false });
    expect(signed.headers['X-Amz-Security-Token']).toBe(token);
    expect(signed.signedHeaders).toBe('host;x-amz-date');
    expect(signed.canonicalRequest).not.toContain(token);
  });

  it('normalises the method like fetch does', () => {
    expect(signRequest({ method: 'get', url: 'https://example.amazonaws.com/' }, creds, opts).method).toBe('GET');
    const patch = signRequest({ method: 'patch', url: 'https://example.amazonaws.com/' }, creds, opts);
    expect(patch.method).toBe('patch');
    expect(patch.canonicalRequest.startsWith('patch\n')).toBe(true);
  });

  it('accepts a Date or a string datetime, and defaults to now', () => {
    const a = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, creds, { ...opts, datetime: new Date('2015-08-30T12:36:00.999Z') });
    const b = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, creds, opts);
    expect(a.signature).toBe(b.signature);
    const before = Date.now();
    const c = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, creds, { region: 'us-east-1', service: 'service' });
    const d = c.headers['X-Amz-Date']!;
    expect(d).toMatch(/^\d{8}T\d{6}Z$/);
    const t = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
    expect(Math.abs(t - before)).toBeLessThan(5000);
  });

  it('hashes string bodies as UTF-8 and byte bodies as is', () => {
    const text = 'héllo 😀';
    const a = signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: text }, creds, opts);
    const b = signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: new TextEncoder().encode(text) }, creds, opts);
    expect(a.canonicalRequest.endsWith(sha(text))).toBe(true);
    expect(b.signature).toBe(a.signature);
    const empty = signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: '' }, creds, opts);
    expect(empty.canonicalRequest.endsWith('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
  });
});

describe('presignUrl', () => {
  it('S3: UNSIGNED-PAYLOAD, auth parameters in the query, fragment kept', () => {
    const signed = presignUrl({ method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt#x' }, withToken, { ...s3, expiresIn: 86400 });
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    const u = new URL(signed.url);
    expect(u.hash).toBe('#x');
    expect(u.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(u.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request');
    expect(u.searchParams.get('X-Amz-Date')).toBe('20150830T123600Z');
    expect(u.searchParams.get('X-Amz-Expires')).toBe('86400');
    expect(u.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(u.searchParams.get('X-Amz-Security-Token')).toBe(token);
    expect(u.searchParams.get('X-Amz-Signature')).toBe(signed.signature);
    expect(signed.headers).toEqual({});
  });

  it('non-S3: hashes the body (empty hash when none); headers stay signed headers', () => {
    const signed = presignUrl({ method: 'GET', url: 'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15', headers: { 'x-k8s-aws-id': 'c1' } }, creds, { ...opts, service: 'sts', expiresIn: 60 });
    expect(signed.canonicalRequest.endsWith('\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
    expect(signed.signedHeaders).toBe('host;x-k8s-aws-id');
    expect(signed.headers).toEqual({ 'x-k8s-aws-id': 'c1' });
    expect(signed.url.startsWith('https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=')).toBe(true);
  });

  it('signSessionToken: false appends the token after the signature', () => {
    const signed = presignUrl({ method: 'GET', url: 'https://example.amazonaws.com/' }, withToken, { ...opts, expiresIn: 3600, signSessionToken: false });
    expect(signed.canonicalRequest).not.toContain('Security-Token');
    expect(signed.url).toMatch(/&X-Amz-Signature=[0-9a-f]{64}&X-Amz-Security-Token=AQoDYXdzEPT%2F/);
  });

  it('accepts the bounds 1 and 604800', () => {
    for (const expiresIn of [1, 604800]) {
      const signed = presignUrl({ method: 'GET', url: 'https://example.amazonaws.com/' }, creds, { ...opts, expiresIn });
      expect(signed.url).toContain(`X-Amz-Expires=${expiresIn}&`);
    }
  });
});

describe('errors: bad input is a clear error, never a wrong signature', () => {
  const base: SignInput = { method: 'GET', url: 'https://example.amazonaws.com/' };
  const expectInvalid = (fn: () => unknown, field: string, message?: RegExp) => expectInvalidInput(fn, field, message, [creds.secretAccessKey]);

  it.each(['not a url', 'example.amazonaws.com/', 'ftp://example.amazonaws.com/', 'https://user:pw@example.amazonaws.com/', 'https://exa mple.com/', 'https://example.com:99999/', 'https://example.com/a\nb', ''])(
    'unparseable URL %j',
    (url) => {
      expectInvalid(() => signRequest({ ...base, url }, creds, opts), 'url', /Invalid URL/);
      expectInvalid(() => presignUrl({ ...base, url }, creds, { ...opts, expiresIn: 60 }), 'url', /Invalid URL/);
    },
  );

  it.each(['bad name', 'x:y', '', 'héader', 'a\nb', 'a(b)', '__proto__'])('header name with invalid characters %j', (name) => {
    const headers = JSON.parse(JSON.stringify({ [name]: 'v' })) as Record<string, string>;
    expectInvalid(() => signRequest({ ...base, headers }, creds, opts), 'headers');
  });

  it.each(['a\nb', 'a\r\nX-Injected: 1', 'caf\u00e9', 'nul\u0000'])('header value that cannot be signed %j', (value) => {
    expectInvalid(() => signRequest({ ...base, headers: { 'X-Custom': value } }, creds, opts), 'headers');
  });

  it('headers that are not a plain object (a fetch Headers would otherwise be signed as empty)', () => {
    const headers = new Headers({ 'X-Custom': 'v' }) as unknown as Record<string, string>;
    expectInvalid(() => signRequest({ ...base, headers }, creds, opts), 'headers', /plain object/);
    expectInvalid(() => signRequest({ ...base, headers: 'x' as unknown as Record<string, string> }, creds, opts), 'headers');
    expect(signRequest({ ...base, headers: Object.assign(Object.create(null), { 'X-Custom': 'v' }) }, creds, opts).signedHeaders).toBe(
      'host;x-amz-date;x-custom',
    );
  });

  it('non-string header value', () => {
    expectInvalid(() => signRequest({ ...base, headers: { 'X-Num': 1 as unknown as string } }, creds, opts), 'headers');
  });

  it.each([['region', ''], ['service', ''], ['region', 'us-east-1/x'], ['service', 's 3'], ['region', undefined]])('%s = %j', (field, value) => {
    expectInvalid(() => signRequest(base, creds, { ...opts, [field]: value } as SignOptions), field);
  });

  it.each([42, { a: 1 }, new ArrayBuffer(4), new Uint16Array(2), [1, 2]])('body that is neither string nor bytes: %j', (body) => {
    expectInvalid(() => signRequest({ ...base, method: 'POST', body: body as unknown as string }, creds, opts), 'body');
  });

  it.each([0, 604801, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '60', undefined])('expiresIn %j', (expiresIn) => {
    expectInvalid(() => presignUrl(base, creds, { ...opts, expiresIn: expiresIn as number }), 'expiresIn', /expiresIn must be an integer/);
  });

  it.each(['2015-08-30T12:36:00Z', '20150830T123600', '20151330T123600Z', '20150230T123600Z', '20150830T246000Z', '20150830T126000Z', '2015083OT123600Z', '', 'garbage', new Date('nope'), 1440938160000])(
    'bad datetime %j',
    (datetime) => {
      expectInvalid(() => signRequest(base, creds, { ...opts, datetime: datetime as string }), 'datetime');
    },
  );

  it.each([
    [{ secretAccessKey: 'x' }],
    [{ accessKeyId: '', secretAccessKey: 'x' }],
    [{ accessKeyId: 'AKID/X', secretAccessKey: 'x' }],
    [{ accessKeyId: 'AKID', secretAccessKey: '' }],
    [{ accessKeyId: 'AKID', secretAccessKey: 'x', sessionToken: 'a\nb' }],
    [null],
  ])('bad credentials %j', (c) => {
    expectInvalid(() => signRequest(base, c as unknown as Credentials, opts), 'credentials');
  });

  it.each(['', 'GE T', 'GET\n', 7])('bad method %j', (method) => {
    expectInvalid(() => signRequest({ ...base, method: method as string }, creds, opts), 'method');
  });

  it('presigning a URL that already carries SigV4 parameters', () => {
    expectInvalid(() => presignUrl({ ...base, url: 'https://example.amazonaws.com/?X-Amz-Signature=abc' }, creds, { ...opts, expiresIn: 60 }), 'url', /already carries/);
  });

  it('unsignedPayload with a conflicting X-Amz-Content-SHA256 header', () => {
    expectInvalid(() => signRequest({ ...base, headers: { 'X-Amz-Content-SHA256': 'e3b0' } }, creds, { ...opts, unsignedPayload: true }), 'headers');
  });
});
