import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest } from '../sigv4/index.ts';
import { presignUrlV4a, signRequestV4a } from '../sigv4a/index.ts';
import { deriveSigV4aPrivateKey } from '../sigv4a/key.ts';
import { toHex } from '../bytes.ts';
import { REDACTED, secretRedactor } from './signing-view.ts';

const signingView = (signed: Parameters<ReturnType<typeof secretRedactor>['view']>[0], c: Parameters<typeof secretRedactor>[0]) => secretRedactor(c).view(signed);
const redactSecrets = (text: string, c: Parameters<typeof secretRedactor>[0]) => secretRedactor(c).text(text);

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjE+abc/def==AQoDYXdzEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';
const creds = { accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: SECRET, sessionToken: TOKEN };
const opts = { region: 'eu-west-1', service: 'dynamodb', datetime: '20260101T120000Z' };

describe('signingView', () => {
  it('header mode: the token is signed but its value is redacted; scope and lists kept', () => {
    const signed = signRequest({ method: 'POST', url: 'https://dynamodb.eu-west-1.amazonaws.com/', headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables', 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' }, creds, opts);
    expect(signed.canonicalRequest).toContain(`x-amz-security-token:${TOKEN}`); // the premise: it is there to redact
    const v = signingView(signed, creds);
    expect(v.canonicalRequest).toContain(`x-amz-security-token:${REDACTED}`);
    expect(v.canonicalRequest).not.toContain(TOKEN);
    expect(v.canonicalRequest.split('\n').length).toBe(signed.canonicalRequest.split('\n').length);
    expect(v.signedHeaders).toBe('content-type;host;x-amz-date;x-amz-security-token;x-amz-target');
    expect(v.credentialScope).toBe('20260101/eu-west-1/dynamodb/aws4_request');
    expect(v.stringToSign).toBe(signed.stringToSign);
    expect(JSON.stringify(v)).not.toContain(SECRET);
    expect(JSON.stringify(v)).not.toContain(signed.signature); // the signature itself is not in the view either
  });
  it('query mode: the encoded X-Amz-Security-Token parameter is redacted', () => {
    const signed = presignUrl({ method: 'GET', url: 'https://b.s3.eu-west-1.amazonaws.com/k' }, creds, { ...opts, service: 's3', expiresIn: 60 });
    const encoded = /X-Amz-Security-Token=([^&\n]+)/.exec(signed.canonicalRequest)![1]!;
    expect(encoded).not.toBe(TOKEN); // encoded (+, /, =)
    const v = signingView(signed, creds);
    expect(v.canonicalRequest).toContain(`X-Amz-Security-Token=${REDACTED}`);
    expect(v.canonicalRequest).not.toContain(encoded);
  });
  it('long-term keys: nothing to redact, nothing changed', () => {
    const c = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
    const signed = signRequest({ method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08' }, c, { ...opts, service: 'iam', region: 'us-east-1' });
    expect(signingView(signed, c).canonicalRequest).toBe(signed.canonicalRequest);
  });
});

describe('signingView of a SigV4a signature', () => {
  const MRAP = 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg';
  const key = deriveSigV4aPrivateKey(creds.accessKeyId, SECRET);
  const forms = [toHex(key), toHex(key).toUpperCase(), BigInt('0x' + toHex(key)).toString(10), Buffer.from(key).toString('base64')];
  key.fill(0);
  it('header mode: the region-less scope, the region set signed, the token redacted; no secret, no private key', () => {
    const signed = signRequestV4a({ method: 'GET', url: MRAP }, creds, { service: 's3', regionSet: '*', datetime: '20260101T120000Z' });
    const v = signingView(signed, creds);
    expect(v.credentialScope).toBe('20260101/s3/aws4_request');
    expect(v.stringToSign.split('\n')[0]).toBe('AWS4-ECDSA-P256-SHA256');
    expect(v.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token');
    expect(v.canonicalRequest).toContain('x-amz-region-set:*\n');
    expect(v.canonicalRequest).toContain(`x-amz-security-token:${REDACTED}`);
    const text = JSON.stringify(v);
    for (const f of [SECRET, TOKEN, signed.signature, ...forms]) expect(text).not.toContain(f);
  });
  it('query mode: X-Amz-Region-Set in the canonical query, the token parameter redacted', () => {
    const signed = presignUrlV4a({ method: 'GET', url: MRAP }, creds, { service: 's3', regionSet: 'us-east-1,eu-*', datetime: '20260101T120000Z', expiresIn: 60 });
    const v = signingView(signed, creds);
    expect(v.canonicalRequest).toContain('X-Amz-Region-Set=us-east-1%2Ceu-%2A');
    expect(v.canonicalRequest).toContain(`X-Amz-Security-Token=${REDACTED}`);
    expect(v.credentialScope).toBe('20260101/s3/aws4_request');
    const text = JSON.stringify(v);
    for (const f of [SECRET, TOKEN, ...forms]) expect(text).not.toContain(f);
  });
});

describe('redactSecrets', () => {
  it('redacts the token AWS quotes back in SignatureDoesNotMatch', () => {
    const aws = `<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/\n\nhost:x\nx-amz-security-token:${TOKEN}\n</CanonicalRequest></Error>`;
    const out = redactSecrets(aws, creds);
    expect(out).not.toContain(TOKEN);
    expect(out).toContain(`x-amz-security-token:${REDACTED}`);
  });
  it('redacts URL-encoded forms and credential fields of XML and JSON answers', () => {
    expect(redactSecrets(`a=${encodeURIComponent(TOKEN)}&s=${encodeURIComponent(SECRET)}`, creds)).toBe(`a=${REDACTED}&s=${REDACTED}`);
    const xml = '<Credentials><AccessKeyId>ASIANEW</AccessKeyId><SecretAccessKey>newsecret/abc</SecretAccessKey><SessionToken>newtoken==</SessionToken></Credentials>';
    expect(redactSecrets(xml, {})).toBe(`<Credentials><AccessKeyId>ASIANEW</AccessKeyId><SecretAccessKey>${REDACTED}</SecretAccessKey><SessionToken>${REDACTED}</SessionToken></Credentials>`);
    const json = '{"Credentials":{"AccessKeyId":"ASIANEW","SecretAccessKey":"s\\"x","SessionToken":"t"}}';
    expect(JSON.parse(redactSecrets(json, {}))).toEqual({ Credentials: { AccessKeyId: 'ASIANEW', SecretAccessKey: REDACTED, SessionToken: REDACTED } });
  });
  it('redacts the token in S3\'s <CanonicalRequestBytes> (space-separated hex) and in plain hex, either case', () => {
    const canonical = `GET\n/k\n\nhost:b.s3.amazonaws.com\nx-amz-security-token:${TOKEN}\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD`;
    const spaced = Buffer.from(canonical).toString('hex').replace(/(..)(?=.)/g, '$1 ');
    const aws = `<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequestBytes>${spaced}</CanonicalRequestBytes></Error>`;
    const out = redactSecrets(aws, creds);
    const tokenHex = Buffer.from(TOKEN).toString('hex');
    expect(out.replace(/ /g, '')).not.toContain(tokenHex);
    expect(out).toContain(REDACTED);
    expect(out).toContain('47 45 54 0a'); // the rest of the bytes stay: the request can still be compared
    for (const t of [tokenHex, tokenHex.toUpperCase(), Buffer.from(SECRET).toString('hex'), Buffer.from(encodeURIComponent(TOKEN)).toString('hex')]) {
      expect(redactSecrets(`x ${t} y`, creds)).toBe(`x ${REDACTED} y`);
    }
  });
  it('leaves other text alone', () => {
    expect(redactSecrets('{"TableNames":["a","b"]}', creds)).toBe('{"TableNames":["a","b"]}');
  });
});
