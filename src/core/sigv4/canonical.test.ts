import { describe, expect, it } from 'vitest';
import {
  EMPTY_SHA256,
  canonicalHeaderBlock,
  canonicalHeaderValue,
  canonicalMethod,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  isHeaderName,
  normalizePath,
  queryPairs,
  requestPath,
  signedHeaderList,
  sortHeaders,
  stringToSign,
} from './canonical.ts';

describe('step 1: method', () => {
  it.each([
    ['GET', 'GET'],
    ['get', 'GET'],
    ['Post', 'POST'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['PATCH', 'PATCH'],
    ['patch', 'patch'],
    ['', undefined],
    ['GE T', undefined],
    ['GÉT', undefined],
  ])('%j → %j', (m, expected) => expect(canonicalMethod(m)).toBe(expected));
});

describe('step 2: canonical URI', () => {
  it.each([
    ['/', '/'],
    ['/example/..', '/'],
    ['/example1/example2/../..', '/'],
    ['/./', '/'],
    ['/./example', '/example'],
    ['//', '/'],
    ['//example//', '/example/'],
    ['/a/b/..', '/a'],
    ['/a/b/../', '/a/'],
    ['/..', '/'],
    ['/../a', '/a'],
    ['/a/%2E/b', '/a/%2E/b'],
    ['/.hidden/..x', '/.hidden/..x'],
    ['/a/b/c', '/a/b/c'],
  ])('normalizePath(%j) = %j', (p, expected) => expect(normalizePath(p)).toBe(expected));

  it('double-encodes for non-S3 services, single for S3', () => {
    expect(canonicalUri(requestPath('/a b/./%2Fc', true), true, true)).toBe('/a%2520b/%252Fc');
    expect(canonicalUri(requestPath('/a b/./%2fc', false), false, false)).toBe('/a%20b/./%2Fc');
    expect(canonicalUri(requestPath('/example space/', false), false, false)).toBe('/example%20space/');
    expect(canonicalUri(requestPath('/ሴ', true), true, true)).toBe('/%25E1%2588%25B4');
  });
});

describe('step 3: canonical query', () => {
  it('parses pairs: bare keys, empty names, repeated keys, "=" in values', () => {
    expect(queryPairs('b=2&a&=v&a=%7e&&x=y=z&')).toEqual([
      ['b', '2'],
      ['a', ''],
      ['', 'v'],
      ['a', '~'],
      ['x', 'y%3Dz'],
    ]);
  });
  it.each([
    ['', ''],
    ['Param2=value2&Param1=value1', 'Param1=value1&Param2=value2'],
    ['Param1=value2&Param1=Value1', 'Param1=Value1&Param1=value2'],
    ['a-b=1&a=2', 'a=2&a-b=1'],
    ['b&a=', 'a=&b='],
    ['=v&a=1', '=v&a=1'],
    ['ሴ=bar', '%E1%88%B4=bar'],
    ['k=a b&k=a+b&k=a%20b', 'k=a%20b&k=a%20b&k=a%2Bb'],
    ['Z=1&a=1&_=1&~=1&-=1&.=1', '-=1&.=1&Z=1&_=1&a=1&~=1'],
  ])('%j → %j', (q, expected) => expect(canonicalQuery(q)).toBe(expected));
  it('merges extra (already encoded) pairs before sorting', () => {
    expect(canonicalQuery('b=1', [['X-Amz-Date', '20150830T123600Z'], ['a', '2']])).toBe('X-Amz-Date=20150830T123600Z&a=2&b=1');
  });
});

describe('step 4: header names and values', () => {
  it.each([
    ['X-Amz-Target', true],
    ["odd!#$%&'*+.^_`|~", true],
    ['', false],
    ['bad name', false],
    ['x:y', false],
    ['é', false],
    ['a(b)', false],
  ])('isHeaderName(%j) = %j', (n, ok) => expect(isHeaderName(n)).toBe(ok));

  it.each([
    ['value', 'value'],
    [' value1', 'value1'],
    ['  "a   b   c" ', '"a b c"'],
    ['\t1.2.3   ', '1.2.3'],
    ['a \t b', 'a b'],
    ['', ''],
    ['   ', ''],
    ['a\nb', undefined],
    ['a\rb', undefined],
    ['a\u0000', undefined],
    ['café', undefined],
    ['del\u007f', undefined],
  ])('canonicalHeaderValue(%j) = %j', (v, expected) => expect(canonicalHeaderValue(v)).toBe(expected));

  it('sorts names and builds the block and the signed list', () => {
    const names = ['x-amz-date', 'host', 'content-type', 'my-header1'];
    const values = ['20150830T123600Z', 'example.amazonaws.com', 'text/plain', 'a,b'];
    sortHeaders(names, values, 4);
    expect(names).toEqual(['content-type', 'host', 'my-header1', 'x-amz-date']);
    expect(canonicalHeaderBlock(names, values, 4)).toBe(
      'content-type:text/plain\nhost:example.amazonaws.com\nmy-header1:a,b\nx-amz-date:20150830T123600Z\n',
    );
    expect(signedHeaderList(names, 4)).toBe('content-type;host;my-header1;x-amz-date');
    expect(signedHeaderList(names, 2)).toBe('content-type;host');
  });
});

describe('canonical request and string to sign', () => {
  it('reproduces the classic get-vanilla case', () => {
    const creq = canonicalRequest('GET', '/', '', 'host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n', 'host;x-amz-date', EMPTY_SHA256);
    expect(creq).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const scope = credentialScope('20150830', 'us-east-1', 'service');
    expect(scope).toBe('20150830/us-east-1/service/aws4_request');
    expect(stringToSign('20150830T123600Z', scope, 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63')).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    );
  });
});
