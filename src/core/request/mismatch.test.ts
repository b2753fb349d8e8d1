import { describe, expect, it } from 'vitest';
import { awsSigningFromError, firstDifference, isSignatureMismatch, sideBySide } from './mismatch.ts';

const CR = 'GET\n/sigvault-demo/a.txt\nlist-type=2&prefix=a\nhost:127.0.0.1:9000\nx-amz-date:20260101T000000Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD';
const STS = 'AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/s3/aws4_request\nabc';

describe('awsSigningFromError', () => {
  it('reads S3\'s <CanonicalRequest> and <StringToSign>, entities decoded', () => {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><AWSAccessKeyId>AKIA</AWSAccessKeyId><StringToSign>${esc(STS)}</StringToSign><CanonicalRequest>${esc(CR)}</CanonicalRequest><CanonicalRequestBytes>47 45</CanonicalRequestBytes></Error>`;
    expect(awsSigningFromError(body)).toEqual({ canonicalRequest: CR, stringToSign: STS });
    expect(awsSigningFromError('<Error><CanonicalRequest>a &lt;b&gt; &amp;amp; &#x41;&#66;</CanonicalRequest></Error>').canonicalRequest).toBe('a <b> &amp; AB');
  });

  it('reads the JSON services\' quote in message (DynamoDB, Lambda) and a query service\'s in <Message>', () => {
    const msg = `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${CR}'\n\nThe String-to-Sign should have been\n'${STS}'\n`;
    expect(awsSigningFromError(JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: msg }))).toEqual({ canonicalRequest: CR, stringToSign: STS });
    expect(awsSigningFromError(JSON.stringify({ Message: msg }))).toEqual({ canonicalRequest: CR, stringToSign: STS });
    const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${msg.replace(/&/g, '&amp;').replace(/'/g, '&apos;')}</Message></Error></ErrorResponse>`;
    expect(awsSigningFromError(xml)).toEqual({ canonicalRequest: CR, stringToSign: STS });
  });

  it('finds nothing where nothing is quoted (EC2 AuthFailure, other errors, not an error)', () => {
    expect(awsSigningFromError('<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors></Response>')).toEqual({});
    expect(awsSigningFromError('{"message":"Forbidden"}')).toEqual({});
    expect(awsSigningFromError('{not json')).toEqual({});
    expect(awsSigningFromError('')).toEqual({});
  });
});

describe('isSignatureMismatch', () => {
  it('recognises S3\'s, the JSON services\' and the query services\' shape on 400/403 only', () => {
    expect(isSignatureMismatch(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>')).toBe(true);
    expect(isSignatureMismatch(400, '{"__type":"com.amazon.coral.service#InvalidSignatureException"}')).toBe(true);
    expect(isSignatureMismatch(403, '{"message":"The request signature we calculated does not match the signature you provided."}')).toBe(true);
    expect(isSignatureMismatch(200, '<Code>SignatureDoesNotMatch</Code>')).toBe(false);
    expect(isSignatureMismatch(403, '<Code>AccessDenied</Code>')).toBe(false);
  });
});

describe('firstDifference', () => {
  it('gives the first differing line and column', () => {
    expect(firstDifference(CR, CR)).toBeUndefined();
    expect(firstDifference('a\nb\nc', 'a\nbx\nc')).toEqual({ line: 1, column: 1 });
    expect(firstDifference('a\ncontent-type:text/plain\nz', 'a\ncontent-type:text/plain; charset=UTF-8\nz')).toEqual({ line: 1, column: 23 });
    expect(firstDifference('GET\n/a', 'PUT\n/a')).toEqual({ line: 0, column: 0 });
    // a line only one side has
    expect(firstDifference('a\nb', 'a\nb\nc')).toEqual({ line: 2, column: 0 });
    expect(firstDifference('a\nb\n', 'a\nb')).toEqual({ line: 2, column: 0 });
  });
});

describe('sideBySide', () => {
  it('splits the first differing line on both sides, and no other', () => {
    const r = sideBySide('GET\nhost:a\nx:1', 'GET\nhost:b\nx:2');
    expect(r.at).toEqual({ line: 1, column: 5 });
    expect(r.ours).toEqual([{ text: 'GET' }, { text: 'host:a', split: { before: 'host:', from: 'a' } }, { text: 'x:1' }]);
    expect(r.theirs[1]).toEqual({ text: 'host:b', split: { before: 'host:', from: 'b' } });
    expect(r.theirs[2]).toEqual({ text: 'x:2' });
    expect(sideBySide('same', 'same')).toEqual({ ours: [{ text: 'same' }], theirs: [{ text: 'same' }], at: undefined });
  });
});
