/**
 * AssumeRoleWithSAML and AssumeRoleWithWebIdentity through the STS client: unsigned requests, the
 * parameters checked against the STS model, AWS's example responses read, and the assertion / token
 * kept out of every error message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { StsError, createStsClient, type HttpFetch } from './client.ts';

const EX = '/work/shared/aws-examples/sts';
const read = (p: string) => readFileSync(join(EX, p), 'utf8');

interface Recorded { url: string; headers: Record<string, string>; body: string | undefined }
type Reply = { status?: number; body: string; headers?: Record<string, string> };

function client(replies: Reply[], extra: { maxRetries?: number } = {}) {
  const calls: Recorded[] = [];
  const fetch: HttpFetch = async (url, init) => {
    calls.push({ url, headers: { ...init.headers }, body: typeof init.body === 'string' || init.body === undefined ? init.body : new TextDecoder().decode(init.body) });
    const r = replies.shift();
    if (!r) throw new Error('test: no reply left');
    const h = r.headers ?? {};
    return { status: r.status ?? 200, headers: { get: (n: string) => Object.entries(h).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1] ?? null }, text: async () => r.body };
  };
  const sleeps: number[] = [];
  const sts = createStsClient({ fetch, now: () => Date.UTC(2019, 10, 1, 20, 0, 0), sleep: async (ms) => { sleeps.push(ms); }, random: () => 0.5, ...extra });
  return { sts, calls, sleeps };
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

/** The API reference's request values (its SAMLAssertion is a truncated doc placeholder). */
const SAML_QUERY = read('AssumeRoleWithSAML.request.query.txt');
const ASSERTION = /SAMLAssertion=([\s\S]*?)\n&AUTHPARAMS/.exec(SAML_QUERY)![1]!.replace(/\s+/g, '');
const SAML = { roleArn: 'arn:aws:iam::123456789012:role/TestSaml', principalArn: 'arn:aws:iam::123456789012:saml-provider/SAML-test', samlAssertion: ASSERTION, durationSeconds: 3600 };
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6ImFsaWNlIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMDEyMzQ1Njc4OQ';
const WEB = { roleArn: 'arn:aws:iam::123456789012:role/FederatedWebIdentityRole', roleSessionName: 'app1', webIdentityToken: WEB_TOKEN };
const xml = (body: string, status = 200): Reply => ({ status, body, headers: { 'Content-Type': 'text/xml' } });
const errorXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

