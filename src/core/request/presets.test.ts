import { describe, expect, it } from 'vitest';
import { applyPreset, PRESETS } from './presets.ts';
import { inferTarget } from './target.ts';

describe('request presets', () => {
  it('cover the calls the console offers, each with a unique id', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'sts-get-caller-identity', 's3-list-buckets', 's3-list-objects-v2', 's3-get-object', 's3-put-object',
      'lambda-invoke', 'dynamodb-list-tables', 'ec2-describe-instances', 'execute-api',
    ]);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it.each([
    ['sts-get-caller-identity', 'sts'], ['s3-list-buckets', 's3'], ['s3-list-objects-v2', 's3'], ['s3-get-object', 's3'], ['s3-put-object', 's3'],
    ['lambda-invoke', 'lambda'], ['dynamodb-list-tables', 'dynamodb'], ['ec2-describe-instances', 'ec2'], ['execute-api', 'execute-api'],
  ])('%s: every placeholder is filled, and the host names service %s in the region given', (id, service) => {
    const r = applyPreset(id, { region: 'eu-west-1' })!;
    expect(r.url).not.toMatch(/[{}]/);
    expect(inferTarget(r.url)).toMatchObject({ service, region: 'eu-west-1' });
    // a GET has no body
    if (r.method === 'GET') expect(r.body).toBe('');
  });

  it('DynamoDB speaks JSON 1.0 with X-Amz-Target; EC2 the query protocol; STS a form POST', () => {
    expect(applyPreset('dynamodb-list-tables', { region: 'us-east-1' })).toEqual({
      method: 'POST', url: 'https://dynamodb.us-east-1.amazonaws.com/', body: '{}',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' },
    });
    expect(applyPreset('ec2-describe-instances', { region: 'us-east-1' })!.url).toBe('https://ec2.us-east-1.amazonaws.com/?Action=DescribeInstances&Version=2016-11-15');
    expect(applyPreset('sts-get-caller-identity', { region: 'us-east-1' })).toMatchObject({ method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(JSON.parse(applyPreset('lambda-invoke', { region: 'us-east-1' })!.body)).toEqual({ hello: 'world' });
  });

  it('takes the bucket, key, function and API id given; an unknown id gives undefined; headers are a copy', () => {
    expect(applyPreset('s3-get-object', { region: 'us-west-2', bucket: 'my-bucket', key: 'a/b.txt' })!.url).toBe('https://my-bucket.s3.us-west-2.amazonaws.com/a/b.txt');
    expect(applyPreset('lambda-invoke', { region: 'us-west-2', function: 'echo' })!.url).toBe('https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/echo/invocations');
    expect(applyPreset('execute-api', { region: 'us-west-2', api: 'xyz123' })!.url).toBe('https://xyz123.execute-api.us-west-2.amazonaws.com/prod/');
    expect(applyPreset('nope', { region: 'us-east-1' })).toBeUndefined();
    const a = applyPreset('dynamodb-list-tables', { region: 'us-east-1' })!;
    a.headers['X-Amz-Target'] = 'changed';
    expect(PRESETS.find((p) => p.id === 'dynamodb-list-tables')!.headers['X-Amz-Target']).toBe('DynamoDB_20120810.ListTables');
  });
});
