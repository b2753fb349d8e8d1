import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../../test/support/invalid-input.ts';
import { sigV4aPublicKey, verifySigV4a } from '../../../test/support/sigv4a-node.ts';
import { presignUrl, signRequest } from '../sigv4/index.ts';
import { clearSigningKeyCache, signingKeyCacheSize } from '../sigv4/signing-key.ts';
import type { Credentials, SignInput } from '../sigv4/types.ts';
import * as api from './index.ts';
import { presignUrlV4a, signRequestV4a, type SignV4aOptions } from './index.ts';

const creds: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const token = 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQ==';
const withToken: Credentials = { ...creds, sessionToken: token };
const opts: SignV4aOptions = { regionSet: 'us-east-1', service: 'service', datetime: '20150830T123600Z' };
const mrap = 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com';
const s3: SignV4aOptions = { regionSet: '*', service: 's3', datetime: '20150830T123600Z' };
const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const exampleKey = sigV4aPublicKey(creds.accessKeyId, creds.secretAccessKey);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('public surface', () => {
  it('index.ts exports exactly signRequestV4a and presignUrlV4a at runtime', () => {
    expect(Object.keys(api).sort()).toEqual(['presignUrlV4a', 'signRequestV4a']);
  });
});

describe('signRequestV4a', () => {
  it('returns the headers to send, with X-Amz-Region-Set signed and the ECDSA Authorization', () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = signRequestV4a(
      { method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
      withToken,
      { ...opts, service: 'sts' },
    );
    expect(Object.keys(signed.headers)).toEqual(['Content-Type', 'X-Amz-Date', 'X-Amz-Region-Set', 'X-Amz-Security-Token', 'Authorization']);
    expect(signed.headers['X-Amz-Region-Set']).toBe('us-east-1');
    expect(signed.signedHeaders).toBe('content-type;host;x-amz-date;x-amz-region-set;x-amz-security-token');
    expect(signed.headers['Authorization']).toBe(
      `AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/sts/aws4_request, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`,
    );
    expect(signed.stringToSign).toBe(
      `AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/sts/aws4_request\n${sha(signed.canonicalRequest)}`,
    );
    expect(signed.canonicalRequest).toContain('\nx-amz-region-set:us-east-1\n');
    expect(signed.canonicalRequest.endsWith(sha(body))).toBe(true);
    expect(verifySigV4a(exampleKey, signed.stringToSign, signed.signature)).toBe(true);
  });

  it('never mutates its inputs (frozen inputs, unchanged afterwards)', () => {
    const body = new Uint8Array([1, 2, 3]);
    const req = deepFreeze({ method: 'put', url: `${mrap}/a b`, headers: { 'X-Custom': ' v ' }, body });
    const c = deepFreeze({ ...withToken });
    const o = deepFreeze({ ...s3, regionSet: ['us-east-1', 'eu-west-1'] });
    const before = JSON.stringify([req, c, o]);
    signRequestV4a(req, c, o);
    presignUrlV4a(req, c, deepFreeze({ ...o, expiresIn: 60 }));
    expect(JSON.stringify([req, c, o])).toBe(before);
    expect([...body]).toEqual([1, 2, 3]);
  });

  it('region sets: one region, a pattern, "*", a list or a comma-joined string', () => {
    const req: SignInput = { method: 'GET', url: `${mrap}/k` };
    const value = (regionSet: SignV4aOptions['regionSet']) => signRequestV4a(req, creds, { ...s3, regionSet }).headers['X-Amz-Region-Set'];
    expect(value('*')).toBe('*');
    expect(value('us-*')).toBe('us-*');
    expect(value(['us-east-1', 'eu-west-1'])).toBe('us-east-1,eu-west-1');
    expect(value('us-east-1,eu-west-1')).toBe('us-east-1,eu-west-1');
    const a = signRequestV4a(req, creds, { ...s3, regionSet: ['us-east-1', 'eu-west-1'] });
    const b = signRequestV4a(req, creds, { ...s3, regionSet: 'us-east-1,eu-west-1' });
    expect(a.canonicalRequest).toBe(b.canonicalRequest);
    expect(a.canonicalRequest).not.toBe(signRequestV4a(req, creds, s3).canonicalRequest);
  });

  it('a caller X-Amz-Region-Set is replaced by the options\' region set', () => {
    const signed = signRequestV4a({ method: 'GET', url: `${mrap}/k`, headers: { 'x-amz-region-set': 'eu-west-1' } }, creds, s3);
    expect(signed.headers).not.toHaveProperty('x-amz-region-set');
    expect(signed.headers['X-Amz-Region-Set']).toBe('*');
    expect(signed.canonicalRequest).toContain('\nx-amz-region-set:*\n');
    expect(signed.canonicalRequest).not.toContain('eu-west-1');
  });

  it('S3 rules as in SigV4: content hash header, single encoding, no path normalisation', () => {
    const body = new Uint8Array(1000).fill(7);
    const signed = signRequestV4a({ method: 'PUT', url: `${mrap}/a//b/../c d.txt`, body }, creds, s3);
    expect(signed.headers['X-Amz-Content-SHA256']).toBe(sha(body));
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/a//b/../c%20d.txt');
    expect(signed.url).toBe(`${mrap}/a//b/../c%20d.txt`);
    expect(signed.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date;x-amz-region-set');
  });

  it('same canonical request as SigV4 but for the region set header and the scope', () => {
    const req: SignInput = { method: 'POST', url: 'https://example.amazonaws.com/p?b=2&a=1', headers: { 'X-Custom': 'v' }, body: 'x' };
    const v4 = signRequest(req, creds, { region: 'us-east-1', service: 'service', datetime: '20150830T123600Z' });
    const v4a = signRequestV4a(req, creds, opts);
    const dropRegionSet = (creq: string) => creq.replace('x-amz-region-set:us-east-1\n', '').replace(';x-amz-region-set', '');
    expect(dropRegionSet(v4a.canonicalRequest)).toBe(v4.canonicalRequest);
    expect(v4a.url).toBe(v4.url);
  });

  it('signatures are deterministic (RFC 6979) DER and verify with Node for generated requests', () => {
    const requests: [SignInput, Credentials, SignV4aOptions][] = [
      [{ method: 'GET', url: `${mrap}/photos/2024/cat.jpg` }, withToken, s3],
      [{ method: 'PUT', url: `${mrap}/upload/ሴ.bin`, headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(4096).fill(1) }, withToken, s3],
      [{ method: 'POST', url: 'https://events.amazonaws.com/', headers: { 'X-Amz-Target': 'AWSEvents.PutEvents', 'Content-Type': 'application/x-amz-json-1.1' }, body: '{"Entries":[]}' }, creds, { regionSet: ['us-east-1', 'us-west-2'], service: 'events', datetime: '20150830T123600Z' }],
      [{ method: 'GET', url: `${mrap}/k?list-type=2&prefix=a%2Fb` }, creds, { ...s3, unsignedPayload: true }],
    ];
    for (let i = 0; i < 3; i++) {
      const id = 'AKIA' + Math.random().toString(36).slice(2, 14).toUpperCase();
      const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(30))).toString('base64');
      requests.push([{ method: 'GET', url: `${mrap}/r${i}` }, { accessKeyId: id, secretAccessKey: secret }, s3]);
    }
    for (const [req, c, o] of requests) {
      const key = sigV4aPublicKey(c.accessKeyId, c.secretAccessKey);
      const a = signRequestV4a(req, c, o);
      expect(a.signature).toMatch(/^30[0-9a-f]{136,140}$/);
      expect(verifySigV4a(key, a.stringToSign, a.signature), req.url).toBe(true);
      expect(verifySigV4a(key, a.stringToSign.replace('aws4_request', 'aws4_requesT'), a.signature)).toBe(false);
      expect(signRequestV4a(req, c, o).signature).toBe(a.signature);
      const p = presignUrlV4a({ method: req.method, url: req.url }, c, { ...o, expiresIn: 900 });
      expect(verifySigV4a(key, p.stringToSign, p.signature), p.url).toBe(true);
      expect(new URL(p.url).searchParams.get('X-Amz-Signature')).toBe(p.signature);
    }
  });
});

