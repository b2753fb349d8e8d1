import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../test/support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../../../test/support/sso-standin.ts';
import { SigvaultError } from '../errors.ts';
import type { HttpFetch } from '../http/exchange.ts';
import { createStsClient } from '../sts/client.ts';
import { SsoError } from './errors.ts';
import { createOidcClient } from './oidc.ts';
import { createPortalClient, retryAfterMs, type PortalClientOptions } from './portal.ts';

const REGION = 'eu-west-1';
const realFetch: HttpFetch = (u, i) => fetch(u, i);
let sts: Standin;
let sso: SsoStandin;
let token: string;

async function signIn(): Promise<string> {
  const oidc = createOidcClient({ fetch: realFetch, endpoint: sso.oidcEndpoint, sleep: async () => undefined });
  const reg = await oidc.registerClient(REGION, { clientName: 'Sigvault' });
  const auth = await oidc.startDeviceAuthorization(REGION, reg, sso.startUrl);
  sso.approve(auth.userCode, 'jane.doe@example.com');
  return (await oidc.pollDeviceToken(REGION, reg, auth)).accessToken;
}

beforeAll(async () => {
  sts = await startStandin();
  sso = await startSsoStandin({ sts });
  token = await signIn();
});
afterAll(async () => {
  await sso.stop();
  await sts.stop();
});
beforeEach(() => {
  sso.throttleNext(0);
  sso.throttleRate(0);
  sso.setMaxPageSize(100);
  sso.resetLog();
});

