import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { canRefresh, needsRefresh, parseSsoToken, parseTimestamp, serializeSsoToken, tokenFromGrant } from './token.ts';

const T = { clientId: 'cid', clientSecret: 'csecret', clientSecretExpiresAt: 2_000_000_000_000, accessToken: 'aoa-token', accessTokenExpiresAt: 1_800_000_000_000, refreshToken: 'aor-token' };

describe('parseSsoToken', () => {
  it('reads the sealed shape, with or without v: 1, dropping unknown fields', () => {
    expect(parseSsoToken(T)).toEqual(T);
    expect(parseSsoToken({ v: 1, ...T, extra: 'x' })).toEqual(T);
    expect(serializeSsoToken(T)).toEqual({ v: 1, ...T });
    const { refreshToken: _r, ...noRefresh } = T;
    expect(parseSsoToken(noRefresh)).toEqual(noRefresh);
  });

  it("reads the AWS CLI cache shape (ISO strings, +0000 offset)", () => {
    expect(
      parseSsoToken({ startUrl: 'https://x.awsapps.com/start', region: 'eu-west-1', accessToken: 'aoa', expiresAt: '2021-12-27T20:30:02+0000', clientId: 'c', clientSecret: 's', registrationExpiresAt: '2022-10-14T03:30:48Z' }),
    ).toEqual({ clientId: 'c', clientSecret: 's', accessToken: 'aoa', accessTokenExpiresAt: Date.UTC(2021, 11, 27, 20, 30, 2), clientSecretExpiresAt: Date.UTC(2022, 9, 14, 3, 30, 48) });
    expect(parseTimestamp('2022-10-14T05:30:48+02:00')).toBe(Date.UTC(2022, 9, 14, 3, 30, 48));
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('refuses malformed records naming the field, never echoing a secret', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'token'],
      [[], 'token'],
      [{ ...T, v: 2 }, 'v'],
      [{ ...T, accessToken: '' }, 'accessToken'],
      [{ ...T, accessToken: 'has space' }, 'accessToken'],
      [{ ...T, clientSecret: 42 }, 'clientSecret'],
      [{ ...T, accessTokenExpiresAt: 'soon' }, 'accessTokenExpiresAt'],
      [{ ...T, clientSecretExpiresAt: -1 }, 'clientSecretExpiresAt'],
    ];
    for (const [value, field] of cases) {
      try {
        parseSsoToken(value);
        throw new Error(`accepted ${field}`);
      } catch (e) {
        expect(e).toBeInstanceOf(SigvaultError);
        expect((e as SigvaultError).details.field).toBe(field);
        expect((e as Error).message).not.toContain('csecret');
      }
    }
  });
});

describe('needsRefresh / canRefresh', () => {
  it('refresh within 5 minutes of expiry; refresh possible with a refresh token and a live client', () => {
    expect(needsRefresh(T, T.accessTokenExpiresAt - 10 * 60_000)).toBe(false);
    expect(needsRefresh(T, T.accessTokenExpiresAt - 4 * 60_000)).toBe(true);
    expect(needsRefresh(T, T.accessTokenExpiresAt + 1)).toBe(true);
    expect(canRefresh(T, T.accessTokenExpiresAt)).toBe(true);
    expect(canRefresh({ ...T, refreshToken: undefined }, 0)).toBe(false);
    expect(canRefresh(T, T.clientSecretExpiresAt)).toBe(false);
  });

  it('tokenFromGrant keeps the previous refresh token when the answer has none', () => {
    const reg = { clientId: 'c', clientSecret: 's', clientSecretExpiresAt: 5 };
    expect(tokenFromGrant(reg, { accessToken: 'a2', expiresAt: 9 }, 'old-refresh')).toEqual({ clientId: 'c', clientSecret: 's', clientSecretExpiresAt: 5, accessToken: 'a2', accessTokenExpiresAt: 9, refreshToken: 'old-refresh' });
    expect(tokenFromGrant(reg, { accessToken: 'a2', expiresAt: 9, refreshToken: 'new' }, 'old').refreshToken).toBe('new');
  });
});