describe('no key cache', () => {
  it('the key is derived from the secret of each call: same key id, new secret, new key; SigV4\'s cache stays empty', () => {
    clearSigningKeyCache();
    const rotated: Credentials = { ...creds, secretAccessKey: 'rotatedSecretrotatedSecretrotatedSecret0' };
    const a = signRequestV4a({ method: 'GET', url: `${mrap}/k` }, creds, s3);
    const b = presignUrlV4a({ method: 'GET', url: `${mrap}/k` }, rotated, { ...s3, expiresIn: 60 });
    const c = signRequestV4a({ method: 'GET', url: `${mrap}/k` }, rotated, s3);
    expect(verifySigV4a(exampleKey, a.stringToSign, a.signature)).toBe(true);
    const rotatedKey = sigV4aPublicKey(rotated.accessKeyId, rotated.secretAccessKey);
    expect(verifySigV4a(rotatedKey, b.stringToSign, b.signature)).toBe(true);
    expect(verifySigV4a(rotatedKey, c.stringToSign, c.signature)).toBe(true);
    expect(verifySigV4a(exampleKey, c.stringToSign, c.signature)).toBe(false);
    expect(signingKeyCacheSize()).toBe(0);
  });
});

describe('presignUrlV4a', () => {
  it('S3 Multi-Region Access Point GET: region set "*" as a signed query parameter, UNSIGNED-PAYLOAD', () => {
    const signed = presignUrlV4a({ method: 'GET', url: `${mrap}/report.csv#top` }, withToken, { ...s3, expiresIn: 3600 });
    const q = signed.canonicalRequest.split('\n')[2]!;
    expect(q).toBe(
      'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-Region-Set=%2A' +
        `&X-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-SignedHeaders=host`,
    );
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(signed.url).toBe(`${mrap}/report.csv?${q}&X-Amz-Signature=${signed.signature}#top`);
    expect(signed.headers).toEqual({});
    expect(new URL(signed.url).searchParams.get('X-Amz-Region-Set')).toBe('*');
  });

  it('the caller\'s query parameters are sorted in with the X-Amz-* ones', () => {
    const signed = presignUrlV4a({ method: 'GET', url: `${mrap}/k?versionId=3&Z=1` }, creds, { ...s3, regionSet: ['us-east-1', 'eu-west-1'], expiresIn: 60 });
    const keys = signed.canonicalRequest.split('\n')[2]!.split('&').map((p) => p.split('=')[0]);
    expect(keys).toEqual([
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-Region-Set',
      'X-Amz-SignedHeaders',
      'Z',
      'versionId',
    ]);
    expect(signed.canonicalRequest).toContain('&X-Amz-Region-Set=us-east-1%2Ceu-west-1&');
  });

  it('signSessionToken: false appends the token after the signature', () => {
    const signed = presignUrlV4a({ method: 'GET', url: `${mrap}/k` }, withToken, { ...s3, expiresIn: 60, signSessionToken: false });
    expect(signed.canonicalRequest).not.toContain('X-Amz-Security-Token');
    expect(signed.url.endsWith(`&X-Amz-Signature=${signed.signature}&X-Amz-Security-Token=${encodeURIComponent(token)}`)).toBe(true);
  });
});

