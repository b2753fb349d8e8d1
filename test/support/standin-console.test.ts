/**
 * The stand-in's console (standin-console.ts) over real HTTP on 127.0.0.1: federation logins as AWS's
 * console answers them with multi-session off and on, the 5-session limit, replacement of a same-identity
 * session, session expiry, both sign-out endpoints and the pages on console hosts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStsClient, type HttpFetch, type StsClient } from '../../src/core/sts/client.ts';
import { getSigninToken, loginUrl } from '../../src/core/sts/federation.ts';
import { CONSOLE_HOST_HEADER, identityOfArn, parseConsoleHost } from './standin-console.ts';
import { startStandin, type IssuedUser, type Standin } from './sts-standin.ts';

const httpFetch: HttpFetch = (url, init) => fetch(url, { ...init, redirect: 'manual' });
const ROLES = ['A', 'B', 'C', 'D', 'E', 'F'].map((n, i) => `arn:aws:iam::${String(i + 1).repeat(12)}:role/${n}`);

let s: Standin;
let sts: StsClient;
let user: IssuedUser;

async function login(roleArn: string, destination = 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1', sessionName = 'sv', sessionDuration?: number) {
  const r = await sts.assumeRole(user, { roleArn, roleSessionName: sessionName }, 'us-east-1');
  const t = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, r.credentials, { credentialKind: 'role', ...(sessionDuration ? { sessionDuration } : {}) });
  const res = await fetch(loginUrl({ signinBase: s.url, destination, signinToken: t.signinToken }), { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), expiration: r.credentials.expiration };
}

/** A console page as the routed browser asks for it. */
async function page(url: string) {
  const u = new URL(url);
  const res = await fetch(s.url + u.pathname + u.search, { headers: { [CONSOLE_HOST_HEADER]: u.hostname }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  s = await startStandin({ loginResponse: 'redirect' });
  sts = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: s.url } } });
  user = s.issueUserKeys({ userName: 'console-user' });
  for (const arn of ROLES) s.addRole({ arn, trust: { principals: ['*'] }, maxSessionDuration: 43_200 });
});
afterAll(async () => { await s.stop(); });
beforeEach(() => {
  for (const x of s.console.live()) { x.endedAt = 0; x.endReason = 'signed-out'; }
  s.console.multiSession = false;
});

describe('host parsing and identity', () => {
  it('splits console hosts of every partition', () => {
    expect(parseConsoleHost('console.aws.amazon.com')).toEqual({ partition: 'aws' });
    expect(parseConsoleHost('eu-west-1.console.aws.amazon.com')).toEqual({ partition: 'aws', region: 'eu-west-1' });
    expect(parseConsoleHost('111111111111-abcd1234.eu-west-1.console.aws.amazon.com')).toEqual({ partition: 'aws', label: '111111111111-abcd1234', region: 'eu-west-1' });
    expect(parseConsoleHost('cn-north-1.console.amazonaws.cn')).toEqual({ partition: 'aws-cn', region: 'cn-north-1' });
    expect(parseConsoleHost('console.amazonaws-us-gov.com')).toEqual({ partition: 'aws-us-gov' });
    expect(parseConsoleHost('s3.console.aws.amazon.com')).toEqual({ partition: 'aws' });
    expect(parseConsoleHost('console.aws.amazon.com.evil.example')).toBeUndefined();
  });
  it('an identity is the principal without its session name', () => {
    expect(identityOfArn('arn:aws:sts::111111111111:assumed-role/Admin/alice')).toBe('arn:aws:sts::111111111111:assumed-role/Admin');
    expect(identityOfArn('arn:aws:sts::111111111111:federated-user/bob')).toBe('arn:aws:sts::111111111111:federated-user/bob');
  });
});

