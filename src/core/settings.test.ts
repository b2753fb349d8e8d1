import { describe, expect, it } from 'vitest';
import {
  applyVaultPatch, DEFAULT_LOCAL_SETTINGS, defaultVaultSettings, localSettingsFromStored, newUnconfirmedEndpoints, parseEndpoint, vaultSettingsInForce,
  validateSettingsPatch, vaultSettingsFromStored,
} from './settings.ts';

describe('settings', () => {
  it('splits a patch into local settings and sealed ones', () => {
    expect(validateSettingsPatch({ autoLockMinutes: 5, lockOnOsLock: false, theme: 'dark' })).toEqual({
      local: { theme: 'dark' }, vault: { autoLockMinutes: 5, lockOnOsLock: false }, confirmEndpoint: false,
    });
    expect(validateSettingsPatch({ endpoints: { aws: { sts: 'http://127.0.0.1:4566/' } }, confirmEndpoint: true })).toEqual({
      local: {}, vault: { endpoints: { aws: { sts: 'http://127.0.0.1:4566' } } }, confirmEndpoint: true,
    });
  });
  it.each([
    [{ autoLockMinutes: 0 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 1441 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 2.5 }, 'autoLockMinutes'],
    [{ autoLockMinutes: '5' }, 'autoLockMinutes'],
    [{ lockOnOsLock: 'yes' }, 'lockOnOsLock'],
    [{ confirmEndpoint: 'yes' }, 'confirmEndpoint'],
    [{ stsEndpoint: 'http://127.0.0.1:1' }, 'stsEndpoint'], // the old flat name is gone: overrides are per partition
    [{ endpoints: [] }, 'endpoints'],
    [{ endpoints: { 'aws-iso': { sts: '' } } }, 'endpoints.aws-iso'],
    [{ endpoints: { aws: 'x' } }, 'endpoints.aws'],
    [{ endpoints: { aws: { bogus: '' } } }, 'endpoints.aws.bogus'],
    [{ endpoints: { aws: { stsSigningRegion: 'cn-north-1' } } }, 'endpoints.aws.stsSigningRegion'],
    [{ endpoints: { 'aws-cn': { stsSigningRegion: 'nowhere' } } }, 'endpoints.aws-cn.stsSigningRegion'],
    [{ nope: 1 }, 'nope'],
    [null, 'settings'],
    [[1], 'settings'],
  ])('refuses %j naming %s', (patch, field) => {
    expect(() => validateSettingsPatch(patch)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field } }));
  });
  it('accepts endpoint overrides: https anywhere, http only on loopback; normalises the trailing slash', () => {
    const sts = (url: string) => validateSettingsPatch({ endpoints: { aws: { sts: url } } }).vault.endpoints!.aws!.sts;
    expect(sts('http://127.0.0.1:4566/')).toBe('http://127.0.0.1:4566');
    expect(validateSettingsPatch({ endpoints: { 'aws-us-gov': { signin: 'http://localhost:8080/prefix/' } } }).vault.endpoints!['aws-us-gov']!.signin).toBe('http://localhost:8080/prefix');
    expect(sts('https://vpce-123.sts.us-east-1.vpce.amazonaws.com')).toBe('https://vpce-123.sts.us-east-1.vpce.amazonaws.com');
    expect(sts('')).toBe('');
    expect(parseEndpoint('http://localhost:9000', 'x')).toMatchObject({ loopback: true, origin: 'http://localhost:9000' });
    expect(parseEndpoint('https://sts.example.com', 'x')).toMatchObject({ loopback: false, host: 'sts.example.com' });
  });
  it.each([
    ['http://sts.example.com', /only on 127\.0\.0\.1 or localhost/],
    ['ftp://127.0.0.1', /must be a URL/],
    ['https://user:pw@sts.example.com', /must be a URL/],
    ['https://sts.example.com/?q=1', /must be a URL/],
    ['https://sts example.com', /must be a URL/],
    ['http://127.0.0.1:99999', /port/],
    // loopback is what the CSP and host permissions let the background reach: 127.0.0.1 and localhost
    ['http://[::1]:9000', /only on 127\.0\.0\.1 or localhost/],
    ['http://127.0.0.2:9000', /only on 127\.0\.0\.1 or localhost/],
  ])('refuses endpoint %s', (url, re) => {
    expect(() => validateSettingsPatch({ endpoints: { aws: { sts: url } } })).toThrow(re);
  });
  it('accepts a federation session policy document or empty; refuses malformed or oversized ones', () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    expect(validateSettingsPatch({ federationPolicy: policy }).vault).toEqual({ federationPolicy: policy });
    expect(validateSettingsPatch({ federationPolicy: '  ' }).vault).toEqual({ federationPolicy: '' });
    expect(() => validateSettingsPatch({ federationPolicy: '{nope' })).toThrow(/not valid JSON/);
    expect(() => validateSettingsPatch({ federationPolicy: '[1]' })).toThrow(/Statement/);
    expect(() => validateSettingsPatch({ federationPolicy: JSON.stringify({ Statement: 'x'.repeat(2100) }) })).toThrow(/2048/);
  });
  // issue 15 item 2: the options page shows these under the field, as they are
  it('says what is wrong in people\'s words: the field as the page names it, its unit, no property names', () => {
    const messageOf = (patch: unknown) => {
      try {
        validateSettingsPatch(patch);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const cases: Array<[unknown, RegExp]> = [
      [{ autoLockMinutes: 0 }, /^Auto-lock takes a whole number of minutes, from 1 to 1440 \(24 hours\)\.$/],
      [{ federationPolicy: '{nope' }, /^The session policy is not valid JSON/],
      [{ federationPolicy: '[1]' }, /^The session policy must be a policy document with a Statement/],
      [{ federationPolicy: JSON.stringify({ Statement: 'x'.repeat(2100) }) }, /^The session policy is 2116 characters long; AWS accepts at most 2048\.$/],
      [{ endpoints: { aws: { signin: 'http://signin.example.com' } } }, /^The console sign-in endpoint for AWS may use http: only on 127\.0\.0\.1 or localhost; use https:\/\/signin\.example\.com instead\.$/],
      [{ endpoints: { 'aws-us-gov': { sts: 'not a url' } } }, /^The STS endpoint for AWS GovCloud \(US\) must be a URL like https:/],
      [{ endpoints: { 'aws-us-gov': { stsSigningRegion: 'eu-west-1' } } }, /^The STS signing region for AWS GovCloud \(US\) must be one of its regions; eu-west-1 is not\.$/],
      [{ defaultRegion: 'nowhere' }, /^The default region must look like us-east-1/],
      [{ lockOnOsLock: 'yes' }, /^Lock when the computer locks must be on/],
    ];
    for (const [patch, re] of cases) {
      const m = messageOf(patch);
      expect(m, JSON.stringify(patch)).toMatch(re);
      expect(m).not.toMatch(/autoLockMinutes|federationPolicy|endpoints\.|defaultRegion|lockOnOsLock/);
    }
  });
  it('defaultRegion: a region code (default us-east-1), trimmed; anything else names the field', () => {
    expect(DEFAULT_LOCAL_SETTINGS.defaultRegion).toBe('us-east-1');
    expect(validateSettingsPatch({ defaultRegion: 'eu-west-1' }).local).toEqual({ defaultRegion: 'eu-west-1' });
    expect(validateSettingsPatch({ defaultRegion: ' ap-southeast-2 ' }).local).toEqual({ defaultRegion: 'ap-southeast-2' });
    expect(validateSettingsPatch({ defaultRegion: 'us-gov-west-1' }).local).toEqual({ defaultRegion: 'us-gov-west-1' });
    for (const bad of ['', 'EU-WEST-1', 'eu-west', 'europe', 'eu-west-1a', 'https://eu-west-1', 42, null]) {
      expect(() => validateSettingsPatch({ defaultRegion: bad }), String(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'defaultRegion' }, message: expect.stringMatching(/region/i) }));
    }
    expect(localSettingsFromStored({ defaultRegion: 'nowhere' }).defaultRegion).toBe('us-east-1');
  });
  it('theme: system (default), light or dark', () => {
    expect(DEFAULT_LOCAL_SETTINGS.theme).toBe('system');
    for (const theme of ['system', 'light', 'dark']) expect(validateSettingsPatch({ theme }).local).toEqual({ theme });
    for (const bad of ['Dark', 'auto', '', true, null]) {
      expect(() => validateSettingsPatch({ theme: bad }), String(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'theme' } }));
    }
    expect(localSettingsFromStored({ theme: 'purple' }).theme).toBe('system');
  });
  it('local settings read from storage ignore everything that is not theme or default region (an older version kept endpoints there)', () => {
    const planted = { stsEndpoint: 'http://127.0.0.1:1', signinEndpoint: 'http://127.0.0.1:1', autoLockMinutes: 1440, lockOnOsLock: false, theme: 'dark', junk: 1 };
    expect(localSettingsFromStored(planted)).toEqual({ defaultRegion: 'us-east-1', theme: 'dark' });
    expect(localSettingsFromStored('garbage')).toEqual(DEFAULT_LOCAL_SETTINGS);
  });
  it('the sealed settings record: each damaged field falls back to its default, never to an unchecked value', () => {
    const def = defaultVaultSettings();
    expect(vaultSettingsFromStored(undefined)).toEqual(def);
    expect(vaultSettingsFromStored({ autoLockMinutes: -3, lockOnOsLock: false, endpoints: { aws: { sts: 'http://evil.example', signin: 'http://127.0.0.1:9' }, 'aws-cn': 7 } })).toEqual({
      ...def, lockOnOsLock: false, endpoints: { ...def.endpoints, aws: { sts: '', stsSigningRegion: '', signin: 'http://127.0.0.1:9', oidc: '', portal: '' } },
    });
  });
  it('applyVaultPatch merges endpoints per partition and per field', () => {
    const a = applyVaultPatch(defaultVaultSettings(), { endpoints: { aws: { sts: 'http://127.0.0.1:1' } } });
    const b = applyVaultPatch(a, { endpoints: { aws: { signin: 'http://127.0.0.1:2' } }, autoLockMinutes: 3 });
    expect(b.endpoints.aws).toEqual({ sts: 'http://127.0.0.1:1', stsSigningRegion: '', signin: 'http://127.0.0.1:2', oidc: '', portal: '' });
    expect(b.autoLockMinutes).toBe(3);
    expect(a.endpoints.aws.signin).toBe(''); // not mutated
  });
  it('Identity Center endpoints and SAML endpoints need confirming like STS ones; SAML capture is off by default', () => {
    const base = defaultVaultSettings();
    expect(base.samlCapture).toBe(false);
    const need = (patch: Parameters<typeof applyVaultPatch>[1]) => newUnconfirmedEndpoints(base, applyVaultPatch(base, patch)).map((x) => `${x.field} ${x.url}`);
    expect(need({ endpoints: { aws: { oidc: 'https://oidc.eu-west-1.amazonaws.com', portal: 'https://portal.sso.eu-west-1.amazonaws.com' } } })).toEqual([]);
    expect(need({ endpoints: { 'aws-cn': { oidc: 'https://oidc.cn-north-1.amazonaws.com.cn' } } })).toEqual([]);
    expect(need({ endpoints: { aws: { oidc: 'https://oidc.evil.example', portal: 'http://127.0.0.1:9/portal' } } })).toEqual(['endpoints.aws.oidc https://oidc.evil.example', 'endpoints.aws.portal http://127.0.0.1:9/portal']);
    expect(need({ endpoints: { aws: { portal: 'https://portal.sso.cn-north-1.amazonaws.com.cn' } } })).toHaveLength(1);
    expect(need({ samlEndpoints: ['http://127.0.0.1:8/saml'] })).toEqual(['samlEndpoints.0 http://127.0.0.1:8/saml']);
    const patch = validateSettingsPatch({ samlCapture: true, samlEndpoints: [' http://127.0.0.1:8/saml ', 'http://127.0.0.1:8/saml'] });
    expect(patch.vault).toEqual({ samlCapture: true, samlEndpoints: ['http://127.0.0.1:8/saml'] });
    expect(() => validateSettingsPatch({ samlEndpoints: ['http://evil.example/saml'] })).toThrow(/http:\/\/ only for 127.0.0.1/);
    expect(() => validateSettingsPatch({ samlEndpoints: 'x' })).toThrow(/list/);
    expect(() => validateSettingsPatch({ samlCapture: 'yes' })).toThrow(/true or false/);
    expect(vaultSettingsFromStored({ samlCapture: true, samlEndpoints: ['ftp://x'] })).toMatchObject({ samlCapture: true, samlEndpoints: [] });
  });
  it('an endpoint needs confirming unless it is the partition\'s own STS or sign-in host, or already in force', () => {
    const base = defaultVaultSettings();
    const need = (partition: 'aws' | 'aws-cn' | 'aws-us-gov', kind: 'sts' | 'signin', url: string, from = base) =>
      newUnconfirmedEndpoints(from, applyVaultPatch(from, { endpoints: { [partition]: { [kind]: url } } })).map((x) => x.url);
    // AWS's own hosts
    expect(need('aws', 'sts', 'https://sts.amazonaws.com')).toEqual([]);
    expect(need('aws', 'sts', 'https://sts.eu-west-1.amazonaws.com')).toEqual([]);
    expect(need('aws', 'sts', 'https://sts-fips.us-east-1.amazonaws.com')).toEqual([]);
    expect(need('aws-cn', 'sts', 'https://sts.cn-north-1.amazonaws.com.cn')).toEqual([]);
    expect(need('aws-us-gov', 'sts', 'https://sts.us-gov-west-1.amazonaws.com')).toEqual([]);
    expect(need('aws', 'signin', 'https://signin.aws.amazon.com')).toEqual([]);
    expect(need('aws', 'signin', 'https://eu-west-1.signin.aws.amazon.com')).toEqual([]);
    expect(need('aws-us-gov', 'signin', 'https://signin.amazonaws-us-gov.com')).toEqual([]);
    expect(need('aws-cn', 'signin', 'https://signin.amazonaws.cn')).toEqual([]);
    // anything else, including hosts under amazonaws.com anyone can own, loopback, and another partition's
    for (const [p, k, url] of [
      ['aws', 'signin', 'https://abc.execute-api.us-east-1.amazonaws.com/prod'],
      ['aws', 'sts', 'https://mybucket.s3.amazonaws.com'],
      ['aws', 'sts', 'https://vpce-1.sts.us-east-1.vpce.amazonaws.com'],
      ['aws', 'sts', 'http://127.0.0.1:4566'],
      ['aws', 'signin', 'http://localhost:9000'],
      ['aws', 'sts', 'https://sts.cn-north-1.amazonaws.com.cn'],
      ['aws-cn', 'sts', 'https://sts.us-east-1.amazonaws.com'],
      ['aws', 'signin', 'https://signin.aws.amazon.com.evil.example'],
      ['aws', 'sts', 'https://sts.amazonaws.com:8443'],
    ] as const) {
      expect(need(p, k, url), url).toEqual([url]);
    }
    const inForce = applyVaultPatch(base, { endpoints: { aws: { sts: 'http://127.0.0.1:4566' } } });
    expect(need('aws', 'sts', 'http://127.0.0.1:4566', inForce)).toEqual([]);
    expect(need('aws', 'sts', 'http://127.0.0.1:4567', inForce)).toEqual(['http://127.0.0.1:4567']);
  });
});

