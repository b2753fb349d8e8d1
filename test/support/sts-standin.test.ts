/**
 * End to end in Node over real HTTP on 127.0.0.1: Sigvault's STS client, resolver and console
 * federation against the stand-in, which verifies every signature with @smithy/signature-v4.
 */
import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SigvaultError } from '../../src/core/errors.ts';
import { signRequest } from '../../src/core/sigv4/index.ts';
import { StsError, createStsClient, type HttpFetch, type StsClient } from '../../src/core/sts/client.ts';
import { SigninError, consoleLoginUrl, getSigninToken, loginUrl } from '../../src/core/sts/federation.ts';
import { createResolver, type CachedCredentials, type CredentialCache } from '../../src/core/sts/resolve.ts';
import type { AssumedRole, IamUser, StoredIdentity } from '../../src/core/vault/identity.ts';
import { main, seedDemo, startStandin, type IssuedUser, type Standin } from './sts-standin.ts';

const httpFetch: HttpFetch = (url, init) => fetch(url, { ...init, redirect: 'manual' });

let s: Standin;
let sts: StsClient;
let sleeps: number[];
let alice: IssuedUser; // MFA user
let bob: IssuedUser; // no MFA
let root: IssuedUser;
const ALICE_CODE = '123456';
const ADMIN = 'arn:aws:iam::222222222222:role/Admin';
const READONLY = 'arn:aws:iam::333333333333:role/ReadOnly';
const PARTNER = 'arn:aws:iam::444444444444:role/Partner';
const OPEN = 'arn:aws:iam::555555555555:role/Open';

