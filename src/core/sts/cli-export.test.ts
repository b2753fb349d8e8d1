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
  it('refuses values that could break out of the shell quoting, and unknown formats', () => {
    expect(() => formatCredentials({ ...c, sessionToken: "x'; rm -rf ~; '" }, 'env')).toThrow(/sessionToken/);
    expect(() => formatCredentials(c, 'bat' as 'env')).toThrow(/format must be one of/);
  });
});