describe('vaultSettingsInForce', () => {
  it('a record wins (a damaged one means the defaults); without one, an older version\'s values tighten the defaults', () => {
    const def = defaultVaultSettings();
    expect(vaultSettingsInForce(true, { autoLockMinutes: 30 }, { autoLockMinutes: 5 })).toEqual({ settings: { ...def, autoLockMinutes: 30 } });
    expect(vaultSettingsInForce(true, undefined, { autoLockMinutes: 5 })).toEqual({ settings: def });
    expect(vaultSettingsInForce(false, undefined, { autoLockMinutes: 5, lockOnOsLock: false, stsEndpoint: 'http://127.0.0.1:9' })).toEqual({
      settings: { ...def, autoLockMinutes: 5 }, adopt: { autoLockMinutes: 5 },
    });
    expect(vaultSettingsInForce(false, undefined, { autoLockMinutes: 1440 })).toEqual({ settings: def });
  });
});

describe('consoleContainers (Firefox containers for console sign-ins)', () => {
  it('is on by default, sealed, validated, and kept from a stored record', () => {
    expect(defaultVaultSettings().consoleContainers).toBe(true);
    expect(validateSettingsPatch({ consoleContainers: false })).toEqual({ local: {}, vault: { consoleContainers: false }, confirmEndpoint: false });
    expect(() => validateSettingsPatch({ consoleContainers: 'no' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'consoleContainers' } }));
    expect(applyVaultPatch(defaultVaultSettings(), { consoleContainers: false }).consoleContainers).toBe(false);
    expect(applyVaultPatch({ ...defaultVaultSettings(), consoleContainers: false }, { autoLockMinutes: 5 }).consoleContainers).toBe(false);
    expect(vaultSettingsFromStored({ consoleContainers: false }).consoleContainers).toBe(false);
    // an older record without the field, or a damaged value: the default
    expect(vaultSettingsFromStored({ autoLockMinutes: 5 }).consoleContainers).toBe(true);
    expect(vaultSettingsFromStored({ consoleContainers: 'off' }).consoleContainers).toBe(true);
  });
});