function portal(extra: Partial<PortalClientOptions> = {}) {
  return createPortalClient({ fetch: realFetch, endpoint: sso.portalEndpoint, sleep: async () => undefined, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('portal client', () => {
  it('host portal.sso.<region>.amazonaws.com (China .com.cn), override path kept', () => {
    const p = createPortalClient({ fetch: realFetch });
    expect(p.endpointFor('us-east-1')).toBe('https://portal.sso.us-east-1.amazonaws.com/');
    expect(p.endpointFor('cn-northwest-1')).toBe('https://portal.sso.cn-northwest-1.amazonaws.com.cn/');
    expect(portal().endpointFor(REGION)).toBe(`${sso.portalEndpoint}/`);
  });

  it('sends the bearer token in x-amz-sso_bearer_token, GET with max_result=100', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const p = portal({ fetch: (u, i) => (seen.push({ url: u, headers: i.headers }), realFetch(u, i)) });
    sso.setAssignments(2, 1);
    await p.listAccounts(token, REGION);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${sso.portalEndpoint}/assignment/accounts?max_result=100`);
    expect(seen[0]!.headers['x-amz-sso_bearer_token']).toBe(token);
  });

  it('reads every page of ListAccounts (250 accounts, pages of 100 → 3 requests; pages of 40 → 7)', async () => {
    sso.setAssignments(250, 1);
    const all = await portal().listAccounts(token, REGION);
    expect(all).toHaveLength(250);
    expect(new Set(all.map((a) => a.accountId)).size).toBe(250);
    expect(all[0]).toEqual({ accountId: '100000000000', accountName: 'Account 0001', emailAddress: 'aws+1@example.com' });
    expect(sso.count('/portal/assignment/accounts')).toBe(3);
    sso.resetLog();
    sso.setMaxPageSize(40); // the server gives less than max_result asks
    expect(await portal().listAccounts(token, REGION)).toHaveLength(250);
    expect(sso.count('/portal/assignment/accounts')).toBe(7);
  });

  it('reads every page of ListAccountRoles', async () => {
    sso.setAccounts([{ accountId: '123456789012', accountName: 'Big', roles: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'] }]);
    sso.setMaxPageSize(3);
    expect(await portal().listAccountRoles(token, REGION, '123456789012')).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    expect(sso.count('/portal/assignment/roles')).toBe(3);
  });

  it('429 TooManyRequestsException is retried with full-jitter exponential backoff', async () => {
    sso.setAssignments(3, 1);
    sso.throttleNext(3);
    const waits: number[] = [];
    const p = portal({ random: () => 0.5, baseDelayMs: 200, sleep: async (ms) => void waits.push(ms) });
    expect(await p.listAccounts(token, REGION)).toHaveLength(3);
    expect(waits).toEqual([100, 200, 400]);
    expect(sso.count('/portal/assignment/accounts', 429)).toBe(3);
    expect(sso.count('/portal/assignment/accounts', 200)).toBe(1);
  });

  it('Retry-After is honoured', async () => {
    sso.setAssignments(1, 1);
    sso.throttleNext(1, 2);
    const waits: number[] = [];
    await portal({ sleep: async (ms) => void waits.push(ms) }).listAccounts(token, REGION);
    expect(waits).toEqual([2000]);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 30))).toBe(30_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });

  it('retries are bounded: after maxRetries the throttling error surfaces', async () => {
    sso.throttleNext(10);
    const e = (await rejection(portal({ maxRetries: 2 }).listAccounts(token, REGION))) as SsoError;
    expect(e.category).toBe('throttled');
    expect(e.awsCode).toBe('TooManyRequestsException');
    expect(e.httpStatus).toBe(429);
    expect(sso.count('/portal/assignment/accounts')).toBe(3);
  });

  it('a retry pause is cut short by the signal', async () => {
    sso.throttleNext(1);
    const ac = new AbortController();
    const p = portal({ signal: ac.signal, sleep: () => new Promise(() => undefined) }).listAccounts(token, REGION);
    setTimeout(() => ac.abort(new SigvaultError('LOCKED', 'locked')), 50);
    expect((await rejection(p)).code).toBe('LOCKED');
  });

  it('GetRoleCredentials: epoch-ms expiration; the credentials work at the STS stand-in (session = the user email)', async () => {
    sso.setAccounts([{ accountId: '111122223333', accountName: 'Production', roles: ['ReadOnly'] }]);
    const creds = await portal().getRoleCredentials(token, REGION, '111122223333', 'ReadOnly');
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration).toBeGreaterThan(sts.now() + 3500_000);
    expect(creds.expiration).toBeLessThanOrEqual(sts.now() + 3600_000);
    const me = await createStsClient({ fetch: realFetch, endpoints: { aws: { url: sts.url } } }).getCallerIdentity(creds, REGION);
    expect(me.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/jane\.doe@example\.com$/);
    const e = (await rejection(portal().getRoleCredentials(token, REGION, '111122223333', 'Admin'))) as SsoError;
    expect(e.category).toBe('not-found');
    expect(e.httpStatus).toBe(404);
  });

  it('GetRoleCredentials given seconds (a non-AWS server) reads them as seconds; a missing field is refused', async () => {
    const fake = (body: unknown): HttpFetch => async () => new Response(JSON.stringify(body), { status: 200 });
    const rc = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN' };
    expect((await createPortalClient({ fetch: fake({ roleCredentials: { ...rc, expiration: 1665736069000 } }) }).getRoleCredentials(token, REGION, '111122223333', 'R')).expiration).toBe(1665736069000);
    expect((await createPortalClient({ fetch: fake({ roleCredentials: { ...rc, expiration: 1665736069 } }) }).getRoleCredentials(token, REGION, '111122223333', 'R')).expiration).toBe(1665736069000);
    const e = (await rejection(createPortalClient({ fetch: fake({ roleCredentials: { ...rc, sessionToken: undefined, expiration: 1 } }) }).getRoleCredentials(token, REGION, '111122223333', 'R'))) as SsoError;
    expect(e.awsCode).toBe('InvalidResponse');
    expect(e.message).not.toContain(rc.secretAccessKey);
  });

  it('an expired access token → 401 UnauthorizedException → category sign-in-again; the token is not in the error', async () => {
    const fresh = await signIn();
    sso.expireAccessTokens();
    const e = (await rejection(portal().listAccounts(fresh, REGION))) as SsoError;
    expect(e.code).toBe('SSO_ERROR');
    expect(e.category).toBe('sign-in-again');
    expect(e.awsCode).toBe('UnauthorizedException');
    expect(e.awsMessage).toBe('Session token not found or invalid');
    expect(e.hint).toMatch(/sign in again/);
    expect(e.message + JSON.stringify(e.toJSON())).not.toContain(fresh);
    token = await signIn();
  });

  it('Logout ends the token', async () => {
    const t = await signIn();
    await portal().logout(t, REGION);
    expect(((await rejection(portal().listAccounts(t, REGION))) as SsoError).category).toBe('sign-in-again');
  });

  it('malformed JSON, a looping nextToken, an oversized or hung answer → clear errors', async () => {
    const fake = (status: number, body: string): HttpFetch => async () => new Response(body, { status });
    expect(((await rejection(createPortalClient({ fetch: fake(200, '{"accountList":[') }).listAccounts(token, REGION))) as SsoError).category).toBe('bad-response');
    expect(((await rejection(createPortalClient({ fetch: fake(200, '{"accountList":[],"nextToken":"same"}') }).listAccounts(token, REGION))) as SsoError).awsMessage).toMatch(/never end/);
    expect(((await rejection(createPortalClient({ fetch: fake(200, '{"accountList":[{"accountId":"12"}]}') }).listAccounts(token, REGION))) as SsoError).awsMessage).toMatch(/12-digit/);
    const big = JSON.stringify({ accountList: Array.from({ length: 20000 }, (_, i) => ({ accountId: String(100000000000 + i), accountName: 'x'.repeat(40) })) });
    expect((await rejection(createPortalClient({ fetch: fake(200, big) }).listAccounts(token, REGION))).code).toBe('NETWORK');
    const hung: HttpFetch = (_u, i) => new Promise((_, reject) => i.signal.addEventListener('abort', () => reject(i.signal.reason)));
    expect((await rejection(createPortalClient({ fetch: hung, timeoutMs: 50 }).listAccounts(token, REGION))).code).toBe('NETWORK');
  });

  it('refuses bad input before sending', async () => {
    const p = portal();
    expect((await rejection(p.listAccountRoles(token, REGION, '1234'))).details.field).toBe('accountId');
    expect((await rejection(p.getRoleCredentials(token, REGION, '123456789012', 'bad role'))).details.field).toBe('roleName');
    expect((await rejection(p.listAccounts('tok en', REGION))).details.field).toBe('accessToken');
    expect((await rejection(p.listAccounts(token, 'moon-1'))).code).toBe('INVALID_INPUT');
    expect((await rejection(p.listAssignments(token, REGION, { concurrency: 0 }))).details.field).toBe('concurrency');
    expect(sso.count()).toBe(0);
  });
});

describe('listAssignments', () => {
  it('1,000 accounts × 3 roles with 5% injected 429s: complete, and requests == pages + retries exactly', async () => {
    sso.setAssignments(1000, 3);
    sso.throttleRate(0.05);
    const progress: Array<{ done: number; total: number }> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: HttpFetch = async (u, i) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await realFetch(u, i);
      } finally {
        inFlight--;
      }
    };
    const list = await portal({ fetch: counting }).listAssignments(token, REGION, { concurrency: 8, onProgress: (p) => progress.push(p) });
    expect(list).toHaveLength(1000);
    expect(list.every((a) => a.roles.length === 3)).toBe(true);
    expect(list[999]).toMatchObject({ accountId: '100000000999', accountName: 'Account 1000', roles: ['AdministratorAccess', 'ReadOnly', 'PowerUserAccess'] });
    const throttled = sso.count(undefined, 429);
    expect(throttled).toBeGreaterThan(10); // the injection really happened
    expect(sso.count('/portal/assignment/accounts', 200)).toBe(10);
    expect(sso.count('/portal/assignment/roles', 200)).toBe(1000);
    expect(sso.count()).toBe(1010 + throttled);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(progress[0]).toEqual({ done: 0, total: 1000 });
    expect(progress).toHaveLength(1001);
    expect(progress.at(-1)).toEqual({ done: 1000, total: 1000 });
  });

  it('concurrency 1 lists one account at a time; an error stops the listing and surfaces', async () => {
    sso.setAssignments(5, 2);
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: HttpFetch = async (u, i) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await realFetch(u, i);
      } finally {
        inFlight--;
      }
    };
    expect(await portal({ fetch: counting }).listAssignments(token, REGION, { concurrency: 1 })).toHaveLength(5);
    expect(maxInFlight).toBe(1);
    sso.throttleNext(100);
    const e = (await rejection(portal({ maxRetries: 1 }).listAssignments(token, REGION))) as SsoError;
    expect(e.category).toBe('throttled');
  });
});
