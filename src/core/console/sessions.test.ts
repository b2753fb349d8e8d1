import { describe, expect, it } from 'vitest';
import {
  EXPIRING_SOON_MS, LANDING_TIMEOUT_MS, MULTI_SESSION_OPT_IN_URL, SESSION_LIMIT, consoleHostInfo, expiringSoon, isOpen,
  liveTabIds, multiSessionFromLanding, nextExpiryAlarm, EXPIRY_TICK_MS, openWarnings, signOutUrl, withHost, type ConsoleSessionRecord,
} from './sessions.ts';

const HOST_A = '111111111111-abcd1234.eu-west-1.console.aws.amazon.com';
const rec = (over: Partial<ConsoleSessionRecord> = {}): ConsoleSessionRecord => ({
  identityId: 'a', partition: 'aws', tabIds: [1], landed: true, expiresAt: 10_000_000, openedAt: 0, ...over,
});
const isDefault = (id: string | undefined) => id === undefined || id === 'firefox-default' || id === '0';

describe('console hosts', () => {
  it('reads partition and session label, refuses look-alikes and sign-in hosts', () => {
    expect(consoleHostInfo(`https://${HOST_A}/ec2/home`)).toEqual({ partition: 'aws', host: HOST_A, sessionLabel: '111111111111-abcd1234' });
    expect(consoleHostInfo('https://eu-west-1.console.aws.amazon.com/')).toEqual({ partition: 'aws', host: 'eu-west-1.console.aws.amazon.com' });
    expect(consoleHostInfo('https://console.amazonaws.cn/')).toMatchObject({ partition: 'aws-cn' });
    expect(consoleHostInfo('https://console.aws.amazon.com.evil.example/')).toBeUndefined();
    expect(consoleHostInfo('https://signin.aws.amazon.com/federation')).toBeUndefined();
    expect(consoleHostInfo('http://console.aws.amazon.com/')).toBeUndefined();
    expect(consoleHostInfo('https://console.aws.amazon.com:8443/')).toBeUndefined();
    expect(consoleHostInfo(undefined)).toBeUndefined();
  });
  it('a landing on a session host means multi-session on, on an unlabelled console host off', () => {
    expect(multiSessionFromLanding(`https://${HOST_A}/console/home`)).toBe('on');
    expect(multiSessionFromLanding('https://us-east-1.console.aws.amazon.com/console/home')).toBe('off');
    expect(multiSessionFromLanding('http://127.0.0.1:9/federation')).toBeUndefined();
  });
  it('withHost moves a page to another session host', () => {
    expect(withHost(`https://${HOST_A}/iam/home#/roles`, '111111111111-zzzz9999.eu-west-1.console.aws.amazon.com')).toBe('https://111111111111-zzzz9999.eu-west-1.console.aws.amazon.com/iam/home#/roles');
    expect(withHost('https://example.com/', HOST_A)).toBeUndefined();
  });
});

describe('tabs of a session', () => {
  const tabs = [
    { id: 1, url: `https://${HOST_A}/ec2/home` },
    { id: 2, url: `https://${HOST_A}/s3/home` },
    { id: 3, url: 'https://222222222222-abcd1234.us-east-1.console.aws.amazon.com/' },
    { id: 4, url: 'https://console.aws.amazon.com/' },
    { id: 5, url: 'https://console.aws.amazon.com/', cookieStoreId: 'firefox-container-1' },
    { id: 6, url: 'https://example.com/' },
    { id: 7 },
  ];
  it('multi-session: the tabs on its session host', () => {
    expect(liveTabIds(rec({ sessionHost: HOST_A }), tabs, isDefault)).toEqual([1, 2]);
  });
  it('single-session: the unlabelled console tabs of its cookie store', () => {
    expect(liveTabIds(rec(), tabs, isDefault)).toEqual([4]);
    expect(liveTabIds(rec({ container: 'firefox-container-1' }), tabs, isDefault)).toEqual([5]);
  });
  it('before landing: the sign-in tab while it exists', () => {
    expect(liveTabIds(rec({ landed: false, tabIds: [7] }), tabs, isDefault)).toEqual([7]);
    expect(liveTabIds(rec({ landed: false, tabIds: [99] }), tabs, isDefault)).toEqual([]);
  });
  it('a record counts until expiry once landed; an unlanded one only for the landing timeout', () => {
    expect(isOpen(rec({ expiresAt: 100 }), 99)).toBe(true);
    expect(isOpen(rec({ expiresAt: 100 }), 100)).toBe(false);
    expect(isOpen(rec({ landed: false, openedAt: 0 }), LANDING_TIMEOUT_MS - 1)).toBe(true);
    expect(isOpen(rec({ landed: false, openedAt: 0 }), LANDING_TIMEOUT_MS)).toBe(false);
  });
});

