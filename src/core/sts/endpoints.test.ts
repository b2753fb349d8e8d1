import { describe, expect, it } from 'vitest';
import { isAwsOwnEndpoint, resolveStsEndpoint, signingRegionFor, signingRegionOfStsHost, validateEndpointOverrides } from './endpoints.ts';

describe('signing region of an STS host (issue 10 item 9)', () => {
  it.each([
    ['https://sts.amazonaws.com', 'us-east-1'],
    ['https://sts.amazonaws.com/', 'us-east-1'],
    ['https://STS.AmazonAWS.com', 'us-east-1'],
    ['https://sts.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['https://sts-fips.us-east-2.amazonaws.com', 'us-east-2'],
    ['https://sts.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://sts.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1'],
    ['https://sts.ap-south-1.api.aws', 'ap-south-1'],
    ['https://vpce-0123456789abcdef0-abcdefgh.sts.eu-central-1.vpce.amazonaws.com', 'eu-central-1'],
    ['https://vpce-0123456789abcdef0-abcdefgh-eu-central-1a.sts.eu-central-1.vpce.amazonaws.com/', 'eu-central-1'],
    ['https://vpce-0abc.sts.cn-north-1.vpce.amazonaws.com.cn', 'cn-north-1'],
  ])('%s → %s', (url, region) => {
    expect(signingRegionOfStsHost(url)).toBe(region);
  });

  it.each([
    'http://127.0.0.1:4566',
    'http://localhost:4566/sts',
    'https://proxy.example.com',
    'https://sts.example.com',
    'https://sts.amazonaws.com.evil.com',
    'https://sts.cn-north-1.amazonaws.com', // China region under the commercial suffix
    'https://sts.us-east-1.amazonaws.com.cn', // and the other way round
    'https://sts.xx-foo-1.amazonaws.com',
    'https://sts.us-iso-east-1.c2s.ic.gov', // a partition Sigvault does not support
    'https://abc.execute-api.us-east-1.amazonaws.com',
    'https://[::1]:8080',
  ])('%s → none (sign for the request region)', (url) => {
    expect(signingRegionOfStsHost(url)).toBeUndefined();
  });

  it('signingRegionFor: the override\'s signingRegion, else the host\'s, else the request region', () => {
    expect(signingRegionFor('eu-west-1')).toBe('eu-west-1');
    expect(signingRegionFor('eu-west-1', { url: 'https://sts.amazonaws.com' })).toBe('us-east-1');
    expect(signingRegionFor('eu-west-1', { url: 'https://sts.amazonaws.com', signingRegion: 'us-west-2' })).toBe('us-west-2');
    expect(signingRegionFor('eu-west-1', { url: 'http://127.0.0.1:4566' })).toBe('eu-west-1');
    expect(signingRegionFor('eu-west-1', { url: 'http://127.0.0.1:4566', signingRegion: 'us-east-1' })).toBe('us-east-1');
  });

  it('resolveStsEndpoint: the region\'s partition\'s override, else AWS\'s regional host', () => {
    const o = validateEndpointOverrides({ aws: { url: 'https://sts.amazonaws.com' }, 'aws-cn': { url: 'http://127.0.0.1:9000/cn' } });
    expect(resolveStsEndpoint('eu-west-1', o)).toEqual({ url: 'https://sts.amazonaws.com/', signingRegion: 'us-east-1' });
    expect(resolveStsEndpoint('cn-north-1', o)).toEqual({ url: 'http://127.0.0.1:9000/cn/', signingRegion: 'cn-north-1' });
    expect(resolveStsEndpoint('us-gov-east-1', o)).toEqual({ url: 'https://sts.us-gov-east-1.amazonaws.com/', signingRegion: 'us-gov-east-1' });
  });
});

describe('isAwsOwnEndpoint: exactly the partition\'s own STS and sign-in hosts', () => {
  it.each([
    ['sts', 'https://sts.amazonaws.com', 'aws'],
    ['sts', 'https://sts.amazonaws.com/', 'aws'],
    ['sts', 'https://sts.eu-west-1.amazonaws.com', 'aws'],
    ['sts', 'https://sts-fips.us-east-1.amazonaws.com', 'aws'],
    ['sts', 'https://sts.us-east-1.api.aws', 'aws'],
    ['sts', 'https://sts.cn-north-1.amazonaws.com.cn', 'aws-cn'],
    ['sts', 'https://sts.us-gov-west-1.amazonaws.com', 'aws-us-gov'],
    ['signin', 'https://signin.aws.amazon.com', 'aws'],
    ['signin', 'https://eu-west-1.signin.aws.amazon.com/', 'aws'],
    ['signin', 'https://signin.amazonaws-us-gov.com', 'aws-us-gov'],
    ['signin', 'https://us-gov-east-1.signin.amazonaws-us-gov.com', 'aws-us-gov'],
    ['signin', 'https://signin.amazonaws.cn', 'aws-cn'],
  ] as const)('%s %s (%s): own', (kind, url, partition) => {
    expect(isAwsOwnEndpoint(kind, url, partition)).toBe(true);
  });

  it.each([
    // loopback and other hosts: a held host permission is not consent
    ['sts', 'http://127.0.0.1:4566', 'aws'],
    ['signin', 'http://localhost:4566', 'aws'],
    ['sts', 'http://sts.amazonaws.com', 'aws'], // not https
    // anything else under amazonaws.com: API Gateway, S3, VPC endpoints
    ['sts', 'https://abc123.execute-api.us-east-1.amazonaws.com', 'aws'],
    ['sts', 'https://sts.s3.amazonaws.com', 'aws'],
    ['sts', 'https://sts.s3.us-east-1.amazonaws.com', 'aws'],
    ['sts', 'https://vpce-0abc.sts.us-east-1.vpce.amazonaws.com', 'aws'],
    ['signin', 'https://my-bucket.s3.amazonaws.com', 'aws'],
    // the wrong partition or kind
    ['sts', 'https://sts.amazonaws.com', 'aws-us-gov'],
    ['sts', 'https://sts.us-gov-west-1.amazonaws.com', 'aws'],
    ['sts', 'https://sts.cn-north-1.amazonaws.com.cn', 'aws'],
    ['signin', 'https://signin.aws.amazon.com', 'aws-cn'],
    ['signin', 'https://sts.amazonaws.com', 'aws'],
    ['sts', 'https://signin.aws.amazon.com', 'aws'],
    // port, userinfo, path, query, fragment, odd host spellings
    ['sts', 'https://sts.amazonaws.com:443', 'aws'],
    ['sts', 'https://sts.amazonaws.com:8443/', 'aws'],
    ['signin', 'https://user@signin.aws.amazon.com', 'aws'],
    ['signin', 'https://signin.aws.amazon.com@evil.example', 'aws'],
    ['signin', 'https://signin.aws.amazon.com/federation', 'aws'],
    ['signin', 'https://signin.aws.amazon.com/?x=1', 'aws'],
    ['signin', 'https://signin.aws.amazon.com/#x', 'aws'],
    ['signin', 'https://signin.aws.amazon.com.', 'aws'],
    ['signin', 'https://signin.aws.amazon.com.evil.example', 'aws'],
    ['signin', 'https://evil-signin.aws.amazon.com', 'aws'],
    ['signin', 'https://xx-foo-1.signin.aws.amazon.com', 'aws'],
    ['signin', 'https://a.b.signin.aws.amazon.com', 'aws'],
    ['signin', 'https://signin.aws.amazon.com\\@evil.example', 'aws'],
    ['signin', ' https://signin.aws.amazon.com', 'aws'],
    ['signin', 'https://signin%2Eaws.amazon.com', 'aws'],
  ] as const)('%s %s (%s): not own', (kind, url, partition) => {
    expect(isAwsOwnEndpoint(kind, url, partition)).toBe(false);
  });
});
