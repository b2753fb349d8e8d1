import { describe, expect, it } from 'vitest';
import { recodeComponent, strictPath, toHex, uriEncode, utf8Fallback, utf8Scratch, wirePath } from './encoding.ts';

/** Reference SigV4 URI encoding built from the platform's encodeURIComponent. */
const reference = (s: string, keepSlash: boolean) => {
  const e = encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return keepSlash ? e.replace(/%2F/g, '/') : e;
};

const SAMPLES = [
  '',
  'abcXYZ019-._~',
  '/a b/c',
  "!#$&'()*+,/:;=?@[]",
  '%20%zz%',
  'é',
  'ሴ',
  '😀',
  'a\uD800b',
  '\uDC00',
  'mixed é/ሴ/😀 +=&',
  '"<>\\^`{|}',
];

describe('uriEncode', () => {
  it('matches encodeURIComponent with !\'()* escaped, on samples and random strings', () => {
    const chars = [...'aZ09-._~ /%!*()+=&?#é€ሴ', '😀', '\uD800', '\uDFFF'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const random = Array.from({ length: 500 }, () =>
      Array.from({ length: Math.floor(rnd() * 12) }, () => chars[Math.floor(rnd() * chars.length)]).join(''),
    );
    for (const s of [...SAMPLES, ...random]) {
      expect(uriEncode(s, false), JSON.stringify(s)).toBe(reference(s, false));
      expect(uriEncode(s, true), JSON.stringify(s)).toBe(reference(s, true));
    }
  });
  it('returns the input itself when nothing needs encoding', () => {
    const s = 'already-fine_~.';
    expect(uriEncode(s, false)).toBe(s);
    expect(uriEncode('/a/b', true)).toBe('/a/b');
  });
  it('double-encodes escapes (a % is data)', () => {
    expect(uriEncode('/a%20b', true)).toBe('/a%2520b');
  });
});

describe('recodeComponent (query keys and values)', () => {
  it.each([
    ['plain', 'plain'],
    ['a%2fb', 'a%2Fb'],
    ['%7E%7e~', '~~~'],
    ['%41%2D', 'A-'],
    ['a b', 'a%20b'],
    ['1+1', '1%2B1'],
    ['%2B', '%2B'],
    ['100%', '100%25'],
    ['%zz', '%25zz'],
    ['%e1%88%b4', '%E1%88%B4'],
    ['ሴ', '%E1%88%B4'],
    ['%FF', '%FF'],
    ['=/?&', '%3D%2F%3F%26'],
  ])('%j → %j', (input, expected) => {
    expect(recodeComponent(input)).toBe(expected);
  });
});

describe('wirePath (what a browser sends, double-encoding services)', () => {
  it.each([
    ['/', '/'],
    ['/example space/', '/example%20space/'],
    ['/ሴ', '/%E1%88%B4'],
    ['/a%20b/%2f', '/a%20b/%2f'],
    ["/!$&'()*+,;=:@[]", "/!$&'()*+,;=:@[]"],
    ['/"<>\\^`{|}', '/%22%3C%3E%5C%5E%60%7B%7C%7D'],
    ['/100%', '/100%'],
    ['/./../x', '/./../x'],
  ])('%j → %j', (input, expected) => {
    expect(wirePath(input)).toBe(expected);
  });
});

describe('strictPath (S3: what S3 signs after decoding the key)', () => {
  it.each([
    ['/bucket/key.txt', '/bucket/key.txt'],
    ['/bucket/a b+c(1).txt', '/bucket/a%20b%2Bc%281%29.txt'],
    ['/bucket/%e2%82%ac', '/bucket/%E2%82%AC'],
    ['/bucket/%41%7e', '/bucket/A~'],
    ['/bucket/a%2fb', '/bucket/a%2Fb'],
    ['/bucket/100%', '/bucket/100%25'],
    ['/bucket//x/./y', '/bucket//x/./y'],
    ['/😀', '/%F0%9F%98%80'],
  ])('%j → %j', (input, expected) => {
    expect(strictPath(input)).toBe(expected);
  });
  it('returns the input itself when already strict', () => {
    const p = '/bucket/%E2%82%AC/x';
    expect(strictPath(p)).toBe(p);
  });
});

describe('UTF-8', () => {
  const te = new TextEncoder();
  it('utf8Scratch and the portable fallback agree with TextEncoder', () => {
    for (const s of [...SAMPLES, 'x'.repeat(5000) + 'é', '\uD83D\uDE00\uD83D']) {
      expect([...utf8Scratch(s)], JSON.stringify(s).slice(0, 40)).toEqual([...te.encode(s)]);
      expect([...utf8Fallback(s)]).toEqual([...te.encode(s)]);
    }
  });
  it('handles strings larger than the scratch limit', () => {
    const big = 'é'.repeat(40000);
    expect(utf8Scratch(big).length).toBe(80000);
  });
});

describe('toHex', () => {
  it.each([0, 1, 31, 32, 33, 64])('%i bytes', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 71 + 5) & 255);
    expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
  });
});