describe('expiry', () => {
  it('expiring soon within 5 minutes', () => {
    expect(expiringSoon({ expiresAt: 1000 + EXPIRING_SOON_MS }, 1000)).toBe(true);
    expect(expiringSoon({ expiresAt: 1001 + EXPIRING_SOON_MS }, 1000)).toBe(false);
  });
  it('the alarm: 5 minutes before the earliest expiry; every minute (or at the expiry if sooner) while one is expiring or expired', () => {
    const now = 1_000_000;
    expect(nextExpiryAlarm([{ expiresAt: now + 3_600_000 }, { expiresAt: now + 1_800_000 }], now)).toBe(now + 1_800_000 - EXPIRING_SOON_MS);
    expect(nextExpiryAlarm([{ expiresAt: now + 30_000 }], now)).toBe(now + 30_000);
    // expiring in 4 minutes: in a minute (the badge's "expires in N min" is recomputed), not only at the end
    expect(nextExpiryAlarm([{ expiresAt: now + 240_000 }], now)).toBe(now + EXPIRY_TICK_MS);
    // expired (kept while it has tabs): still every minute, so the record is pruned and the badge clears
    expect(nextExpiryAlarm([{ expiresAt: now - 1 }], now)).toBe(now + EXPIRY_TICK_MS);
    expect(nextExpiryAlarm([{ expiresAt: now - 1 }, { expiresAt: now + 3_600_000 }], now)).toBe(now + EXPIRY_TICK_MS);
    expect(nextExpiryAlarm([], now)).toBeUndefined();
  });
});

describe('sign-out', () => {
  it('a session host signs out by its label; a classic session through /oauth logout', () => {
    expect(signOutUrl({ partition: 'aws', sessionHost: HOST_A }, 'https://signin.aws.amazon.com')).toBe('https://signin.aws.amazon.com/sessions/111111111111-abcd1234/v1/logout');
    expect(signOutUrl({ partition: 'aws' }, 'http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/oauth?Action=logout&redirect_uri=https%3A%2F%2Fconsole.aws.amazon.com%2F');
    expect(signOutUrl({ partition: 'aws-cn' }, 'https://signin.amazonaws.cn')).toContain('redirect_uri=https%3A%2F%2Fconsole.amazonaws.cn%2F');
  });
});

describe('warnings before a sign-in', () => {
  const now = 1000;
  const s = (identityId: string, over: object = {}) => ({ identityId, label: identityId.toUpperCase(), expiresAt: now + 3_600_000, ...over });
  it('multi-session: nothing below the limit, a 6th warned, the same identity warned as a replacement', () => {
    const four = ['a', 'b', 'c', 'd'].map((x) => s(x));
    expect(openWarnings({ multiSession: 'on', sessions: four, identityId: 'e', now })).toEqual([]);
    const five = [...four, s('e')];
    expect(openWarnings({ multiSession: 'on', sessions: five, identityId: 'f', now })).toEqual([
      { kind: 'limit', used: SESSION_LIMIT, limit: SESSION_LIMIT, message: expect.stringMatching(/5 of 5/) },
    ]);
    expect(openWarnings({ multiSession: 'on', sessions: five, identityId: 'c', now })).toEqual([{ kind: 'replace-same', identityId: 'c', message: expect.stringContaining('"C"') }]);
    // expired sessions do not count
    expect(openWarnings({ multiSession: 'on', sessions: [...four, s('e', { expiresAt: now })], identityId: 'f', now })).toEqual([]);
  });
  it('single-session: any open session is replaced (with the opt-in link), except in a container of its own', () => {
    expect(openWarnings({ multiSession: 'off', sessions: [], identityId: 'a', now })).toEqual([]);
    const w = openWarnings({ multiSession: 'off', sessions: [s('b')], identityId: 'a', partition: 'aws', now });
    expect(w).toEqual([{ kind: 'replace-single', labels: ['B'], message: expect.stringContaining('"B"'), optInUrl: MULTI_SESSION_OPT_IN_URL }]);
    expect(openWarnings({ multiSession: 'unknown', sessions: [s('a')], identityId: 'a', now })[0]!.kind).toBe('replace-single');
    expect(openWarnings({ multiSession: 'off', sessions: [s('b')], identityId: 'a', now, opensInOwnStore: true })).toEqual([]);
    expect(openWarnings({ multiSession: 'off', sessions: [s('b', { container: 'firefox-container-2' })], identityId: 'a', now })).toEqual([]);
    expect(openWarnings({ multiSession: 'off', sessions: [s('b')], identityId: 'a', partition: 'aws-cn', now })[0]).not.toHaveProperty('optInUrl');
  });
  it('each cookie store has its own mode: a sign-in is judged by the mode of the store it opens in', () => {
    const c = 'firefox-container-3';
    // default store off, the identity's container on: signing in again in the container replaces only its own session
    const sessions = [s('d'), s('a', { container: c, multiSession: 'on' })];
    expect(openWarnings({ multiSession: 'off', sessions, identityId: 'a', now, opensInOwnStore: true })).toEqual([{ kind: 'replace-same', identityId: 'a', message: expect.stringContaining('"A"') }]);
    // its container off: the session there is replaced (the default store's session is not)
    expect(openWarnings({ multiSession: 'on', sessions: [s('d'), s('a', { container: c, multiSession: 'off' })], identityId: 'a', now, opensInOwnStore: true }))
      .toEqual([expect.objectContaining({ kind: 'replace-single', labels: ['A'] })]);
    // the default store off while a container is on: a sign-in into the default store replaces its session
    expect(openWarnings({ multiSession: 'off', sessions, identityId: 'b', now })).toEqual([expect.objectContaining({ kind: 'replace-single', labels: ['D'] })]);
    // the default store on: the container's sessions do not count towards its 5, nor is a container session "the same"
    const busy = [...['p', 'q', 'r', 's'].map((x) => s(x)), s('a', { container: c, multiSession: 'on' })];
    expect(openWarnings({ multiSession: 'on', sessions: busy, identityId: 'a', now })).toEqual([]);
    // a container new to the identity holds nothing to replace
    expect(openWarnings({ multiSession: 'off', sessions: [s('d')], identityId: 'b', now, opensInOwnStore: true })).toEqual([]);
  });
});
