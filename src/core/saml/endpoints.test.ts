import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSamlEndpoint, partitionOfSamlEndpoint, samlUrlPatterns, validateSamlEndpoint } from './endpoints.ts';

/** Every sign-in endpoint AWS lists (General Reference), plus China's. */
const CSV = readFileSync('/work/shared/aws-examples/federation/signin-endpoints.csv', 'utf8').trim().split('\n').slice(1);
const LISTED = CSV.map((l) => {
  const cols = l.split(',');
  return { host: cols[cols.length - 2]!, partition: cols[cols.length - 1]! };
});

/** Chrome/Firefox match-pattern semantics for what the tests need: `*.` host wildcard, `*` path glob. */
function matches(pattern: string, url: string): boolean {
  const m = /^(https?):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
  const u = new URL(url);
  if (u.protocol !== `${m[1]}:`) return false;
  const host = m[2]!;
  if (host.startsWith('*.') ? !(u.hostname === host.slice(2) || u.hostname.endsWith(host.slice(1))) : u.hostname !== host) return false;
  const re = new RegExp('^' + m[3]!.split('*').map((s) => s.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*') + '$');
  return re.test(u.pathname + u.search);
}

describe('isSamlEndpoint / partitionOfSamlEndpoint', () => {
  it('every listed sign-in host, /saml, with or without a query', () => {
    expect(LISTED.length).toBeGreaterThan(30);
    for (const { host, partition } of LISTED) {
      expect(partitionOfSamlEndpoint(`https://${host}/saml`)).toBe(partition);
      expect(isSamlEndpoint(`https://${host}/saml?SAMLRequest=x&RelayState=y`, [])).toBe(true);
    }
  });

  it.each([
    ['https://signin.aws.amazon.com/saml', 'aws'],
    ['https://us-east-1.signin.aws.amazon.com/saml', 'aws'],
    ['https://eu-west-1.signin.aws.amazon.com/saml/acs/SAMLSP4SHN3UIS2D558H46', 'aws'],
    ['https://signin.aws.amazon.com/static/saml', 'aws'],
    ['https://signin.amazonaws-us-gov.com/saml', 'aws-us-gov'],
    ['https://us-gov-east-1.signin.amazonaws-us-gov.com/saml', 'aws-us-gov'],
    ['https://signin.amazonaws.cn/saml', 'aws-cn'],
    ['https://cn-northwest-1.signin.amazonaws.cn/saml', 'aws-cn'],
    ['HTTPS://SIGNIN.AWS.AMAZON.COM/saml', 'aws'],
  ])('%s → %s', (url, partition) => {
    expect(partitionOfSamlEndpoint(url)).toBe(partition);
  });

  it.each([
    'http://signin.aws.amazon.com/saml',
    'https://signin.aws.amazon.com/saml/',
    'https://signin.aws.amazon.com/samlx',
    'https://signin.aws.amazon.com/saml/../federation',
    'https://signin.aws.amazon.com/x/saml',
    'https://signin.aws.amazon.com/federation',
    'https://signin.aws.amazon.com/saml#frag',
    'https://signin.aws.amazon.com:8443/saml',
    'https://user:pw@signin.aws.amazon.com/saml',
    'https://signin.aws.amazon.com.evil.example/saml',
    'https://evilsignin.aws.amazon.com/saml',
    'https://evil.example/signin.aws.amazon.com/saml',
    'https://a.b.signin.aws.amazon.com/saml',
    'https://cn-north-1.signin.aws.amazon.com/saml',
    'https://eu-west-1.signin.amazonaws.cn/saml',
    'https://us-gov-west-1.signin.aws.amazon.com/saml',
    'https://signin.amazonaws.com/saml',
    'https://signin.aws.amazon.com/saml/acs/',
    'https://signin.aws.amazon.com/saml/acs/a/b',
    'not a url',
  ])('refuses %s', (url) => {
    expect(partitionOfSamlEndpoint(url)).toBeUndefined();
    expect(isSamlEndpoint(url, [])).toBe(false);
  });

  it('extra endpoints: exact scheme, host, port and path; a query allowed', () => {
    const extra = ['http://127.0.0.1:8123/saml'];
    expect(isSamlEndpoint('http://127.0.0.1:8123/saml', extra)).toBe(true);
    expect(isSamlEndpoint('http://127.0.0.1:8123/saml?x=1', extra)).toBe(true);
    expect(isSamlEndpoint('http://127.0.0.1:8124/saml', extra)).toBe(false);
    expect(isSamlEndpoint('https://127.0.0.1:8123/saml', extra)).toBe(false);
    expect(isSamlEndpoint('http://127.0.0.1:8123/saml/x', extra)).toBe(false);
    expect(isSamlEndpoint('http://u:p@127.0.0.1:8123/saml', extra)).toBe(false);
    expect(partitionOfSamlEndpoint('http://127.0.0.1:8123/saml')).toBeUndefined();
  });
});

describe('samlUrlPatterns', () => {
  it("cover every AWS ACS URL and the extras (ports dropped: Firefox's match patterns have none)", () => {
    const pats = samlUrlPatterns(['http://127.0.0.1:8123/saml']);
    for (const p of pats) expect(p).toMatch(/^(https?):\/\/(\*\.)?[a-z0-9.-]+\/[a-z/]*\*$/);
    expect(pats).toContain('http://127.0.0.1/saml*');
    const urls = [
      ...LISTED.map(({ host }) => `https://${host}/saml?x=1`),
      'https://signin.amazonaws.cn/saml',
      'https://cn-north-1.signin.amazonaws.cn/saml',
      'https://eu-west-1.signin.aws.amazon.com/saml/acs/ID1',
      'https://signin.aws.amazon.com/static/saml',
      'http://127.0.0.1:8123/saml',
    ];
    for (const u of urls) expect(pats.some((p) => matches(p, u)), u).toBe(true);
    expect(pats.some((p) => matches(p, 'https://signin.aws.amazon.com/federation'))).toBe(false);
    expect(samlUrlPatterns([])).toHaveLength(12);
  });
});

describe('validateSamlEndpoint', () => {
  it('normalises good entries', () => {
    expect(validateSamlEndpoint('http://127.0.0.1:8123/saml')).toBe('http://127.0.0.1:8123/saml');
    expect(validateSamlEndpoint('https://SSO.Example.com/acs')).toBe('https://sso.example.com/acs');
    expect(validateSamlEndpoint('http://localhost/saml')).toBe('http://localhost/saml');
  });
  it.each([
    ['ftp://example.com/saml', /https:\/\//],
    ['http://example.com/saml', /http:\/\/ only for 127.0.0.1/],
    ['https://user:secret@example.com/saml', /user name or password/],
    ['https://example.com/saml?x=1', /query or fragment/],
    ['https://example.com/saml#x', /query or fragment/],
    ['https://example.com/sa*ml', /wildcards/],
    ['example.com/saml', /must be a URL/],
    [42, /must be a URL/],
  ])('refuses %s', (v, message) => {
    expect(() => validateSamlEndpoint(v)).toThrow(message);
    try {
      validateSamlEndpoint(v, 'samlEndpoints.0');
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'samlEndpoints.0' } });
      expect((e as Error).message).not.toContain('secret');
    }
  });
});
