import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { P256_N as N, sigV4aPublicKeyHex } from '../../../test/support/sigv4a-node.ts';
import { SigvaultError } from '../errors.ts';
import { deriveSigV4aPrivateKey, privateKeyFromCandidate } from './key.ts';

const toBytes = (v: bigint) => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
const toBig = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'));

function nodePublicKey(d: Uint8Array): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(d));
  return ecdh.getPublicKey('hex', 'uncompressed');
}

describe('privateKeyFromCandidate (the range check and the + 1)', () => {
  it('maps 0..n-2 to 1..n-1 and refuses n-1 and above', () => {
    expect(toBig(privateKeyFromCandidate(toBytes(0n))!)).toBe(1n);
    expect(toBig(privateKeyFromCandidate(toBytes(0xffn))!)).toBe(0x100n); // carry across a byte
    expect(toBig(privateKeyFromCandidate(toBytes(N - 3n))!)).toBe(N - 2n);
    expect(toBig(privateKeyFromCandidate(toBytes(N - 2n))!)).toBe(N - 1n);
    expect(privateKeyFromCandidate(toBytes(N - 1n))).toBeUndefined();
    expect(privateKeyFromCandidate(toBytes(N))).toBeUndefined();
    expect(privateKeyFromCandidate(toBytes(2n ** 256n - 1n))).toBeUndefined();
    // Greater in a late byte only, and smaller in an early byte but greater later.
    expect(privateKeyFromCandidate(toBytes(N - 2n + 0x100n))).toBeUndefined();
    expect(toBig(privateKeyFromCandidate(toBytes(N - 2n - 2n ** 200n + 0xffn))!)).toBe(N - 2n - 2n ** 200n + 0x100n);
  });

  it('returns fresh bytes and leaves the candidate as it was', () => {
    const c = toBytes(41n);
    const k = privateKeyFromCandidate(c)!;
    expect(k).not.toBe(c);
    expect(toBig(c)).toBe(41n);
    expect(toBig(k)).toBe(42n);
  });

  it('agrees with BigInt comparison on random candidates near n', () => {
    for (let i = 0; i < 500; i++) {
      const delta = BigInt(Math.floor(Math.random() * 2 ** 20)) - 2n ** 19n;
      const c = N - 2n + delta * (i % 2 === 0 ? 1n : 2n ** 64n);
      if (c < 0n || c >= 2n ** 256n) continue;
      const k = privateKeyFromCandidate(toBytes(c));
      if (c <= N - 2n) expect(toBig(k!)).toBe(c + 1n);
      else expect(k).toBeUndefined();
    }
  });

  it('rejects anything but 32 bytes', () => {
    expect(() => privateKeyFromCandidate(new Uint8Array(31))).toThrow(TypeError);
    expect(() => privateKeyFromCandidate(new Uint8Array(33))).toThrow(TypeError);
    expect(() => privateKeyFromCandidate([0] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('deriveSigV4aPrivateKey', () => {
  it('gives the key of an independent (Node HMAC + OpenSSL) implementation for random credentials', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    for (let i = 0; i < 40; i++) {
      let id = 'AKIA';
      for (let j = 0; j < 16; j++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
      const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(30))).toString('base64');
      const d = deriveSigV4aPrivateKey(id, secret);
      expect(d).toHaveLength(32);
      expect(nodePublicKey(d), `${id}`).toBe(sigV4aPublicKeyHex(id, secret));
    }
  });

  it('depends on both the access key id and the secret', () => {
    const a = Buffer.from(deriveSigV4aPrivateKey('AKIDEXAMPLE', 'secret')).toString('hex');
    expect(Buffer.from(deriveSigV4aPrivateKey('AKIDEXAMPLE', 'secret')).toString('hex')).toBe(a);
    expect(Buffer.from(deriveSigV4aPrivateKey('AKIDEXAMPLF', 'secret')).toString('hex')).not.toBe(a);
    expect(Buffer.from(deriveSigV4aPrivateKey('AKIDEXAMPLE', 'secreu')).toString('hex')).not.toBe(a);
  });

  it('rejects malformed credentials with INVALID_INPUT naming the field, never echoing the secret', () => {
    const S = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const bad: [unknown, unknown][] = [
      ['', S],
      ['AKID/EXAMPLE', S],
      ['AKID EXAMPLE', S],
      ['AKIDÉ', S],
      ['A'.repeat(129), S],
      [undefined, S],
      [42, S],
      ['AKIDEXAMPLE', ''],
      ['AKIDEXAMPLE', undefined],
      ['AKIDEXAMPLE', new Uint8Array(4)],
    ];
    for (const [id, secret] of bad) {
      let error: unknown;
      try {
        deriveSigV4aPrivateKey(id as string, secret as string);
      } catch (e) {
        error = e;
      }
      expect(error, String(id)).toBeInstanceOf(SigvaultError);
      expect((error as SigvaultError).code).toBe('INVALID_INPUT');
      expect((error as SigvaultError).details).toMatchObject({ field: 'credentials' });
      expect((error as Error).message).not.toContain(S);
    }
  });
});
