import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { inferTarget, isAwsApiHost, isLoopbackHost, resolveTarget, s3UriToUrl } from './target.ts';

const t = (url: string) => {
  const r = inferTarget(url);
  return { service: r.service, region: r.region, sigv4a: r.sigv4a, ...(r.s3 ? { s3: r.s3 } : {}) };
};

describe('inferTarget', () => {
  it.each([
    ['https://ec2.eu-west-1.amazonaws.com/?Action=DescribeInstances', 'ec2', 'eu-west-1'],
    ['https://dynamodb.us-east-2.amazonaws.com/', 'dynamodb', 'us-east-2'],
    ['https://dynamodb-fips.us-east-1.amazonaws.com/', 'dynamodb', 'us-east-1'],
    ['https://lambda.ap-southeast-2.amazonaws.com/2015-03-31/functions/f/invocations', 'lambda', 'ap-southeast-2'],
    ['https://sts.eu-central-1.amazonaws.com/', 'sts', 'eu-central-1'],
    ['https://iam.amazonaws.com/?Action=ListUsers', 'iam', 'us-east-1'],
    ['https://sts.amazonaws.com/', 'sts', 'us-east-1'],
    ['https://iam.us-gov.amazonaws.com/', 'iam', 'us-gov-west-1'],
    ['https://route53.amazonaws.com/2013-04-01/hostedzone', 'route53', 'us-east-1'],
    ['https://globalaccelerator.amazonaws.com/', 'globalaccelerator', 'us-west-2'],
    ['https://ec2.cn-north-1.amazonaws.com.cn/', 'ec2', 'cn-north-1'],
    ['https://iam.cn-north-1.amazonaws.com.cn/', 'iam', 'cn-north-1'],
    ['https://route53.amazonaws.com.cn/', 'route53', 'cn-northwest-1'],
    ['https://ec2.us-gov-west-1.amazonaws.com/', 'ec2', 'us-gov-west-1'],
    ['https://email.us-east-1.amazonaws.com/', 'ses', 'us-east-1'],
    ['https://streams.dynamodb.eu-west-1.amazonaws.com/', 'dynamodb', 'eu-west-1'],
    ['https://monitoring.eu-west-1.amazonaws.com/', 'monitoring', 'eu-west-1'],
    ['https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/items', 'execute-api', 'eu-west-1'],
    ['https://lambda.us-east-1.api.aws/', 'lambda', 'us-east-1'],
    ['https://ec2.eu-north-1.api.aws/', 'ec2', 'eu-north-1'],
    ['https://abcdefghijklmnop.lambda-url.eu-west-1.on.aws/', 'lambda', 'eu-west-1'],
    ['https://123456789012.dkr.ecr.us-west-2.amazonaws.com/v2/', 'ecr', 'us-west-2'],
    ['https://a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com/things/x/shadow', 'iotdata', 'eu-west-1'],
    ['https://iot.eu-west-1.amazonaws.com/things', 'iot', 'eu-west-1'],
    ['https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql', 'appsync', 'eu-west-1'],
  ])('%s → %s / %s', (url, service, region) => {
    expect(t(url)).toMatchObject({ service, region, sigv4a: false });
  });

  it('S3 virtual-hosted, path-style, legacy, dual-stack and global forms', () => {
    expect(t('https://my-bucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg')).toEqual({ service: 's3', region: 'eu-west-1', sigv4a: false, s3: { addressing: 'virtual-hosted', bucket: 'my-bucket' } });
    expect(t('https://my.dotted.bucket.s3.us-west-2.amazonaws.com/k')).toMatchObject({ region: 'us-west-2', s3: { bucket: 'my.dotted.bucket' } });
    expect(t('https://examplebucket.s3.amazonaws.com/test.txt')).toEqual({ service: 's3', region: 'us-east-1', sigv4a: false, s3: { addressing: 'virtual-hosted', bucket: 'examplebucket' } });
    expect(t('https://s3.eu-west-1.amazonaws.com/my-bucket/a/b')).toEqual({ service: 's3', region: 'eu-west-1', sigv4a: false, s3: { addressing: 'path', bucket: 'my-bucket' } });
    expect(t('https://s3.amazonaws.com/')).toEqual({ service: 's3', region: 'us-east-1', sigv4a: false, s3: { addressing: 'path' } });
    expect(t('https://my-bucket.s3-eu-west-1.amazonaws.com/k')).toMatchObject({ service: 's3', region: 'eu-west-1', s3: { bucket: 'my-bucket' } });
    expect(t('https://my-bucket.s3.dualstack.ap-south-1.amazonaws.com/k')).toMatchObject({ service: 's3', region: 'ap-south-1', s3: { bucket: 'my-bucket' } });
    expect(t('https://s3.cn-northwest-1.amazonaws.com.cn/b/k')).toMatchObject({ service: 's3', region: 'cn-northwest-1', s3: { addressing: 'path', bucket: 'b' } });
    expect(t('https://b.s3.us-gov-east-1.amazonaws.com/k')).toMatchObject({ service: 's3', region: 'us-gov-east-1' });
    expect(t('https://s3-external-1.amazonaws.com/b')).toMatchObject({ service: 's3', region: 'us-east-1' });
    expect(t('https://b.s3-fips.us-east-2.amazonaws.com/k')).toMatchObject({ service: 's3', region: 'us-east-2' });
    expect(t('https://ap-111122223333.s3-accesspoint.us-west-2.amazonaws.com/k')).toMatchObject({ service: 's3', region: 'us-west-2' });
    expect(t('https://111122223333.s3-control.eu-west-1.amazonaws.com/v20180820/jobs')).toMatchObject({ service: 's3', region: 'eu-west-1' });
    expect(t('https://s3-object-lambda.us-east-1.amazonaws.com/')).toMatchObject({ service: 's3-object-lambda', region: 'us-east-1' });
    expect(t('https://bucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/k')).toMatchObject({ service: 's3express', region: 'us-west-2' });
  });

  it('S3 Multi-Region Access Points need SigV4a', () => {
    expect(t('https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k')).toEqual({ service: 's3', region: undefined, sigv4a: true });
  });

  it('hosts that are not AWS API hosts say nothing', () => {
    for (const url of ['http://127.0.0.1:4566/bucket/key', 'https://example.com/', 'https://amazonaws.com/', 'https://evil-amazonaws.com/', 'https://foo.on.aws/', 'https://s3.eu-west-1.amazonaws.com.evil.example/']) {
      expect(t(url)).toEqual({ service: undefined, region: undefined, sigv4a: false });
    }
  });

  it('a China region under the global suffix (or the reverse) is not an AWS host', () => {
    expect(t('https://ec2.cn-north-1.amazonaws.com/')).toMatchObject({ service: undefined, region: undefined });
    expect(t('https://ec2.eu-west-1.amazonaws.com.cn/')).toMatchObject({ service: undefined, region: undefined });
  });

  it('refuses a URL it cannot parse', () => {
    expect(() => inferTarget('not a url')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'url' } }));
  });
});

