import { describe, expect, it } from 'vitest';
import { AgentError } from './channel.ts';
import { assertAgentHostAllowed, customEndpointOrigins } from './hosts.ts';

function code(url: string, custom: string[] = []): string | undefined {
  try {
    assertAgentHostAllowed(url, custom);
  } catch (e) {
    return (e as AgentError).code;
  }
  return undefined;
}

describe('agent host check', () => {
  it.each([
    'https://sts.amazonaws.com/',
    'https://dynamodb.eu-west-1.amazonaws.com/',
    'https://my-bucket.s3.us-east-1.amazonaws.com/key',
    'https://ec2.cn-north-1.amazonaws.com.cn/',
    'https://s3.us-gov-west-1.amazonaws.com/',
    'https://ec2.us-east-1.api.aws/',
    'https://abc.lambda-url.us-east-1.on.aws/',
    'https://abc.execute-api.eu-central-1.amazonaws.com/prod/x',
  ])('allows the AWS host %s', (url) => {
    expect(code(url)).toBeUndefined();
  });

  it.each([
    'https://example.com/',
    'https://amazonaws.com.evil.example/',
    'https://evilamazonaws.com/',
    'https://sts.amazonaws.com.evil.example/',
    'http://sts.amazonaws.com/', // not over https
    'http://127.0.0.1:4566/', // loopback is not AWS unless the user listed it
    'https://evil.example/?x=.amazonaws.com',
  ])('refuses %s with HOST_NOT_ALLOWED', (url) => {
    expect(code(url)).toBe('HOST_NOT_ALLOWED');
  });

  it('allows the exact origins of the user\'s custom endpoints, not their other ports', () => {
    const custom = customEndpointOrigins(['http://127.0.0.1:4566', '', 'https://vpce-1.sts.example.internal/base', 'garbage']);
    expect(custom).toEqual(['http://127.0.0.1:4566', 'https://vpce-1.sts.example.internal']);
    expect(code('http://127.0.0.1:4566/bucket', custom)).toBeUndefined();
    expect(code('https://vpce-1.sts.example.internal/', custom)).toBeUndefined();
    expect(code('http://127.0.0.1:4567/', custom)).toBe('HOST_NOT_ALLOWED');
    expect(code('https://127.0.0.1:4566/', custom)).toBe('HOST_NOT_ALLOWED');
  });

  it('calls a malformed URL bad input', () => {
    expect(code('https://')).toBe('INVALID_INPUT');
  });
});
