import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../test/support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../../../test/support/sso-standin.ts';
import { SigvaultError } from '../errors.ts';
import type { HttpFetch } from '../http/exchange.ts';
import { SsoError } from './errors.ts';
import { createOidcClient, lifetimeMs, type ClientRegistration, type OidcClientOptions } from './oidc.ts';

const REGION = 'eu-west-1';
const realFetch: HttpFetch = (u, i) => fetch(u, i);
let sts: Standin;
let sso: SsoStandin;

beforeAll(async () => {
  sts = await startStandin();
  sso = await startSsoStandin({ sts });
});
afterAll(async () => {
  await sso.stop();
  await sts.stop();
});
beforeEach(() => {
  sso.slowDownNext(0);
  sso.resetLog();
});

function client(extra: Partial<OidcClientOptions> = {}) {
  return createOidcClient({ fetch: realFetch, endpoint: sso.oidcEndpoint, sleep: async () => undefined, ...extra });
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

async function deviceStart(o = client()) {
  const reg = await o.registerClient(REGION, { clientName: 'Sigvault' });
  const auth = await o.startDeviceAuthorization(REGION, reg, sso.startUrl);
  return { reg, auth };
}

describe('endpoints and input checks', () => {
  it('uses oidc.<region>.amazonaws.com, .com.cn in China, and keeps an override path prefix', () => {
    const o = createOidcClient({ fetch: realFetch });
    expect(o.endpointFor('eu-west-1')).toBe('https://oidc.eu-west-1.amazonaws.com/');
    expect(o.endpointFor('cn-north-1')).toBe('https://oidc.cn-north-1.amazonaws.com.cn/');
    expect(o.endpointFor('us-gov-west-1')).toBe('https://oidc.us-gov-west-1.amazonaws.com/');
    expect(createOidcClient({ fetch: realFetch, endpoint: 'http://127.0.0.1:9/base' }).endpointFor('eu-west-1')).toBe('http://127.0.0.1:9/base/');
    expect(() => createOidcClient({ fetch: realFetch, endpoint: 'http://u:p@127.0.0.1/' })).toThrow(/oidcEndpoint/);
  });

  it('refuses a bad region, client name, start URL (saying what an Identity Center URL is) before sending anything', async () => {
    const o = client();
    expect((await rejection(o.registerClient('xx-nowhere-1', { clientName: 'Sigvault' }))).code).toBe('INVALID_INPUT');
    expect((await rejection(o.registerClient(REGION, { clientName: 'bad\u202ename' }))).details.field).toBe('clientName');
    const reg = { clientId: 'id', clientSecret: 'secret' };
    const e = await rejection(o.startDeviceAuthorization(REGION, reg, 'https://login.microsoftonline.com/tenant/saml2'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/is not an IAM Identity Center start URL/);
    expect((await rejection(o.startDeviceAuthorization(REGION, reg, 'http://my-org.awsapps.com/start'))).message).toMatch(/https/);
    expect((await rejection(o.startDeviceAuthorization(REGION, reg, 'https://my-org.awsapps.com/portal'))).message).toMatch(/path is \/start/);
    expect(sso.count()).toBe(0);
  });
});

describe('RegisterClient', () => {
  it('device form: clientName, clientType public, scopes sso:account:access; seconds become ms', async () => {
    const before = Date.now();
    const reg = await client().registerClient(REGION, { clientName: 'Sigvault' });
    const c = sso.clients().find((x) => x.clientId === reg.clientId)!;
    expect(c).toMatchObject({ clientName: 'Sigvault', scopes: ['sso:account:access'], grantTypes: [], redirectUris: [] });
    expect(reg.clientSecretExpiresAt).toBeGreaterThan(before + 89 * 86400_000);
    expect(reg.clientSecretExpiresAt).toBeLessThan(before + 91 * 86400_000);
    expect(reg.clientSecretExpiresAt % 1000).toBe(0);
  });

  it('PKCE form: grant types, loopback redirect URI, issuerUrl = the start URL', async () => {
    await client().registerClient(REGION, { clientName: 'Sigvault', flow: 'pkce', redirectUri: 'http://127.0.0.1:4321/oauth/callback', issuerUrl: sso.startUrl });
    expect(sso.clients().at(-1)).toMatchObject({ grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1:4321/oauth/callback'] });
    const e = await rejection(client().registerClient(REGION, { clientName: 'Sigvault', flow: 'pkce', redirectUri: 'https://evil.example/cb', issuerUrl: sso.startUrl }));
    expect(e.details.field).toBe('redirectUri');
  });
});

describe('request shapes (api-syntax.md)', () => {
  it('unsigned JSON POSTs with camelCase bodies; the device grant is device_code with an underscore', async () => {
    const sent: Array<{ url: string; headers: Record<string, string>; body: Record<string, unknown> }> = [];
    const recording: HttpFetch = (u, i) => {
      sent.push({ url: u, headers: i.headers, body: JSON.parse(typeof i.body === 'string' ? i.body : '{}') as Record<string, unknown> });
      return realFetch(u, i);
    };
    const o = client({ fetch: recording, sleep: async () => sso.approve(sso.userCodes().at(-1)!) });
    const reg = await o.registerClient(REGION, { clientName: 'Sigvault' });
    const auth = await o.startDeviceAuthorization(REGION, reg, 'https://d-1234567890.awsapps.com/start/#/');
    await o.pollDeviceToken(REGION, reg, auth);
    expect(sent.map((s) => s.url)).toEqual([`${sso.oidcEndpoint}/client/register`, `${sso.oidcEndpoint}/device_authorization`, `${sso.oidcEndpoint}/token`]);
    for (const s of sent) {
      expect(s.headers).toEqual({ 'Content-Type': 'application/json' });
    }
    expect(sent[0]!.body).toEqual({ clientName: 'Sigvault', clientType: 'public', scopes: ['sso:account:access'] });
    expect(sent[1]!.body).toEqual({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: 'https://d-1234567890.awsapps.com/start' });
    expect(sent[2]!.body).toEqual({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode });
  });
});

describe('device authorization', () => {
  it('happy path: pending, then approved; the poll waits the interval; refresh token issued', async () => {
    const o0 = client();
    const { reg, auth } = await deviceStart(o0);
    expect(auth.userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(auth.verificationUriComplete).toBe(`${sso.url}/oidc/device?user_code=${auth.userCode}`);
    expect(auth.interval).toBe(1);
    const waits: number[] = [];
    const o = client({
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) sso.approve(auth.userCode);
      },
    });
    const before = Date.now();
    const token = await o.pollDeviceToken(REGION, reg, auth);
    expect(waits).toEqual([1000, 1000]);
    expect(sso.count('/oidc/token')).toBe(2);
    expect(sso.count('/oidc/token', 400)).toBe(1);
    expect(token.accessToken).toMatch(/^aoa/);
    expect(token.refreshToken).toMatch(/^aor/);
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(token.expiresAt).toBeLessThan(Date.now() + 3600_000 + 1);
  });

  it('authorization_pending → slow_down → success: the interval grows by 5 s', async () => {
    const { reg, auth } = await deviceStart();
    sso.resetLog();
    sso.slowDownNext(1);
    const waits: number[] = [];
    const seen: number[] = [];
    const o = client({
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 3) sso.approve(auth.userCode);
      },
    });
    const token = await o.pollDeviceToken(REGION, reg, auth, { onWait: (s) => seen.push(s) });
    expect(waits).toEqual([1000, 6000, 6000]);
    expect(seen).toEqual([1, 6, 6]);
    expect(sso.count('/oidc/token')).toBe(3);
    expect(token.accessToken).toMatch(/^aoa/);
  });

  it('denied in the browser → a clear error (category denied), no secret in it', async () => {
    const { reg, auth } = await deviceStart();
    sso.deny(auth.userCode);
    const e = (await rejection(client().pollDeviceToken(REGION, reg, auth))) as SsoError;
    expect(e).toBeInstanceOf(SsoError);
    expect(e.code).toBe('SSO_ERROR');
    expect(e.category).toBe('denied');
    expect(e.awsCode).toBe('AccessDeniedException');
    expect(e.message).toMatch(/the sign-in was denied in the browser/);
    for (const s of [reg.clientSecret, auth.deviceCode]) expect(JSON.stringify(e.toJSON()) + e.message).not.toContain(s);
  });

  it('expired device code (server expired_token) → "the sign-in code expired"', async () => {
    const { reg, auth } = await deviceStart();
    sso.expireDeviceCodes();
    const e = (await rejection(client().pollDeviceToken(REGION, reg, auth))) as SsoError;
    expect(e.category).toBe('code-expired');
    expect(e.message).toMatch(/the sign-in code expired/);
    expect(sso.count('/oidc/token')).toBe(1);
  });

  it('stops at the code expiry on its own clock, without another request', async () => {
    const { reg, auth } = await deviceStart();
    sso.resetLog();
    let t = Date.now();
    const o = client({ now: () => t, sleep: async (ms) => void (t += ms) });
    const e = (await rejection(o.pollDeviceToken(REGION, reg, { ...auth, expiresAt: t + 2500 }))) as SsoError;
    expect(e.category).toBe('code-expired');
    expect(sso.count('/oidc/token')).toBe(2); // at +1 s and +2 s; +3 s is past the expiry
  });

  it('a signal aborts the wait at once (its SigvaultError reason)', async () => {
    const { reg, auth } = await deviceStart();
    const ac = new AbortController();
    const o = client({ signal: ac.signal, sleep: () => new Promise(() => undefined) });
    const p = o.pollDeviceToken(REGION, reg, auth);
    ac.abort(new SigvaultError('LOCKED', 'The vault locked.'));
    expect((await rejection(p)).code).toBe('LOCKED');
  });

  it('a start URL Identity Center does not know → InvalidRequestException, category start-url', async () => {
    const reg = await client().registerClient(REGION, { clientName: 'Sigvault' });
    const e = (await rejection(client().startDeviceAuthorization(REGION, reg, 'https://other-org.awsapps.com/start'))) as SsoError;
    expect(e.awsCode).toBe('InvalidRequestException');
    expect(e.oauthError).toBe('invalid_request');
    expect(e.category).toBe('start-url');
    expect(e.hint).toMatch(/start URL/);
  });
});

describe('refresh', () => {
  async function signedIn() {
    const { reg, auth } = await deviceStart();
    sso.approve(auth.userCode);
    return { reg, token: await client().pollDeviceToken(REGION, reg, auth) };
  }

  it('refresh_token grant gives a new access token (and a rotated refresh token)', async () => {
    const { reg, token } = await signedIn();
    const r = await client().createToken(REGION, { grantType: 'refresh_token', clientId: reg.clientId, clientSecret: reg.clientSecret, refreshToken: token.refreshToken! });
    expect(r.accessToken).not.toBe(token.accessToken);
    expect(r.refreshToken).toBeDefined();
    expect(r.refreshToken).not.toBe(token.refreshToken);
  });

  it('an expired/invalid refresh token → category sign-in-again (InvalidGrantException / invalid_grant), secrets redacted', async () => {
    const { reg, token } = await signedIn();
    sso.expireRefreshTokens();
    const e = (await rejection(client().createToken(REGION, { grantType: 'refresh_token', clientId: reg.clientId, clientSecret: reg.clientSecret, refreshToken: token.refreshToken! }))) as SsoError;
    expect(e.category).toBe('sign-in-again');
    expect(e.awsCode).toBe('InvalidGrantException');
    expect(e.oauthError).toBe('invalid_grant');
    expect(e.awsMessage).toBe('Invalid refresh token provided');
    const all = e.message + JSON.stringify(e.toJSON());
    for (const s of [token.refreshToken!, reg.clientSecret, token.accessToken]) expect(all).not.toContain(s);
  });

  it('a wrong client secret → invalid_client (401), category register-again', async () => {
    const { reg, token } = await signedIn();
    const e = (await rejection(client().createToken(REGION, { grantType: 'refresh_token', clientId: reg.clientId, clientSecret: 'not-the-secret', refreshToken: token.refreshToken! }))) as SsoError;
    expect(e.httpStatus).toBe(401);
    expect(e.category).toBe('register-again');
  });
});

describe('answers that are not Identity Center answers', () => {
  const reg: ClientRegistration = { clientId: 'cid', clientSecret: 'SECRET-must-not-leak-123456', clientSecretExpiresAt: 0 };
  const fake = (status: number, body: string, headers: Record<string, string> = {}): HttpFetch => async () => new Response(body, { status, headers });

  it('malformed JSON on 200 → InvalidResponse (bad-response)', async () => {
    const o = createOidcClient({ fetch: fake(200, '{"accessToken": "x"') });
    const e = (await rejection(o.createToken(REGION, { grantType: 'refresh_token', ...reg, refreshToken: 'r'.repeat(20) }))) as SsoError;
    expect(e.awsCode).toBe('InvalidResponse');
    expect(e.category).toBe('bad-response');
  });

  it('a 200 without accessToken or with a non-number expiresIn is refused', async () => {
    expect(((await rejection(createOidcClient({ fetch: fake(200, '{"expiresIn":3600}') }).createToken(REGION, { grantType: 'refresh_token', ...reg, refreshToken: 'rrrrrrrr' }))) as SsoError).awsMessage).toMatch(/accessToken/);
    expect(((await rejection(createOidcClient({ fetch: fake(200, '{"accessToken":"a","expiresIn":"3600"}') }).createToken(REGION, { grantType: 'refresh_token', ...reg, refreshToken: 'rrrrrrrr' }))) as SsoError).awsMessage).toMatch(/expiresIn/);
  });

  it('an error body without error fields, an HTML 502 → clear errors', async () => {
    const e = (await rejection(createOidcClient({ fetch: fake(502, '<html>bad gateway</html>') }).registerClient(REGION, { clientName: 'Sigvault' }))) as SsoError;
    expect(e.category).toBe('server');
    const e2 = (await rejection(createOidcClient({ fetch: fake(400, 'nope') }).registerClient(REGION, { clientName: 'Sigvault' }))) as SsoError;
    expect(e2.category).toBe('bad-response');
  });

  it('the x-amzn-ErrorType header names the exception even when the body is odd', async () => {
    const o = createOidcClient({ fetch: fake(400, '{}', { 'x-amzn-ErrorType': 'SlowDownException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/' }) });
    const e = (await rejection(o.createToken(REGION, { grantType: 'device_code', ...reg, deviceCode: 'dddddddd' }))) as SsoError;
    expect(e.awsCode).toBe('SlowDownException');
    expect(e.category).toBe('slow-down');
  });

  it('an error description echoing the secrets is redacted', async () => {
    const o = createOidcClient({ fetch: fake(400, JSON.stringify({ error: 'invalid_grant', error_description: `bad ${reg.clientSecret} and refresh-token-XYZ-0001` })) });
    const e = (await rejection(o.createToken(REGION, { grantType: 'refresh_token', ...reg, refreshToken: 'refresh-token-XYZ-0001' }))) as SsoError;
    expect(e.message).not.toContain(reg.clientSecret);
    expect(e.message).not.toContain('refresh-token-XYZ-0001');
    expect(e.message).toContain('[redacted]');
  });

  it('an oversized answer and a hung endpoint → NETWORK', async () => {
    const big = createOidcClient({ fetch: fake(200, JSON.stringify({ accessToken: 'a'.repeat(100_000), expiresIn: 3600 })) });
    expect((await rejection(big.createToken(REGION, { grantType: 'refresh_token', ...reg, refreshToken: 'rrrrrrrr' }))).code).toBe('NETWORK');
    const hung = createOidcClient({ fetch: (_u, i) => new Promise((_, reject) => i.signal.addEventListener('abort', () => reject(i.signal.reason))), timeoutMs: 50 });
    const e = await rejection(hung.registerClient(REGION, { clientName: 'Sigvault' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer/);
  });
});

describe('lifetimeMs (expiresIn quirk)', () => {
  const now = Date.UTC(2026, 0, 1);
  it('relative seconds as documented', () => expect(lifetimeMs(3600, now, 1)).toBe(3600_000));
  it("AWS's example epoch 1579729529 (in the past) → the fallback, not 50 years", () => expect(lifetimeMs(1579729529, now, 3600_000)).toBe(3600_000));
  it('an epoch-seconds moment in the next hours → that moment', () => expect(lifetimeMs(now / 1000 + 7200, now, 1)).toBe(7200_000));
  it('absurd → fallback; not a number → undefined', () => {
    expect(lifetimeMs(1e15, now, 42)).toBe(42);
    expect(lifetimeMs('3600', now, 42)).toBeUndefined();
  });
});
