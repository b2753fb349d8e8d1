import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, randomBytes, toHex, utf8Decode, utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import { AeadOpenError, importDataKey, IV_BYTES, open, seal, TAG_BYTES } from './aead.ts';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('AES-256-GCM', () => {
  it('opens the GCM spec test case 16 (AES-256, 96-bit IV, with AAD)', async () => {
    const key = await importDataKey(fromHex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'));
    const iv = fromHex('cafebabefacedbaddecaf888');
    const aad = fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
    const ct = fromHex(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
        '76fc6ece0f4e1768cddf8853bb2d551b',
    );
    const pt = await open(key, iv, ct, aad);
    expect(toHex(pt)).toBe(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
  });

  it('seals what node:crypto (an independent implementation) computes for the same IV', async () => {
    const raw = randomBytes(32);
    const key = await importDataKey(raw);
    const aad = utf8Encode('aad');
    const { iv, ct } = await seal(key, utf8Encode('hello'), aad);
    const c = createCipheriv('aes-256-gcm', raw, iv);
    c.setAAD(aad);
    const expected = Buffer.concat([c.update('hello'), c.final(), c.getAuthTag()]);
    expect(toHex(ct)).toBe(expected.toString('hex'));
  });

  it('round-trips with a fresh 96-bit IV per seal', async () => {
    const key = await importDataKey(randomBytes(32));
    const aad = utf8Encode('context');
    const a = await seal(key, utf8Encode('secret'), aad);
    const b = await seal(key, utf8Encode('secret'), aad);
    expect(a.iv.length).toBe(IV_BYTES);
    expect(a.ct.length).toBe(6 + TAG_BYTES);
    expect(toHex(a.iv)).not.toBe(toHex(b.iv));
    expect(toHex(a.ct)).not.toBe(toHex(b.ct));
    expect(utf8Decode(await open(key, a.iv, a.ct, aad))).toBe('secret');
    expect(utf8Decode(await open(key, b.iv, b.ct, aad))).toBe('secret');
  });

  it('refuses another AAD, another key, a changed IV or tag, and malformed input with AeadOpenError', async () => {
    const key = await importDataKey(randomBytes(32));
    const other = await importDataKey(randomBytes(32));
    const aad = utf8Encode('context');
    const { iv, ct } = await seal(key, utf8Encode('secret'), aad);
    const flipped = (b: Uint8Array, i: number) => {
      const c = new Uint8Array(b);
      c[i]! ^= 1;
      return c;
    };
    const attempts = [
      () => open(key, iv, ct, utf8Encode('contexT')),
      () => open(key, iv, ct, new Uint8Array(0)),
      () => open(other, iv, ct, aad),
      () => open(key, flipped(iv, 0), ct, aad),
      () => open(key, iv, flipped(ct, ct.length - 1), aad),
      () => open(key, iv.subarray(0, 11), ct, aad),
      () => open(key, iv, ct.subarray(0, 15), aad),
    ];
    for (const attempt of attempts) expect(await rejection(attempt())).toBeInstanceOf(AeadOpenError);
  });

  it('imports the data key as non-extractable AES-GCM and checks its length', async () => {
    const key = await importDataKey(randomBytes(32));
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('AES-GCM');
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    expect(await rejection(crypto.subtle.exportKey('raw', key))).toBeTruthy();
    for (const bad of [randomBytes(16), randomBytes(31), randomBytes(33)]) {
      const err = await rejection(importDataKey(bad));
      expect(err).toBeInstanceOf(SigvaultError);
      expect((err as SigvaultError).details.field).toBe('dataKey');
    }
  });
});
