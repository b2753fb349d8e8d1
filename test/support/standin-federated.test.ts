/**
 * Over real HTTP on 127.0.0.1: Sigvault's STS client (AssumeRoleWithSAML / AssumeRoleWithWebIdentity,
 * unsigned) against the stand-in, chaining and console sign-in from the results, every error case; the
 * SAML sign-in (ACS) and the test IdP page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigvaultError } from '../../src/core/errors.ts';
import { parseSamlResponse } from '../../src/core/saml/response.ts';
import { StsError, createStsClient, type HttpFetch, type StsClient } from '../../src/core/sts/client.ts';
import { getSigninToken, loginUrl } from '../../src/core/sts/federation.ts';
import { readWebIdentityToken } from '../../src/core/web-identity/token.ts';
import { buildSamlResponse } from './saml-builder.ts';
import { startStandin, type Standin } from './sts-standin.ts';

const httpFetch: HttpFetch = (url, init) => fetch(url, { ...init, redirect: 'manual' });

let s: Standin;
let sts: StsClient;
const ACCT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCT}:saml-provider/Okta`;
const OTHER_PROVIDER = `arn:aws:iam::${ACCT}:saml-provider/Other`;
const DEV = `arn:aws:iam::${ACCT}:role/Dev`;
const OPS = `arn:aws:iam::${ACCT}:role/Ops`;
const SHORT = `arn:aws:iam::${ACCT}:role/Short`;
const UNTRUSTED = `arn:aws:iam::${ACCT}:role/Untrusted`;
const TARGET = 'arn:aws:iam::210987654321:role/Target';
const GH = 'https://token.actions.githubusercontent.com';
let ghArn = '';
const WEB_ROLE = `arn:aws:iam::${ACCT}:role/GitHubDeploy`;

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

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(claims: Record<string, unknown>): string {
  return `${b64u({ alg: 'RS256', kid: 'k' })}.${b64u(claims)}.${Buffer.from('signature-bytes-not-checked').toString('base64url')}`;
}
const nowS = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  s = await startStandin();
  sts = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: s.url } }, maxRetries: 0 });
  s.addSamlProvider({ arn: PROVIDER, issuer: 'https://idp.example.com/saml' });
  s.addSamlProvider({ arn: OTHER_PROVIDER });
  s.addRole({ arn: DEV, trust: { principals: [], federated: [PROVIDER] }, maxSessionDuration: 43_200 });
  s.addRole({ arn: OPS, trust: { principals: [], federated: [PROVIDER] }, maxSessionDuration: 43_200 });
  s.addRole({ arn: SHORT, trust: { principals: [], federated: [PROVIDER] } });
  s.addRole({ arn: UNTRUSTED, trust: { principals: [], federated: [OTHER_PROVIDER] } });
  s.addRole({ arn: TARGET, trust: { principals: [DEV, WEB_ROLE] }, maxSessionDuration: 43_200 });
  ghArn = s.addOidcProvider({ url: GH, clientIds: ['sts.amazonaws.com'], account: ACCT }).arn;
  s.addRole({ arn: WEB_ROLE, trust: { principals: [], federated: [ghArn] }, maxSessionDuration: 7200 });
});

afterAll(async () => {
  await s.stop();
});

const pair = (roleArn: string, principalArn = PROVIDER) => ({ roleArn, principalArn });

describe('AssumeRoleWithSAML through the real client', () => {
  it('unsigned call → credentials that work, chain (1 h cap) and sign in to the console', async () => {
    const assertion = buildSamlResponse({ roles: [pair(DEV), { ...pair(OPS), providerFirst: true }], roleSessionName: 'jane@example.com', sessionDuration: 7200 });
    // What the capture reads is what STS accepts.
    const info = parseSamlResponse(assertion);
    expect(info.roles).toEqual([pair(DEV), pair(OPS)]);
    const r = await sts.assumeRoleWithSaml({ roleArn: OPS, principalArn: PROVIDER, samlAssertion: info.samlAssertion, durationSeconds: info.sessionDuration! }, 'us-east-1');
    expect(r.assumedRoleUser.arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/Ops/jane@example.com`);
    expect(r.credentials.expiration - s.now()).toBeGreaterThan(7190_000);
    expect(r.credentials.expiration - s.now()).toBeLessThanOrEqual(7200_000);
    expect(r).toMatchObject({ issuer: 'https://idp.example.com/saml', audience: 'https://signin.aws.amazon.com/saml', subjectType: 'persistent', subject: '_cbb88bf52c2510eabe00c1642d4643f41430fe25e3' });
    expect(r.nameQualifier).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    const call = s.state.calls.at(-1)!;
    expect(call).toMatchObject({ action: 'AssumeRoleWithSAML', status: 200 });
    expect(call.accessKeyId).toBeUndefined();

    const me = await sts.getCallerIdentity(r.credentials, 'us-east-1');
    expect(me.arn).toBe(r.assumedRoleUser.arn);
    s.addRole({ arn: 'arn:aws:iam::210987654321:role/FromOps', trust: { principals: [OPS] }, maxSessionDuration: 43_200 });
    const tooLong = await stsFail(sts.assumeRole(r.credentials, { roleArn: 'arn:aws:iam::210987654321:role/FromOps', roleSessionName: 'c1', durationSeconds: 7200 }, 'us-east-1'), 'ValidationError');
    expect(tooLong.awsMessage).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const chained = await sts.assumeRole(r.credentials, { roleArn: 'arn:aws:iam::210987654321:role/FromOps', roleSessionName: 'c1' }, 'us-east-1');
    expect(chained.assumedRoleUser.arn).toBe('arn:aws:sts::210987654321:assumed-role/FromOps/c1');

    const t = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, r.credentials, { credentialKind: 'role' });
    const res = await fetch(loginUrl({ signinBase: t.signinBase, destination: 'https://console.aws.amazon.com/', signinToken: t.signinToken }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Signed in as ${r.assumedRoleUser.arn}`);
  });

  it("SessionDuration shortens the session; the default is 1 hour; the same assertion may be used again while valid", async () => {
    const assertion = buildSamlResponse({ roles: [pair(DEV)], sessionDuration: 1800 });
    const a = await sts.assumeRoleWithSaml({ roleArn: DEV, principalArn: PROVIDER, samlAssertion: assertion, durationSeconds: 7200 }, 'us-east-1');
    expect(Math.round((a.credentials.expiration - s.now()) / 1000)).toBeLessThanOrEqual(1800);
    expect(Math.round((a.credentials.expiration - s.now()) / 1000)).toBeGreaterThan(1790);
    const b = await sts.assumeRoleWithSaml({ roleArn: DEV, principalArn: PROVIDER, samlAssertion: buildSamlResponse({ roles: [pair(DEV)] }) }, 'us-east-1');
    expect(Math.round((b.credentials.expiration - s.now()) / 1000)).toBeGreaterThan(3590);
    expect(Math.round((b.credentials.expiration - s.now()) / 1000)).toBeLessThanOrEqual(3600);
    const again = await sts.assumeRoleWithSaml({ roleArn: DEV, principalArn: PROVIDER, samlAssertion: assertion }, 'us-east-1');
    expect(again.credentials.accessKeyId).not.toBe(a.credentials.accessKeyId);
    const id = /ID="([^"]+)"/.exec(Buffer.from(assertion, 'base64').toString())![1]!;
    expect(s.state.samlUses.get(id)).toBe(2);
  });

  it('a signed request is accepted too (AWS ignores the signature)', async () => {
    const { signRequest } = await import('../../src/core/sigv4/index.ts');
    const body = new URLSearchParams({ Action: 'AssumeRoleWithSAML', Version: '2011-06-15', RoleArn: DEV, PrincipalArn: PROVIDER, SAMLAssertion: buildSamlResponse({ roles: [pair(DEV)] }) }).toString();
    const signed = signRequest({ method: 'POST', url: s.url + '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }, { accessKeyId: 'AKIANOTKNOWNANYWHERE', secretAccessKey: 'x'.repeat(40) }, { region: 'us-east-1', service: 'sts' });
    const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<AssumeRoleWithSAMLResult>');
  });

  it('every refusal, with AWS codes and messages; the assertion never in an error', async () => {
    const call = (roleArn: string, assertion: string, extra: { principalArn?: string; durationSeconds?: number } = {}) =>
      sts.assumeRoleWithSaml({ roleArn, principalArn: extra.principalArn ?? PROVIDER, samlAssertion: assertion, ...(extra.durationSeconds ? { durationSeconds: extra.durationSeconds } : {}) }, 'us-east-1');
    const ok = buildSamlResponse({ roles: [pair(DEV), pair(SHORT), pair(UNTRUSTED, OTHER_PROVIDER), pair(UNTRUSTED)] });
    const cases: Array<[Promise<unknown>, string, string | RegExp]> = [
      [call(DEV, buildSamlResponse({ roles: [pair(DEV)], notOnOrAfter: Date.now() - 1000 })), 'ExpiredTokenException', /expired or is not valid/],
      [call(OPS, ok), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML'],
      [call(UNTRUSTED, ok), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML'],
      [call(DEV, ok, { principalArn: `arn:aws:iam::${ACCT}:saml-provider/Nobody` }), 'InvalidIdentityToken', "Specified provider doesn't exist."],
      [call(DEV, buildSamlResponse({ roles: [pair(DEV)], issuer: 'https://evil.example' })), 'InvalidIdentityToken', 'Issuer not present in specified provider'],
      [call(SHORT, ok, { durationSeconds: 7200 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
      [call(DEV, buildSamlResponse({ roles: [pair(DEV)], roleSessionName: null })), 'InvalidIdentityToken', 'RoleSessionName is required in AuthnResponse'],
      [call(DEV, buildSamlResponse({ roles: [pair(DEV)], roleSessionName: 'has space' })), 'InvalidIdentityToken', 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}'],
      [call(DEV, Buffer.from('<not-saml/>').toString('base64')), 'InvalidIdentityToken', /not a SAML 2.0 Response/],
      [call(DEV, Buffer.from('plain text, not xml').toString('base64')), 'InvalidIdentityToken', /not well-formed XML/],
      [call(DEV, buildSamlResponse({ roles: [pair(DEV)], encrypted: true })), 'InvalidIdentityToken', /cannot decrypt/],
    ];
    for (const [p, awsCode, message] of cases) {
      const e = await stsFail(p, awsCode);
      if (typeof message === 'string') expect(e.awsMessage).toBe(message);
      else expect(e.awsMessage).toMatch(message);
      expect(e.message).not.toMatch(/PD94bWwg|PHNhbWxw/);
    }
    const short = await sts.assumeRoleWithSaml({ roleArn: SHORT, principalArn: PROVIDER, samlAssertion: ok }, 'us-east-1');
    expect(short.assumedRoleUser.arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/Short/sigvault-tester`);
  });

  it("AWS's constraint message quoting the assertion reaches the user redacted", async () => {
    // Bypass the client's own length check: send a 100,001-character assertion raw, then read it as the client would.
    const big = 'PHNhbWxw' + 'A'.repeat(100_001 - 8);
    const res = await fetch(s.url + '/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Action: 'AssumeRoleWithSAML', Version: '2011-06-15', RoleArn: DEV, PrincipalArn: PROVIDER, SAMLAssertion: big }).toString() });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text, text.slice(0, 600)).toContain("Value &apos;PHNhbWxw"); // the stand-in quotes it, as AWS quotes values
    const { cleanMessage, parseErrorBody } = await import('../../src/core/sts/errors.ts');
    const cleaned = cleanMessage(parseErrorBody(text)!.awsMessage, [big]);
    expect(cleaned).toContain("Value '[redacted]'");
    expect(cleaned).not.toContain('PHNhbWxw');
  });
});

describe('AssumeRoleWithWebIdentity through the real client', () => {
  const claims = () => ({ iss: GH, sub: 'repo:octo/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: nowS() + 600, iat: nowS() });

  it('unsigned call → credentials that work, chain and sign in', async () => {
    const token = jwt(claims());
    expect(readWebIdentityToken(token).iss).toBe(GH);
    const r = await sts.assumeRoleWithWebIdentity({ roleArn: WEB_ROLE, roleSessionName: 'gh-run-1', webIdentityToken: token, durationSeconds: 7200 }, 'eu-west-1');
    expect(r).toMatchObject({
      subjectFromWebIdentityToken: 'repo:octo/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
      provider: 'token.actions.githubusercontent.com',
      assumedRoleUser: { arn: `arn:aws:sts::${ACCT}:assumed-role/GitHubDeploy/gh-run-1` },
    });
    expect(Math.round((r.credentials.expiration - s.now()) / 1000)).toBeGreaterThan(7190);
    expect((await sts.getCallerIdentity(r.credentials, 'us-east-1')).arn).toBe(r.assumedRoleUser.arn);
    await stsFail(sts.assumeRole(r.credentials, { roleArn: TARGET, roleSessionName: 'x1', durationSeconds: 3601 }, 'us-east-1'), 'ValidationError');
    const chained = await sts.assumeRole(r.credentials, { roleArn: TARGET, roleSessionName: 'x1' }, 'us-east-1');
    expect(chained.credentials.expiration - s.now()).toBeLessThanOrEqual(3600_000);
    const t = await getSigninToken({ fetch: httpFetch, signinBase: s.url }, r.credentials, { credentialKind: 'role' });
    const res = await fetch(loginUrl({ signinBase: t.signinBase, destination: 'https://console.aws.amazon.com/', signinToken: t.signinToken }));
    expect(await res.text()).toContain(`Signed in as ${r.assumedRoleUser.arn}`);
  });

  it('every refusal; the token never in an error', async () => {
    const call = (token: string, roleArn = WEB_ROLE, durationSeconds?: number) =>
      sts.assumeRoleWithWebIdentity({ roleArn, roleSessionName: 'gh', webIdentityToken: token, ...(durationSeconds ? { durationSeconds } : {}) }, 'us-east-1');
    const cases: Array<[Promise<unknown>, string, string | RegExp]> = [
      [call(jwt({ ...claims(), exp: nowS() - 5 })), 'ExpiredTokenException', /expired or is not valid/],
      [call(jwt({ ...claims(), iss: 'https://accounts.google.com' })), 'InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://accounts.google.com'],
      [call(jwt({ ...claims(), aud: 'someone-else' })), 'InvalidIdentityToken', 'Incorrect token audience'],
      [call(jwt(claims()), DEV), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
      [call(jwt(claims()), WEB_ROLE, 7201), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
      [call('not.a.jwt'), 'InvalidIdentityToken', /not a signed JWT/],
      [call('Atza|IQEBLjAsAhRFiXuWpUXuRvQ9PZL3GMFcYevydwIUFAHZwXZXX'), 'InvalidIdentityToken', /not a signed JWT/],
    ];
    for (const [p, awsCode, message] of cases) {
      const e = await stsFail(p, awsCode);
      if (typeof message === 'string') expect(e.awsMessage).toBe(message);
      else expect(e.awsMessage).toMatch(message);
      expect(JSON.stringify(e.toJSON())).not.toMatch(/eyJhbGci/);
    }
  });
});

describe('SAML sign-in (ACS) and the test IdP page', () => {
  const post = (form: Record<string, string>) =>
    fetch(`${s.url}/saml`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  it('one role: 302 to the console (RelayState honoured when it is a console URL), a login recorded', async () => {
    const before = s.state.logins.length;
    const res = await post({ SAMLResponse: buildSamlResponse({ roles: [pair(DEV)], sessionDuration: 3600, wrap: true }), RelayState: 'https://console.aws.amazon.com/s3/home' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/[a-z0-9.-]*console\.aws\.amazon\.com\/s3\/home/);
    expect(s.state.logins.length).toBe(before + 1);
    expect(s.state.logins.at(-1)).toMatchObject({ via: 'saml', method: 'POST', arn: `arn:aws:sts::${ACCT}:assumed-role/Dev/sigvault-tester`, sessionDuration: 3600 });
    expect(['added', 'replaced']).toContain(s.state.logins.at(-1)!.outcome);
    const other = await post({ SAMLResponse: buildSamlResponse({ roles: [pair(DEV)] }), RelayState: 'https://evil.example/' });
    expect(other.headers.get('location')).toMatch(/console\.aws\.amazon\.com\/console\/home/);
  });

  it('several roles: the role chooser, whose form posts SAMLResponse + roleIndex back to /saml', async () => {
    const assertion = buildSamlResponse({ roles: [pair(DEV), pair(OPS), pair(SHORT)] });
    const res = await post({ SAMLResponse: assertion });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-role-chooser="3"');
    const radios = [...html.matchAll(/name="roleIndex" value="([^"]+)"/g)].map((m) => m[1]);
    expect(radios).toEqual([DEV, OPS, SHORT]);
    expect(html).toContain(`name="SAMLResponse" value="${assertion}"`);
    const before = s.state.logins.length;
    const chosen = await post({ SAMLResponse: assertion, roleIndex: OPS });
    expect(chosen.status).toBe(302);
    expect(s.state.logins.length).toBe(before + 1);
    expect(s.state.logins.at(-1)!.arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/Ops/sigvault-tester`);
    expect((await post({ SAMLResponse: assertion, roleIndex: UNTRUSTED })).status).toBe(400);
  });

  it("refusals: invalid and expired responses get AWS's page; untrusted pairs 403; nobody signed in", async () => {
    const before = s.state.logins.length;
    const bad = await post({ SAMLResponse: 'not base64!' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Your request included an invalid SAML response. To logout, click here.');
    expect((await post({ SAMLResponse: buildSamlResponse({ roles: [pair(DEV)], noRoleAttribute: true }) })).status).toBe(400);
    const expired = await post({ SAMLResponse: buildSamlResponse({ roles: [pair(DEV)], notOnOrAfter: Date.now() - 1 }) });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('expired');
    const denied = await post({ SAMLResponse: buildSamlResponse({ roles: [pair(UNTRUSTED)] }) });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('Not authorized to perform sts:AssumeRoleWithSAML');
    expect((await fetch(`${s.url}/saml`)).status).toBe(405);
    expect(s.state.logins.length).toBe(before);
  });

  it('idpPage: a page that auto-posts the response to the ACS (the response is not in its URL)', async () => {
    const assertion = buildSamlResponse({ roles: [pair(DEV)] });
    const url = s.idpPage(assertion, { relayState: 'https://console.aws.amazon.com/ec2/home' });
    expect(url).toMatch(new RegExp(`^${s.url}/idp/[0-9a-f-]{36}$`));
    expect(url).not.toContain(assertion.slice(0, 16));
    const html = await (await fetch(url)).text();
    expect(html).toContain(`<form id="idp-post" method="post" action="${s.url}/saml">`);
    expect(html).toContain(`name="SAMLResponse" value="${assertion}"`);
    expect(html).toContain('name="RelayState" value="https://console.aws.amazon.com/ec2/home"');
    expect(html).toContain('onload="document.forms[0].submit()"');
    const custom = await (await fetch(s.idpPage(assertion, { acsUrl: 'https://signin.aws.amazon.com/saml' }))).text();
    expect(custom).toContain('action="https://signin.aws.amazon.com/saml"');
    expect((await fetch(`${s.url}/idp/unknown`)).status).toBe(404);
  });
});
