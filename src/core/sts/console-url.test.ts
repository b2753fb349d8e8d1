import { describe, expect, it } from 'vitest';
import { parseConsoleUrl, serviceDisplayName } from './console-url.ts';
import { validateDestination } from './federation.ts';

describe('parseConsoleUrl: console pages in the three partitions', () => {
  it.each([
    ['https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      { partition: 'aws', service: 'ec2', region: 'eu-west-1', destination: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:' }],
    ['https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:instanceState=running',
      { partition: 'aws', service: 'ec2', region: 'eu-west-1', destination: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:instanceState=running' }],
    ['https://console.aws.amazon.com/ec2/home?region=us-west-2',
      { partition: 'aws', service: 'ec2', region: 'us-west-2', destination: 'https://console.aws.amazon.com/ec2/home?region=us-west-2' }],
    ['https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions',
      { partition: 'aws', service: 'lambda', region: 'us-east-1', destination: 'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions' }],
    // the host's region when there is no ?region=
    ['https://ap-southeast-2.console.aws.amazon.com/cloudwatch/home',
      { partition: 'aws', service: 'cloudwatch', region: 'ap-southeast-2', destination: 'https://ap-southeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-2' }],
    // ?region= wins over the host (the page shows the query's region)
    ['https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-central-1',
      { partition: 'aws', service: 'rds', region: 'eu-central-1', destination: 'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-central-1' }],
    // global service, no region anywhere
    ['https://console.aws.amazon.com/iam/home#/users',
      { partition: 'aws', service: 'iam', destination: 'https://console.aws.amazon.com/iam/home#/users' }],
    // S3's own console host
    ['https://s3.console.aws.amazon.com/s3/buckets?region=us-east-1&bucketType=general',
      { partition: 'aws', service: 's3', region: 'us-east-1', destination: 'https://s3.console.aws.amazon.com/s3/buckets?region=us-east-1' }],
    // console home: no service
    ['https://console.aws.amazon.com/console/home?region=eu-north-1',
      { partition: 'aws', region: 'eu-north-1', destination: 'https://console.aws.amazon.com/console/home?region=eu-north-1' }],
    ['https://console.aws.amazon.com/',
      { partition: 'aws', destination: 'https://console.aws.amazon.com/' }],
    ['https://console.aws.amazon.com',
      { partition: 'aws', destination: 'https://console.aws.amazon.com/' }],
    // multi-session: the session label is dropped (the sign-in makes a new session)
    ['https://123456789012-abcdefgh.us-east-2.console.aws.amazon.com/ec2/home?region=us-east-2',
      { partition: 'aws', service: 'ec2', region: 'us-east-2', destination: 'https://us-east-2.console.aws.amazon.com/ec2/home?region=us-east-2' }],
    // upper-case scheme and host, explicit :443
    ['HTTPS://EU-WEST-1.Console.AWS.Amazon.com:443/ec2/home?region=eu-west-1',
      { partition: 'aws', service: 'ec2', region: 'eu-west-1', destination: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1' }],
    // China
    ['https://console.amazonaws.cn/ec2/home?region=cn-north-1#Instances:',
      { partition: 'aws-cn', service: 'ec2', region: 'cn-north-1', destination: 'https://console.amazonaws.cn/ec2/home?region=cn-north-1#Instances:' }],
    ['https://cn-northwest-1.console.amazonaws.cn/s3/buckets',
      { partition: 'aws-cn', service: 's3', region: 'cn-northwest-1', destination: 'https://cn-northwest-1.console.amazonaws.cn/s3/buckets?region=cn-northwest-1' }],
    // GovCloud
    ['https://console.amazonaws-us-gov.com/iam',
      { partition: 'aws-us-gov', service: 'iam', destination: 'https://console.amazonaws-us-gov.com/iam' }],
    ['https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1#Instances:',
      { partition: 'aws-us-gov', service: 'ec2', region: 'us-gov-west-1', destination: 'https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1#Instances:' }],
    ['https://us-gov-east-1.console.amazonaws-us-gov.com/vpcconsole/home',
      { partition: 'aws-us-gov', service: 'vpcconsole', region: 'us-gov-east-1', destination: 'https://us-gov-east-1.console.amazonaws-us-gov.com/vpcconsole/home?region=us-gov-east-1' }],
  ])('%s', (url, expected) => {
    const ctx = parseConsoleUrl(url);
    expect(ctx).toEqual(expected);
    // and console.open's own check accepts the destination
    expect(validateDestination(ctx!.destination, ctx!.partition)).toBe(ctx!.destination);
  });
});

describe('parseConsoleUrl: nothing that could be a token is carried over', () => {
  it('drops every query parameter but region (OAuth code, state, hashArgs after sign-in)', () => {
    const ctx = parseConsoleUrl('https://us-east-1.console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_abc&code=SECRETCODE123&region=us-east-1');
    expect(ctx).toEqual({ partition: 'aws', region: 'us-east-1', destination: 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1' });
  });
  it.each([
    '#access_token=abc.def.ghi',
    '#/x?X-Amz-Security-Token=IQoJb3JpZ2lu',
    '#id_token=eyJhbGciOi',
    '#SigninToken=VCQgs5qZZt3Q6fn8Tr5E',
    '#code=123',
    '#sessionKey=abc',
    '#/callback?state=xyz',
    '#SAMLResponse=PHNhbWw',
    '#password=hunter2',
  ])('drops a fragment with %s', (fragment) => {
    const ctx = parseConsoleUrl(`https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1${fragment}`);
    expect(ctx?.destination).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
  });
  it('drops a fragment with odd characters or a bad escape, keeps the rest', () => {
    expect(parseConsoleUrl('https://console.aws.amazon.com/iam/home#/users%2')?.destination).toBe('https://console.aws.amazon.com/iam/home');
    expect(parseConsoleUrl('https://console.aws.amazon.com/iam/home#"onload')?.destination).toBe('https://console.aws.amazon.com/iam/home');
    expect(parseConsoleUrl(`https://console.aws.amazon.com/iam/home#${'a'.repeat(2000)}`)?.destination).toBe('https://console.aws.amazon.com/iam/home');
  });
  it('sign-in and federation URLs (which carry a SigninToken) are not console pages', () => {
    expect(parseConsoleUrl('https://signin.aws.amazon.com/federation?Action=login&Issuer=x&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=VCQgs5qZZt3Q6fn8Tr5E')).toBeUndefined();
    expect(parseConsoleUrl('https://eu-west-1.signin.aws.amazon.com/oauth?client_id=x&code=y')).toBeUndefined();
    expect(parseConsoleUrl('https://signin.amazonaws.cn/federation?Action=login&SigninToken=abc')).toBeUndefined();
    expect(parseConsoleUrl('https://signin.amazonaws-us-gov.com/federation?Action=login&SigninToken=abc')).toBeUndefined();
  });
});

describe('parseConsoleUrl: anything else is undefined', () => {
  it.each([
    ['http (not https)', 'http://console.aws.amazon.com/ec2/home'],
    ['look-alike suffix', 'https://console.aws.amazon.com.evil.example/ec2/home'],
    ['look-alike prefix', 'https://evilconsole.aws.amazon.com/ec2/home'],
    ['another AWS host', 'https://aws.amazon.com/ec2/'],
    ['docs', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/'],
    ['health dashboard', 'https://health.aws.amazon.com/health/home'],
    ['userinfo', 'https://user:pass@console.aws.amazon.com/ec2/home'],
    ['userinfo look-alike', 'https://console.aws.amazon.com@evil.example/ec2/home'],
    ['a port', 'https://console.aws.amazon.com:8443/ec2/home'],
    ['trailing dot', 'https://console.aws.amazon.com./ec2/home'],
    ['backslash', 'https://console.aws.amazon.com\\@evil.example/'],
    ['space', 'https://console.aws.amazon.com/ec2/home?region=us-east-1 x'],
    ['tab', 'https://console.aws.amazon.com/ec2\t/home'],
    ['newline', 'https://console.aws.amazon.com/ec2/home\n'],
    ['non-ASCII host', 'https://cоnsole.aws.amazon.com/ec2/home'],
    ['non-ASCII path', 'https://console.aws.amazon.com/ec2/hömé'],
    ['protocol-relative', '//console.aws.amazon.com/ec2/home'],
    ['javascript:', 'javascript:alert(1)//console.aws.amazon.com'],
    ['data:', 'data:text/html,https://console.aws.amazon.com/'],
    ['extension page', 'chrome-extension://abcdefghijklmnop/src/popup/index.html'],
    ['about:blank', 'about:blank'],
    ['empty', ''],
    ['dot segments', 'https://console.aws.amazon.com/ec2/../../evil'],
    ['encoded slash', 'https://console.aws.amazon.com/ec2%2F..%2Fevil/home'],
    ['bad escape', 'https://console.aws.amazon.com/ec2/%zz'],
    ['double slash path', 'https://console.aws.amazon.com//evil.example/'],
    ['too deep a host', 'https://a.b.c.console.aws.amazon.com/ec2/home'],
    ['bad label', 'https://-x.console.aws.amazon.com/'],
    ['too long', `https://console.aws.amazon.com/${'a'.repeat(5000)}`],
  ])('%s', (_name, url) => {
    expect(parseConsoleUrl(url)).toBeUndefined();
  });
  it('non-strings', () => {
    for (const v of [undefined, null, 42, {}, ['https://console.aws.amazon.com/']]) expect(parseConsoleUrl(v)).toBeUndefined();
  });
  it('a region of another partition, or a malformed one, is ignored (not passed on)', () => {
    expect(parseConsoleUrl('https://console.aws.amazon.com/ec2/home?region=cn-north-1')).toEqual({ partition: 'aws', service: 'ec2', destination: 'https://console.aws.amazon.com/ec2/home' });
    expect(parseConsoleUrl('https://console.aws.amazon.com/ec2/home?region=eu-west-1%26code%3Dx')).toEqual({ partition: 'aws', service: 'ec2', destination: 'https://console.aws.amazon.com/ec2/home' });
    expect(parseConsoleUrl('https://console.amazonaws.cn/ec2/home?region=us-east-1')).toEqual({ partition: 'aws-cn', service: 'ec2', destination: 'https://console.amazonaws.cn/ec2/home' });
  });
  it('a path segment that is not a service name is not reported as one', () => {
    expect(parseConsoleUrl('https://console.aws.amazon.com/EC2_x/home')?.service).toBeUndefined();
  });
});

describe('serviceDisplayName', () => {
  it('names known services as AWS does, others as they are', () => {
    expect(serviceDisplayName('ec2')).toBe('EC2');
    expect(serviceDisplayName('lambda')).toBe('Lambda');
    expect(serviceDisplayName('vpcconsole')).toBe('VPC');
    expect(serviceDisplayName('somethingnew')).toBe('somethingnew');
  });
});

describe('parseConsoleUrl: tokens hidden in the path or an encoded fragment', () => {
  it('refuses a path carrying a secret-looking parameter', () => {
    expect(parseConsoleUrl('https://us-east-1.console.aws.amazon.com/ec2/home;X-Amz-Security-Token=abc/x')).toBeUndefined();
    expect(parseConsoleUrl('https://us-east-1.console.aws.amazon.com/ec2/SigninToken=abc')).toBeUndefined();
  });
  it('drops a fragment whose percent-decoded text carries one', () => {
    const ctx = parseConsoleUrl('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SigninToken%3Dabc');
    expect(ctx?.destination).toBe('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1');
    expect(parseConsoleUrl('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:')?.destination)
      .toBe('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:');
  });
});
