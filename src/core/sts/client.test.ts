import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import {
  StsError,
  classifyStsError,
  createStsClient,
  formBody,
  normalizeEndpoint,
  parseHttpDate,
  parseIsoTimestamp,
  percentEncode,
  type HttpFetch,
  type StsClientOptions,
} from './client.ts';

const EX = '/work/shared/aws-examples/sts';
const read = (p: string) => readFileSync(join(EX, p), 'utf8');

const LONG = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'tempSecretTEMPSECRETtempSecret1234567890', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENxyz0123456789abcdef' };
const T0 = Date.UTC(2026, 0, 26, 21, 57, 47);

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

/** A `.http` sample → status, headers and body. */
function httpSample(path: string): Reply {
  const text = read(path);
  const sep = /\r?\n\r?\n/.exec(text)!;
  const head = text.slice(0, sep.index).split(/\r?\n/);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0]!)![1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return { status, headers, body: text.slice(sep.index + sep[0].length) };
}

interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function fake(replies: Array<Reply | Error | ((r: Recorded) => Reply)>) {
  const calls: Recorded[] = [];
  const fetch: HttpFetch = async (url, init) => {
    const rec = { url, method: init.method, headers: { ...init.headers }, body: typeof init.body === 'string' || init.body === undefined ? init.body : new TextDecoder().decode(init.body) };
    calls.push(rec);
    let r = replies.shift();
    if (r === undefined) throw new Error('test: no reply left');
    if (r instanceof Error) throw r;
    if (typeof r === 'function') r = r(rec);
    const headers = r.headers ?? {};
    return {
      status: r.status ?? 200,
      headers: { get: (n: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1] ?? null },
      text: async () => r.body,
    };
  };
  return { fetch, calls };
}