function newClient(extra: Partial<Parameters<typeof createStsClient>[0]> = {}): StsClient {
  return createStsClient({
    fetch: httpFetch,
    endpoints: { aws: { url: s.url } },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

async function stsFail(p: Promise<unknown>, awsCode: string): Promise<StsError> {
  const e = await rejection(p);
  if (!(e instanceof StsError)) throw e;
  expect(e.awsCode).toBe(awsCode);
  return e;
}

/** Sign and send a raw Query request (to reach server checks our client's validation prevents). */
async function raw(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, body: string, region = 'us-east-1', tamper?: (h: Record<string, string>) => string) {
  const signed = signRequest({ method: 'POST', url: s.url + '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }, creds, { region, service: 'sts' });
  const sentBody = tamper ? tamper(signed.headers) : body;
  const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: sentBody });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const code = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

beforeAll(async () => {
  s = await startStandin();
  alice = s.issueUserKeys({ userName: 'alice', mfa: { code: ALICE_CODE } });
  bob = s.issueUserKeys({ userName: 'bob' });
  root = s.issueUserKeys({ userName: 'ignored', root: true, account: '999999999999' });
  s.addRole({ arn: ADMIN, trust: { principals: ['111111111111'], requireMfa: true }, maxSessionDuration: 43_200 });
  s.addRole({ arn: READONLY, trust: { principals: [ADMIN] } });
  s.addRole({ arn: PARTNER, trust: { principals: ['111111111111'], externalId: 'ext-42' } });
  s.addRole({ arn: OPEN, trust: { principals: ['*'] }, maxSessionDuration: 7200 });
});

afterAll(async () => {
  await s.stop();
});

beforeEach(() => {
  sleeps = [];
  sts = newClient();
});

describe('GetCallerIdentity', () => {
  it('user, root, assumed role and federated user ARNs', async () => {
    const me = await sts.getCallerIdentity(alice, 'us-east-1');
    expect(me).toMatchObject({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/alice', isRoot: false });
    expect(me.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(me.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sts.getCallerIdentity(root, 'us-east-1')).toMatchObject({ arn: 'arn:aws:iam::999999999999:root', userId: '999999999999', isRoot: true });
    const role = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'bob-session' }, 'us-east-1');
    const asRole = await sts.getCallerIdentity(role.credentials, 'eu-west-1');
    expect(asRole.arn).toBe('arn:aws:sts::555555555555:assumed-role/Open/bob-session');
    expect(asRole.userId).toMatch(/^AROA[A-Z2-7]{17}:bob-session$/);
    const fed = await sts.getFederationToken(bob, { name: 'bob-fed' }, 'us-east-1');
    expect(await sts.getCallerIdentity(fed.credentials, 'us-east-1')).toMatchObject({ arn: 'arn:aws:sts::111111111111:federated-user/bob-fed', userId: '111111111111:bob-fed' });
  });

  it('the stand-in verifies every signature: a changed body, a wrong secret, no signature', async () => {
    const tampered = await raw(bob, 'Action=GetCallerIdentity&Version=2011-06-15', 'us-east-1', () => 'Action=GetCallerIdentity&Version=2011-06-15&x=1');
    expect(tampered.status).toBe(403);
    expect(code(tampered.text)).toBe('SignatureDoesNotMatch');
    const unsigned = await fetch(s.url + '/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(code(await unsigned.text())).toBe('MissingAuthenticationToken');
    const wrongSecret = await stsFail(sts.getCallerIdentity({ accessKeyId: bob.accessKeyId, secretAccessKey: 'x'.repeat(40) }, 'us-east-1'), 'SignatureDoesNotMatch');
    expect(wrongSecret.category).toBe('signature');
    expect(wrongSecret.hint).toMatch(/secret access key/);
  });

  it('SignatureDoesNotMatch for session credentials: AWS-style message quoting the token, cut by the client', async () => {
    const session = await sts.getSessionToken(bob, {}, 'us-east-1');
    const badSecret = { ...session.credentials, secretAccessKey: 'y'.repeat(40) };
    const direct = await raw(badSecret, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(direct.text).toContain(session.credentials.sessionToken.slice(0, 40)); // the stand-in quotes it like AWS
    const e = await stsFail(sts.getCallerIdentity(badSecret, 'us-east-1'), 'SignatureDoesNotMatch');
    expect(e.message + JSON.stringify(e)).not.toContain(session.credentials.sessionToken.slice(0, 40));
  });
});

describe('GetSessionToken with MFA', () => {
  it('the right code gives an MFA session; the caller is still the user', async () => {
    const r = await sts.getSessionToken(alice, { serialNumber: alice.mfaSerial!, tokenCode: ALICE_CODE, durationSeconds: 3600 }, 'us-east-1');
    expect(r.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(r.credentials.expiration).toBeGreaterThan(s.now() + 3590_000);
    expect(r.credentials.expiration).toBeLessThanOrEqual(s.now() + 3600_000);
    expect((await sts.getCallerIdentity(r.credentials, 'us-east-1')).arn).toBe(alice.arn);
    expect(s.temp(r.credentials.accessKeyId)?.mfa).toBe(true);
  });

  it('MFA failures surface with their AWS message and the mfa category', async () => {
    const wrong = await stsFail(sts.getSessionToken(alice, { serialNumber: alice.mfaSerial!, tokenCode: '000000' }, 'us-east-1'), 'AccessDenied');
    expect(wrong.awsMessage).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code.');
    expect(wrong.category).toBe('mfa');
    const wrongSerial = await stsFail(sts.getSessionToken(alice, { serialNumber: 'arn:aws:iam::111111111111:user/alice', tokenCode: ALICE_CODE }, 'us-east-1'), 'AccessDenied');
    expect(wrongSerial.awsMessage).toMatch(/unable to validate MFA code\.  Please verify/);
    expect(wrongSerial.hint).toMatch(/not the user ARN/);
    const onlyCode = await raw(alice, 'Action=GetSessionToken&Version=2011-06-15&TokenCode=123456');
    expect(onlyCode.text).toContain('must provide both MFA serial number and one time pass code');
  });

  it('refused with session credentials', async () => {
    const r = await sts.getSessionToken(bob, {}, 'us-east-1');
    const e = await stsFail(sts.getSessionToken(r.credentials, {}, 'us-east-1'), 'AccessDenied');
    expect(e.awsMessage).toBe('Cannot call GetSessionToken with session credentials');
  });
});

describe('AssumeRole', () => {
  it('cross-account MFA role: refused without MFA, allowed with a code or from an MFA session', async () => {
    const denied = await stsFail(sts.assumeRole(alice, { roleArn: ADMIN, roleSessionName: 'alice' }, 'us-east-1'), 'AccessDenied');
    expect(denied.awsMessage).toBe(`User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}`);
    expect(denied.hint).toMatch(/requires MFA/);
    const withCode = await sts.assumeRole(alice, { roleArn: ADMIN, roleSessionName: 'alice', serialNumber: alice.mfaSerial!, tokenCode: ALICE_CODE, durationSeconds: 28_800 }, 'us-east-1');
    expect(withCode.assumedRoleUser.arn).toBe('arn:aws:sts::222222222222:assumed-role/Admin/alice');
    expect(withCode.credentials.expiration - s.now()).toBeGreaterThan(28_790_000);
    const session = await sts.getSessionToken(alice, { serialNumber: alice.mfaSerial!, tokenCode: ALICE_CODE }, 'us-east-1');
    const fromSession = await sts.assumeRole(session.credentials, { roleArn: ADMIN, roleSessionName: 'alice2' }, 'us-east-1');
    expect(fromSession.assumedRoleUser.assumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:alice2$/);
    const plainSession = await sts.getSessionToken(alice, {}, 'us-east-1');
    await stsFail(sts.assumeRole(plainSession.credentials, { roleArn: ADMIN, roleSessionName: 'alice3' }, 'us-east-1'), 'AccessDenied');
  });

  it('role chaining (from role or GetSessionToken credentials) is capped at 1 hour', async () => {
    const admin = await sts.assumeRole(alice, { roleArn: ADMIN, roleSessionName: 'alice', serialNumber: alice.mfaSerial!, tokenCode: ALICE_CODE }, 'us-east-1');
    const e = await stsFail(sts.assumeRole(admin.credentials, { roleArn: READONLY, roleSessionName: 'chain', durationSeconds: 7200 }, 'us-east-1'), 'ValidationError');
    expect(e.awsMessage).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    expect(e.hint).toMatch(/1 hour/);
    const ok = await sts.assumeRole(admin.credentials, { roleArn: READONLY, roleSessionName: 'chain', durationSeconds: 3600 }, 'us-east-1');
    expect(ok.assumedRoleUser.arn).toBe('arn:aws:sts::333333333333:assumed-role/ReadOnly/chain');
    const session = await sts.getSessionToken(bob, {}, 'us-east-1');
    await stsFail(sts.assumeRole(session.credentials, { roleArn: OPEN, roleSessionName: 'x1', durationSeconds: 7200 }, 'us-east-1'), 'ValidationError');
    const max = await stsFail(sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'x1', durationSeconds: 7201 }, 'us-east-1'), 'ValidationError');
    expect(max.awsMessage).toMatch(/MaxSessionDuration/);
  });

  it('external ID required', async () => {
    await stsFail(sts.assumeRole(bob, { roleArn: PARTNER, roleSessionName: 'bob' }, 'us-east-1'), 'AccessDenied');
    await stsFail(sts.assumeRole(bob, { roleArn: PARTNER, roleSessionName: 'bob', externalId: 'ext-41' }, 'us-east-1'), 'AccessDenied');
    const r = await sts.assumeRole(bob, { roleArn: PARTNER, roleSessionName: 'bob', externalId: 'ext-42', sourceIdentity: 'bob-the-human' }, 'us-east-1');
    expect(r.sourceIdentity).toBe('bob-the-human');
    expect(r.packedPolicySize).toBeUndefined();
  });

  it('root keys cannot assume roles; unknown roles and untrusted callers are AccessDenied', async () => {
    const e = await stsFail(sts.assumeRole(root, { roleArn: OPEN, roleSessionName: 'root' }, 'us-east-1'), 'AccessDenied');
    expect(e.awsMessage).toBe('Roles may not be assumed by root accounts.');
    await stsFail(sts.assumeRole(bob, { roleArn: 'arn:aws:iam::222222222222:role/Nope', roleSessionName: 'bob' }, 'us-east-1'), 'AccessDenied');
    await stsFail(sts.assumeRole(bob, { roleArn: READONLY, roleSessionName: 'bob' }, 'us-east-1'), 'AccessDenied');
  });

  it('session policies: PackedPolicySize, MalformedPolicyDocument, PackedPolicyTooLarge', async () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    expect((await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'p1', policy }, 'us-east-1')).packedPolicySize).toBeGreaterThan(0);
    const malformed = await stsFail(sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'p1', policy: '{not json' }, 'us-east-1'), 'MalformedPolicyDocument');
    expect(malformed.category).toBe('policy');
    const big = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"${'a'.repeat(1950)}"}]}`; // 2037 characters: within 2048, but > 100 % packed
    const tooLarge = await stsFail(sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'p1', policy: big }, 'us-east-1'), 'PackedPolicyTooLarge');
    expect(tooLarge.awsMessage).toMatch(/^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
  });
});

describe('issueRoleSession (credentials from Identity Center, SAML or web identity)', () => {
  it('are accepted like issued ones: the caller is the role session; chaining from them is capped at 1 hour', async () => {
    const sso = 'arn:aws:iam::666666666666:role/AWSReservedSSO_Admin_0123456789abcdef';
    const session = s.issueRoleSession({ roleArn: sso, sessionName: 'jane@example.com', durationSeconds: 8 * 3600 });
    expect(session.arn).toBe('arn:aws:sts::666666666666:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com');
    expect(Math.abs(session.expiresAt - s.now() - 8 * 3600_000)).toBeLessThan(1000);
    const me = await sts.getCallerIdentity(session, 'us-east-1');
    expect(me.arn).toBe(session.arn);
    const target = 'arn:aws:iam::777777777777:role/Deploy';
    s.addRole({ arn: target, trust: { principals: [sso] }, maxSessionDuration: 43_200 });
    await stsFail(sts.assumeRole(session, { roleArn: target, roleSessionName: 'x1', durationSeconds: 7200 }, 'us-east-1'), 'ValidationError');
    const chained = await sts.assumeRole(session, { roleArn: target, roleSessionName: 'x1' }, 'us-east-1');
    expect(chained.assumedRoleUser.arn).toBe('arn:aws:sts::777777777777:assumed-role/Deploy/x1');
    await stsFail(sts.assumeRole(session, { roleArn: READONLY, roleSessionName: 'x1' }, 'us-east-1'), 'AccessDenied');
  });
});

describe('GetFederationToken', () => {
  it('works with long-term keys, refused with session credentials; Name ≤ 32', async () => {
    const fed = await sts.getFederationToken(bob, { name: 'bob', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, 'us-east-1');
    expect(fed.federatedUser).toEqual({ arn: 'arn:aws:sts::111111111111:federated-user/bob', federatedUserId: '111111111111:bob' });
    expect(fed.packedPolicySize).toBeGreaterThan(0);
    expect(fed.credentials.expiration - s.now()).toBeGreaterThan(43_190_000);
    const session = await sts.getSessionToken(bob, {}, 'us-east-1');
    const e = await stsFail(sts.getFederationToken(session.credentials, { name: 'bob' }, 'us-east-1'), 'AccessDenied');
    expect(e.awsMessage).toBe('Cannot call GetFederationToken with session credentials');
    expect(e.hint).toMatch(/long-term/);
    const long = await raw(bob, `Action=GetFederationToken&Version=2011-06-15&Name=${'n'.repeat(33)}`);
    expect(code(long.text)).toBe('ValidationError');
    expect(long.text).toContain('Member must have length less than or equal to 32');
    // Root: capped at 1 hour.
    const rootFed = await sts.getFederationToken(root, { name: 'root-fed', durationSeconds: 7200 }, 'us-east-1');
    expect(rootFed.credentials.expiration - s.now()).toBeLessThanOrEqual(3600_000);
  });
});

describe('every STS error surfaces with its AWS code', () => {
  it('ExpiredToken, InvalidClientTokenId, RegionDisabledException, InvalidAction', async () => {
    const r = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'exp' }, 'us-east-1');
    s.expire(r.credentials.accessKeyId);
    const expired = await stsFail(sts.getCallerIdentity(r.credentials, 'us-east-1'), 'ExpiredToken');
    expect(expired.httpStatus).toBe(403);
    expect(expired.category).toBe('expired-token');
    const gone = s.issueUserKeys({ userName: 'gone' });
    s.revoke(gone.accessKeyId);
    expect((await stsFail(sts.getCallerIdentity(gone, 'us-east-1'), 'InvalidClientTokenId')).hint).toMatch(/does not know this access key/);
    await stsFail(sts.getCallerIdentity({ ...r.credentials, sessionToken: 'forged' }, 'us-east-1'), 'InvalidClientTokenId');
    s.disableRegion('ap-east-1');
    try {
      const e = await stsFail(sts.getCallerIdentity(bob, 'ap-east-1'), 'RegionDisabledException');
      expect(e.awsMessage).toBe('STS is not activated in this region for account:111111111111. Your account administrator can activate STS in this region using the IAM Console.');
      expect(e.category).toBe('region-disabled');
      await sts.getCallerIdentity(bob, 'ap-east-2');
    } finally {
      s.enableRegion('ap-east-1');
    }
    expect(code((await raw(bob, 'Action=AssumeRoot&Version=2011-06-15')).text)).toBe('InvalidAction');
  });
});

describe('throttling and server errors are retried', () => {
  it('two throttles then success', async () => {
    s.throttleNext(2);
    await sts.getCallerIdentity(bob, 'us-east-1');
    expect(sleeps).toEqual([150, 300]);
  });
  it('persistent throttling: 4 attempts, then Throttling', async () => {
    s.throttleNext(4);
    const e = await stsFail(sts.getCallerIdentity(bob, 'us-east-1'), 'Throttling');
    expect(e.awsMessage).toBe('Rate exceeded');
    expect(sleeps).toHaveLength(3);
  });
  it('a 503 ServiceUnavailable is retried', async () => {
    s.failNext(1, { code: 'ServiceUnavailable', status: 503, message: 'Service is unavailable.' });
    await sts.getCallerIdentity(bob, 'us-east-1');
    expect(sleeps).toHaveLength(1);
  });
});

describe('clock skew is detected and corrected from Date', () => {
  it('stand-in clock an hour ahead: SignatureDoesNotMatch "Signature expired", corrected, kept', async () => {
    s.setClockSkew(3_600_000);
    try {
      const before = s.state.calls.length;
      await sts.getCallerIdentity(bob, 'us-east-1');
      const calls = s.state.calls.slice(before);
      expect(calls.map((c) => c.errorCode ?? c.status)).toEqual(['SignatureDoesNotMatch', 200]);
      expect(Math.abs(sts.clockOffsetMs - 3_600_000)).toBeLessThan(2000);
      await sts.getCallerIdentity(bob, 'us-east-1');
      expect(s.state.calls.length - before).toBe(3);
    } finally {
      s.setClockSkew(0);
    }
  });

  it('RequestExpired variant, clock behind', async () => {
    const other = await startStandin({ skewErrorCode: 'RequestExpired', clockSkewMs: -20 * 60_000 });
    try {
      const u = other.issueUserKeys({ userName: 'carol' });
      const c = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: other.url } } });
      expect((await c.getCallerIdentity(u, 'us-east-1')).arn).toContain('user/carol');
      expect(other.state.calls[0]?.errorCode).toBe('RequestExpired');
      expect(Math.abs(c.clockOffsetMs + 20 * 60_000)).toBeLessThan(2000);
    } finally {
      await other.stop();
    }
  });
});

describe('signing region (issue 10 item 9): the stand-in as the global endpoint, which accepts only us-east-1', () => {
  it('a request scoped to eu-west-1 gets AWS\'s "Credential should be scoped to a valid region" (category signing-region, its own hint); signed for us-east-1 it passes', async () => {
    const global = await startStandin({ scopeRegions: ['us-east-1'] });
    try {
      const u = global.issueUserKeys({ userName: 'dora' });
      // A loopback override is signed for the request's region…
      const wrong = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: global.url } } });
      const e = await stsFail(wrong.getCallerIdentity(u, 'eu-west-1'), 'SignatureDoesNotMatch');
      expect(e.category).toBe('signing-region');
      expect(e.hint).toMatch(/signing region/);
      expect(e.hint).not.toMatch(/re-enter the secret key/);
      expect(global.state.calls).toHaveLength(1); // not retried as clock skew (the Date is right)
      // …unless the override says which region to sign for.
      const right = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: global.url, signingRegion: 'us-east-1' } } });
      expect((await right.getCallerIdentity(u, 'eu-west-1')).arn).toContain('user/dora');
      expect(global.state.calls[1]?.region).toBe('us-east-1');
      // A China region's requests do not go to the commercial override at all.
      expect(right.endpointFor('cn-north-1')).toBe('https://sts.cn-north-1.amazonaws.com.cn/');
    } finally {
      await global.stop();
    }
  });
});

describe('console federation', () => {
  it('role credentials from long-term keys: getSigninToken with SessionDuration, then login', async () => {
    const r = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'console' }, 'us-east-1');
    const { signinToken, signinBase, sessionDurationDropped } = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, r.credentials, { credentialKind: 'role', sessionDuration: 43_200 });
    expect(sessionDurationDropped).toBe(false);
    expect(signinToken).toMatch(/^[A-Za-z0-9_-]{742}$/);
    const url = loginUrl({ signinBase, issuer: 'https://sigvault.invalid', destination: 'https://console.aws.amazon.com/s3/home', signinToken });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Signed in as arn:aws:sts::555555555555:assumed-role/Open/console');
    expect(html).toContain('data-destination="https://console.aws.amazon.com/s3/home"');
    expect(s.state.logins.at(-1)).toMatchObject({ arn: 'arn:aws:sts::555555555555:assumed-role/Open/console', destination: 'https://console.aws.amazon.com/s3/home', issuer: 'https://sigvault.invalid' });
    expect(s.state.signinTokens.get(signinToken)?.sessionDuration).toBe(43_200);
  });

  it('chained-role credentials: SessionDuration refused (400), dropped and retried', async () => {
    const first = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'c1' }, 'us-east-1');
    const chained = await sts.assumeRole(first.credentials, { roleArn: OPEN, roleSessionName: 'c2' }, 'us-east-1');
    const r = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, chained.credentials, { credentialKind: 'role', sessionDuration: 3600 });
    expect(r.sessionDurationDropped).toBe(true);
  });

  it('federation-token credentials: no SessionDuration; the stand-in refuses it like AWS', async () => {
    const fed = await sts.getFederationToken(bob, { name: 'bob-console', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, 'us-east-1');
    const ok = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, fed.credentials, { credentialKind: 'federation-token' });
    expect(ok.signinToken.length).toBeGreaterThan(100);
    const withDuration = await fetch(
      `${s.url}/federation?Action=getSigninToken&SessionDuration=3600&Session=${encodeURIComponent(JSON.stringify({ sessionId: fed.credentials.accessKeyId, sessionKey: fed.credentials.secretAccessKey, sessionToken: fed.credentials.sessionToken }))}`,
    );
    expect(withDuration.status).toBe(400);
  });

  it('GetSessionToken credentials get a token but the login page refuses them (as observed on AWS)', async () => {
    const session = await sts.getSessionToken(bob, {}, 'us-east-1');
    const t = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, session.credentials, { credentialKind: 'role' });
    const res = await fetch(loginUrl({ signinBase: t.signinBase, destination: 'https://console.aws.amazon.com/', signinToken: t.signinToken }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Only federation tokens or assume role tokens may be used for federated login.');
  });

  it('expired or unknown credentials, bad tokens and foreign destinations are refused', async () => {
    const r = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'exp2' }, 'us-east-1');
    s.expire(r.credentials.accessKeyId);
    const e = (await rejection(getSigninToken({ fetch: httpFetch, signinBase: s.url }, r.credentials, { credentialKind: 'role' }))) as SigninError;
    expect(e).toBeInstanceOf(SigninError);
    expect(e.httpStatus).toBe(400);
    expect(e.message).not.toContain(r.credentials.secretAccessKey);
    const badToken = await fetch(`${s.url}/federation?Action=login&Destination=${encodeURIComponent('https://console.aws.amazon.com/')}&SigninToken=nope`);
    expect(badToken.status).toBe(400);
    const r2 = await sts.assumeRole(bob, { roleArn: OPEN, roleSessionName: 'dest' }, 'us-east-1');
    const t = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, r2.credentials, { credentialKind: 'role' });
    const evil = await fetch(`${s.url}/federation?Action=login&Destination=${encodeURIComponent('https://evil.example/')}&SigninToken=${t.signinToken}`);
    expect(evil.status).toBe(400);
  });

  it('redirect mode answers 302 to the Destination', async () => {
    const other = await startStandin({ loginResponse: 'redirect' });
    try {
      const u = other.issueUserKeys({ userName: 'dora' });
      other.addRole({ arn: OPEN, trust: { principals: ['*'] } });
      const c = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: other.url } } });
      const r = await c.assumeRole(u, { roleArn: OPEN, roleSessionName: 'dora' }, 'us-east-1');
      const { url } = await consoleLoginUrl({ fetch: httpFetch, signinBase: other.url, region: 'eu-west-1' }, { credentials: r.credentials, credentialKind: 'role' });
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    } finally {
      await other.stop();
    }
  });
});

describe('the whole flow through the resolver (demo identities)', () => {
  it('user → MFA cross-account role → chained role: one code, clamp notice, console login as the chained role', async () => {
    const demo = await startStandin({ rejectReusedMfaCodes: true });
    try {
      const seed = seedDemo(demo, '777777');
      const u: IamUser = { kind: 'user', id: 'user', label: seed.user.label, accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey, mfaSerial: seed.user.mfaSerial!, arn: seed.user.arn, createdAt: 0, updatedAt: 0 };
      const byLabel = new Map<string, string>([[seed.user.label, 'user']]);
      const roles: AssumedRole[] = seed.roles.map((r, i) => {
        const id = `role${i}`;
        byLabel.set(r.label, id);
        const out: AssumedRole = { kind: 'role', id, label: r.label, roleArn: r.roleArn, sourceId: '', region: r.region, createdAt: 0, updatedAt: 0 };
        if (r.mfaSerial) out.mfaSerial = r.mfaSerial;
        if (r.externalId) out.externalId = r.externalId;
        if (r.durationSeconds) out.durationSeconds = r.durationSeconds;
        return out;
      });
      roles.forEach((r, i) => (r.sourceId = byLabel.get(seed.roles[i]!.source)!));
      const identities = new Map<string, StoredIdentity>([[u.id, u], ...roles.map((r) => [r.id, r] as [string, StoredIdentity])]);
      const store = new Map<string, string>();
      const cache: CredentialCache = {
        get: async (id) => (store.has(id) ? (JSON.parse(store.get(id)!) as CachedCredentials) : undefined),
        put: async (id, v) => void store.set(id, JSON.stringify(v)),
        delete: async (id) => void store.delete(id),
      };
      const client = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: demo.url } } });
      const resolver = createResolver({ sts: client, cache, getIdentity: async (id) => identities.get(id) });

      let prompts = 0;
      const requestMfa = async (serial: string) => {
        prompts++;
        expect(serial).toBe(seed.user.mfaSerial);
        return '777777';
      };
      const chained = await resolver.resolve('role1', { requestMfa });
      expect(prompts).toBe(1);
      expect(chained.arn).toBe('arn:aws:sts::333333333333:assumed-role/DemoReadOnly/demo-user');
      expect(chained.clampedDurationNotice).toMatch(/1 hour/);
      const stsCalls = demo.state.calls.filter((c) => c.kind === 'sts');
      expect(stsCalls.map((c) => [c.action, c.mfa ?? false, c.durationSeconds])).toEqual([
        ['GetSessionToken', true, 43_200],
        ['AssumeRole', false, 3600],
        ['AssumeRole', false, 3600],
      ]);
      // A worker restart loses nothing: a new resolver over the same cache needs no call and no code.
      const again = createResolver({ sts: createStsClient({ fetch: httpFetch, endpoints: { aws: { url: demo.url } } }), cache, getIdentity: async (id) => identities.get(id) });
      expect((await again.resolve('role1')).fromCache).toBe(true);
      expect((await again.resolve('role0')).fromCache).toBe(true);
      // External-ID role from the same MFA user: through the cached MFA session, no prompt.
      await again.resolve('role2', { requestMfa });
      expect(prompts).toBe(1);

      // Console as the chained role.
      const consoleCreds = await resolver.resolveForConsole('role1');
      expect(consoleCreds.sessionDurationAllowed).toBe(false);
      const { url, destination } = await consoleLoginUrl(
        { fetch: httpFetch, signinBase: demo.url, partition: consoleCreds.partition },
        { credentials: consoleCreds.credentials, credentialKind: consoleCreds.credentialKind, region: consoleCreds.region },
      );
      expect(destination).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
      expect(url.startsWith(`${demo.url}/federation?Action=login&Destination=`)).toBe(true);
      const page = await (await fetch(url)).text();
      expect(page).toContain('Signed in as arn:aws:sts::333333333333:assumed-role/DemoReadOnly/demo-user');

      // Console as the IAM user: GetFederationToken, then login.
      const asUser = await resolver.resolveForConsole('user');
      const login = await consoleLoginUrl({ fetch: httpFetch, signinBase: demo.url }, { credentials: asUser.credentials, credentialKind: asUser.credentialKind });
      expect(await (await fetch(login.url)).text()).toContain('Signed in as arn:aws:sts::111111111111:federated-user/demo-user');

      // The same TOTP code again is refused (rejectReusedMfaCodes), as AWS does.
      const reuse = await stsFail(client.getSessionToken(seed.user, { serialNumber: seed.user.mfaSerial!, tokenCode: '777777' }, 'us-east-1'), 'AccessDenied');
      expect(reuse.category).toBe('mfa');
    } finally {
      await demo.stop();
    }
  });
});

describe('CORS and the CLI', () => {
  it('answers a chrome-extension preflight and exposes Date on responses', async () => {
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const pre = await fetch(s.url + '/', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-amz-date,x-amz-security-token' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-amz-date,x-amz-security-token');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const signed = signRequest({ method: 'POST', url: s.url + '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, bob, { region: 'us-east-1', service: 'sts' });
    const res = await fetch(signed.url, { method: 'POST', headers: { ...signed.headers, Origin: origin }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-expose-headers')).toContain('Date');
  });

  it('main() with --demo --json prints the URL and demo identities (in process)', async () => {
    const writes: string[] = [];
    const started = await main(['--port', '0', '--demo', '--json'], { write: (t) => void writes.push(t), signals: false });
    try {
      const out = JSON.parse(writes.join('').trim()) as { url: string; demo: { mfaCode: string; user: { accessKeyId: string; secretAccessKey: string }; roles: unknown[] } };
      expect(out.url).toBe(started.url);
      expect(out.demo.mfaCode).toBe('123456');
      expect(out.demo.roles).toHaveLength(3);
      const c = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: out.url } } });
      expect((await c.getCallerIdentity(out.demo.user, 'us-east-1')).arn).toBe('arn:aws:iam::111111111111:user/demo-user');
    } finally {
      await started.stop();
    }
  });

  it('npx tsx test/support/sts-standin.ts --port 0 --demo runs standalone', async () => {
    const child = spawn(resolvePath('node_modules/.bin/tsx'), ['test/support/sts-standin.ts', '--port', '0', '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error(`no output: ${buf}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('Press Ctrl+C')) {
            clearTimeout(timer);
            resolve(buf);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${buf}`)));
      });
      expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('code: 123456');
      const demo = JSON.parse(/DEMO_JSON (.*)/.exec(out)![1]!) as { url: string };
      expect((await fetch(demo.url + '/')).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);
});
