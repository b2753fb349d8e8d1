import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseEndpoint, settingsFromStored, validateSettingsPatch } from './settings.ts';

describe('settings', () => {
  it('accepts valid patches', () => {
    expect(validateSettingsPatch({ autoLockMinutes: 5, lockOnOsLock: false })).toEqual({ autoLockMinutes: 5, lockOnOsLock: false });
  });
  it.each([
    [{ autoLockMinutes: 0 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 1441 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 2.5 }, 'autoLockMinutes'],
    [{ autoLockMinutes: '5' }, 'autoLockMinutes'],
    [{ lockOnOsLock: 'yes' }, 'lockOnOsLock'],
    [{ nope: 1 }, 'nope'],
    [null, 'settings'],
    [[1], 'settings'],
  ])('refuses %j naming %s', (patch, field) => {
    expect(() => validateSettingsPatch(patch)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field } }));
  });
  it('accepts endpoint overrides: https anywhere, http only on loopback; normalises the trailing slash', () => {
    expect(validateSettingsPatch({ stsEndpoint: 'http://127.0.0.1:4566/' })).toEqual({ stsEndpoint: 'http://127.0.0.1:4566' });
    expect(validateSettingsPatch({ signinEndpoint: 'http://localhost:8080/prefix/' })).toEqual({ signinEndpoint: 'http://localhost:8080/prefix' });
    expect(validateSettingsPatch({ stsEndpoint: 'https://vpce-123.sts.us-east-1.vpce.amazonaws.com' })).toEqual({ stsEndpoint: 'https://vpce-123.sts.us-east-1.vpce.amazonaws.com' });
    expect(validateSettingsPatch({ stsEndpoint: '' })).toEqual({ stsEndpoint: '' });
    expect(parseEndpoint('http://[::1]:9000', 'x')).toMatchObject({ loopback: true, origin: 'http://[::1]:9000' });
    expect(parseEndpoint('https://sts.example.com', 'x')).toMatchObject({ loopback: false, host: 'sts.example.com' });
  });
  it.each([
    ['http://sts.example.com', /loopback/],
    ['ftp://127.0.0.1', /must be a URL/],
    ['https://user:pw@sts.example.com', /must be a URL/],
    ['https://sts.example.com/?q=1', /must be a URL/],
    ['https://sts example.com', /must be a URL/],
    ['http://127.0.0.1:99999', /port/],
  ])('refuses endpoint %s', (url, re) => {
    expect(() => validateSettingsPatch({ stsEndpoint: url })).toThrow(re);
  });
  it('accepts a federation session policy document or empty; refuses malformed or oversized ones', () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    expect(validateSettingsPatch({ federationPolicy: policy })).toEqual({ federationPolicy: policy });
    expect(validateSettingsPatch({ federationPolicy: '  ' })).toEqual({ federationPolicy: '' });
    expect(() => validateSettingsPatch({ federationPolicy: '{nope' })).toThrow(/not valid JSON/);
    expect(() => validateSettingsPatch({ federationPolicy: '[1]' })).toThrow(/Statement/);
    expect(() => validateSettingsPatch({ federationPolicy: JSON.stringify({ Statement: 'x'.repeat(2100) }) })).toThrow(/2048/);
  });
  it('defaultRegion: a region code (default us-east-1), trimmed; anything else names the field', () => {
    expect(DEFAULT_SETTINGS.defaultRegion).toBe('us-east-1');
    expect(validateSettingsPatch({ defaultRegion: 'eu-west-1' })).toEqual({ defaultRegion: 'eu-west-1' });
    expect(validateSettingsPatch({ defaultRegion: ' ap-southeast-2 ' })).toEqual({ defaultRegion: 'ap-southeast-2' });
    expect(validateSettingsPatch({ defaultRegion: 'us-gov-west-1' })).toEqual({ defaultRegion: 'us-gov-west-1' });
    for (const bad of ['', 'EU-WEST-1', 'eu-west', 'europe', 'eu-west-1a', 'https://eu-west-1', 42, null]) {
      expect(() => validateSettingsPatch({ defaultRegion: bad }), String(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'defaultRegion' }, message: expect.stringMatching(/region/i) }));
    }
    expect(settingsFromStored({ defaultRegion: 'nowhere' }).defaultRegion).toBe('us-east-1');
  });
  it('theme: system (default), light or dark', () => {
    expect(DEFAULT_SETTINGS.theme).toBe('system');
    for (const theme of ['system', 'light', 'dark']) expect(validateSettingsPatch({ theme })).toEqual({ theme });
    for (const bad of ['Dark', 'auto', '', true, null]) {
      expect(() => validateSettingsPatch({ theme: bad }), String(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'theme' } }));
    }
    expect(settingsFromStored({ theme: 'purple' }).theme).toBe('system');
  });
  it('falls back to defaults per key for damaged stored values', () => {
    expect(settingsFromStored({ autoLockMinutes: -3, lockOnOsLock: false, junk: 1 })).toEqual({ ...DEFAULT_SETTINGS, lockOnOsLock: false });
    expect(settingsFromStored('garbage')).toEqual(DEFAULT_SETTINGS);
  });
});
