import { describe, expect, it } from 'vitest';
import { addToAudit, AUDIT_MAX, parseAudit, type AuditEntry } from './audit.ts';
import { summarizeRequest } from './summary.ts';

const e = (i: number): AuditEntry => ({ at: i, origin: 'https://a.example', identityId: 'id1', kind: 'sign', method: 'GET', host: 'sts.amazonaws.com', service: 'sts', action: 'GetCallerIdentity' });

describe('audit log', () => {
  it('keeps the last 500, newest first', () => {
    let log: AuditEntry[] = [];
    for (let i = 0; i < AUDIT_MAX + 20; i++) log = addToAudit(log, e(i));
    expect(log).toHaveLength(AUDIT_MAX);
    expect(log[0]!.at).toBe(AUDIT_MAX + 19);
    expect(log.at(-1)!.at).toBe(20);
  });
  it('parses well-formed entries only', () => {
    const refused = { ...e(1), refused: 'HOST_NOT_ALLOWED' };
    expect(parseAudit([e(2), refused, { ...e(3), kind: 'steal' }, { at: 'x' }, null])).toEqual([e(2), refused]);
    expect(parseAudit('x')).toEqual([]);
  });
});

describe('summarizeRequest', () => {
  it('takes the action from X-Amz-Target (JSON protocols)', () => {
    expect(summarizeRequest('POST', 'https://dynamodb.us-east-1.amazonaws.com/', { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, '{}'))
      .toEqual({ method: 'POST', host: 'dynamodb.us-east-1.amazonaws.com', service: 'dynamodb', action: 'ListTables' });
  });
  it('takes Action= from the query or a form body (query protocols)', () => {
    expect(summarizeRequest('GET', 'https://ec2.eu-west-1.amazonaws.com/?Action=DescribeInstances&Version=2016-11-15'))
      .toMatchObject({ service: 'ec2', action: 'DescribeInstances' });
    expect(summarizeRequest('POST', 'https://sts.amazonaws.com/', { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, 'Version=2011-06-15&Action=GetCallerIdentity'))
      .toEqual({ method: 'POST', host: 'sts.amazonaws.com', service: 'sts', action: 'GetCallerIdentity' });
    // a form body is read only when it is declared as one
    expect(summarizeRequest('POST', 'https://sts.amazonaws.com/', {}, 'Action=GetCallerIdentity').action).toBe('POST /');
  });
  it('falls back to method and path (REST), with the given service for custom endpoints', () => {
    expect(summarizeRequest('GET', 'https://b.s3.us-east-1.amazonaws.com/photos/cat.jpg')).toMatchObject({ service: 's3', action: 'GET /photos/cat.jpg' });
    expect(summarizeRequest('PUT', 'http://127.0.0.1:4566/bucket/k', {}, 'x', 's3')).toEqual({ method: 'PUT', host: '127.0.0.1:4566', service: 's3', action: 'PUT /bucket/k' });
    expect(summarizeRequest('GET', 'https://example.com/' + 'a'.repeat(300)).action.length).toBeLessThanOrEqual(125);
    expect(summarizeRequest('GET', 'https://example.com/').service).toBe('unknown');
  });
  it('does not take a malformed action', () => {
    expect(summarizeRequest('POST', 'https://dynamodb.us-east-1.amazonaws.com/', { 'X-Amz-Target': 'x.<script>' }).action).toBe('POST /');
  });
});
