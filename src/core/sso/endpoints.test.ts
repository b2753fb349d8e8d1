import { describe, expect, it } from 'vitest';
import { oidcBaseUrl, parseQuery, portalBaseUrl, queryString, validateRedirectUri, validateStartUrl } from './endpoints.ts';

describe('validateStartUrl', () => {
  it('accepts awsapps.com /start URLs and the identitycenter issuer form, normalised', () => {
    expect(validateStartUrl('https://d-1234567890.awsapps.com/start')).toBe('https://d-1234567890.awsapps.com/start');
    expect(validateStartUrl(' https://My-Org.awsapps.com/start/#/ ')).toBe('https://my-org.awsapps.com/start');
    expect(validateStartUrl('https://identitycenter.amazonaws.com/ssoins-111111111111')).toBe('https://identitycenter.amazonaws.com/ssoins-111111111111');
    expect(validateStartUrl('https://identitycenter.amazonaws.com/ssoins-1111111111111111')).toBe('https://identitycenter.amazonaws.com/ssoins-1111111111111111');
    expect(validateStartUrl('https://start.us-gov-home.awsapps.com/directory/d-9067000000/')).toBe('https://start.us-gov-home.awsapps.com/directory/d-9067000000');
    expect(() => validateStartUrl('https://start.us-gov-home.awsapps.com/start')).toThrow(/GovCloud/);
  });

  it('says clearly when a URL is not Identity Center', () => {
    for (const bad of ['https://example.com/start', 'https://awsapps.com.evil.example/start', 'https://signin.aws.amazon.com/saml', 'https://evilawsapps.com/start']) {
      expect(() => validateStartUrl(bad)).toThrow(/is not an IAM Identity Center start URL/);
    }
    expect(() => validateStartUrl('http://my-org.awsapps.com/start')).toThrow(/https/);
    expect(() => validateStartUrl('https://user:pw@my-org.awsapps.com/start')).toThrow(/user name/);
    expect(() => validateStartUrl('https://my-org.awsapps.com:8443/start')).toThrow(/port/);
    expect(() => validateStartUrl('https://my-org.awsapps.com/start?x=1')).toThrow(/query/);
    expect(() => validateStartUrl('https://identitycenter.amazonaws.com/other')).toThrow(/ssoins/);
    expect(() => validateStartUrl('')).toThrow(/start URL/);
    expect(() => validateStartUrl(42)).toThrow(/start URL/);
  });
});

describe('hosts and helpers', () => {
  it('OIDC and portal hosts per partition; overrides normalised; bad regions refused', () => {
    expect(oidcBaseUrl('ap-southeast-2')).toBe('https://oidc.ap-southeast-2.amazonaws.com/');
    expect(portalBaseUrl('cn-north-1')).toBe('https://portal.sso.cn-north-1.amazonaws.com.cn/');
    expect(portalBaseUrl('eu-west-1', 'HTTP://127.0.0.1:8080/portal')).toBe('http://127.0.0.1:8080/portal/');
    expect(() => oidcBaseUrl('us-iso-east-1')).toThrow(/aws-iso/);
    expect(() => portalBaseUrl('eu-west-1', 'http://127.0.0.1/p?x=1')).toThrow(/portalEndpoint/);
  });

  it('redirect URIs are loopback IP literals only', () => {
    expect(validateRedirectUri('http://127.0.0.1:1234/oauth/callback')).toBe('http://127.0.0.1:1234/oauth/callback');
    expect(validateRedirectUri('http://[::1]:1234/cb')).toBe('http://[::1]:1234/cb');
    for (const bad of ['http://localhost:1234/cb', 'https://127.0.0.1/cb', 'http://127.0.0.1:1234/cb?x=1', 'http://127.0.0.1:99999/cb', 'http://10.0.0.1/cb']) expect(() => validateRedirectUri(bad)).toThrow(/loopback|port/);
  });

  it('queryString / parseQuery round trip', () => {
    const q = queryString({ a: 'x y', b: 'sso:account:access', c: "!'()*" });
    expect(q).toBe('a=x%20y&b=sso%3Aaccount%3Aaccess&c=%21%27%28%29%2A');
    expect(Object.fromEntries(parseQuery(q)!)).toEqual({ a: 'x y', b: 'sso:account:access', c: "!'()*" });
    expect(parseQuery('a=%E0%A4%A')).toBeUndefined();
  });
});
