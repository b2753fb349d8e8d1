import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSsoStandin, type SsoStandin } from './sso-standin.ts';
import { startStandin, type Standin } from './sts-standin.ts';

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
  sso.throttleNext(0);
  sso.throttleRate(0);
  sso.setMaxPageSize(100);
  sso.resetLog();
});

const post = (path: string, body: unknown) => fetch(`${sso.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function register() {
  const r = await post('/oidc/client/register', { clientName: 'test', clientType: 'public', scopes: ['sso:account:access'] });
  expect(r.status).toBe(200);
  return (await r.json()) as { clientId: string; clientSecret: string; clientIdIssuedAt: number; clientSecretExpiresAt: number };
}

async function signedIn(): Promise<string> {
  const c = await register();
  const d = (await (await post('/oidc/device_authorization', { clientId: c.clientId, clientSecret: c.clientSecret, startUrl: sso.startUrl })).json()) as { deviceCode: string; userCode: string };
  sso.approve(d.userCode);
  const t = (await (await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: d.deviceCode })).json()) as { accessToken: string };
  return t.accessToken;
}

describe('OIDC as the API reference documents it', () => {
  it('RegisterClient: epoch-second times ~90 days apart', async () => {
    const c = await register();
    expect(c.clientSecretExpiresAt - c.clientIdIssuedAt).toBe(90 * 86400);
    expect(Math.abs(c.clientIdIssuedAt - Date.now() / 1000)).toBeLessThan(5);
  });

  it('errors: RFC 6749 body, status from the model, x-amzn-ErrorType with the coral namespace', async () => {
    const c = await register();
    const d = (await (await post('/oidc/device_authorization', { clientId: c.clientId, clientSecret: c.clientSecret, startUrl: sso.startUrl })).json()) as { deviceCode: string; userCode: string; expiresIn: number; interval: number };
    expect(d.expiresIn).toBe(600);
    const r = await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: d.deviceCode });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-errortype')).toBe('AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/');
    const text = await r.text();
    expect(text).toBe('{"error":"authorization_pending","error_description":"Authorization is still pending"}');
    expect(Buffer.byteLength(text)).toBe(86); // the observed Content-Length
    // The SDK example's hyphenated grant type is not the documented one.
    const h = await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device-code', deviceCode: d.deviceCode });
    expect(await h.json()).toEqual({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    const bad = await post('/oidc/token', { clientId: c.clientId, clientSecret: 'wrong', grantType: 'refresh_token', refreshToken: 'x' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-amzn-errortype')).toMatch(/^InvalidClientException:/);
  });

  it('an unregistered start URL → 400 InvalidRequestException / invalid_request', async () => {
    const c = await register();
    const r = await post('/oidc/device_authorization', { clientId: c.clientId, clientSecret: c.clientSecret, startUrl: 'https://nobody.awsapps.com/start' });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-errortype')).toMatch(/^InvalidRequestException:/);
    expect(((await r.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('the verification page shows the code with Allow and Deny; Allow approves the device code', async () => {
    const c = await register();
    const d = (await (await post('/oidc/device_authorization', { clientId: c.clientId, clientSecret: c.clientSecret, startUrl: sso.startUrl })).json()) as { deviceCode: string; userCode: string; verificationUriComplete: string };
    const page = await fetch(d.verificationUriComplete);
    const html = await page.text();
    expect(html).toContain(`<strong id="user-code">${d.userCode}</strong>`);
    expect(html).toMatch(/<button id="allow"[^>]*value="allow"/);
    expect(html).toMatch(/<button id="deny"[^>]*value="deny"/);
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const allow = await fetch(`${sso.url}/oidc/device`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `user_code=${d.userCode}&action=allow` });
    expect(await allow.text()).toContain('Request approved');
    const t = await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: d.deviceCode });
    expect(t.status).toBe(200);
    expect(await t.json()).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer' });
    // Used: a second exchange of the same device code fails.
    expect((await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: d.deviceCode })).status).toBe(400);
  });

  it('Deny on the page → access_denied', async () => {
    const c = await register();
    const d = (await (await post('/oidc/device_authorization', { clientId: c.clientId, clientSecret: c.clientSecret, startUrl: sso.startUrl })).json()) as { deviceCode: string; userCode: string };
    await fetch(`${sso.url}/oidc/device`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `user_code=${d.userCode}&action=deny` });
    const t = await post('/oidc/token', { clientId: c.clientId, clientSecret: c.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: d.deviceCode });
    expect(await t.json()).toMatchObject({ error: 'access_denied' });
  });
});

describe('portal as the API reference documents it', () => {
  it('pages with next_token / max_result; nextToken absent/null at the end', async () => {
    const token = await signedIn();
    sso.setAssignments(5, 2);
    const h = { 'x-amz-sso_bearer_token': token };
    const p1 = (await (await fetch(`${sso.portalEndpoint}/assignment/accounts?max_result=2`, { headers: h })).json()) as { accountList: unknown[]; nextToken: string };
    expect(p1.accountList).toHaveLength(2);
    const p2 = (await (await fetch(`${sso.portalEndpoint}/assignment/accounts?max_result=2&next_token=${p1.nextToken}`, { headers: h })).json()) as { accountList: Array<{ accountId: string }>; nextToken: string };
    expect(p2.accountList[0]!.accountId).toBe('100000000002');
    const p3 = (await (await fetch(`${sso.portalEndpoint}/assignment/accounts?max_result=2&next_token=${p2.nextToken}`, { headers: h })).json()) as { accountList: unknown[]; nextToken: unknown };
    expect(p3.accountList).toHaveLength(1);
    expect(p3.nextToken).toBeNull();
    expect((await fetch(`${sso.portalEndpoint}/assignment/accounts?max_result=101`, { headers: h })).status).toBe(400);
    const roles = (await (await fetch(`${sso.portalEndpoint}/assignment/roles?account_id=100000000000`, { headers: h })).json()) as { roleList: unknown[] };
    expect(roles.roleList).toEqual([
      { accountId: '100000000000', roleName: 'AdministratorAccess' },
      { accountId: '100000000000', roleName: 'ReadOnly' },
    ]);
  });

  it('401 UnauthorizedException body as observed; 429 with __type; the request log counts by path', async () => {
    const r = await fetch(`${sso.portalEndpoint}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': 'nope' } });
    expect(r.status).toBe(401);
    expect(await r.text()).toBe('{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}');
    sso.throttleNext(1, 3);
    const t = await fetch(`${sso.portalEndpoint}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': 'nope' } });
    expect(t.status).toBe(429);
    expect(t.headers.get('retry-after')).toBe('3');
    expect(((await t.json()) as { __type: string }).__type).toBe('com.amazonaws.switchboard.portal#TooManyRequestsException');
    expect(sso.count('/portal/assignment/accounts')).toBe(2);
    expect(sso.count('/portal/assignment/accounts', 429)).toBe(1);
  });

  it('GetRoleCredentials: epoch-ms expiration from the STS stand-in for an AWSReservedSSO_ role', async () => {
    const token = await signedIn();
    sso.setAssignments(1, ['ReadOnly']);
    const r = (await (await fetch(`${sso.portalEndpoint}/federation/credentials?account_id=100000000000&role_name=ReadOnly`, { headers: { 'x-amz-sso_bearer_token': token } })).json()) as { roleCredentials: { accessKeyId: string; expiration: number } };
    expect(r.roleCredentials.expiration).toBeGreaterThan(1e12);
    const temp = sts.temp(r.roleCredentials.accessKeyId);
    expect(temp).toBeDefined();
    expect(sso.roleArn('100000000000', 'ReadOnly')).toMatch(/^arn:aws:iam::100000000000:role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}$/);
    expect(sts.state.roles.has(sso.roleArn('100000000000', 'ReadOnly'))).toBe(true);
  });
});

describe('CLI', () => {
  it('npx tsx test/support/sso-standin.ts --port 0 prints its endpoints and serves', async () => {
    const child = spawn(resolvePath('node_modules/.bin/tsx'), ['test/support/sso-standin.ts', '--port', '0', '--accounts', '3', '--roles', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes('Press Ctrl+C')) resolve(buf);
        });
        child.once('exit', () => reject(new Error(`exited: ${buf}`)));
      });
      const m = /oidcEndpoint:\s+(\S+)/.exec(out)!;
      expect(out).toMatch(/accounts:\s+3/);
      const r = await fetch(`${m[1]}/client/register`, { method: 'POST', body: JSON.stringify({ clientName: 'cli', clientType: 'public' }) });
      expect(r.status).toBe(200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