describe('AssumeRoleWithSAML', () => {
  it('POSTs the body AWS documents, unsigned (no Authorization, no token, no date)', async () => {
    const { sts, calls } = client([xml(read('AssumeRoleWithSAML.response.api-reference.xml'))]);
    await sts.assumeRoleWithSaml(SAML, 'us-east-1');
    const c = calls[0]!;
    expect(c.url).toBe('https://sts.us-east-1.amazonaws.com/');
    expect(c.body).toBe(read('form-bodies/AssumeRoleWithSAML.body'));
    expect(Object.keys(c.headers).map((k) => k.toLowerCase())).toEqual(['content-type']);
  });

  it("reads the API reference's response: credentials, user, Subject, SubjectType, Issuer, Audience, NameQualifier, SourceIdentity", async () => {
    const { sts } = client([xml(read('AssumeRoleWithSAML.response.api-reference.xml'))]);
    const r = await sts.assumeRoleWithSaml(SAML, 'us-east-1');
    expect(r.credentials.accessKeyId).toBe('ASIAV3ZUEFP6EXAMPLE');
    expect(r.credentials.sessionToken).toMatch(/^IQoJb3JpZ2luX2VjEOz\/+wEXAMPLEtMSJHMEUCIDoKK3JH9uGQE1z0sINr5M4jk\+Na8KHDcC/);
    expect(r.credentials.sessionToken).not.toMatch(/\s/);
    expect(r.credentials.expiration).toBe(Date.UTC(2019, 10, 1, 20, 26, 47));
    expect(r.assumedRoleUser).toEqual({ arn: 'arn:aws:sts::123456789012:assumed-role/TestSaml', assumedRoleId: 'ARO456EXAMPLE789:TestSaml' });
    expect(r).toMatchObject({
      issuer: 'https://integ.example.com/idp/shibboleth',
      audience: 'https://signin.aws.amazon.com/saml',
      subjectType: 'transient',
      subject: 'SamlExample',
      nameQualifier: 'SbdGOnUkh1i4+EXAMPLExL/jEvs=',
      sourceIdentity: 'SourceIdentityValue',
      packedPolicySize: 6,
      requestId: 'c6104cbe-af31-11e0-8154-cbc7ccf896c7',
    });
  });

  it('removes line breaks from the assertion and sends DurationSeconds / Policy only when given', async () => {
    const { sts, calls } = client([xml(read('AssumeRoleWithSAML.response.api-reference.xml'))]);
    const wrapped = ASSERTION.replace(/(.{64})/g, '$1\r\n');
    await sts.assumeRoleWithSaml({ roleArn: SAML.roleArn, principalArn: SAML.principalArn, samlAssertion: wrapped, policy: '{"Statement":[]}' }, 'eu-west-1');
    const body = new URLSearchParams(calls[0]!.body);
    expect(body.get('SAMLAssertion')).toBe(ASSERTION);
    expect(body.has('DurationSeconds')).toBe(false);
    expect(body.get('Policy')).toBe('{"Statement":[]}');
  });

  it.each([
    [{ ...SAML, roleArn: 'role/TestSaml' }, 'roleArn'],
    [{ ...SAML, principalArn: 'arn:aws:iam::123456789012:role/NotAProvider' }, 'principalArn'],
    [{ ...SAML, samlAssertion: 'abc' }, 'samlAssertion'],
    [{ ...SAML, samlAssertion: 'A'.repeat(100_001) }, 'samlAssertion'],
    [{ ...SAML, samlAssertion: 'PHNhbWw+<not base64>' }, 'samlAssertion'],
    [{ ...SAML, durationSeconds: 899 }, 'durationSeconds'],
    [{ ...SAML, durationSeconds: 43_201 }, 'durationSeconds'],
    [{ ...SAML, durationSeconds: 1800.5 }, 'durationSeconds'],
    [{ ...SAML, policy: 'x'.repeat(2049) }, 'policy'],
  ])('refuses bad parameters before sending (%#: %s)', async (params, field) => {
    const { sts, calls } = client([]);
    const e = await rejection(sts.assumeRoleWithSaml(params, 'us-east-1'));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
    expect(e.message).not.toContain(params.samlAssertion.slice(0, 12));
    expect(calls).toHaveLength(0);
  });

  it('keeps the assertion out of STS error messages, whole or quoted in part', async () => {
    const piece = ASSERTION.slice(40, 140);
    const { sts } = client([
      xml(errorXml('ValidationError', `1 validation error detected: Value '${piece}…' at 'sAMLAssertion' failed to satisfy constraint: whatever`), 400),
    ]);
    const e = (await rejection(sts.assumeRoleWithSaml(SAML, 'us-east-1'))) as StsError;
    expect(e).toBeInstanceOf(StsError);
    expect(e.awsCode).toBe('ValidationError');
    expect(e.message).toContain('[redacted]');
    for (const text of [e.message, e.awsMessage, JSON.stringify(e.toJSON())]) {
      expect(text).not.toContain(piece.slice(0, 20));
      expect(text).not.toContain(ASSERTION);
    }
  });

  it('maps ExpiredTokenException and the MaxSessionDuration ValidationError with their hints', async () => {
    const { sts } = client([xml(read('errors/ErrorResponse.ExpiredTokenException.AssumeRoleWithWebIdentity.xml'), 400), xml(read('errors/ErrorResponse.ValidationError.MaxSessionDuration.assembled.xml'), 400)]);
    const a = (await rejection(sts.assumeRoleWithSaml(SAML, 'us-east-1'))) as StsError;
    expect(a).toMatchObject({ awsCode: 'ExpiredTokenException', category: 'expired-token', action: 'AssumeRoleWithSAML' });
    const b = (await rejection(sts.assumeRoleWithSaml(SAML, 'us-east-1'))) as StsError;
    expect(b).toMatchObject({ awsCode: 'ValidationError', category: 'validation' });
    expect(b.hint).toMatch(/maximum session duration/);
  });

  it('retries throttling with backoff like the signed calls', async () => {
    const { sts, calls, sleeps } = client([xml(errorXml('Throttling', 'Rate exceeded'), 400), xml(read('AssumeRoleWithSAML.response.api-reference.xml'))]);
    await sts.assumeRoleWithSaml(SAML, 'us-east-1');
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([150]);
    expect(calls[1]!.headers['Authorization']).toBeUndefined();
  });
});

