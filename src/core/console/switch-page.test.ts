/** The pure half of the switch-role page adapter: what a console page offered, checked, and the request built from it. */
import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { parseConsoleUrl, type ConsoleUrlContext } from '../sts/console-url.ts';
import { isAwsOwnEndpoint } from '../sts/endpoints.ts';
import { buildSwitch, readMultiSessionReply, readSwitchPage, switchRedirect, type SwitchPage } from './switch-page.ts';

const URL_ = 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:';
const ctx = parseConsoleUrl(URL_) as ConsoleUrlContext;
const tab = { origin: 'https://eu-west-1.console.aws.amazon.com', context: ctx };
const multiTab = { origin: 'https://111122223333-abcd1234.eu-west-1.console.aws.amazon.com', context: ctx };
const CSRF = 'Zm9vYmFyYmF6cXV4LWNzcmYtdmFsdWU';

function probe(patch: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    origin: tab.origin,
    sessionData: JSON.stringify({ signInEndpoint: 'eu-west-1.signin.aws.amazon.com', infrastructureRegion: 'eu-west-1', prismModeEnabled: false, ...data }),
    signinEndpoint: null,
    csrf: CSRF,
    accountInfo: { loginDisplayNameAccount: '1111-2222-3333', loginDisplayNameUser: 'Admin/alice' },
    ...patch,
  };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SigvaultError);
    return (e as SigvaultError).code;
  }
  throw new Error('expected an error');
}

describe('the sign-in hosts a page may name (isAwsOwnEndpoint signin)', () => {
  it.each([
    ['signin.aws.amazon.com', 'aws', true],
    ['eu-west-1.signin.aws.amazon.com', 'aws', true],
    ['cn-north-1.signin.aws.amazon.com', 'aws', false],
    ['evil.signin.aws.amazon.com', 'aws', false],
    ['signin.aws.amazon.com.evil.example', 'aws', false],
    ['signin.amazonaws-us-gov.com', 'aws-us-gov', true],
    ['us-gov-east-1.signin.amazonaws-us-gov.com', 'aws-us-gov', true],
    ['signin.amazonaws.cn', 'aws-cn', true],
    ['signin.amazonaws.cn', 'aws', false],
  ] as const)('%s in %s: %s', (host, partition, expected) => {
    expect(isAwsOwnEndpoint('signin', `https://${host}`, partition)).toBe(expected);
  });
});

