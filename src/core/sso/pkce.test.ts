import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../test/support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../../../test/support/sso-standin.ts';
import { toBase64Url } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import type { HttpFetch } from '../http/exchange.ts';
import { SsoError } from './errors.ts';
import { createOidcClient } from './oidc.ts';
import { buildAuthorizeUrl, codeChallengeS256, createCodeVerifier, createState, parseCallbackUrl } from './pkce.ts';

// RFC 7636 Appendix B: the 32 octets, the verifier they encode to, and its S256 challenge.
const RFC_OCTETS = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'http://127.0.0.1:53123/oauth/callback';

describe('PKCE primitives', () => {
  it('RFC 7636 appendix B: octets → verifier → S256 challenge', () => {
    expect(createCodeVerifier(() => RFC_OCTETS)).toBe(RFC_VERIFIER);
    expect(toBase64Url(RFC_OCTETS)).toBe(RFC_VERIFIER);
    expect(codeChallengeS256(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('fresh verifiers are 43 unreserved characters and differ; state is 22', () => {
    const a = createCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(createCodeVerifier()).not.toBe(a);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses verifiers outside 43-128 unreserved characters', () => {
    expect(() => codeChallengeS256('a'.repeat(42))).toThrow(SigvaultError);
    expect(() => codeChallengeS256('a'.repeat(129))).toThrow(/43-128/);
    expect(() => codeChallengeS256('a'.repeat(42) + '+')).toThrow(/unreserved/);
    expect(codeChallengeS256('a'.repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('builds the authorize URL on the OIDC host (or the override)', () => {
    const u = buildAuthorizeUrl({ region: 'eu-west-1', clientId: 'cid', redirectUri: REDIRECT, state: 'abcdefghijklmnopqrstuv', codeChallenge: RFC_CHALLENGE });
    expect(u).toBe(
      'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2Foauth%2Fcallback' +
        `&state=abcdefghijklmnopqrstuv&code_challenge=${RFC_CHALLENGE}&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess`,
    );
    expect(buildAuthorizeUrl({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9/oidc', clientId: 'c', redirectUri: REDIRECT, state: 'abcdefghijklmnopqrstuv', codeChallenge: RFC_CHALLENGE })).toMatch(/^http:\/\/127\.0\.0\.1:9\/oidc\/authorize\?/);
    expect(() => buildAuthorizeUrl({ region: 'eu-west-1', clientId: 'c', redirectUri: 'https://example.com/cb', state: 'abcdefghijklmnopqrstuv', codeChallenge: RFC_CHALLENGE })).toThrow(/loopback/);
  });

  it('parses the callback: code; state mismatch, another URL, no code, error=access_denied', () => {
    const state = 'abcdefghijklmnopqrstuv';
    expect(parseCallbackUrl(`${REDIRECT}?code=the-code&state=${state}`, { redirectUri: REDIRECT, state })).toEqual({ code: 'the-code', state });
    expect(() => parseCallbackUrl(`${REDIRECT}?code=c&state=other-state-0000000000`, { redirectUri: REDIRECT, state })).toThrow(/stale or forged/);
    expect(() => parseCallbackUrl(`${REDIRECT}?code=c`, { redirectUri: REDIRECT, state })).toThrow(/state/);
    expect(() => parseCallbackUrl(`http://127.0.0.1:1/other?code=c&state=${state}`, { redirectUri: REDIRECT, state })).toThrow(/not the registered redirect URI/);
    expect(() => parseCallbackUrl(`${REDIRECT}?state=${state}`, { redirectUri: REDIRECT, state })).toThrow(/no authorization code/);
    try {
      parseCallbackUrl(`${REDIRECT}?error=access_denied&error_description=No%20thanks&state=${state}`, { redirectUri: REDIRECT, state });
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(SsoError);
      expect((e as SsoError).category).toBe('denied');
    }
  });
});

describe('PKCE round trip against the stand-in', () => {
  let sts: Standin;
  let sso: SsoStandin;
  const fetchFn: HttpFetch = (u, i) => fetch(u, i);
  beforeAll(async () => {
    sts = await startStandin();
    sso = await startSsoStandin({ sts });
  });
  afterAll(async () => {
    await sso.stop();
    await sts.stop();
  });

  async function authorize(verifier: string, state: string) {
    const oidc = createOidcClient({ fetch: fetchFn, endpoint: sso.oidcEndpoint });
    const reg = await oidc.registerClient('us-east-1', { clientName: 'Sigvault', flow: 'pkce', redirectUri: REDIRECT, issuerUrl: sso.startUrl });
    const url = buildAuthorizeUrl({ region: 'us-east-1', endpoint: sso.oidcEndpoint, clientId: reg.clientId, redirectUri: REDIRECT, state, codeChallenge: codeChallengeS256(verifier) });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return { oidc, reg, location: res.headers.get('location')! };
  }

  it('authorize → 302 to the loopback URI with code+state → CreateToken(authorization_code) verifies the verifier', async () => {
    const verifier = createCodeVerifier();
    const state = createState();
    const { oidc, reg, location } = await authorize(verifier, state);
    const { code } = parseCallbackUrl(location, { redirectUri: REDIRECT, state });
    const token = await oidc.createToken('us-east-1', { grantType: 'authorization_code', clientId: reg.clientId, clientSecret: reg.clientSecret, code, codeVerifier: verifier, redirectUri: REDIRECT });
    expect(token.accessToken).toMatch(/^aoa/);
    expect(token.refreshToken).toMatch(/^aor/);
    // The code is single-use.
    await expect(oidc.createToken('us-east-1', { grantType: 'authorization_code', clientId: reg.clientId, clientSecret: reg.clientSecret, code, codeVerifier: verifier, redirectUri: REDIRECT })).rejects.toMatchObject({ awsCode: 'InvalidGrantException' });
  });

  it('a wrong code verifier → invalid_grant; a forged state → refused before any token request', async () => {
    const verifier = createCodeVerifier();
    const state = createState();
    const { oidc, reg, location } = await authorize(verifier, state);
    const { code } = parseCallbackUrl(location, { redirectUri: REDIRECT, state });
    const e = await oidc.createToken('us-east-1', { grantType: 'authorization_code', clientId: reg.clientId, clientSecret: reg.clientSecret, code, codeVerifier: createCodeVerifier(), redirectUri: REDIRECT }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'SSO_ERROR', oauthError: 'invalid_grant', category: 'sign-in-again' });
    expect((e as Error).message).not.toContain(code);
    const again = await authorize(verifier, state);
    expect(() => parseCallbackUrl(again.location, { redirectUri: REDIRECT, state: createState() })).toThrow(/stale or forged/);
  });

  it('the user refuses → the callback carries error=access_denied → category denied', async () => {
    sso.setAuthorizeDenies(true);
    try {
      const state = createState();
      const { location } = await authorize(createCodeVerifier(), state);
      expect(() => parseCallbackUrl(location, { redirectUri: REDIRECT, state })).toThrow(/denied/);
    } finally {
      sso.setAuthorizeDenies(false);
    }
  });
});