describe('multi-session off (AWS default)', () => {
  it('a login replaces the one session and lands on the Destination host', async () => {
    const a = await login(ROLES[0]!);
    expect(a).toMatchObject({ status: 302, location: 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1' });
    const b = await login(ROLES[1]!, 'https://console.aws.amazon.com/s3/home');
    expect(b.location).toBe('https://console.aws.amazon.com/s3/home');
    expect(s.console.live()).toHaveLength(1);
    expect(s.console.live()[0]!.arn).toContain(':assumed-role/B/');
    expect(s.state.logins.at(-1)).toMatchObject({ outcome: 'replaced' });
    const p = await page('https://us-east-1.console.aws.amazon.com/ec2/home');
    expect(p.text).toContain('Signed in as arn:aws:sts::222222222222:assumed-role/B/sv');
    expect(p.text).toContain('name="awsc-session-data"');
    expect(p.text).toContain('&quot;prismModeEnabled&quot;:false');
  });

  it('signs out through /oauth?Action=logout and redirects; the session sign-out answers 400', async () => {
    await login(ROLES[0]!);
    const bad = await fetch(`${s.url}/sessions/111111111111-abcdefgh/v1/logout`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const out = await fetch(`${s.url}/oauth?Action=logout&redirect_uri=${encodeURIComponent('https://console.aws.amazon.com/')}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('https://console.aws.amazon.com/');
    expect(s.console.logouts.at(-1)).toMatchObject({ kind: 'single', status: 302, arn: expect.stringContaining('assumed-role/A/') });
    expect(s.console.live()).toHaveLength(0);
    expect((await page('https://console.aws.amazon.com/')).text).toContain('not-signed-in');
  });
});

describe('multi-session on', () => {
  it('the opt-in URL turns it on', async () => {
    const res = await fetch(`${s.url}/sessions/v1/opt-in?redirect_uri=${encodeURIComponent('https://console.aws.amazon.com/')}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(s.console.multiSession).toBe(true);
  });

  it('each login adds a session on its own host, keeping the Destination path', async () => {
    s.console.multiSession = true;
    const a = await login(ROLES[0]!, 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances');
    const b = await login(ROLES[1]!);
    expect(a.location).toMatch(/^https:\/\/111111111111-[a-z0-9]{8}\.eu-west-1\.console\.aws\.amazon\.com\/ec2\/home\?region=eu-west-1#Instances$/);
    expect(b.location).toMatch(/^https:\/\/222222222222-[a-z0-9]{8}\.us-east-1\.console\.aws\.amazon\.com\/console\/home\?region=us-east-1$/);
    expect(s.console.live()).toHaveLength(2);
    const pa = await page(a.location!);
    expect(pa.text).toContain('assumed-role/A/sv');
    expect(pa.text).toMatch(/&quot;sessionDifferentiator&quot;:&quot;111111111111-[a-z0-9]{8}&quot;/);
    expect((await page(b.location!)).text).toContain('assumed-role/B/sv');
    expect((await page('https://console.aws.amazon.com/')).text).toContain('session-chooser');
  });

  it('refuses a Destination that names a session', async () => {
    s.console.multiSession = true;
    const r = await login(ROLES[0]!, 'https://111111111111-abcdefgh.us-east-1.console.aws.amazon.com/console/home');
    expect(r.status).toBe(400);
    expect(s.console.live()).toHaveLength(0);
  });

  it('the same identity again (another session name) replaces its session; the old host says it ended', async () => {
    s.console.multiSession = true;
    const first = await login(ROLES[0]!);
    await login(ROLES[1]!);
    const again = await login(ROLES[0]!, undefined, 'other-name');
    expect(s.console.live()).toHaveLength(2);
    expect(new URL(again.location!).hostname).not.toBe(new URL(first.location!).hostname);
    expect(s.state.logins.at(-1)).toMatchObject({ outcome: 'replaced' });
    expect((await page(first.location!)).text).toContain('data-reason="replaced"');
    expect((await page(again.location!)).text).toContain('assumed-role/A/other-name');
  });

  it('keeps at most 5 sessions: a 6th login gets the sign-out-first page and signs nobody in', async () => {
    s.console.multiSession = true;
    for (const arn of ROLES.slice(0, 5)) expect((await login(arn)).status).toBe(302);
    const sixth = await login(ROLES[5]!);
    expect(sixth.status).toBe(200);
    expect(sixth.text).toContain('id="session-limit"');
    expect(sixth.text).toContain('Sign out of a session first');
    expect(s.console.live()).toHaveLength(5);
    expect(s.state.logins.at(-1)).toMatchObject({ outcome: 'limit' });
    // but an identity with a session may sign in again: it replaces its own
    expect((await login(ROLES[2]!)).status).toBe(302);
    expect(s.console.live()).toHaveLength(5);
  });

  it('signs one session out by its label; /oauth logout answers 400', async () => {
    s.console.multiSession = true;
    const a = await login(ROLES[0]!);
    const b = await login(ROLES[1]!);
    const label = new URL(a.location!).hostname.split('.')[0]!;
    const oauth = await fetch(`${s.url}/oauth?Action=logout&redirect_uri=${encodeURIComponent('https://console.aws.amazon.com/')}`, { redirect: 'manual' });
    expect(oauth.status).toBe(400);
    const out = await fetch(`${s.url}/sessions/${label}/v1/logout`);
    expect(out.status).toBe(200);
    expect(s.console.logouts.at(-1)).toMatchObject({ kind: 'multi', label, status: 200, arn: expect.stringContaining('assumed-role/A/') });
    expect(s.console.live().map((x) => x.arn)).toEqual([expect.stringContaining('assumed-role/B/')]);
    expect((await page(a.location!)).text).toContain('data-reason="signed-out"');
    expect((await page(b.location!)).text).toContain('console-signed-in');
    expect((await fetch(`${s.url}/sessions/${label}/v1/logout`)).status).toBe(400); // already gone
  });
});

describe('expiry', () => {
  it('a session lasts SessionDuration when given, else as long as its credentials', async () => {
    s.console.multiSession = true;
    const long = await login(ROLES[0]!, undefined, 'sv', 43_200);
    const short = await login(ROLES[1]!);
    const [a, b] = s.console.live();
    expect(a!.expiresAt - a!.signedInAt).toBe(43_200_000);
    // STS's Expiration has whole seconds; the stand-in keeps milliseconds
    expect(Math.abs(b!.expiresAt - short.expiration)).toBeLessThan(1000);
    expect(long.status).toBe(302);
  });

  it('an expired session no longer counts and its pages say it ended', async () => {
    const x = await startStandin({ loginResponse: 'redirect', multiSession: true });
    try {
      const role = 'arn:aws:iam::777777777777:role/Short';
      x.addRole({ arn: role, trust: { principals: ['*'] }, issuedLifetimeSeconds: 2 });
      const u = x.issueUserKeys({ userName: 'short' });
      const c = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: x.url } } });
      const r = await c.assumeRole(u, { roleArn: role, roleSessionName: 'short' }, 'us-east-1');
      expect(r.credentials.expiration - Date.now()).toBeLessThanOrEqual(2000);
      const t = await getSigninToken({ fetch: httpFetch, signinBase: x.url }, r.credentials, { credentialKind: 'role' });
      const res = await fetch(loginUrl({ signinBase: x.url, destination: 'https://console.aws.amazon.com/', signinToken: t.signinToken }), { redirect: 'manual' });
      const host = new URL(res.headers.get('location')!).hostname;
      expect(x.console.live()).toHaveLength(1);
      await new Promise((r2) => setTimeout(r2, 2100));
      expect(x.console.live()).toHaveLength(0);
      const p = await fetch(x.url + '/', { headers: { [CONSOLE_HOST_HEADER]: host } });
      expect(await p.text()).toContain('data-reason="expired"');
    } finally {
      await x.stop();
    }
  });
});
