import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { saysTokenExpired } from './expired-token.ts';

// AWS's example error bodies (../shared/aws-examples, read where the STS client's tests read them)
const sts = (name: string) => readFileSync(`/work/shared/aws-examples/sts/errors/${name}`, 'utf8');

describe('saysTokenExpired', () => {
  it('reads ExpiredToken in AWS\'s XML errors (STS and IAM examples, S3\'s <Error>)', () => {
    expect(saysTokenExpired(403, {}, sts('ErrorResponse.ExpiredToken.assembled.xml'))).toBe(true);
    expect(saysTokenExpired(403, {}, sts('ErrorResponse.ExpiredToken.iam-namespace.xml'))).toBe(true);
    expect(saysTokenExpired(400, { 'content-type': 'application/xml' },
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><RequestId>1</RequestId></Error>')).toBe(true);
  });

  it('reads ExpiredTokenException in a JSON service\'s __type or x-amzn-ErrorType', () => {
    expect(saysTokenExpired(400, {}, '{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"}')).toBe(true);
    expect(saysTokenExpired(403, { 'x-amzn-errortype': 'ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/' }, '{"message":"The security token included in the request is expired"}')).toBe(true);
    expect(saysTokenExpired(403, { 'x-amzn-errortype': 'ExpiredTokenException' }, '')).toBe(true);
  });

  it('is not fooled by other errors, other statuses, or a web identity token\'s expiry', () => {
    // AssumeRoleWithWebIdentity: the JWT the request carried expired, not the signing credentials
    expect(saysTokenExpired(400, {}, sts('ErrorResponse.ExpiredTokenException.AssumeRoleWithWebIdentity.xml'))).toBe(false);
    expect(saysTokenExpired(403, {}, '<Error><Code>AccessDenied</Code><Message>ExpiredToken is not the code</Message></Error>')).toBe(false);
    expect(saysTokenExpired(403, {}, '<Error><Code>InvalidClientTokenId</Code></Error>')).toBe(false);
    expect(saysTokenExpired(200, {}, '<Code>ExpiredToken</Code>')).toBe(false); // an object that holds the text
    expect(saysTokenExpired(500, { 'x-amzn-errortype': 'ExpiredTokenException' }, '')).toBe(false);
    expect(saysTokenExpired(400, {}, '{"__type":"com.amazon.coral.validate#ValidationException"}')).toBe(false);
    expect(saysTokenExpired(400, {}, '{not json')).toBe(false);
  });
});