describe('readSwitchPage', () => {
  it('reads a classic console: sign-in host from the session data, CSRF, account (dashes dropped)', () => {
    expect(readSwitchPage(probe(), tab)).toEqual({ partition: 'aws', mode: 'classic', signinBase: 'https://eu-west-1.signin.aws.amazon.com', csrf: CSRF, account: '111122223333' });
  });
  it('falls back to the #awsc-signin-endpoint meta of older pages', () => {
    expect(readSwitchPage(probe({ sessionData: null, signinEndpoint: 'signin.aws.amazon.com' }), tab).signinBase).toBe('https://signin.aws.amazon.com');
  });
  it('reads a multi-session console: its session id, and the current role\'s account', () => {
    const page = readSwitchPage(probe({ origin: multiTab.origin, accountInfo: { loginDisplayNameAccount: '111122223333', roleDisplayNameAccount: '444455556666' } }, { prismModeEnabled: true, sessionDifferentiator: '111122223333-abcd1234' }), multiTab);
    expect(page).toMatchObject({ mode: 'multi-session', sessionId: '111122223333-abcd1234', account: '444455556666' });
  });
  it('"the console changed" when a multi-session page names a session id that is not its own host\'s', () => {
    const data = { prismModeEnabled: true, sessionDifferentiator: '111122223333-abcd1234' };
    // another session's id on a session host
    const other = { origin: 'https://111122223333-zzzz9999.eu-west-1.console.aws.amazon.com', context: ctx };
    expect(code(() => readSwitchPage(probe({ origin: other.origin }, data), other))).toBe('CONSOLE_CHANGED');
    // a session id on a host without a session label
    expect(code(() => readSwitchPage(probe({}, data), tab))).toBe('CONSOLE_CHANGED');
    // its own: fine
    expect(readSwitchPage(probe({ origin: multiTab.origin }, data), multiTab).sessionId).toBe('111122223333-abcd1234');
  });
  it('posts to the configured sign-in override instead, which the page may name', () => {
    expect(readSwitchPage(probe({}, { signInEndpoint: '127.0.0.1:4567' }), tab, 'http://127.0.0.1:4567/').signinBase).toBe('http://127.0.0.1:4567');
    expect(readSwitchPage(probe(), tab, 'http://127.0.0.1:4567').signinBase).toBe('http://127.0.0.1:4567');
    // without the override, the same page names a host that is not AWS's
    expect(code(() => readSwitchPage(probe({}, { signInEndpoint: '127.0.0.1:4567' }), tab))).toBe('CONSOLE_CHANGED');
  });
  it.each([
    ['nothing read', null],
    ['no session data nor sign-in meta', probe({ sessionData: null })],
    ['session data that is not JSON', probe({ sessionData: '{nope' })],
    ['session data that is an array', probe({ sessionData: '[]' })],
    ['a foreign sign-in host', probe({}, { signInEndpoint: 'signin.aws.amazon.com.evil.example' })],
    ['a sign-in host of another partition', probe({}, { signInEndpoint: 'signin.amazonaws.cn' })],
    ['a sign-in endpoint with a path', probe({}, { signInEndpoint: 'signin.aws.amazon.com/x' })],
    ['a sign-in endpoint with userinfo', probe({}, { signInEndpoint: 'a@signin.aws.amazon.com' })],
    ['a non-boolean multi-session flag', probe({}, { prismModeEnabled: 'yes' })],
    ['multi-session without a session id', probe({}, { prismModeEnabled: true })],
    ['a session id with a dot', probe({}, { prismModeEnabled: true, sessionDifferentiator: 'a.b' })],
    ['no CSRF value', probe({ csrf: null })],
    ['a CSRF value with a space', probe({ csrf: 'abc def ghi jkl' })],
    ['no account', probe({ accountInfo: {} })],
    ['an account that is neither id nor alias', probe({ accountInfo: { loginDisplayNameAccount: 'Not An Account' } })],
  ])('"the console changed" for %s', (_what, p) => {
    expect(code(() => readSwitchPage(p, tab))).toBe('CONSOLE_CHANGED');
  });
  it('a tab that moved on while it was read is INVALID_INPUT, not the console changing', () => {
    expect(code(() => readSwitchPage(probe({ origin: 'https://example.com' }), tab))).toBe('INVALID_INPUT');
  });
  it('the message says what to do', () => {
    try {
      readSwitchPage(probe({ csrf: null }), tab);
    } catch (e) {
      expect((e as Error).message).toMatch(/^The AWS console changed; use Open console instead \(/);
    }
  });
});

describe('buildSwitch', () => {
  const page: SwitchPage = { partition: 'aws', mode: 'classic', signinBase: 'https://signin.aws.amazon.com', csrf: CSRF, account: '111122223333' };
  const role = { label: 'Prod admin', account: '222233334444', roleName: 'team/Admin', color: '#FF8800' };

  it('classic: the console\'s form, in its order, redirect_uri percent-encoded', () => {
    expect(buildSwitch(page, role, ctx)).toEqual({
      mode: 'classic',
      action: 'https://signin.aws.amazon.com/switchrole',
      fields: [
        ['action', 'switchFromBasis'], ['src', 'nav'], ['mfaNeeded', '0'], ['csrf', CSRF], ['roleName', 'team/Admin'],
        ['account', '222233334444'], ['displayName', 'Prod admin'], ['color', 'ff8800'], ['redirect_uri', encodeURIComponent(URL_)],
      ],
      redirectUri: URL_,
    });
  });
  it('multi-session: the JSON request to the session\'s endpoint; redirectUri without the session label', () => {
    const multi = parseConsoleUrl('https://111122223333-abcd1234.eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1') as ConsoleUrlContext;
    const r = buildSwitch({ ...page, mode: 'multi-session', sessionId: '111122223333-abcd1234' }, { ...role, displayName: 'prod', color: undefined }, multi);
    expect(r).toEqual({
      mode: 'multi-session',
      url: 'https://signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole',
      body: { account: '222233334444', roleName: 'team/Admin', displayName: 'prod', color: 'aaaaaa', redirectUri: 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1' },
      redirectUri: 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1',
    });
  });
  it('a role with a region sends the console to that region', () => {
    expect(switchRedirect(ctx, 'us-west-2')).toBe('https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances:');
    expect(switchRedirect(ctx, 'eu-west-1')).toBe(URL_);
    expect(switchRedirect(ctx, 'cn-north-1')).toBe(URL_); // another partition: stays
  });
  it('a stored role that is not switchable is INVALID_INPUT (a vault written elsewhere)', () => {
    expect(code(() => buildSwitch(page, { ...role, roleName: 'x'.repeat(65) }, ctx))).toBe('INVALID_INPUT');
    expect(code(() => buildSwitch(page, { ...role, account: 'BAD ACCOUNT' }, ctx))).toBe('INVALID_INPUT');
  });
});

describe('readMultiSessionReply', () => {
  it('returns the destination when it is a console address of the partition', () => {
    const d = 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1&login_hint=222233334444-abcd1234';
    expect(readMultiSessionReply({ status: 200, body: JSON.stringify({ destination: d }) }, 'aws')).toBe(d);
  });
  it.each([
    ['a foreign destination', { status: 200, body: JSON.stringify({ destination: 'https://evil.example/' }) }, 'CONSOLE_CHANGED'],
    ['a javascript: destination', { status: 200, body: JSON.stringify({ destination: 'javascript:alert(1)' }) }, 'CONSOLE_CHANGED'],
    ['another partition\'s console', { status: 200, body: JSON.stringify({ destination: 'https://console.amazonaws.cn/' }) }, 'CONSOLE_CHANGED'],
    ['no destination', { status: 200, body: '{}' }, 'CONSOLE_CHANGED'],
    ['a body that is not JSON', { status: 200, body: '<html>' }, 'CONSOLE_CHANGED'],
    ['a refusal', { status: 403, body: '' }, 'SIGNIN_ERROR'],
    ['no answer', { status: 0, body: '' }, 'NETWORK'],
    ['nothing', undefined, 'NETWORK'],
  ])('%s', (_what, reply, expected) => {
    expect(code(() => readMultiSessionReply(reply, 'aws'))).toBe(expected);
  });
});