function client(replies: Parameters<typeof fake>[0], extra: Partial<StsClientOptions> = {}) {
  const f = fake(replies);
  const sleeps: number[] = [];
  let clock = T0;
  const sts = createStsClient({
    fetch: f.fetch,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { sts, calls: f.calls, sleeps, setClock: (t: number) => (clock = t) };
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

const ok = (body: string): Reply => ({ status: 200, body, headers: { 'Content-Type': 'text/xml' } });

describe('requests', () => {
  it('POSTs the form body to the regional endpoint, signed for sts in that region', async () => {
    const { sts, calls } = client([httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await sts.getCallerIdentity(LONG, 'eu-west-1');
    const c = calls[0]!;
    expect(c.url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(c.method).toBe('POST');
    expect(c.body).toBe(read('form-bodies/GetCallerIdentity.body'));
    expect(c.headers['Content-Type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(c.headers['X-Amz-Date']).toBe('20260126T215747Z');
    expect(c.headers['Authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20260126\/eu-west-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(c.headers['X-Amz-Security-Token']).toBeUndefined();
  });

  it('sends and signs X-Amz-Security-Token for temporary credentials', async () => {
    const { sts, calls } = client([httpSample('GetCallerIdentity.2-assumed-role.response.http')]);
    await sts.getCallerIdentity(TEMP, 'us-east-1');
    expect(calls[0]!.headers['X-Amz-Security-Token']).toBe(TEMP.sessionToken);
    expect(calls[0]!.headers['Authorization']).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token');
  });

  it('form bodies match the derived botocore examples byte for byte', async () => {
    const { sts, calls } = client([ok(read('GetSessionToken.response.api-reference.xml')), ok(read('AssumeRole.response.api-reference.xml')), ok(read('GetFederationToken.response.api-reference.xml'))]);
    await sts.getSessionToken(LONG, { durationSeconds: 3600, serialNumber: 'YourMFASerialNumber', tokenCode: '123456' }, 'us-east-1');
    const policy = '{"Version":"2012-10-17","Statement":[{"Sid":"Stmt1","Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}';
    await sts.assumeRole(
      LONG,
      {
        roleArn: 'arn:aws:iam::123456789012:role/demo',
        roleSessionName: 'testAssumeRoleSession',
        externalId: '123ABC',
        policy,
        tags: [
          { key: 'Project', value: 'Unicorn' },
          { key: 'Team', value: 'Automation' },
          { key: 'Cost-Center', value: '12345' },
        ],
        transitiveTagKeys: ['Project', 'Cost-Center'],
      },
      'us-east-1',
    );
    await sts.getFederationToken(
      LONG,
      { name: 'testFedUserSession', durationSeconds: 3600, policy, tags: [{ key: 'Project', value: 'Pegasus' }, { key: 'Cost-Center', value: '98765' }] },
      'us-east-1',
    );
    expect(calls[0]!.body).toBe(read('form-bodies/GetSessionToken.body'));
    expect(calls[1]!.body).toBe(read('form-bodies/AssumeRole.body'));
    expect(calls[2]!.body).toBe(read('form-bodies/GetFederationToken.body'));
  });

  it('percent-encodes per RFC 3986 (UTF-8, reserved characters, spaces as %20)', () => {
    expect(percentEncode("a b+c/d:e=f&g!'()*~._-é")).toBe('a%20b%2Bc%2Fd%3Ae%3Df%26g%21%27%28%29%2A~._-%C3%A9');
    expect(() => percentEncode('\ud800', 'policy')).toThrow(/unpaired surrogate/);
    expect(formBody('X', { b: '2', a: '1' })).toBe('Action=X&Version=2011-06-15&a=1&b=2');
  });

  it('endpoints: China, GovCloud, override with a path prefix', async () => {
    const replies = () => [httpSample('GetCallerIdentity.1-iam-user.response.http')];
    let c = client(replies());
    await c.sts.getCallerIdentity(LONG, 'cn-north-1');
    expect(c.calls[0]!.url).toBe('https://sts.cn-north-1.amazonaws.com.cn/');
    c = client(replies());
    await c.sts.getCallerIdentity(LONG, 'us-gov-west-1');
    expect(c.calls[0]!.url).toBe('https://sts.us-gov-west-1.amazonaws.com/');
    c = client(replies(), { endpoints: { aws: { url: 'http://localhost:4566/sts' } } });
    await c.sts.getCallerIdentity(LONG, 'eu-west-3');
    expect(c.calls[0]!.url).toBe('http://localhost:4566/sts/');
    expect(c.calls[0]!.headers['Authorization']).toContain('/eu-west-3/sts/aws4_request');
    expect(c.sts.endpointFor('ap-south-1')).toBe('http://localhost:4566/sts/');
    expect(normalizeEndpoint('https://VPCE-1.sts.us-east-1.vpce.amazonaws.com')).toBe('https://vpce-1.sts.us-east-1.vpce.amazonaws.com/');
    expect(normalizeEndpoint('http://[::1]:8080/')).toBe('http://[::1]:8080/');
  });

  it('overrides are per partition: China and GovCloud keys never go to the commercial override', async () => {
    const replies = () => [httpSample('GetCallerIdentity.1-iam-user.response.http')];
    const endpoints = { aws: { url: 'https://proxy.example.com/aws' }, 'aws-us-gov': { url: 'https://gov-proxy.example.com' } };
    let c = client(replies(), { endpoints });
    await c.sts.getCallerIdentity(LONG, 'cn-north-1');
    expect(c.calls[0]!.url).toBe('https://sts.cn-north-1.amazonaws.com.cn/');
    c = client(replies(), { endpoints });
    await c.sts.getCallerIdentity(LONG, 'us-gov-east-1');
    expect(c.calls[0]!.url).toBe('https://gov-proxy.example.com/');
    expect(c.calls[0]!.headers['Authorization']).toContain('/us-gov-east-1/sts/aws4_request');
    c = client(replies(), { endpoints });
    await c.sts.getCallerIdentity(LONG, 'eu-west-1');
    expect(c.calls[0]!.url).toBe('https://proxy.example.com/aws/');
  });

  it('signing region: the override\'s, else derived from an AWS host, else the request\'s region', async () => {
    const replies = () => [httpSample('GetCallerIdentity.1-iam-user.response.http')];
    const scope = (c: ReturnType<typeof client>) => /Credential=[^/]+\/\d{8}\/([^/]+)\/sts\//.exec(c.calls[0]!.headers['Authorization']!)![1];
    let c = client(replies(), { endpoints: { aws: { url: 'https://sts.amazonaws.com' } } });
    await c.sts.getCallerIdentity(LONG, 'eu-west-1');
    expect(c.calls[0]!.url).toBe('https://sts.amazonaws.com/');
    expect(scope(c)).toBe('us-east-1');
    c = client(replies(), { endpoints: { aws: { url: 'https://vpce-0abc-1xyz.sts.eu-central-1.vpce.amazonaws.com' } } });
    await c.sts.getCallerIdentity(LONG, 'us-west-2');
    expect(scope(c)).toBe('eu-central-1');
    c = client(replies(), { endpoints: { 'aws-cn': { url: 'https://sts.cn-northwest-1.amazonaws.com.cn' } } });
    await c.sts.getCallerIdentity(LONG, 'cn-north-1');
    expect(scope(c)).toBe('cn-northwest-1');
    c = client(replies(), { endpoints: { aws: { url: 'https://sts.amazonaws.com', signingRegion: 'us-west-2' } } });
    await c.sts.getCallerIdentity(LONG, 'eu-west-1');
    expect(scope(c)).toBe('us-west-2');
    c = client(replies(), { endpoints: { aws: { url: 'http://127.0.0.1:4566' } } });
    await c.sts.getCallerIdentity(LONG, 'ap-south-1');
    expect(scope(c)).toBe('ap-south-1');
  });

  it('refuses bad endpoints and regions as INVALID_INPUT', async () => {
    for (const bad of ['ftp://x', 'https://user:pw@host/', 'https://host/?a=1', 'https://host/#f', 'not a url', 'https://ho st/']) {
      expect(() => createStsClient({ fetch: fake([]).fetch, endpoints: { aws: { url: bad } } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'endpoints.aws' } }));
    }
    // An AWS STS host of another partition, a signing region outside the partition, an unknown partition.
    expect(() => createStsClient({ fetch: fake([]).fetch, endpoints: { 'aws-cn': { url: 'https://sts.us-east-1.amazonaws.com' } } })).toThrow(/STS endpoint of the aws partition, not aws-cn/);
    expect(() => createStsClient({ fetch: fake([]).fetch, endpoints: { aws: { url: 'https://x.example', signingRegion: 'cn-north-1' } } })).toThrow(/not in the aws partition/);
    expect(() => createStsClient({ fetch: fake([]).fetch, endpoints: { 'aws-iso': { url: 'https://x.example' } } as never })).toThrow(/unknown partition/);
    const { sts } = client([]);
    const e = await rejection(sts.getCallerIdentity(LONG, 'mars-1'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details.field).toBe('region');
  });

  it('validates parameters before any request', async () => {
    const { sts, calls } = client([]);
    const cases: Array<[Promise<unknown>, string]> = [
      [sts.assumeRole(LONG, { roleArn: 'nope', roleSessionName: 'ok-name' }, 'us-east-1'), 'roleArn'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'x' }, 'us-east-1'), 'roleSessionName'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'has space' }, 'us-east-1'), 'roleSessionName'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'ok', durationSeconds: 899 }, 'us-east-1'), 'durationSeconds'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'ok', durationSeconds: 43201 }, 'us-east-1'), 'durationSeconds'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'ok', externalId: 'x' }, 'us-east-1'), 'externalId'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'ok', sourceIdentity: 'aws:me' }, 'us-east-1'), 'sourceIdentity'],
      [sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'ok', serialNumber: 'arn:aws:iam::123456789012:mfa/a' }, 'us-east-1'), 'tokenCode'],
      [sts.getSessionToken(LONG, { tokenCode: '123456' }, 'us-east-1'), 'serialNumber'],
      [sts.getSessionToken(LONG, { serialNumber: 'arn:aws:iam::123456789012:mfa/a', tokenCode: '12345' }, 'us-east-1'), 'tokenCode'],
      [sts.getSessionToken(LONG, { durationSeconds: 129_601 }, 'us-east-1'), 'durationSeconds'],
      [sts.getFederationToken(LONG, { name: 'a-name-that-is-longer-than-32-chars' }, 'us-east-1'), 'name'],
      [sts.getFederationToken(LONG, { name: 'ok', policy: 'x'.repeat(2049) }, 'us-east-1'), 'policy'],
      [sts.getFederationToken(LONG, { name: 'ok', policy: '{"emoji":"😀"}' }, 'us-east-1'), 'policy'],
      [sts.getFederationToken(LONG, { name: 'ok', policyArns: Array(11).fill('arn:aws:iam::aws:policy/ReadOnlyAccess') }, 'us-east-1'), 'policyArns'],
    ];
    for (const [p, field] of cases) {
      const e = await rejection(p);
      expect(e.code, field).toBe('INVALID_INPUT');
      expect(e.details.field).toBe(field);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('session tags per the STS model (tagKeyType / tagValueType)', () => {
  const arn = 'arn:aws:iam::123456789012:role/demo';
  const assume = (tags: Array<{ key: string; value: string }>, transitiveTagKeys?: string[]) => {
    const { sts, calls } = client([httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    return { p: sts.assumeRole(LONG, { roleArn: arn, roleSessionName: 'ok', tags, ...(transitiveTagKeys ? { transitiveTagKeys } : {}) }, 'us-east-1'), calls };
  };

  it.each([
    ['a key with characters outside [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]', [{ key: 'team#1', value: 'x' }], 'tags'],
    ['a value with a comma', [{ key: 'team', value: 'a,b' }], 'tags'],
    ['a value with a control character', [{ key: 'team', value: 'a\nb' }], 'tags'],
    ['an empty key', [{ key: '', value: 'x' }], 'tags'],
    ['a key of 129 code points', [{ key: 'é'.repeat(129), value: 'x' }], 'tags'],
    ['an emoji (a symbol, not a letter)', [{ key: 'team', value: '😀' }], 'tags'],
    ['a value of 257 code points', [{ key: 'k', value: 'v'.repeat(257) }], 'tags'],
  ] as const)('refuses %s before sending', async (_n, tags, field) => {
    const { p, calls } = assume([...tags]);
    const e = await rejection(p);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details.field).toBe(field);
    expect(calls).toHaveLength(0);
  });

  it('refuses a transitive tag key outside the pattern', async () => {
    const { p, calls } = assume([{ key: 'team', value: 'x' }], ['team!']);
    expect((await rejection(p)).details.field).toBe('transitiveTagKeys');
    expect(calls).toHaveLength(0);
  });

  it('accepts letters, numbers and spaces of any script, _.:/=+-@, an empty value, 128/256 code points', () => {
    // 𝒜 (U+1D49C) is a letter outside the BMP: two UTF-16 units, one code point.
    const tags = [
      { key: 'Équipe Data 部署', value: 'ü ñ 7 _.:/=+-@' },
      { key: 'k'.repeat(127) + '𝒜', value: '' },
      { key: 'long', value: '𝒜'.repeat(256) },
    ];
    const { sts, calls } = client([{ status: 400, body: '' }]);
    return sts.assumeRole(LONG, { roleArn: arn, roleSessionName: 'ok', tags, transitiveTagKeys: ['long'] }, 'us-east-1').then(
      () => expect.unreachable(),
      () => {
        expect(calls).toHaveLength(1);
        expect(calls[0]!.body).toContain('Tags.member.1.Key=%C3%89quipe%20Data%20%E9%83%A8%E7%BD%B2');
      },
    );
  });
});

describe('responses shaped as the API reference shows them', () => {
  it('GetCallerIdentity: IAM user, assumed role, federated user, root', async () => {
    const root = read('GetCallerIdentity.1-iam-user.response.http')
      .replace('arn:aws:iam::123456789012:user/Alice', 'arn:aws:iam::692867976397:root')
      .replace('AIDACKCEVSQ6C2EXAMPLE', '692867976397')
      .replace('<Account>123456789012', '<Account>692867976397');
    const rootReply = { status: 200, body: root.slice(root.indexOf('<GetCallerIdentityResponse')) };
    const { sts } = client([
      httpSample('GetCallerIdentity.1-iam-user.response.http'),
      httpSample('GetCallerIdentity.2-assumed-role.response.http'),
      httpSample('GetCallerIdentity.3-federated-user.response.http'),
      rootReply,
    ]);
    expect(await sts.getCallerIdentity(LONG, 'us-east-1')).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/Alice',
      userId: 'AIDACKCEVSQ6C2EXAMPLE',
      isRoot: false,
      requestId: '01234567-89ab-cdef-0123-456789abcdef',
    });
    expect(await sts.getCallerIdentity(TEMP, 'us-east-1')).toMatchObject({
      arn: 'arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name',
      userId: 'ARO123EXAMPLE123:my-role-session-name',
      isRoot: false,
    });
    expect(await sts.getCallerIdentity(TEMP, 'us-east-1')).toMatchObject({ userId: '123456789012:my-federated-user-name' });
    expect(await sts.getCallerIdentity(LONG, 'us-east-1')).toMatchObject({ arn: 'arn:aws:iam::692867976397:root', userId: '692867976397', isRoot: true });
  });

  it('GetSessionToken: both samples (wrapped token, milliseconds)', async () => {
    const { sts } = client([ok(read('GetSessionToken.response.api-reference.xml')), ok(read('GetSessionToken.response.iam-user-guide-2023.xml'))]);
    const a = await sts.getSessionToken(LONG, {}, 'us-east-1');
    expect(a.credentials).toEqual({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      sessionToken:
        'AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE',
      expiration: Date.UTC(2011, 6, 11, 19, 55, 29, 611),
    });
    expect(a.requestId).toBe('58c5dbae-abef-11e0-8cfe-09039844ac7d');
    const b = await sts.getSessionToken(LONG, {}, 'us-east-1');
    expect(b.credentials.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(b.credentials.sessionToken).toBe(a.credentials.sessionToken);
  });

  it('AssumeRole: with SourceIdentity + PackedPolicySize, without SourceIdentity, element order varies', async () => {
    const { sts } = client([
      ok(read('AssumeRole.response.api-reference.xml')),
      ok(read('AssumeRole.response.iam-user-guide-2020-no-SourceIdentity.xml')),
      ok(read('AssumeRole.response.iam-user-guide-2023-SourceIdentity.xml')),
    ]);
    const p = { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'TestAR' };
    const a = await sts.assumeRole(LONG, p, 'us-east-1');
    expect(a.assumedRoleUser).toEqual({ arn: 'arn:aws:sts::123456789012:assumed-role/demo/TestAR', assumedRoleId: 'ARO123EXAMPLE123:TestAR' });
    expect(a.sourceIdentity).toBe('Alice');
    expect(a.packedPolicySize).toBe(6);
    expect(a.credentials.expiration).toBe(Date.UTC(2019, 10, 9, 13, 34, 41));
    expect(a.credentials.sessionToken).not.toMatch(/\s/);
    expect(a.credentials.sessionToken.endsWith('+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==')).toBe(true);
    expect(a.requestId).toBe('c6104cbe-af31-11e0-8154-cbc7ccf896c7');
    const b = await sts.assumeRole(LONG, p, 'us-east-1');
    expect(b.sourceIdentity).toBeUndefined();
    expect(b.packedPolicySize).toBe(8);
    expect(b.credentials.secretAccessKey).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY');
    expect(b.credentials.expiration).toBe(Date.UTC(2019, 6, 15, 23, 28, 33, 359));
    const c = await sts.assumeRole(LONG, p, 'us-east-1');
    expect(c.sourceIdentity).toBe('DevUser123');
  });

  it('GetFederationToken: both samples (the IAM UG one keeps its "AKIA…;" typo as given)', async () => {
    const { sts } = client([ok(read('GetFederationToken.response.api-reference.xml')), ok(read('GetFederationToken.response.iam-user-guide-2023.xml'))]);
    const a = await sts.getFederationToken(LONG, { name: 'Bob' }, 'us-east-1');
    expect(a.federatedUser).toEqual({ arn: 'arn:aws:sts::123456789012:federated-user/Bob', federatedUserId: '123456789012:Bob' });
    expect(a.packedPolicySize).toBe(6);
    const b = await sts.getFederationToken(LONG, { name: 'Jean' }, 'us-east-1');
    expect(b.credentials.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE;');
    expect(b.packedPolicySize).toBe(4);
  });

  it('no PackedPolicySize when absent; request id from the header when the body has none', async () => {
    const body = read('AssumeRole.response.iam-user-guide-2020-no-SourceIdentity.xml').replace('<PackedPolicySize>8</PackedPolicySize>\n', '').replace(/<ResponseMetadata>[\s\S]*<\/ResponseMetadata>\n/, '');
    const { sts } = client([{ status: 200, body, headers: { 'x-amzn-RequestId': 'hdr-id' } }]);
    const r = await sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'John' }, 'us-east-1');
    expect(r.packedPolicySize).toBeUndefined();
    expect(r.requestId).toBe('hdr-id');
  });

  it('a 200 that is not the expected STS response is an InvalidResponse StsError', async () => {
    const { sts } = client([
      ok('<html><body>captive portal</body></html>'),
      ok('not xml at all'),
      ok(read('GetSessionToken.response.api-reference.xml')),
      ok(read('GetSessionToken.response.api-reference.xml').replace(/<Expiration>[^<]*</, '<Expiration>yesterday<')),
    ]);
    for (let i = 0; i < 2; i++) {
      const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
      expect(e).toBeInstanceOf(StsError);
      expect(e.awsCode).toBe('InvalidResponse');
      expect(e.category).toBe('bad-response');
    }
    // Right XML, wrong action.
    const e3 = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(e3.awsMessage).toMatch(/expected <GetCallerIdentityResponse>, got <GetSessionTokenResponse>/);
    const e4 = (await rejection(sts.getSessionToken(LONG, {}, 'us-east-1'))) as StsError;
    expect(e4.awsMessage).toMatch(/Expiration/);
    expect(e4.message).not.toContain('wJalrXUtnFEMI');
  });
});