describe('AssumeRoleWithWebIdentity', () => {
  it('POSTs the form body AWS documents (SDK example values), unsigned', async () => {
    const { sts, calls } = client([xml(read('AssumeRoleWithWebIdentity.response.api-reference.xml'))]);
    const policy = '{"Version":"2012-10-17","Statement":[{"Sid":"Stmt1","Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}';
    const token = decodeURIComponent(/WebIdentityToken=([^&]*)/.exec(read('form-bodies/AssumeRoleWithWebIdentity.body'))![1]!);
    await sts.assumeRoleWithWebIdentity({ ...WEB, webIdentityToken: token, durationSeconds: 3600, providerId: 'www.amazon.com', policy }, 'us-east-1');
    expect(calls[0]!.body).toBe(read('form-bodies/AssumeRoleWithWebIdentity.body'));
    expect(Object.keys(calls[0]!.headers).map((k) => k.toLowerCase())).toEqual(['content-type']);
  });

  it("reads the API reference's response: SubjectFromWebIdentityToken, Provider, Audience", async () => {
    const { sts } = client([xml(read('AssumeRoleWithWebIdentity.response.api-reference.xml'))]);
    const r = await sts.assumeRoleWithWebIdentity(WEB, 'us-east-1');
    expect(r).toMatchObject({
      subjectFromWebIdentityToken: 'amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A',
      audience: 'client.5498841531868486423.1548@apps.example.com',
      provider: 'www.amazon.com',
      sourceIdentity: 'SourceIdentityValue',
      assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1', assumedRoleId: 'AROACLKWSDQRAOEXAMPLE:app1' },
      requestId: 'ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE',
    });
    expect(r.credentials).toEqual({ accessKeyId: 'ASgeIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY', sessionToken: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE', expiration: Date.UTC(2014, 9, 24, 23, 0, 23) });
  });

  it.each([
    [{ ...WEB, roleSessionName: 'a' }, 'roleSessionName'],
    [{ ...WEB, roleSessionName: 'has space' }, 'roleSessionName'],
    [{ ...WEB, webIdentityToken: 'abc' }, 'webIdentityToken'],
    [{ ...WEB, webIdentityToken: 'a'.repeat(20_001) }, 'webIdentityToken'],
    [{ ...WEB, webIdentityToken: `${WEB_TOKEN} more` }, 'webIdentityToken'],
    [{ ...WEB, providerId: 'abc' }, 'providerId'],
    [{ ...WEB, durationSeconds: 50_000 }, 'durationSeconds'],
    [{ ...WEB, roleArn: '' }, 'roleArn'],
  ])('refuses bad parameters before sending (%#: %s)', async (params, field) => {
    const { sts, calls } = client([]);
    const e = await rejection(sts.assumeRoleWithWebIdentity(params, 'us-east-1'));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
    expect(e.message).not.toContain('eyJ');
    expect(calls).toHaveLength(0);
  });

  it('keeps the token out of STS error messages', async () => {
    const { sts } = client([xml(errorXml('InvalidIdentityToken', `Couldn't verify token ${WEB_TOKEN.split('.')[1]!}`), 400)]);
    const e = (await rejection(sts.assumeRoleWithWebIdentity(WEB, 'us-east-1'))) as StsError;
    expect(e.awsCode).toBe('InvalidIdentityToken');
    expect(e.message).toContain('[redacted]');
    expect(JSON.stringify(e.toJSON())).not.toContain(WEB_TOKEN.split('.')[1]!.slice(0, 20));
  });
});