describe('resolveTarget', () => {
  it('overrides win over inference and are reported as such', () => {
    expect(resolveTarget('https://ec2.eu-west-1.amazonaws.com/')).toEqual({ service: 'ec2', region: 'eu-west-1', sigv4a: false, inferred: { service: true, region: true } });
    expect(resolveTarget('https://ec2.eu-west-1.amazonaws.com/', { region: 'us-east-1' })).toEqual({ service: 'ec2', region: 'us-east-1', sigv4a: false, inferred: { service: true, region: false } });
    expect(resolveTarget('http://127.0.0.1:9000/b/k', { service: 's3', region: 'eu-west-2' })).toEqual({ service: 's3', region: 'eu-west-2', sigv4a: false, inferred: { service: false, region: false } });
  });
  it('a region neither given nor in the host falls back', () => {
    expect(resolveTarget('http://127.0.0.1:9000/', { service: 'dynamodb', fallbackRegion: 'ap-south-1' }).region).toBe('ap-south-1');
    expect(resolveTarget('http://127.0.0.1:9000/', { service: 'dynamodb' }).region).toBe('us-east-1');
  });
  it('needs a service for hosts that do not name one, and a real region', () => {
    const e = (() => { try { resolveTarget('http://127.0.0.1:9000/'); } catch (x) { return x; } })() as SigvaultError;
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'service' } });
    expect(() => resolveTarget('https://ec2.eu-west-1.amazonaws.com/', { region: 'mars-north-1' })).toThrow(expect.objectContaining({ details: { field: 'region' } }));
    expect(() => resolveTarget('https://ec2.eu-west-1.amazonaws.com/', { service: 'ec2 /x' })).toThrow(expect.objectContaining({ details: { field: 'service' } }));
  });
});