describe('errors keep AWS code and message, add a hint', () => {
  const cases: Array<[string, number, string, string, RegExp]> = [
    ['errors/ErrorResponse.AccessDenied.AssumeRole.xml', 403, 'AccessDenied', 'access-denied', /trust policy/],
    ['errors/ErrorResponse.AccessDenied.GetSessionToken-with-session-creds.assembled.xml', 403, 'AccessDenied', 'access-denied', /long-term IAM user keys/],
    ['errors/ErrorResponse.AccessDenied.MFA-invalid-otp.assembled.xml', 403, 'AccessDenied', 'mfa', /wrong or already used/],
    ['errors/ErrorResponse.AccessDenied.MFA-missing.assembled.xml', 403, 'AccessDenied', 'mfa', /Both the MFA device/],
    ['errors/ErrorResponse.AccessDenied.MFA-unable-to-validate.assembled.xml', 403, 'AccessDenied', 'mfa', /mfa\/NAME, not the user ARN/],
    ['errors/ErrorResponse.AccessDenied.root-cannot-assume-role.assembled.xml', 403, 'AccessDenied', 'access-denied', /Root-user keys cannot assume roles/],
    ['errors/ErrorResponse.ExpiredToken.assembled.xml', 403, 'ExpiredToken', 'expired-token', /expired/],
    ['errors/ErrorResponse.ExpiredToken.iam-namespace.xml', 403, 'ExpiredToken', 'expired-token', /expired/],
    ['errors/ErrorResponse.ExpiredTokenException.AssumeRoleWithWebIdentity.xml', 400, 'ExpiredTokenException', 'expired-token', /expired/],
    ['errors/ErrorResponse.InvalidClientTokenId.xml', 403, 'InvalidClientTokenId', 'invalid-client-token', /does not know this access key/],
    ['errors/ErrorResponse.RegionDisabledException.assembled.xml', 403, 'RegionDisabledException', 'region-disabled', /not activated in this region/],
    ['errors/ErrorResponse.ValidationError.role-chaining-duration.assembled.xml', 400, 'ValidationError', 'validation', /1 hour/],
    ['errors/ErrorResponse.ValidationError.MaxSessionDuration.assembled.xml', 400, 'ValidationError', 'validation', /maximum session duration/],
  ];
  it.each(cases)('%s', async (file, status, code, category, hint) => {
    const body = read(file);
    const { sts } = client([{ status, body, headers: { 'Content-Type': 'text/xml', Date: new Date(T0).toUTCString() } }]);
    const e = (await rejection(sts.assumeRole(LONG, { roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'x1' }, 'us-east-1'))) as StsError;
    expect(e).toBeInstanceOf(StsError);
    expect(e).toBeInstanceOf(SigvaultError);
    expect(e.code).toBe('STS_ERROR');
    expect(e.awsCode).toBe(code);
    expect(e.httpStatus).toBe(status);
    expect(e.category).toBe(category);
    expect(e.hint).toMatch(hint);
    const expectedMessage = /<Message>([\s\S]*?)<\/Message>/.exec(body)![1]!.trim();
    expect(e.awsMessage).toBe(expectedMessage);
    expect(e.requestId).toBe(/<RequestId>([^<]*)<\/RequestId>/.exec(body)![1]);
    expect(e.message).toBe(`AssumeRole failed: ${code}: ${expectedMessage}`);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: 'STS_ERROR', awsCode: code, hint: e.hint });
  });

  it('InvalidClientTokenId .http sample (headers + body)', async () => {
    const { sts } = client([httpSample('errors/ErrorResponse.InvalidClientTokenId.http')]);
    const e = (await rejection(sts.getCallerIdentity(LONG, 'af-south-1'))) as StsError;
    expect(e.awsCode).toBe('InvalidClientTokenId');
    expect(e.awsMessage).toBe('The security token included in the request is invalid');
    expect(e.requestId).toBe('16fc956c-311e-4199-bee1-1680236e9698');
  });

  it('SignatureDoesNotMatch: the quoted canonical request (which holds the session token) is cut; no skew retry when the Date is close', async () => {
    const body = read('errors/ErrorResponse.SignatureDoesNotMatch.presigned-GetCallerIdentity.wellformed.derived.xml').replace(/REDACTED/g, TEMP.sessionToken);
    const { sts, calls } = client([{ status: 403, body, headers: { Date: new Date(T0 + 2000).toUTCString() } }]);
    const e = (await rejection(sts.getCallerIdentity(TEMP, 'us-east-1'))) as StsError;
    expect(calls).toHaveLength(1);
    expect(e.awsCode).toBe('SignatureDoesNotMatch');
    expect(e.category).toBe('signature');
    expect(e.awsMessage).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(JSON.stringify(e) + e.message + e.stack).not.toContain(TEMP.sessionToken);
  });

  it('redacts credentials echoed anywhere in a message', async () => {
    const body = read('errors/ErrorResponse.AccessDenied.AssumeRole.xml').replace('is not authorized', `(${LONG.secretAccessKey}) is not authorized`);
    const { sts } = client([{ status: 403, body }]);
    const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(e.message).toContain('[redacted]');
    expect(e.message).not.toContain(LONG.secretAccessKey);
  });

  it('the JSON variant STS was seen sending (even truncated)', async () => {
    const { sts } = client([
      { status: 403, body: read('errors/ErrorResponse.AccessDenied.json-variant.observed.txt') },
      { status: 403, body: '{"Error":{"Code":"AccessDenied","Message":"Roles may not be assumed by root accounts.","Type":"Sender"},"RequestId":"ed7f"}' },
    ]);
    for (let i = 0; i < 2; i++) {
      const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
      expect(e.awsCode).toBe('AccessDenied');
      expect(e.awsMessage).toBe('Roles may not be assumed by root accounts.');
      expect(e.hint).toMatch(/Root-user keys/);
    }
  });

  it('a non-STS error page keeps the HTTP status', async () => {
    const { sts } = client([{ status: 403, body: '<html><h1>Forbidden by proxy</h1></html>' }]);
    const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(e.awsCode).toBe('InvalidResponse');
    expect(e.httpStatus).toBe(403);
  });

  it('an ErrorResponse with HTTP 200 is still an error', async () => {
    const { sts } = client([{ status: 200, body: read('errors/ErrorResponse.ExpiredToken.assembled.xml') }]);
    expect(((await rejection(sts.getCallerIdentity(TEMP, 'us-east-1'))) as StsError).awsCode).toBe('ExpiredToken');
  });

  it('"Credential should be scoped to a valid region" (wrong signing region) has its own category and hint, not "re-enter the secret key"', async () => {
    // AWS's answer from the global endpoint to a request scoped to eu-west-1 (both wordings seen).
    for (const text of ['Credential should be scoped to a valid region. ', "Credential should be scoped to a valid region, not 'eu-west-1'. "]) {
      const { sts, calls } = client([
        { status: 403, body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${text}</Message></Error><RequestId>r</RequestId></ErrorResponse>`, headers: { Date: new Date(T0).toUTCString() } },
      ]);
      const e = (await rejection(sts.getCallerIdentity(LONG, 'eu-west-1'))) as StsError;
      expect(calls).toHaveLength(1);
      expect(e.category).toBe('signing-region');
      expect(e.hint).toMatch(/signing region/);
      expect(e.hint).not.toMatch(/secret key/);
    }
    expect(classifyStsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403).category).toBe('signature');
  });

  it('classifies the rest: MalformedPolicyDocument, PackedPolicyTooLarge, InvalidIdentityToken, throttling, 5xx, skew', () => {
    expect(classifyStsError('MalformedPolicyDocument', 'Syntax errors in policy.', 400).category).toBe('policy');
    expect(classifyStsError('PackedPolicyTooLarge', 'Packed policy consumes 104% of allotted space, please use smaller policy.', 400).hint).toMatch(/too large/);
    expect(classifyStsError('InvalidIdentityToken', 'Response signature invalid', 400).hint).toMatch(/identity provider/);
    expect(classifyStsError('Throttling', 'Rate exceeded', 400).category).toBe('throttled');
    expect(classifyStsError('RequestLimitExceeded', '', 400).category).toBe('throttled');
    expect(classifyStsError('Whatever', '', 429).category).toBe('throttled');
    expect(classifyStsError('InternalFailure', '', 500).category).toBe('server');
    expect(classifyStsError('RequestExpired', 'Request has expired.', 400).category).toBe('clock-skew');
    expect(classifyStsError('SignatureDoesNotMatch', 'Signature expired: 20260101T000000Z is now earlier than …', 403).category).toBe('clock-skew');
    expect(classifyStsError('AccessDenied', 'Cannot call GetFederationToken with session credentials', 403, 'GetFederationToken').hint).toMatch(/GetFederationToken needs long-term/);
    expect(classifyStsError('Odd', 'x', 400).category).toBe('other');
  });
});

describe('retries with jittered exponential backoff', () => {
  const throttled = (code = 'Throttling', status = 400): Reply => ({
    status,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  });

  it('retries throttling and succeeds; sleeps are random × doubling ceilings', async () => {
    const { sts, calls, sleeps } = client([throttled(), throttled('ThrottlingException'), httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    const r = await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(r.arn).toContain('user/Alice');
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]); // random 0.5 × 300, × 600
  });

  it('gives up after maxRetries (3) and reports the throttling error', async () => {
    const { sts, calls, sleeps } = client([throttled('RequestLimitExceeded'), throttled('RequestLimitExceeded'), throttled('RequestLimitExceeded'), throttled('RequestLimitExceeded')]);
    const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(e.awsCode).toBe('RequestLimitExceeded');
    expect(e.category).toBe('throttled');
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([150, 300, 600]);
  });

  it('retries HTTP 500/502/503/504 even without an STS body; caps the delay', async () => {
    const { sts, sleeps } = client([{ status: 503, body: '' }, { status: 502, body: 'bad gateway' }, { status: 500, body: '' }, httpSample('GetCallerIdentity.1-iam-user.response.http')], {
      random: () => 0.999,
      baseDelayMs: 1000,
      maxDelayMs: 2500,
    });
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(sleeps).toEqual([999, 1998, 2497]);
  });

  // botocore standard mode (retries/standard.py): transient statuses and codes, throttling codes,
  // STS's IDPCommunicationError — and nothing else.
  it.each([
    ['HTTP 504', { status: 504, body: '' }],
    ['RequestTimeout', throttled('RequestTimeout', 400)],
    ['RequestTimeoutException', throttled('RequestTimeoutException', 400)],
    ['PriorRequestNotComplete', throttled('PriorRequestNotComplete', 400)],
    ['IDPCommunicationError', throttled('IDPCommunicationError', 400)],
    ['LimitExceededException', throttled('LimitExceededException', 400)],
    ['TooManyRequestsException', throttled('TooManyRequestsException', 429)],
  ])('retries %s', async (_name, reply) => {
    const { sts, calls } = client([reply, httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['a bare HTTP 429 (standard mode reads the code, not 429)', { status: 429, body: 'slow down' }],
    ['HTTP 501', { status: 501, body: '' }],
    ['HTTP 505', { status: 505, body: '' }],
    ['HTTP 509', { status: 509, body: '' }],
    ['an unknown code on a 500-less 4xx', throttled('SomethingElse', 400)],
  ])('does not retry %s', async (_name, reply) => {
    const { sts, calls } = client([reply, httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await rejection(sts.getCallerIdentity(LONG, 'us-east-1'));
    expect(calls).toHaveLength(1);
  });

  it('classifies IDPCommunicationError and transient codes as server trouble; a bare 429 still reads as throttling', () => {
    expect(classifyStsError('IDPCommunicationError', 'IdP unreachable', 400).category).toBe('server');
    expect(classifyStsError('RequestTimeout', '', 400).category).toBe('server');
    expect(classifyStsError('InvalidResponse', 'HTTP 429 without an STS error body', 429).category).toBe('bad-response');
  });

  it('does not retry other errors', async () => {
    const { sts, calls } = client([{ status: 403, body: read('errors/ErrorResponse.AccessDenied.MFA-invalid-otp.assembled.xml') }]);
    await rejection(sts.getCallerIdentity(LONG, 'us-east-1'));
    expect(calls).toHaveLength(1);
  });

  it('maxRetries: 0 disables retries', async () => {
    const { sts, calls } = client([throttled()], { maxRetries: 0 });
    expect(((await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError).awsCode).toBe('Throttling');
    expect(calls).toHaveLength(1);
  });
});

describe('clock skew', () => {
  const sigExpired: Reply = {
    status: 403,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: 20260126T215747Z is now earlier than 20260126T225247Z (20260126T225747Z - 5 min.)</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    headers: { Date: new Date(T0 + 3_600_000).toUTCString() },
  };

  it('SignatureDoesNotMatch with a Date an hour ahead: learns the offset, retries once, keeps it', async () => {
    const { sts, calls } = client([sigExpired, httpSample('GetCallerIdentity.1-iam-user.response.http'), httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(calls.map((c) => c.headers['X-Amz-Date'])).toEqual(['20260126T215747Z', '20260126T225747Z']);
    expect(sts.clockOffsetMs).toBe(3_600_000);
    expect(sts.serverNow()).toBe(T0 + 3_600_000);
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(calls[2]!.headers['X-Amz-Date']).toBe('20260126T225747Z');
  });

  it('RequestExpired: corrects from Date (clock behind the server by 20 min)', async () => {
    const expired: Reply = {
      status: 400,
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>RequestExpired</Code><Message>Request has expired.</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      headers: { date: new Date(T0 - 20 * 60_000).toUTCString() },
    };
    const { sts, calls } = client([expired, httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(sts.clockOffsetMs).toBe(-20 * 60_000);
    expect(calls[1]!.headers['X-Amz-Date']).toBe('20260126T213747Z');
  });

  it('retries only once per call; a second skew error surfaces with the clock hint', async () => {
    const { sts, calls } = client([sigExpired, { ...sigExpired, headers: { Date: new Date(T0 + 7_200_000).toUTCString() } }]);
    const e = (await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(calls).toHaveLength(2);
    expect(e.category).toBe('clock-skew');
    expect(e.hint).toMatch(/clock/);
  });

  it.each(['RequestTimeTooSkewed', 'RequestInTheFuture'])('%s: clock-skew category, corrected from Date, retried once', async (code) => {
    const reply: Reply = {
      status: 403,
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>The difference between the request time and the current time is too large.</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      headers: { Date: new Date(T0 + 16 * 60_000).toUTCString() },
    };
    expect(classifyStsError(code, 'The difference between the request time and the current time is too large.', 403).category).toBe('clock-skew');
    const { sts, calls } = client([reply, httpSample('GetCallerIdentity.1-iam-user.response.http')]);
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(calls).toHaveLength(2);
    expect(sts.clockOffsetMs).toBe(16 * 60_000);
    expect(calls[1]!.headers['X-Amz-Date']).toBe('20260126T221347Z');
    const again = client([reply, reply]);
    const e = (await rejection(again.sts.getCallerIdentity(LONG, 'us-east-1'))) as StsError;
    expect(again.calls).toHaveLength(2);
    expect(e.category).toBe('clock-skew');
  });

  it('no Date header: no correction', async () => {
    const { sts, calls } = client([{ ...sigExpired, headers: {} }]);
    await rejection(sts.getCallerIdentity(LONG, 'us-east-1'));
    expect(calls).toHaveLength(1);
    expect(sts.clockOffsetMs).toBe(0);
  });

  it('an initial offset can be given (kept from an earlier run)', async () => {
    const { sts, calls } = client([httpSample('GetCallerIdentity.1-iam-user.response.http')], { clockOffsetMs: 60_000 });
    await sts.getCallerIdentity(LONG, 'us-east-1');
    expect(calls[0]!.headers['X-Amz-Date']).toBe('20260126T215847Z');
  });
});

describe('network failures', () => {
  it('a fetch that throws becomes NETWORK, naming only the origin', async () => {
    const { sts } = client([new TypeError(`fetch failed ${LONG.secretAccessKey}`)]);
    const e = await rejection(sts.getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain('https://sts.us-east-1.amazonaws.com');
    expect(e.message).toContain('TypeError');
    expect(e.message).not.toContain(LONG.secretAccessKey);
  });

  it('a body that breaks while reading is NETWORK too', async () => {
    const fetch: HttpFetch = async () => ({ status: 200, headers: { get: () => null }, text: () => Promise.reject(new Error('socket hang up')) });
    const sts = createStsClient({ fetch });
    expect((await rejection(sts.getCallerIdentity(LONG, 'us-east-1'))).code).toBe('NETWORK');
  });

  it('times out', async () => {
    const fetch: HttpFetch = () => new Promise(() => {});
    const sts = createStsClient({ fetch, timeoutMs: 20 });
    const e = await rejection(sts.getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer/);
  });
});

describe('timestamps', () => {
  it('ISO-8601 variants from the samples', () => {
    expect(parseIsoTimestamp('2019-11-09T13:34:41Z')).toBe(Date.UTC(2019, 10, 9, 13, 34, 41));
    expect(parseIsoTimestamp('2011-07-15T23:28:33.359Z')).toBe(Date.UTC(2011, 6, 15, 23, 28, 33, 359));
    expect(parseIsoTimestamp('2014-10-16T16:03:09+00:00')).toBe(Date.UTC(2014, 9, 16, 16, 3, 9));
    expect(parseIsoTimestamp('2014-10-16T18:03:09+02:00')).toBe(Date.UTC(2014, 9, 16, 16, 3, 9));
    expect(parseIsoTimestamp(' 2021-12-27T20:30:02+0000 ')).toBe(Date.UTC(2021, 11, 27, 20, 30, 2));
    expect(parseIsoTimestamp('2019-02-30T00:00:00Z')).toBeUndefined();
    expect(parseIsoTimestamp('1665736069000')).toBeUndefined();
    expect(parseIsoTimestamp('2019-11-09 13:34:41')).toBeUndefined();
  });
  it('HTTP dates', () => {
    expect(parseHttpDate('Tue, 26 Jan 2016 21:57:47 GMT')).toBe(Date.UTC(2016, 0, 26, 21, 57, 47));
    expect(parseHttpDate('Wed, 02 Nov 2022 12:44:38 GMT')).toBe(Date.UTC(2022, 10, 2, 12, 44, 38));
    expect(parseHttpDate(new Date(T0).toUTCString())).toBe(T0);
    expect(parseHttpDate('yesterday')).toBeUndefined();
    expect(parseHttpDate(null)).toBeUndefined();
  });
});