describe('errors: bad input is a clear error, never a wrong signature', () => {
  const base: SignInput = { method: 'GET', url: `${mrap}/k` };
  const expectInvalid = (fn: () => unknown, field: string, message?: RegExp) => expectInvalidInput(fn, field, message, [creds.secretAccessKey]);

  it('a region instead of a region set says so', () => {
    const o = { region: 'us-east-1', service: 's3' } as unknown as SignV4aOptions;
    expectInvalid(() => signRequestV4a(base, creds, o), 'regionSet', /region set.*not region/);
    expectInvalid(() => presignUrlV4a(base, creds, { ...o, expiresIn: 60 }), 'regionSet', /not region/);
  });

  it.each([undefined, '', ',', 'us-east-1,', 'a,,b', 'us east 1', 'us-east-1/x', 'eu-west-1;x', 'ré', [], [''], ['us-east-1', 7], [null], 42, { 0: 'us-east-1' }, 'x'.repeat(65)])(
    'regionSet %j',
    (regionSet) => {
      const o = { ...s3, regionSet } as unknown as SignV4aOptions;
      expectInvalid(() => signRequestV4a(base, creds, o), 'regionSet', /regionSet must be/);
      expectInvalid(() => presignUrlV4a(base, creds, { ...o, expiresIn: 60 }), 'regionSet');
    },
  );

  it('options that are not an object', () => {
    expectInvalid(() => signRequestV4a(base, creds, null as unknown as SignV4aOptions), 'options');
    expectInvalid(() => presignUrlV4a(base, creds, 'x' as unknown as SignV4aOptions & { expiresIn: number }), 'options');
  });

  it.each([['service', ''], ['service', 's 3'], ['service', undefined]])('%s = %j', (field, value) => {
    expectInvalid(() => signRequestV4a(base, creds, { ...s3, [field]: value } as SignV4aOptions), field);
  });

  it.each([
    [{ secretAccessKey: 'x' }],
    [{ accessKeyId: '', secretAccessKey: 'x' }],
    [{ accessKeyId: 'AKID/X', secretAccessKey: 'x' }],
    [{ accessKeyId: 'AKID', secretAccessKey: '' }],
    [{ accessKeyId: 'AKID', secretAccessKey: 'x', sessionToken: 'a\nb' }],
    [null],
  ])('bad credentials %j', (c) => {
    expectInvalid(() => signRequestV4a(base, c as unknown as Credentials, s3), 'credentials');
  });

  it.each([0, 604801, 1.5, Number.NaN, '60', undefined])('expiresIn %j', (expiresIn) => {
    expectInvalid(() => presignUrlV4a(base, creds, { ...s3, expiresIn: expiresIn as number }), 'expiresIn', /expiresIn must be an integer/);
  });

  it.each(['not a url', 'ftp://x.amazonaws.com/', ''])('unparseable URL %j', (url) => {
    expectInvalid(() => signRequestV4a({ ...base, url }, creds, s3), 'url');
  });

  it('header and datetime checks are SigV4\'s', () => {
    expectInvalid(() => signRequestV4a({ ...base, headers: { 'X-Custom': 'a\nb' } }, creds, s3), 'headers');
    expectInvalid(() => signRequestV4a(base, creds, { ...s3, datetime: '2015-08-30' }), 'datetime');
  });

  it('presigning a URL that already carries signing parameters, X-Amz-Region-Set included', () => {
    for (const q of ['X-Amz-Signature=abc', 'X-Amz-Region-Set=%2A', 'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256']) {
      expectInvalid(() => presignUrlV4a({ ...base, url: `${mrap}/k?${q}` }, creds, { ...s3, expiresIn: 60 }), 'url', /already carries/);
    }
  });

  it('SigV4 presigning is unchanged: an X-Amz-Region-Set in the URL is just a parameter there', () => {
    const signed = presignUrl({ ...base, url: 'https://example.amazonaws.com/?X-Amz-Region-Set=x' }, creds, {
      region: 'us-east-1',
      service: 'service',
      datetime: '20150830T123600Z',
      expiresIn: 60,
    });
    expect(signed.canonicalRequest).toContain('&X-Amz-Region-Set=x&');
    expect(signed.stringToSign.startsWith('AWS4-HMAC-SHA256\n')).toBe(true);
  });
});
