import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SigvaultError } from '../errors.ts';
import type { HttpFetch } from './client.ts';
import {
  SigninError,
  consoleLoginUrl,
  defaultDestination,
  getSigninToken,
  loginUrl,
  sessionJson,
  signinBaseFor,
  validateDestination,
} from './federation.ts';

const FED = '/work/shared/aws-examples/federation';
const CREDS = {
  accessKeyId: 'ASIAJUMHIZPTOKTBMK5A',
  secretAccessKey: 'LSD7LWI/L/N+gYpan5QFz0XUpc8s7HYjRsgcsrsm',
  sessionToken: 'FQoDYXdzEBQaDLbj3VWv2u50NN/3yyLSASwYtWhPnGPMNmzZFfZsL0Qd3vtYHw5A5dWAjOsrkdPkghomIe3mJip5/0djDBbo7SmO/ENDEiCdpsQKodTpleKA8xQq0CwFg6a69xdEBQT8FipATnLbKoyS4b/ebhnsTUjZZQWp0wXXqFF7gSm/Me2tXe0jzsdP0O12obez9lijPSdF1k2b5PfGhiuyAR9aD5+ubM0pY86fKex1qsytjvyTbZ9nXe6DvxVDcnCOhOGETJ7XFkSFdH0v/YR25CUAhJ3nXIkIbG7Ucv9cOEpCf/g23ijRgILIBQ==',
};
const TOKEN = 'VCQgs5qZZt3Q6fn8Tr5EXAMPLEmLnwB7JjUc-SHwnUUWabcRdnWsi4DBn-dvCCZ85wrD0nmldUcZEXAMPLE-vXYH4Q__mleuF_W2BE5HYexbe9y4Of';

function fake(replies: Array<{ status: number; body: string } | Error>) {
  const urls: string[] = [];
  const fetch: HttpFetch = async (url, init) => {
    urls.push(url);
    expect(init.method).toBe('GET');
    const r = replies.shift();
    if (!r) throw new Error('no reply');
    if (r instanceof Error) throw r;
    return { status: r.status, headers: { get: () => null }, text: async () => r.body };
  };
  return { fetch, urls };
}

