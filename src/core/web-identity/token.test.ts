import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { readWebIdentityToken, tokenExpiresAt } from './token.ts';

const enc = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const SIG = Buffer.from('not-a-real-signature-but-bytes-0123456789').toString('base64url');
function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1', typ: 'JWT' }): string {
  return `${enc(header)}.${enc(claims)}.${SIG}`;
}
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const CLAIMS = { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:octo/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: NOW / 1000 + 600, iat: NOW / 1000 - 60 };

function err(f: () => unknown): SigvaultError {
  try {
    f();
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected an error');
}

describe('readWebIdentityToken', () => {
  it('reads iss, sub, aud, exp and iat (ms)', () => {
    expect(readWebIdentityToken(jwt(CLAIMS), { now: NOW })).toEqual({ iss: CLAIMS.iss, sub: CLAIMS.sub, aud: CLAIMS.aud, exp: NOW + 600_000, iat: NOW - 60_000 });
  });
  it('accepts an audience list, no exp, surrounding whitespace', () => {
    const r = readWebIdentityToken(`  ${jwt({ iss: 'https://accounts.google.com', sub: '1', aud: ['a', 'b'] })}\n`, { now: NOW });
    expect(r.aud).toEqual(['a', 'b']);
    expect(r.exp).toBeUndefined();
  });
  it('tokenExpiresAt gives the expiry even of an expired token', () => {
    expect(tokenExpiresAt(jwt({ ...CLAIMS, exp: 1_000_000 }))).toBe(1_000_000_000);
    expect(tokenExpiresAt(jwt({ iss: 'i', sub: 's', aud: 'a' }))).toBeUndefined();
  });

  const secretSub = 'user-secret-subject-9876543210';
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['not a JWT (Amazon OAuth token)', 'Atza|IQEBLjAsAhRFiXuWpUXuRvQ9PZL3GMFcYevydwIUFAHZwXZXX', /not a JWT/],
    ['two parts', `${enc({ alg: 'RS256' })}.${enc({ sub: secretSub })}`, /not a JWT/],
    ['padding', `${enc({ alg: 'RS256' })}.${enc({ sub: secretSub })}==.${SIG}`, /not a JWT/],
    ['bad base64url', `${enc({ alg: 'RS256' })}.A.${SIG}`, /payload is not base64url/],
    ['payload not JSON', `${enc({ alg: 'RS256' })}.${enc(`{"sub":"${secretSub}"`)}.${SIG}`, /payload is not JSON/],
    ['payload an array', `${enc({ alg: 'RS256' })}.${enc([secretSub])}.${SIG}`, /not a JSON object/],
    ['header not JSON', `${enc('nope')}.${enc(CLAIMS)}.${SIG}`, /header is not JSON/],
    ['alg none', `${enc({ alg: 'none' })}.${enc({ ...CLAIMS, sub: secretSub })}.`, /not signed/],
    ['no signature', `${enc({ alg: 'RS256' })}.${enc({ ...CLAIMS, sub: secretSub })}.`, /not signed/],
    ['no iss', jwt({ sub: secretSub, aud: 'a' }), /"iss"/],
    ['no sub', jwt({ iss: 'i', aud: 'a' }), /"sub"/],
    ['no aud', jwt({ iss: 'i', sub: secretSub }), /"aud"/],
    ['exp not a number', jwt({ ...CLAIMS, sub: secretSub, exp: '2030' }), /"exp" claim is not a time/],
    ['expired', jwt({ ...CLAIMS, sub: secretSub, exp: NOW / 1000 - 1 }), /expired at 2026-12-06T11:59:59.000Z/],
    ['expiring now', jwt({ ...CLAIMS, sub: secretSub, exp: NOW / 1000 }), /expired/],
    ['too long', jwt({ ...CLAIMS, sub: secretSub, pad: 'x'.repeat(15_000) }), /longer than 20000/],
  ];
  it.each(cases)('%s → INVALID_INPUT without the token', (_n, token, message) => {
    const e = err(() => readWebIdentityToken(token, { now: NOW }));
    expect(e).toBeInstanceOf(SigvaultError);
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'webIdentityToken' } });
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(secretSub);
    if (token.length > 10) expect(e.message).not.toContain(token.slice(0, 10));
  });
});
