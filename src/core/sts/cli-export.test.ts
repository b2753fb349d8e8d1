import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCredentials } from './cli-export.ts';

const c = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'AQoDYXdzEJr//////////wEa+tok=', expiration: Date.UTC(2026, 10, 28, 13, 0, 0) };

describe('formatCredentials', () => {
  it('prints export lines with AWS_CREDENTIAL_EXPIRATION and the region', () => {
    expect(formatCredentials(c, 'env', { region: 'eu-west-1' })).toBe(
      "export AWS_ACCESS_KEY_ID='ASIAIOSFODNN7EXAMPLE'\n" +
      "export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n" +
      "export AWS_SESSION_TOKEN='AQoDYXdzEJr//////////wEa+tok='\n" +
      "export AWS_CREDENTIAL_EXPIRATION='2026-11-28T13:00:00Z'\n" +
      "export AWS_REGION='eu-west-1'\nexport AWS_DEFAULT_REGION='eu-west-1'\n");
  });
  it('prints PowerShell and fish variants', () => {
    expect(formatCredentials(c, 'powershell')).toContain('$Env:AWS_SESSION_TOKEN="AQoDYXdzEJr//////////wEa+tok="');
    expect(formatCredentials(c, 'fish')).toContain("set -gx AWS_CREDENTIAL_EXPIRATION '2026-11-28T13:00:00Z'");
  });
  it('prints credential_process JSON as the AWS CLI documents it (Version 1)', () => {
    expect(JSON.parse(formatCredentials(c, 'credential_process'))).toEqual({
      Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: '2026-11-28T13:00:00Z',
    });
  });
  it('prints a ~/.aws/credentials block', () => {
    expect(formatCredentials(c, 'credentials', { profile: 'prod admin' })).toBe(
      '[prod-admin]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' +
      'aws_session_token = AQoDYXdzEJr//////////wEa+tok=\n# expires 2026-11-28T13:00:00Z\n');
  });
  it('the block header is the label as a profile name: no leading, trailing or doubled separators', () => {
    const header = (profile: string) => formatCredentials(c, 'credentials', { profile }).split('\n')[0];
    expect(header('Prod read-only (chained)')).toBe('[Prod-read-only-chained]');
    expect(header('  [admin] // eu ')).toBe('[admin-eu]');
    expect(header('ops -- prod')).toBe('[ops-prod]');
    expect(header('')).toBe('[default]');
  });
  it('refuses values that could break out of the shell quoting, and unknown formats', () => {
    expect(() => formatCredentials({ ...c, sessionToken: "x'; rm -rf ~; '" }, 'env')).toThrow(/sessionToken/);
    expect(() => formatCredentials(c, 'bat' as 'env')).toThrow(/format must be one of/);
  });
});

describe('formatCredentials: long-term keys (no session token, no expiration)', () => {
  const lt = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  it('credential_process JSON without SessionToken and Expiration (what the CLI reads as long-term keys)', () => {
    expect(JSON.parse(formatCredentials(lt, 'credential_process'))).toEqual({ Version: 1, AccessKeyId: lt.accessKeyId, SecretAccessKey: lt.secretAccessKey });
  });

  it('a ~/.aws/credentials block with the two keys only', () => {
    expect(formatCredentials(lt, 'credentials', { profile: 'alice' })).toBe(
      '[alice]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  });

  it('shell formats set the keys and remove a session token or expiration left by an earlier paste', () => {
    expect(formatCredentials(lt, 'env', { region: 'eu-west-1' })).toBe(
      "export AWS_ACCESS_KEY_ID='AKIAIOSFODNN7EXAMPLE'\n" +
      "export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n" +
      "export AWS_REGION='eu-west-1'\nexport AWS_DEFAULT_REGION='eu-west-1'\n" +
      'unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_EXPIRATION\n');
    expect(formatCredentials(lt, 'powershell')).toBe(
      '$Env:AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE"\n$Env:AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n' +
      'Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue\n' +
      'Remove-Item Env:AWS_SECURITY_TOKEN -ErrorAction SilentlyContinue\n' +
      'Remove-Item Env:AWS_CREDENTIAL_EXPIRATION -ErrorAction SilentlyContinue\n');
    expect(formatCredentials(lt, 'fish')).toBe(
      "set -gx AWS_ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'\nset -gx AWS_SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n" +
      'set -e AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_EXPIRATION\n');
  });

  it('pasted into a real sh after a session export, the shell holds the long-term keys and no token', () => {
    const env = execFileSync('/bin/sh', ['-c', formatCredentials(c, 'env') + 'export AWS_SECURITY_TOKEN=old\n' + formatCredentials(lt, 'env') + 'env\n'], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    const vars = Object.fromEntries(env.split('\n').filter((l) => l.startsWith('AWS_')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(vars).toEqual({ AWS_ACCESS_KEY_ID: lt.accessKeyId, AWS_SECRET_ACCESS_KEY: lt.secretAccessKey });
  });

  it('refuses an expiration without a session token (long-term keys do not expire)', () => {
    expect(() => formatCredentials({ ...lt, expiration: c.expiration }, 'env')).toThrow(/no expiration/);
  });
});