/** Decode one query parameter the way a server would (`+` = space). */
function param(url: string, name: string): string | undefined {
  const q = url.slice(url.indexOf('?') + 1);
  for (const part of q.split('&')) {
    const [k, v = ''] = part.split('=');
    if (k === name) return decodeURIComponent(v.replace(/\+/g, ' '));
  }
  return undefined;
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

describe('getSigninToken', () => {
  it('builds the documented request and reads {"SigninToken": …}', async () => {
    const { fetch, urls } = fake([{ status: 200, body: `{"SigninToken":"${TOKEN}"}` }]);
    const r = await getSigninToken({ fetch }, CREDS, { credentialKind: 'role', sessionDuration: 1800 });
    expect(r).toEqual({ signinToken: TOKEN, signinBase: 'https://signin.aws.amazon.com', sessionDurationDropped: false });
    const url = urls[0]!;
    expect(url.startsWith('https://signin.aws.amazon.com/federation?Action=getSigninToken&SessionDuration=1800&Session=%7B%22sessionId%22%3A%22ASIAJUMHIZPTOKTBMK5A%22')).toBe(true);
    // The Session value decodes to the same JSON as the documented example (which has spaces after ':' and ',').
    const documented = JSON.parse(readFileSync(`${FED}/getSigninToken.session.decoded-from-example.json`, 'utf8'));
    expect(JSON.parse(param(url, 'Session')!)).toEqual(documented);
    const fromDocUrl = param(readFileSync(`${FED}/getSigninToken.request-url.txt`, 'utf8'), 'Session')!;
    expect(JSON.parse(fromDocUrl)).toEqual(JSON.parse(param(url, 'Session')!));
    expect(url).not.toMatch(/[+ ]/); // '+' in the secret is %2B, no spaces anywhere
  });

  it('Session JSON keys are sessionId/sessionKey/sessionToken', () => {
    expect(JSON.parse(sessionJson(CREDS))).toEqual({ sessionId: CREDS.accessKeyId, sessionKey: CREDS.secretAccessKey, sessionToken: CREDS.sessionToken });
  });

  it('omits SessionDuration when not asked; refuses it for federation-token credentials', async () => {
    const { fetch, urls } = fake([{ status: 200, body: `{"SigninToken":"${TOKEN}"}` }]);
    await getSigninToken({ fetch }, CREDS, { credentialKind: 'federation-token' });
    expect(urls[0]).not.toContain('SessionDuration');
    const e = await rejection(getSigninToken({ fetch }, CREDS, { credentialKind: 'federation-token', sessionDuration: 3600 }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details.field).toBe('sessionDuration');
    expect(urls).toHaveLength(1);
  });

  it('SessionDuration must be 900–43200', async () => {
    const { fetch } = fake([]);
    for (const d of [899, 43_201, 1.5]) {
      const e = await rejection(getSigninToken({ fetch }, CREDS, { credentialKind: 'role', sessionDuration: d }));
      expect(e.details.field).toBe('sessionDuration');
    }
  });

  it('refuses long-term keys (no session token) before any request', async () => {
    const { fetch, urls } = fake([]);
    const e = await rejection(getSigninToken({ fetch }, { accessKeyId: 'AKIA…', secretAccessKey: 's', sessionToken: '' }, { credentialKind: 'role' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/temporary credentials/);
    expect(urls).toHaveLength(0);
  });

  it('400 with SessionDuration: retried once without it', async () => {
    const { fetch, urls } = fake([
      { status: 400, body: '<html>Invalid Credentials Parameter</html>' },
      { status: 200, body: `{"SigninToken":"${TOKEN}"}` },
    ]);
    const r = await getSigninToken({ fetch }, CREDS, { credentialKind: 'role', sessionDuration: 43_200 });
    expect(r.sessionDurationDropped).toBe(true);
    expect(urls[0]).toContain('SessionDuration=43200');
    expect(urls[1]).not.toContain('SessionDuration');
  });

  it('refusals are SigninError with status and hint, never echoing the URL or credentials', async () => {
    const { fetch } = fake([
      { status: 400, body: '<html>message Invalid credentials parameter</html>' },
      { status: 503, body: '' },
      { status: 200, body: '<html>not json</html>' },
      { status: 200, body: '{"SigninToken":""}' },
    ]);
    const e1 = (await rejection(getSigninToken({ fetch }, CREDS, { credentialKind: 'role' }))) as SigninError;
    expect(e1).toBeInstanceOf(SigninError);
    expect(e1.code).toBe('SIGNIN_ERROR');
    expect(e1.httpStatus).toBe(400);
    expect(e1.hint).toMatch(/AssumeRole or GetFederationToken/);
    const e2 = (await rejection(getSigninToken({ fetch }, CREDS, { credentialKind: 'role' }))) as SigninError;
    expect(e2.httpStatus).toBe(503);
    expect(e2.hint).toMatch(/temporary problem/);
    for (let i = 0; i < 2; i++) {
      const e = (await rejection(getSigninToken({ fetch }, CREDS, { credentialKind: 'role' }))) as SigninError;
      expect(e.message).toMatch(/did not return a sign-in token/);
    }
    for (const e of [e1, e2]) {
      const all = e.message + JSON.stringify(e) + e.stack;
      expect(all).not.toContain(CREDS.secretAccessKey);
      expect(all).not.toContain('LSD7LWI');
      expect(all).not.toContain('Session=');
    }
  });

  it('network failure: NETWORK, no URL (it carries the secret) in the message', async () => {
    const { fetch } = fake([new TypeError(`fetch failed for https://signin.aws.amazon.com/federation?Session=${encodeURIComponent(CREDS.secretAccessKey)}`)]);
    const e = await rejection(getSigninToken({ fetch, region: 'eu-west-1' }, CREDS, { credentialKind: 'role' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain('https://eu-west-1.signin.aws.amazon.com');
    expect(e.message).not.toContain('LSD7LWI');
    expect(e.message).not.toContain('federation?');
  });

  it('endpoints: regional, partitions, override (path kept)', () => {
    expect(signinBaseFor({ region: 'eu-west-1' })).toBe('https://eu-west-1.signin.aws.amazon.com');
    expect(signinBaseFor({ partition: 'aws-us-gov', region: 'us-gov-east-1' })).toBe('https://us-gov-east-1.signin.amazonaws-us-gov.com');
    expect(signinBaseFor({ partition: 'aws-cn' })).toBe('https://signin.amazonaws.cn');
    expect(signinBaseFor({ signinBase: 'http://127.0.0.1:9999' })).toBe('http://127.0.0.1:9999');
    expect(signinBaseFor({ signinBase: 'https://proxy.example/aws-signin/' })).toBe('https://proxy.example/aws-signin');
    expect(() => signinBaseFor({ signinBase: 'javascript:alert(1)' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('loginUrl', () => {
  it('reproduces the documented login URL exactly', () => {
    const doc = readFileSync(`${FED}/login-url.txt`, 'utf8');
    const token = param(doc, 'SigninToken')!;
    expect(loginUrl({ signinBase: 'https://signin.aws.amazon.com', issuer: 'https://example.com', destination: 'https://console.aws.amazon.com/', signinToken: token })).toBe(doc);
  });
  it('omits an empty Issuer; refuses a missing token', () => {
    const u = loginUrl({ signinBase: 'http://127.0.0.1:1234', destination: 'https://console.aws.amazon.com/', signinToken: 'abc' });
    expect(u).toBe('http://127.0.0.1:1234/federation?Action=login&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=abc');
    expect(() => loginUrl({ signinBase: 'https://signin.aws.amazon.com', destination: 'https://console.aws.amazon.com/', signinToken: '' })).toThrow(/signinToken/);
  });
});

describe('destinations', () => {
  it('default: console home in the region', () => {
    expect(defaultDestination('aws', 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    expect(defaultDestination('aws', 'us-east-1')).toBe('https://console.aws.amazon.com/console/home?region=us-east-1');
    expect(defaultDestination('aws')).toBe('https://console.aws.amazon.com/console/home');
    expect(defaultDestination('aws-us-gov', 'us-gov-west-1')).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
    expect(defaultDestination('aws-cn', 'cn-north-1')).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1');
  });

  it('accepts console deep links of the partition only', () => {
    expect(validateDestination('https://console.aws.amazon.com/s3/buckets?region=us-east-1', 'aws')).toBe('https://console.aws.amazon.com/s3/buckets?region=us-east-1');
    expect(validateDestination('HTTPS://EU-WEST-1.console.aws.amazon.com', 'aws')).toBe('https://eu-west-1.console.aws.amazon.com/');
    expect(validateDestination('https://console.aws.amazon.com:443/iam/', 'aws')).toBe('https://console.aws.amazon.com/iam/');
    expect(validateDestination('https://console.amazonaws-us-gov.com/iam', 'aws-us-gov')).toBe('https://console.amazonaws-us-gov.com/iam');
    expect(validateDestination('https://console.amazonaws.cn/ec2/home#Instances:', 'aws-cn')).toBe('https://console.amazonaws.cn/ec2/home#Instances:');
    const bad: Array<[unknown, string]> = [
      ['http://console.aws.amazon.com/', 'aws'],
      ['https://console.aws.amazon.com.evil.com/', 'aws'],
      ['https://evil.com/?x=console.aws.amazon.com', 'aws'],
      ['https://user@console.aws.amazon.com/', 'aws'],
      ['https://console.aws.amazon.com:8443/', 'aws'],
      ['https://console.aws.amazon.com\\@evil.com/', 'aws'],
      ['https://console.aws.amazon.com/ x', 'aws'],
      ['javascript:alert(1)', 'aws'],
      ['https://console.amazonaws.cn/', 'aws'],
      ['https://console.aws.amazon.com/', 'aws-cn'],
      ['https://signin.aws.amazon.com/federation', 'aws'],
      [42, 'aws'],
    ];
    for (const [url, p] of bad) {
      expect(() => validateDestination(url, p as 'aws'), String(url)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'destination' } }));
    }
  });
});

describe('consoleLoginUrl', () => {
  it('token + login URL to the default destination of a region', async () => {
    const { fetch, urls } = fake([{ status: 200, body: `{"SigninToken":"${TOKEN}"}` }]);
    const r = await consoleLoginUrl({ fetch, partition: 'aws', region: 'eu-west-1' }, { credentials: CREDS, credentialKind: 'role', sessionDuration: 3600, issuer: 'https://sigvault.invalid' });
    expect(urls[0]!.startsWith('https://eu-west-1.signin.aws.amazon.com/federation?Action=getSigninToken&SessionDuration=3600&')).toBe(true);
    expect(r.destination).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    expect(r.url).toBe(
      `https://eu-west-1.signin.aws.amazon.com/federation?Action=login&Issuer=https%3A%2F%2Fsigvault.invalid&Destination=${encodeURIComponent(r.destination)}&SigninToken=${TOKEN}`,
    );
  });
  it('validates a caller destination before spending a request', async () => {
    const { fetch, urls } = fake([]);
    await expect(consoleLoginUrl({ fetch }, { credentials: CREDS, credentialKind: 'role', destination: 'https://evil.example/' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(urls).toHaveLength(0);
  });
});
