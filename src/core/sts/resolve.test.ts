import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import type { AssumedRole, IamUser, SsoRole, StoredIdentity } from '../vault/identity.ts';
import { StsError, type AssumeRoleParams, type SessionTokenParams, type FederationTokenParams } from './client.ts';
import { ALLOW_ALL_POLICY, MFA_ATTEMPTS, MfaRequiredError, createResolver, sanitizeSessionName, type CachedCredentials, type MfaRetry, type CredentialCache, type FederatedProvider, type StsForResolver } from './resolve.ts';

const T0 = Date.UTC(2026, 3, 1, 12, 0, 0);
const MFA = 'arn:aws:iam::111111111111:mfa/alice';

interface Call {
  op: 'GetSessionToken' | 'AssumeRole' | 'GetFederationToken';
  key: string;
  temp: boolean;
  region: string;
  params: SessionTokenParams | AssumeRoleParams | FederationTokenParams;
}

function user(over: Partial<IamUser> = {}): IamUser {
  return {
    kind: 'user',
    id: 'u1',
    label: 'Alice (work)',
    accessKeyId: 'AKIAALICEALICEALICE1',
    secretAccessKey: 'alice-secret-alice-secret-alice-secret-1',
    arn: 'arn:aws:iam::111111111111:user/alice',
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

function role(id: string, sourceId: string, over: Partial<AssumedRole> & { sourceIdentity?: string } = {}): AssumedRole {
  return {
    kind: 'role',
    id,
    label: `Role ${id}`,
    roleArn: `arn:aws:iam::222222222222:role/${id}`,
    sourceId,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

/** A fake STS with AWS's rules that matter here: chained AssumeRole > 3600 s fails; expired keys fail. */
function fakeSts(clock: () => number) {
  const calls: Call[] = [];
  const dead = new Set<string>();
  let n = 0;
  const mint = (prefix: string, seconds: number) => {
    n++;
    return { accessKeyId: `ASIA${prefix}${n}`, secretAccessKey: `secret-${n}`, sessionToken: `token-${n}`, expiration: clock() + seconds * 1000 };
  };
  const check = (key: string) => {
    if (dead.has(key)) throw new StsError({ action: 'AssumeRole', awsCode: 'ExpiredToken', awsMessage: 'The security token included in the request is expired', httpStatus: 403 });
  };
  const sts: StsForResolver & { clockOffsetMs: number } = {
    clockOffsetMs: 0,
    async getSessionToken(creds, params, region) {
      calls.push({ op: 'GetSessionToken', key: creds.accessKeyId, temp: !!creds.sessionToken, region, params: { ...params } });
      check(creds.accessKeyId);
      return { credentials: mint('S', params.durationSeconds ?? 43_200) };
    },
    async assumeRole(creds, params, region) {
      calls.push({ op: 'AssumeRole', key: creds.accessKeyId, temp: !!creds.sessionToken, region, params: { ...params } });
      check(creds.accessKeyId);
      if (creds.sessionToken && (params.durationSeconds ?? 3600) > 3600) {
        throw new StsError({ action: 'AssumeRole', awsCode: 'ValidationError', awsMessage: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', httpStatus: 400 });
      }
      const name = params.roleArn.slice(params.roleArn.lastIndexOf('/') + 1);
      return {
        credentials: mint('R', params.durationSeconds ?? 3600),
        assumedRoleUser: { arn: `arn:aws:sts::222222222222:assumed-role/${name}/${params.roleSessionName}`, assumedRoleId: `AROAX:${params.roleSessionName}` },
      };
    },
    async getFederationToken(creds, params, region) {
      calls.push({ op: 'GetFederationToken', key: creds.accessKeyId, temp: !!creds.sessionToken, region, params: { ...params } });
      return {
        credentials: mint('F', params.durationSeconds ?? 43_200),
        federatedUser: { arn: `arn:aws:sts::111111111111:federated-user/${params.name}`, federatedUserId: `111111111111:${params.name}` },
      };
    },
  };
  return { sts, calls, dead };
}

/** JSON round-trip cache: proves entries are plain JSON. */
function memoryCache() {
  const map = new Map<string, string>();
  const cache: CredentialCache & { map: Map<string, string> } = {
    map,
    async get(id) {
      const v = map.get(id);
      return v === undefined ? undefined : (JSON.parse(v) as CachedCredentials);
    },
    async put(id, value) {
      map.set(id, JSON.stringify(value));
    },
    async delete(id) {
      map.delete(id);
    },
  };
  return cache;
}

function setup(identities: StoredIdentity[], opts: { defaultRegion?: string } = {}) {
  let clock = T0;
  const now = () => clock;
  const { sts, calls, dead } = fakeSts(now);
  const cache = memoryCache();
  const byId = new Map(identities.map((i) => [i.id, i]));
  const resolver = createResolver({ sts, cache, now, getIdentity: async (id) => byId.get(id), ...opts });
  return { resolver, calls, cache, sts, dead, byId, advance: (ms: number) => (clock += ms) };
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

describe('users', () => {
  it('a user without MFA resolves to a GetSessionToken session, cached', async () => {
    const t = setup([user()]);
    const r = await t.resolver.resolve('u1');
    expect(t.calls).toEqual([{ op: 'GetSessionToken', key: 'AKIAALICEALICEALICE1', temp: false, region: 'us-east-1', params: {} }]);
    expect(r).toMatchObject({ identityId: 'u1', kind: 'session', mfa: false, fromCache: false, arn: 'arn:aws:iam::111111111111:user/alice', region: 'us-east-1', partition: 'aws', sessionDurationAllowed: false });
    expect(r.expiresAt).toBe(T0 + 43_200_000);
    const again = await t.resolver.resolve('u1');
    expect(again.fromCache).toBe(true);
    expect(again.credentials).toEqual(r.credentials);
    expect(t.calls).toHaveLength(1);
  });

  it('a user with MFA: no code and no way to ask → MFA_REQUIRED before any call', async () => {
    const t = setup([user({ mfaSerial: MFA })]);
    const e = await rejection(t.resolver.resolve('u1'));
    expect(e).toBeInstanceOf(MfaRequiredError);
    expect(e.code).toBe('MFA_REQUIRED');
    expect((e as MfaRequiredError).mfaSerial).toBe(MFA);
    expect(e.details.recordId).toBe('u1');
    expect(t.calls).toHaveLength(0);
  });

  it('a user with MFA: the code goes to GetSessionToken; the session is MFA-authenticated', async () => {
    const t = setup([user({ mfaSerial: MFA, region: 'eu-west-1' })]);
    const r = await t.resolver.resolve('u1', { mfaCode: '123456' });
    expect(t.calls[0]).toMatchObject({ op: 'GetSessionToken', region: 'eu-west-1', params: { serialNumber: MFA, tokenCode: '123456' } });
    expect(r.mfa).toBe(true);
  });

  it('requestMfa is asked with the serial and the identity', async () => {
    const t = setup([user({ mfaSerial: MFA })]);
    const asked: string[] = [];
    await t.resolver.resolve('u1', { requestMfa: async (serial, id) => (asked.push(`${serial} ${id}`), ' 654321 ') });
    expect(asked).toEqual([`${MFA} u1`]);
    expect(t.calls[0]!.params).toMatchObject({ tokenCode: '654321' });
  });

  it('a malformed code is INVALID_INPUT (mfaCode)', async () => {
    const t = setup([user({ mfaSerial: MFA })]);
    expect((await rejection(t.resolver.resolve('u1', { mfaCode: '12345' }))).details.field).toBe('mfaCode');
    expect((await rejection(t.resolver.resolve('u1', { requestMfa: async () => 'abcdef' }))).details.field).toBe('mfaCode');
    expect(t.calls).toHaveLength(0);
  });
});

describe('roles', () => {
  it('MFA user → MFA role: GetSessionToken with the code, AssumeRole from the session without one; one prompt serves later roles', async () => {
    const t = setup([user({ mfaSerial: MFA }), role('admin', 'u1', { mfaSerial: MFA }), role('dev', 'u1', { mfaSerial: MFA, region: 'eu-central-1' })]);
    let prompts = 0;
    const requestMfa = async () => (prompts++, '111111');
    const r = await t.resolver.resolve('admin', { requestMfa });
    expect(t.calls.map((c) => [c.op, c.temp, 'tokenCode' in c.params])).toEqual([
      ['GetSessionToken', false, true],
      ['AssumeRole', true, false],
    ]);
    expect(r).toMatchObject({ kind: 'role', mfa: true, arn: 'arn:aws:sts::222222222222:assumed-role/admin/alice', sessionDurationAllowed: false });
    expect(t.cache.map.has('u1')).toBe(true);
    await t.resolver.resolve('dev', { requestMfa });
    expect(prompts).toBe(1);
    expect(t.calls[2]).toMatchObject({ op: 'AssumeRole', temp: true, region: 'eu-central-1' });
    expect(t.calls[2]!.params).not.toHaveProperty('tokenCode');
  });

  it('MFA user → role asking for more than 1 h: assumed directly from the long-term keys with MFA (no 1-hour cap)', async () => {
    const t = setup([user({ mfaSerial: MFA }), role('long', 'u1', { durationSeconds: 28_800 })]);
    const r = await t.resolver.resolve('long', { mfaCode: '222222' });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ op: 'AssumeRole', temp: false, params: { durationSeconds: 28_800, serialNumber: MFA, tokenCode: '222222' } });
    expect(r.expiresAt).toBe(T0 + 28_800_000);
    expect(r.mfa).toBe(true);
    expect(r.sessionDurationAllowed).toBe(true);
    expect(r.clampedDurationNotice).toBeUndefined();
  });

  it('user without MFA → role: straight from the long-term keys, external ID, source identity, session name', async () => {
    const t = setup([user({ arn: undefined, label: 'Jane Doé (prod)' }), role('x', 'u1', { externalId: 'ext-123', sourceIdentity: 'jane', sessionName: undefined })]);
    const r = await t.resolver.resolve('x');
    expect(t.calls).toEqual([
      { op: 'AssumeRole', key: 'AKIAALICEALICEALICE1', temp: false, region: 'us-east-1', params: { roleArn: 'arn:aws:iam::222222222222:role/x', roleSessionName: 'Jane-Doe-prod', externalId: 'ext-123', sourceIdentity: 'jane' } },
    ]);
    expect(r.sessionDurationAllowed).toBe(true);
    expect(r.mfa).toBe(false);
  });

  it('a configured session name wins', async () => {
    const t = setup([user(), role('x', 'u1', { sessionName: 'my-session' })]);
    await t.resolver.resolve('x');
    expect(t.calls[0]!.params).toMatchObject({ roleSessionName: 'my-session' });
  });

  it('chained roles: clamped to 3600 s with a notice; the code of a later MFA role goes to the first call', async () => {
    const t = setup([user(), role('a', 'u1', { durationSeconds: 7200, region: 'eu-west-1' }), role('b', 'a', { durationSeconds: 7200, mfaSerial: MFA })]);
    let prompts = 0;
    const r = await t.resolver.resolve('b', { requestMfa: async () => (prompts++, '333333') });
    expect(prompts).toBe(1);
    expect(t.calls.map((c) => ({ op: c.op, temp: c.temp, region: c.region, d: (c.params as AssumeRoleParams).durationSeconds, code: (c.params as AssumeRoleParams).tokenCode }))).toEqual([
      { op: 'AssumeRole', temp: false, region: 'eu-west-1', d: 7200, code: '333333' },
      { op: 'AssumeRole', temp: true, region: 'eu-west-1', d: 3600, code: undefined },
    ]);
    expect(t.calls[0]!.params).toMatchObject({ serialNumber: MFA });
    expect(r.clampedDurationNotice).toMatch(/"Role b" .*role chaining.*1 hour.*3600 s instead of the configured 7200 s/);
    expect(r.expiresAt).toBe(T0 + 3_600_000);
    expect(r.sessionDurationAllowed).toBe(false);
    expect(r.mfa).toBe(true);
    // The notice comes back with the cached credentials too.
    expect((await t.resolver.resolve('b')).clampedDurationNotice).toBe(r.clampedDurationNotice);
  });

  it('deep chains: any depth, each hop cached', async () => {
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const t = setup([user(), ...ids.map((id, i) => role(id, i === 0 ? 'u1' : ids[i - 1]!))]);
    const r = await t.resolver.resolve('r5');
    expect(t.calls.map((c) => c.op)).toEqual(Array(5).fill('AssumeRole'));
    expect(r.arn).toContain('assumed-role/r5/');
    for (const id of ids) expect(t.cache.map.has(id)).toBe(true);
    t.calls.length = 0;
    await t.resolver.resolve('r4');
    expect(t.calls).toHaveLength(0);
  });

  it('a cached intermediate hop is the starting point', async () => {
    const t = setup([user(), role('a', 'u1'), role('b', 'a')]);
    await t.resolver.resolve('a');
    t.calls.length = 0;
    await t.resolver.resolve('b');
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ op: 'AssumeRole', temp: true, params: { roleArn: 'arn:aws:iam::222222222222:role/b' } });
  });

  it('a cached hop without MFA is not used when a later hop needs MFA', async () => {
    const t = setup([user(), role('a', 'u1'), role('b', 'a', { mfaSerial: MFA })]);
    await t.resolver.resolve('a');
    t.calls.length = 0;
    await t.resolver.resolve('b', { mfaCode: '444444' });
    expect(t.calls.map((c) => [c.op, c.temp, (c.params as AssumeRoleParams).tokenCode])).toEqual([
      ['AssumeRole', false, '444444'],
      ['AssumeRole', true, undefined],
    ]);
  });

  it('refuses cycles (and self-loops) with a clear error', async () => {
    const t = setup([user(), role('a', 'b'), role('b', 'a'), role('self', 'self')]);
    const e = await rejection(t.resolver.resolve('a'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details).toMatchObject({ field: 'sourceId', recordId: 'a' });
    expect(e.message).toMatch(/loops back on itself \("Role a" → "Role b" → "Role a"\)/);
    expect((await rejection(t.resolver.resolve('self'))).details.field).toBe('sourceId');
    expect(t.calls).toHaveLength(0);
  });

  it('refuses missing sources and unknown identities', async () => {
    const t = setup([user(), role('orphan', 'gone')]);
    const e = await rejection(t.resolver.resolve('orphan'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.details.recordId).toBe('gone');
    expect(e.message).toMatch(/source identity of "Role orphan" no longer exists/);
    expect((await rejection(t.resolver.resolve('nope'))).code).toBe('NOT_FOUND');
  });

  it('refuses a source of an unknown kind', async () => {
    const sso: StoredIdentity = { kind: 'unknown', storedKind: 'sso', id: 's1', label: 'SSO', createdAt: 0, updatedAt: 0, data: {} };
    const t = setup([sso, role('r', 's1')]);
    expect((await rejection(t.resolver.resolve('r'))).code).toBe('INVALID_INPUT');
  });

  it('refuses cross-partition chains and regions outside the partition', async () => {
    const t = setup([user(), role('cn', 'u1', { roleArn: 'arn:aws-cn:iam::222222222222:role/cn' }), role('badregion', 'u1', { region: 'cn-north-1' })]);
    expect((await rejection(t.resolver.resolve('cn'))).message).toMatch(/aws-cn partition but its source user is in aws/);
    expect((await rejection(t.resolver.resolve('badregion'))).details.field).toBe('region');
  });

  it('partition of the user decides default regions (GovCloud)', async () => {
    const t = setup([user({ arn: 'arn:aws-us-gov:iam::111111111111:user/alice' }), role('g', 'u1', { roleArn: 'arn:aws-us-gov:iam::222222222222:role/g' })]);
    const r = await t.resolver.resolve('g');
    expect(t.calls[0]!.region).toBe('us-gov-west-1');
    expect(r.partition).toBe('aws-us-gov');
  });

  it('the defaultRegion setting replaces us-east-1 for identities without a region, within its partition', async () => {
    const t = setup([user(), role('r', 'u1'), user({ id: 'g', arn: 'arn:aws-us-gov:iam::111111111111:user/gov' }), user({ id: 'own', region: 'ap-south-1' })], { defaultRegion: 'eu-west-1' });
    expect((await t.resolver.resolve('u1')).region).toBe('eu-west-1');
    expect((await t.resolver.resolve('r', { forceRefresh: true })).region).toBe('eu-west-1');
    expect((await t.resolver.resolveForConsole('u1')).region).toBe('eu-west-1');
    await t.resolver.resolve('g');
    await t.resolver.resolve('own');
    expect(t.calls.map((c) => `${c.op} ${c.region}`)).toEqual([
      'GetSessionToken eu-west-1', 'AssumeRole eu-west-1', 'GetFederationToken eu-west-1', 'GetSessionToken us-gov-west-1', 'GetSessionToken ap-south-1',
    ]);
    // without the setting: the partition's default, as before
    const plain = setup([user()]);
    expect((await plain.resolver.resolve('u1')).region).toBe('us-east-1');
  });
});

describe('cache', () => {
  it('reuses credentials valid for ≥ 5 minutes, refreshes after', async () => {
    const t = setup([user(), role('a', 'u1')]);
    await t.resolver.resolve('a');
    t.advance(3600_000 - 5 * 60_000 - 1000); // 5 min + 1 s left
    expect((await t.resolver.resolve('a')).fromCache).toBe(true);
    t.advance(2000); // 4 min 59 s left
    const r = await t.resolver.resolve('a');
    expect(r.fromCache).toBe(false);
    expect(t.calls).toHaveLength(2);
  });

  it('uses the server clock (STS clock offset) for validity', async () => {
    const t = setup([user(), role('a', 'u1')]);
    await t.resolver.resolve('a');
    t.sts.clockOffsetMs = 58 * 60_000; // server is 58 min ahead: 2 min left by its clock
    expect((await t.resolver.resolve('a')).fromCache).toBe(false);
  });

  it('ignores entries made with other settings (fingerprint) and forceRefresh', async () => {
    const t = setup([user(), role('a', 'u1')]);
    await t.resolver.resolve('a');
    t.byId.set('a', role('a', 'u1', { externalId: 'now-required' }));
    expect((await t.resolver.resolve('a')).fromCache).toBe(false);
    expect((await t.resolver.resolve('a')).fromCache).toBe(true);
    expect((await t.resolver.resolve('a', { forceRefresh: true })).fromCache).toBe(false);
    expect(t.calls).toHaveLength(3);
  });

  it('drops cached credentials AWS no longer accepts and walks the chain again once', async () => {
    const t = setup([user(), role('a', 'u1'), role('b', 'a')]);
    await t.resolver.resolve('a');
    const aKey = JSON.parse(t.cache.map.get('a')!).credentials.accessKeyId as string;
    t.dead.add(aKey);
    t.calls.length = 0;
    const r = await t.resolver.resolve('b');
    expect(r.kind).toBe('role');
    expect(t.calls.map((c) => [c.op, c.temp])).toEqual([
      ['AssumeRole', true], // with the dead cached 'a' → ExpiredToken
      ['AssumeRole', false], // 'a' again from the long-term keys
      ['AssumeRole', true], // 'b'
    ]);
    expect(JSON.parse(t.cache.map.get('a')!).credentials.accessKeyId).not.toBe(aKey);
  });

  it('a corrupt cache record is a miss; other cache errors surface', async () => {
    const t = setup([user()]);
    const base = createResolver({
      sts: t.sts,
      now: () => T0,
      getIdentity: async (id) => t.byId.get(id),
      cache: {
        get: async () => {
          throw new SigvaultError('CORRUPT_RECORD', 'x', { recordId: 'u1' });
        },
        put: async () => {},
        delete: async () => {},
      },
    });
    expect((await base.resolve('u1')).fromCache).toBe(false);
    const locked = createResolver({
      sts: t.sts,
      getIdentity: async (id) => t.byId.get(id),
      cache: {
        get: async () => {
          throw new SigvaultError('LOCKED', 'locked');
        },
        put: async () => {},
        delete: async () => {},
      },
    });
    expect((await rejection(locked.resolve('u1'))).code).toBe('LOCKED');
  });

  it('an MFA failure from STS surfaces as StsError and caches nothing', async () => {
    const t = setup([user({ mfaSerial: MFA })]);
    t.sts.getSessionToken = async () => {
      throw new StsError({ action: 'GetSessionToken', awsCode: 'AccessDenied', awsMessage: 'MultiFactorAuthentication failed with invalid MFA one time pass code.', httpStatus: 403 });
    };
    const e = (await rejection(t.resolver.resolve('u1', { mfaCode: '000000' }))) as StsError;
    expect(e.category).toBe('mfa');
    expect(t.cache.map.size).toBe(0);
  });

  const wrongCode = (action: string) => new StsError({ action, awsCode: 'AccessDenied', awsMessage: 'MultiFactorAuthentication failed with invalid MFA one time pass code.', httpStatus: 403 });

  it('a prompted code STS calls wrong is asked for again (with the hint and the attempt), and the next one is used', async () => {
    const t = setup([user({ mfaSerial: MFA }), role('admin', 'u1', { mfaSerial: MFA })]);
    const real = t.sts.getSessionToken;
    t.sts.getSessionToken = async (creds, params, region) => {
      if (params.tokenCode !== '222222') { await real(creds, params, region); throw wrongCode('GetSessionToken'); }
      return real(creds, params, region);
    };
    const asked: (MfaRetry | undefined)[] = [];
    let checked = 0;
    const codes = ['111111', '222222'];
    const r = await t.resolver.resolve('admin', { requestMfa: async (_s, _id, retry) => (asked.push(retry), codes.shift()!), mfaChecked: () => checked++ });
    expect(r.mfa).toBe(true);
    expect(asked).toEqual([undefined, { error: expect.stringMatching(/wrong or already used/), attempt: 2 }]);
    expect(t.calls.filter((c) => c.op === 'GetSessionToken').map((c) => (c.params as SessionTokenParams).tokenCode)).toEqual(['111111', '222222']);
    expect(checked).toBe(1);
  });

  it(`a wrong code is asked again at most ${MFA_ATTEMPTS} times in all, then STS's error stands; a given mfaCode is never re-asked`, async () => {
    const t = setup([user({ mfaSerial: MFA }), role('admin', 'u1', { mfaSerial: MFA, durationSeconds: 7200 })]);
    t.sts.assumeRole = async () => { throw wrongCode('AssumeRole'); };
    let asked = 0;
    let checked = 0;
    const e = (await rejection(t.resolver.resolve('admin', { requestMfa: async () => (asked++, '123456'), mfaChecked: () => checked++ }))) as StsError;
    expect(e.category).toBe('mfa');
    expect(asked).toBe(MFA_ATTEMPTS);
    expect(checked).toBe(1);
    asked = 0;
    expect(((await rejection(t.resolver.resolve('admin', { mfaCode: '123456', requestMfa: async () => (asked++, '654321') }))) as StsError).category).toBe('mfa');
    expect(asked).toBe(0);
  });

  it('other STS refusals are not re-asked: the code is settled (mfaChecked) and the error stands', async () => {
    const t = setup([user({ mfaSerial: MFA })]);
    t.sts.getSessionToken = async () => { throw new StsError({ action: 'GetSessionToken', awsCode: 'AccessDenied', awsMessage: 'MultiFactorAuthentication failed, unable to validate MFA code.', httpStatus: 403 }); };
    let asked = 0;
    let checked = 0;
    await rejection(t.resolver.resolve('u1', { requestMfa: async () => (asked++, '123456'), mfaChecked: () => checked++ }));
    expect([asked, checked]).toEqual([1, 1]);
  });

  it('forget() deletes an entry', async () => {
    const t = setup([user()]);
    await t.resolver.resolve('u1');
    await t.resolver.forget('u1');
    expect(t.cache.map.size).toBe(0);
  });
});

describe('console credentials', () => {
  it('an IAM user: GetFederationToken with long-term keys and an allow-all policy (not cached)', async () => {
    const t = setup([user({ mfaSerial: MFA, region: 'eu-west-2' })]);
    const r = await t.resolver.resolveForConsole('u1');
    expect(t.calls).toEqual([
      { op: 'GetFederationToken', key: 'AKIAALICEALICEALICE1', temp: false, region: 'eu-west-2', params: { name: 'alice', policy: ALLOW_ALL_POLICY, durationSeconds: 43_200 } },
    ]);
    expect(r).toMatchObject({ credentialKind: 'federation-token', sessionDurationAllowed: false, arn: 'arn:aws:sts::111111111111:federated-user/alice', mfa: false });
    expect(r.notices[0]).toMatch(/cannot carry MFA/);
    expect(t.cache.map.size).toBe(0);
  });

  it('root keys: 1 hour; custom name/policy/duration', async () => {
    const t = setup([user({ isRoot: true, arn: 'arn:aws:iam::111111111111:root', label: 'Root!' }), user({ id: 'u2' })]);
    await t.resolver.resolveForConsole('u1');
    expect(t.calls[0]!.params).toMatchObject({ name: 'Root', durationSeconds: 3600 });
    await t.resolver.resolveForConsole('u2', { federation: { name: 'bob', policy: '{"Version":"2012-10-17","Statement":[]}', durationSeconds: 900 } });
    expect(t.calls[1]!.params).toEqual({ name: 'bob', policy: '{"Version":"2012-10-17","Statement":[]}', durationSeconds: 900 });
  });

  it('a role: its resolved credentials; SessionDuration allowed only when assumed with long-term keys', async () => {
    const t = setup([user({ mfaSerial: MFA }), role('viaSession', 'u1'), role('direct', 'u1', { durationSeconds: 7200 }), user({ id: 'u2', accessKeyId: 'AKIABOBBOBBOBBOBBOB1' }), role('plain', 'u2'), role('chained', 'plain')]);
    expect((await t.resolver.resolveForConsole('viaSession', { mfaCode: '123456' })).sessionDurationAllowed).toBe(false);
    expect((await t.resolver.resolveForConsole('direct', { mfaCode: '654321' })).sessionDurationAllowed).toBe(true);
    const plain = await t.resolver.resolveForConsole('plain');
    expect(plain).toMatchObject({ credentialKind: 'role', sessionDurationAllowed: true, notices: [] });
    expect((await t.resolver.resolveForConsole('chained')).sessionDurationAllowed).toBe(false);
  });
});

describe('console credentials: never less than 15 minutes left', () => {
  const MIN = 60_000;

  it('a cached role with 10 minutes left is fine for the CLI but is fetched again for the console', async () => {
    const t = setup([user(), role('a', 'u1')]);
    const first = await t.resolver.resolve('a');
    t.advance(50 * MIN); // 10 min left
    expect((await t.resolver.resolve('a')).fromCache).toBe(true); // ≥ 5 min: still served to the CLI
    t.calls.length = 0;
    const r = await t.resolver.resolveForConsole('a');
    expect(r.fromCache).toBe(false);
    expect(r.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
    expect(r.expiresAt - (T0 + 50 * MIN)).toBe(3600_000);
    expect(t.calls.map((c) => [c.op, c.temp])).toEqual([['AssumeRole', false]]);
    expect(r.notices).toEqual([]);
    // the fresh credentials replaced the cached ones
    expect(JSON.parse(t.cache.map.get('a')!).credentials.accessKeyId).toBe(r.credentials.accessKeyId);
  });

  it('a cached role with 15 minutes or more left is used as it is', async () => {
    const t = setup([user(), role('a', 'u1')]);
    await t.resolver.resolve('a');
    t.advance(45 * MIN); // exactly 15 min left
    t.calls.length = 0;
    expect(await t.resolver.resolveForConsole('a')).toMatchObject({ fromCache: true, notices: [] });
    expect(t.calls).toEqual([]);
  });

  it('judged by the server clock: 20 minutes left locally but 10 by STS\'s clock is fetched again', async () => {
    const t = setup([user(), role('a', 'u1')]);
    await t.resolver.resolve('a');
    t.advance(40 * MIN); // 20 min left by the local clock
    t.sts.clockOffsetMs = 10 * MIN; // STS is 10 minutes ahead
    expect((await t.resolver.resolveForConsole('a')).fromCache).toBe(false);
  });

  it('a cached source hop still serves: MFA user → session (cached) → role with 10 minutes left needs no new code', async () => {
    const t = setup([user({ mfaSerial: MFA }), role('a', 'u1', { mfaSerial: MFA })]);
    await t.resolver.resolve('a', { mfaCode: '123456' });
    const sessionKey = JSON.parse(t.cache.map.get('u1')!).credentials.accessKeyId as string;
    t.advance(50 * MIN);
    t.calls.length = 0;
    // no mfaCode and no requestMfa: a walk that needed a code would fail with MFA_REQUIRED
    const r = await t.resolver.resolveForConsole('a');
    expect(r).toMatchObject({ fromCache: false, mfa: true });
    expect(t.calls).toEqual([expect.objectContaining({ op: 'AssumeRole', key: sessionKey, temp: true })]);
    expect(t.calls[0]!.params).not.toHaveProperty('tokenCode');
  });

  it('a cached source with under 5 minutes left is not used as a source either', async () => {
    const t = setup([user(), role('a', 'u1'), role('b', 'a')]);
    await t.resolver.resolve('b');
    t.advance(56 * MIN); // both hops: 4 min left
    t.calls.length = 0;
    await t.resolver.resolveForConsole('b');
    expect(t.calls.map((c) => [c.op, c.temp])).toEqual([['AssumeRole', false], ['AssumeRole', true]]);
  });

  it('a role whose fresh credentials last under 15 minutes (900 s) opens anyway, with a notice, and is fetched each time', async () => {
    const t = setup([user(), role('short', 'u1', { durationSeconds: 900, label: 'Short role' })]);
    const tick = () => t.advance(1000); // the call takes a second
    const assumeRole = t.sts.assumeRole;
    t.sts.assumeRole = async (...a) => {
      const r = await assumeRole(...a);
      tick();
      return r;
    };
    const r = await t.resolver.resolveForConsole('short');
    expect(r.fromCache).toBe(false);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatch(/"Short role" that last only 14 minutes: the console may sign you out/);
    const again = await t.resolver.resolveForConsole('short');
    expect(again.fromCache).toBe(false);
    expect(t.calls).toHaveLength(2);
    // the CLI path keeps its 5-minute rule: the cached 900 s credentials serve it
    expect((await t.resolver.resolve('short')).fromCache).toBe(true);
  });

  it('an IAM user\'s GetFederationToken session shorter than 15 minutes carries the same notice', async () => {
    const t = setup([user()]);
    const getFederationToken = t.sts.getFederationToken;
    t.sts.getFederationToken = async (...a) => {
      const r = await getFederationToken(...a);
      t.advance(500);
      return r;
    };
    const r = await t.resolver.resolveForConsole('u1', { federation: { durationSeconds: 900 } });
    expect(r.notices.join(' ')).toMatch(/last only 14 minutes/);
    expect((await t.resolver.resolveForConsole('u1')).notices).toEqual([]);
  });
});

describe('sanitizeSessionName', () => {
  it.each([
    ['alice', 64, 'alice'],
    ['Jane Doe (prod)', 64, 'Jane-Doe-prod'],
    ['Müller', 64, 'Muller'],
    ['a', 64, 'sigvault-a'],
    ['日本', 64, 'sigvault'],
    ['x'.repeat(80), 64, 'x'.repeat(64)],
    ['a-very-long-federated-user-name-that-overflows', 32, 'a-very-long-federated-user-name'],
    ['me@example.com', 64, 'me@example.com'],
  ])('%s → %s', (input, max, out) => {
    const s = sanitizeSessionName(input, max);
    expect(s).toBe(out);
    expect(s).toMatch(new RegExp(`^[\\w+=,.@-]{2,${max}}$`));
  });
});

describe('federated roots (Identity Center, SAML, web identity)', () => {
  const sso = (over: Partial<SsoRole> = {}): SsoRole => ({ kind: 'sso', id: 'f1', label: 'Prod / Admin', sourceId: 'src1', accountId: '222222222222', roleName: 'Admin', createdAt: 0, updatedAt: 0, ...over });
  function withProvider(identities: StoredIdentity[], provide?: FederatedProvider) {
    let clock = T0;
    const now = () => clock;
    const { sts, calls } = fakeSts(now);
    const cache = memoryCache();
    const byId = new Map(identities.map((i) => [i.id, i]));
    const asked: { id: string; region: string }[] = [];
    let n = 0;
    const federated: FederatedProvider = provide ?? (async (f, region) => {
      asked.push({ id: f.id, region });
      n++;
      return { credentials: { accessKeyId: `ASIAFED${n}`, secretAccessKey: 's', sessionToken: 't', expiration: clock + 8 * 3600_000 }, arn: `arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_1/jane` };
    });
    const resolver = createResolver({ sts, cache, now, getIdentity: async (id) => byId.get(id), federated });
    return { resolver, calls, asked, cache, advance: (ms: number) => (clock += ms) };
  }

  it('a federated identity resolves through its provider, is cached, and is fetched again near expiry', async () => {
    const t = withProvider([sso()]);
    const r = await t.resolver.resolve('f1');
    expect(r).toMatchObject({ identityId: 'f1', kind: 'role', mfa: false, fromCache: false, region: 'us-east-1', partition: 'aws', sessionDurationAllowed: false, arn: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_1/jane' });
    expect(t.asked).toEqual([{ id: 'f1', region: 'us-east-1' }]);
    expect(t.calls).toEqual([]);
    expect((await t.resolver.resolve('f1')).fromCache).toBe(true);
    t.advance(8 * 3600_000 - 4 * 60_000);
    expect((await t.resolver.resolve('f1')).fromCache).toBe(false);
    expect(t.asked).toHaveLength(2);
  });

  it('a role sourced from a federated identity is role chaining: assumed with its credentials, 1 h cap with a notice', async () => {
    const chained = role('Deploy', 'f1', { durationSeconds: 7200 });
    const t = withProvider([sso({ region: 'eu-west-1' }), chained]);
    const r = await t.resolver.resolve('Deploy');
    expect(t.calls).toEqual([{ op: 'AssumeRole', key: 'ASIAFED1', temp: true, region: 'eu-west-1', params: { roleArn: chained.roleArn, roleSessionName: 'Prod-Admin', durationSeconds: 3600 } }]);
    expect(r.clampedDurationNotice).toMatch(/1 hour/);
    // the federated hop is reused as the source of the next resolution
    await t.resolver.resolve('Deploy', { forceRefresh: false });
    expect(t.asked).toHaveLength(1);
  });

  it('a chained role in another partition than its federated source is refused before any call', async () => {
    const t = withProvider([sso({ partition: 'aws-us-gov' }), role('R', 'f1')]);
    const e = await rejection(t.resolver.resolve('R'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/aws partition but its source "Prod \/ Admin" is in aws-us-gov/);
    expect(t.asked).toEqual([]);
  });

  it("the provider's error (sign in again) reaches the caller; nothing is cached", async () => {
    const t = withProvider([sso()], async () => {
      throw new SigvaultError('SIGN_IN_REQUIRED', 'Sign in to Identity Center again.', { recordId: 'src1' });
    });
    const e = await rejection(t.resolver.resolve('f1'));
    expect(e.code).toBe('SIGN_IN_REQUIRED');
    expect(t.cache.map.size).toBe(0);
  });

  it('the console gets fresh credentials for a federated identity whose cached ones have under 15 minutes left', async () => {
    const t = withProvider([sso()]);
    await t.resolver.resolve('f1');
    t.advance(8 * 3600_000 - 10 * 60_000);
    const c = await t.resolver.resolveForConsole('f1');
    expect(c).toMatchObject({ credentialKind: 'role', fromCache: false, notices: [] });
    expect(t.asked).toHaveLength(2);
  });

  it('without a provider a federated identity is a clear error', async () => {
    const t = setup([sso()]);
    expect((await rejection(t.resolver.resolve('f1'))).message).toMatch(/federated identity, which this build cannot resolve/);
  });
});
