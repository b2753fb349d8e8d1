import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  constantTimeEqual,
  fromBase64,
  fromBase64Url,
  fromHex,
  randomBytes,
  toBase64,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
  wipe,
} from './bytes.ts';

describe('utf8', () => {
  it('round-trips, including astral characters', () => {
    const s = 'héllo ✓ 𝄞';
    expect(utf8Decode(utf8Encode(s))).toBe(s);
    expect([...utf8Encode('é')]).toEqual([0xc3, 0xa9]);
  });
  it('long strings (the encodeInto path) give exactly what TextEncoder gives, in an array of their own size', () => {
    const enc = new TextEncoder();
    const cases = [
      'sigvault request.send bench line\n'.repeat(2048), // ASCII, 64 KiB
      'x'.repeat(4095), 'x'.repeat(4096), // either side of the threshold
      'a'.repeat(5000) + 'é', 'é'.repeat(5000), '𝄞'.repeat(3000), // multi-byte at the end, throughout, astral
      'a'.repeat(5000) + '\ud800' + 'b', // a lone surrogate: U+FFFD, as TextEncoder does
    ];
    for (const s of cases) {
      const got = utf8Encode(s);
      expect(got).toEqual(enc.encode(s));
      expect(got.buffer.byteLength).toBe(got.byteLength);
    }
  });
  it('rejects invalid UTF-8', () => {
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow();
    expect(() => utf8Decode(new Uint8Array([0xff, 0xfe]))).toThrow();
  });
});

describe('hex', () => {
  it('encodes lowercase and decodes either case', () => {
    expect(toHex(new Uint8Array([0, 1, 171, 255]))).toBe('0001abff');
    expect([...fromHex('0001ABff')]).toEqual([0, 1, 171, 255]);
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });
  it('rejects odd length and non-hex characters', () => {
    expect(() => fromHex('abc')).toThrow(RangeError);
    expect(() => fromHex('zz')).toThrow(RangeError);
    expect(() => fromHex('0x00')).toThrow(RangeError);
  });
});

describe('base64 (RFC 4648 section 10 vectors)', () => {
  const vectors: [string, string, string][] = [
    ['', '', ''],
    ['f', 'Zg==', 'Zg'],
    ['fo', 'Zm8=', 'Zm8'],
    ['foo', 'Zm9v', 'Zm9v'],
    ['foob', 'Zm9vYg==', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE=', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy', 'Zm9vYmFy'],
  ];
  it.each(vectors)('%j', (plain, b64, b64url) => {
    expect(toBase64(utf8Encode(plain))).toBe(b64);
    expect(utf8Decode(fromBase64(b64))).toBe(plain);
    expect(toBase64Url(utf8Encode(plain))).toBe(b64url);
    expect(utf8Decode(fromBase64Url(b64url))).toBe(plain);
  });

  it('agrees with Node Buffer on random inputs of every length 0..64', () => {
    for (let n = 0; n <= 64; n++) {
      const b = randomBytes(n);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }
  });

  it('uses the url alphabet only in base64url', () => {
    const b = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(toBase64(b)).toBe('+/+/');
    expect(toBase64Url(b)).toBe('-_-_');
    expect(() => fromBase64('-_-_')).toThrow(RangeError);
    expect(() => fromBase64Url('+/+/')).toThrow(RangeError);
  });

  it('is strict: padding, whitespace, impossible lengths and non-canonical bits are rejected', () => {
    for (const bad of ['Zg', 'Zg=', 'Zm8', 'Zg==\n', ' Zg==', 'Zm 9v', 'Z===', 'Zh==', 'Zm9=', '=', 'Zg==Zg==', 'Zm9v\u00e9']) {
      expect(() => fromBase64(bad), bad).toThrow(RangeError);
    }
    expect(() => fromBase64('Zm9vZm\u00e9v')).toThrow(/position 6/);
    expect(() => fromBase64('Zm9vZ*9v')).toThrow(/position 5/);
    expect(() => fromBase64('Zm9vZm9\u0100')).toThrow(/position 7/);
    for (const bad of ['Zg==', 'Z', 'Zh', 'Zm9', 'Zm8=']) {
      expect(() => fromBase64Url(bad), bad).toThrow(RangeError);
    }
  });
});

describe('concat, constant-time equal, random, wipe', () => {
  it('concatenates', () => {
    expect([...concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]))]).toEqual([1, 2, 3]);
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });
  it('compares', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
  it('gives fresh random bytes of the asked length, beyond the 65,536-byte getRandomValues limit', () => {
    expect(randomBytes(0).length).toBe(0);
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a.length).toBe(32);
    expect(constantTimeEqual(a, b)).toBe(false);
    const big = randomBytes(70_000);
    expect(big.length).toBe(70_000);
    expect(big.subarray(65_536).some((x) => x !== 0)).toBe(true);
    expect(() => randomBytes(-1)).toThrow(RangeError);
  });
  it('wipes', () => {
    const a = new Uint8Array([1, 2, 3]);
    wipe(a);
    expect([...a]).toEqual([0, 0, 0]);
  });
});