describe('resolveTarget: SigV4 or SigV4a', () => {
  const MRAP = 'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg';
  it('a Multi-Region Access Point host signs with SigV4a for every region unless a region set is given', () => {
    expect(resolveTarget(MRAP, { fallbackRegion: 'eu-west-1' })).toEqual({ service: 's3', region: 'eu-west-1', sigv4a: true, regionSet: '*', inferred: { service: true, region: false } });
    expect(resolveTarget(MRAP, { signingAlgorithm: 'sigv4a', regionSet: 'us-east-1,eu-*' })).toMatchObject({ sigv4a: true, regionSet: 'us-east-1,eu-*' });
    expect(resolveTarget(MRAP, { regionSet: 'us-west-2' })).toMatchObject({ sigv4a: true, regionSet: 'us-west-2' });
  });
  it('any other host signs with SigV4 unless the caller asks for SigV4a', () => {
    expect(resolveTarget('https://my-bucket.s3.eu-west-1.amazonaws.com/k')).not.toHaveProperty('regionSet');
    expect(resolveTarget('https://my-bucket.s3.eu-west-1.amazonaws.com/k', { signingAlgorithm: 'sigv4' }).sigv4a).toBe(false);
    expect(resolveTarget('http://127.0.0.1:9000/b/k', { service: 's3', signingAlgorithm: 'sigv4a' })).toMatchObject({ service: 's3', sigv4a: true, regionSet: '*' });
    expect(resolveTarget('http://127.0.0.1:9000/b/k', { service: 's3', signingAlgorithm: 'sigv4a', regionSet: 'us-east-1' }).regionSet).toBe('us-east-1');
  });
  it('refuses SigV4 for a host that takes only SigV4a, a region set without SigV4a, and malformed values', () => {
    const field = (f: string) => expect.objectContaining({ code: 'INVALID_INPUT', details: { field: f } });
    expect(() => resolveTarget(MRAP, { signingAlgorithm: 'sigv4' })).toThrow(field('signingAlgorithm'));
    expect(() => resolveTarget(MRAP, { signingAlgorithm: 'SigV4A' as never })).toThrow(field('signingAlgorithm'));
    expect(() => resolveTarget('https://ec2.eu-west-1.amazonaws.com/', { regionSet: '*' })).toThrow(field('regionSet'));
    expect(() => resolveTarget('https://ec2.eu-west-1.amazonaws.com/', { signingAlgorithm: 'sigv4', regionSet: '*' })).toThrow(field('regionSet'));
    for (const bad of ['', ',', 'us-east-1,', 'us east-1', 'us-east-1;eu-west-1', 'x'.repeat(65), Array(65).fill('a').join(','), 7]) {
      expect(() => resolveTarget(MRAP, { regionSet: bad as never }), String(bad)).toThrow(field('regionSet'));
    }
  });
});

describe('isAwsApiHost / isLoopbackHost', () => {
  it('knows the AWS suffixes of the supported partitions', () => {
    for (const h of ['s3.amazonaws.com', 'dynamodb.eu-west-1.amazonaws.com', 'ec2.cn-north-1.amazonaws.com.cn', 'lambda.us-east-1.api.aws', 'x.lambda-url.eu-west-1.on.aws', 'ec2.us-gov-west-1.amazonaws.com:443']) {
      expect(isAwsApiHost(h), h).toBe(true);
    }
    for (const h of ['amazonaws.com', 'example.com', 'amazonaws.com.evil.example', 'xamazonaws.com', 'foo.on.aws', '127.0.0.1:8080']) {
      expect(isAwsApiHost(h), h).toBe(false);
    }
  });
  it('loopback', () => {
    expect(isLoopbackHost('127.0.0.1:4566')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
  });
});

describe('s3UriToUrl', () => {
  it('s3://bucket/key → object URL', () => {
    expect(s3UriToUrl('s3://my-bucket/photos/a b+c.jpg', 'eu-west-1')).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/photos/a%20b%2Bc.jpg');
    expect(s3UriToUrl('s3://my.bucket/k', 'us-east-1')).toBe('https://s3.us-east-1.amazonaws.com/my.bucket/k');
    expect(s3UriToUrl('s3://b-cn/k', 'cn-north-1')).toBe('https://b-cn.s3.cn-north-1.amazonaws.com.cn/k');
    expect(s3UriToUrl('s3://bucket', 'us-east-1')).toBe('https://bucket.s3.us-east-1.amazonaws.com/');
    expect(s3UriToUrl('https://x.example/', 'us-east-1')).toBe('https://x.example/');
  });
  it('the URL it makes infers back to the same bucket and region', () => {
    expect(inferTarget(s3UriToUrl('s3://my-bucket/k', 'ap-northeast-1'))).toMatchObject({ service: 's3', region: 'ap-northeast-1', s3: { bucket: 'my-bucket' } });
    expect(inferTarget(s3UriToUrl('s3://my.bucket/k', 'us-west-1'))).toMatchObject({ service: 's3', region: 'us-west-1', s3: { addressing: 'path', bucket: 'my.bucket' } });
  });
  it('refuses bad bucket names', () => {
    for (const u of ['s3://', 's3://A/k', 's3://ab/k', 's3://a..b/k', 's3://-bucket/k']) expect(() => s3UriToUrl(u, 'us-east-1'), u).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
