import { describe, expect, it } from 'vitest';
import { argon2id } from '@noble/hashes/argon2.js';
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { fromBase64, toHex, utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import {
  assertKdfParams,
  calibrateKdf,
  calibrateKdfDetailed,
  deriveKek,
  floorParams,
  KDF_FLOORS,
  newSalt,
  normalizePassphrase,
  parseKdfParams,
  type KdfParams,
} from './kdf.ts';

function errorOf(fn: () => unknown): SigvaultError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a SigvaultError');
}

async function rejectionOf(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('primitives against published vectors', () => {
  it('Argon2id: RFC 9106 section 5.3 (with secret and associated data)', () => {
    // RFC 9106 §5.3: password 32×0x01, salt 16×0x02, secret 8×0x03, ad 12×0x04, t=3, m=32 KiB, p=4, tag 32 bytes.
    const tag = argon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), {
      t: 3,
      m: 32,
      p: 4,
      key: new Uint8Array(8).fill(3),
      personalization: new Uint8Array(12).fill(4),
      dkLen: 32,
    });
    expect(toHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('scrypt: RFC 7914 section 12 vectors (N=1048576 skipped as too slow)', async () => {
    expect(toHex(scrypt('', '', { N: 16, r: 1, p: 1, dkLen: 64 }))).toBe(
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    );
    expect(toHex(scrypt('password', 'NaCl', { N: 1024, r: 8, p: 16, dkLen: 64 }))).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
    // The async variant (what the wrapper uses) on the N=16384, r=8, p=1 vector.
    const out = await scryptAsync('pleaseletmein', 'SodiumChloride', { N: 16384, r: 8, p: 1, dkLen: 64 });
    expect(toHex(out)).toBe(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
    );
  });

  it('our wrapper refuses the RFC 7914 N=16384 parameters: below our floor of 2^17', async () => {
    const salt = Buffer.from('SodiumChloride1234').toString('base64'); // 18 bytes, so only N is wrong
    const params: KdfParams = { name: 'scrypt', logN: 14, r: 8, p: 1, salt };
    const err = await rejectionOf(deriveKek('pleaseletmein', params));
    expect(err.code).toBe('KDF_TOO_WEAK');
  });
});

describe('deriveKek matches noble called directly', () => {
  it('argon2id at the floor, and normalises the passphrase to NFC first', async () => {
    const params = floorParams('argon2id') as Extract<KdfParams, { name: 'argon2id' }>;
    const decomposed = 'cafe\u0301 ünïcode'.normalize('NFD');
    const composed = decomposed.normalize('NFC');
    expect(decomposed).not.toBe(composed);
    const progress: number[] = [];
    const ours = await deriveKek(decomposed, params, { onProgress: (f) => progress.push(f) });
    const direct = argon2id(utf8Encode(composed), fromBase64(params.salt), { m: params.memoryKiB, t: params.iterations, p: 1, dkLen: 32 });
    expect(ours.length).toBe(32);
    expect(toHex(ours)).toBe(toHex(direct));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
  });

  it('scrypt at the floor', async () => {
    const params = floorParams('scrypt') as Extract<KdfParams, { name: 'scrypt' }>;
    const ours = await deriveKek('correct horse battery staple', params);
    const direct = await scryptAsync('correct horse battery staple', fromBase64(params.salt), { N: 2 ** 17, r: 8, p: 1, dkLen: 32 });
    expect(toHex(ours)).toBe(toHex(direct));
  });

  it('rejects non-string, empty and huge passphrases as INVALID_INPUT', async () => {
    const params = floorParams();
    for (const bad of [undefined, 42, '', 'x'.repeat(5000)]) {
      const err = await rejectionOf(deriveKek(bad as string, params));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.details.field).toBe('passphrase');
    }
    expect(normalizePassphrase('A\u030a')).toBe('\u00c5');
  });
});

describe('assertKdfParams: floors and maxima', () => {
  const salt = newSalt();
  const argon = { name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1, salt };
  const scryptP = { name: 'scrypt', logN: 17, r: 8, p: 1, salt };

  it('accepts the floors and stronger', () => {
    expect(() => assertKdfParams(argon)).not.toThrow();
    expect(() => assertKdfParams(scryptP)).not.toThrow();
    expect(() => assertKdfParams({ ...argon, memoryKiB: 65536, iterations: 3 })).not.toThrow();
    expect(() => assertKdfParams({ ...scryptP, logN: 18 })).not.toThrow();
    expect(KDF_FLOORS.argon2id).toEqual({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
    expect(KDF_FLOORS.scrypt).toEqual({ logN: 17, r: 8, p: 1 });
  });

  it('returns a clean copy without unknown properties', () => {
    expect(parseKdfParams({ ...argon, extra: 'x' })).toEqual(argon);
  });

  const tooWeak: [string, unknown][] = [
    ['argon2id memory below 19 MiB', { ...argon, memoryKiB: 19455 }],
    ['argon2id t = 1', { ...argon, iterations: 1 }],
    ['argon2id p = 4', { ...argon, parallelism: 4 }],
    ['scrypt N = 2^16', { ...scryptP, logN: 16 }],
    ['scrypt r = 4', { ...scryptP, r: 4 }],
    ['scrypt p = 2', { ...scryptP, p: 2 }],
    ['unknown KDF pbkdf2', { name: 'pbkdf2', iterations: 600000, salt }],
    ['argon2i (not id)', { ...argon, name: 'argon2i' }],
    ['15-byte salt', { ...argon, salt: Buffer.alloc(15, 7).toString('base64') }],
  ];
  it.each(tooWeak)('KDF_TOO_WEAK: %s', (_name, params) => {
    const err = errorOf(() => assertKdfParams(params));
    expect(err.code).toBe('KDF_TOO_WEAK');
  });

  const malformed: [string, unknown, string][] = [
    ['not an object', null, 'kdf'],
    ['name missing', { ...argon, name: undefined }, 'kdf.name'],
    ['fractional iterations', { ...argon, iterations: 2.5 }, 'kdf.iterations'],
    ['memory as a string', { ...argon, memoryKiB: '19456' }, 'kdf.memoryKiB'],
    ['memory above 256 MiB', { ...argon, memoryKiB: 262145 }, 'kdf.memoryKiB'],
    ['iterations above 16', { ...argon, iterations: 17 }, 'kdf.iterations'],
    ['scrypt logN 19 (512 MiB)', { ...scryptP, logN: 19 }, 'kdf.logN'],
    ['scrypt logN NaN', { ...scryptP, logN: NaN }, 'kdf.logN'],
    ['salt not base64', { ...argon, salt: 'not base64!!' }, 'kdf.salt'],
    ['salt above 64 bytes', { ...argon, salt: Buffer.alloc(65).toString('base64') }, 'kdf.salt'],
    ['salt missing', { ...argon, salt: undefined }, 'kdf.salt'],
  ];
  it.each(malformed)('INVALID_INPUT: %s', (_name, params, field) => {
    const err = errorOf(() => assertKdfParams(params));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details.field).toBe(field);
  });

  it('uses the caller field prefix', () => {
    expect(errorOf(() => assertKdfParams({ ...argon, iterations: 1.5 }, 'header.kdf')).details.field).toBe('header.kdf.iterations');
  });
});

describe('calibrateKdf', () => {
  /** A clock that reports the floor derivation as taking `ms`. */
  const fakeClock = (ms: number) => {
    let calls = 0;
    return () => (calls++ === 0 ? 1000 : 1000 + ms);
  };

  it('scales memory first, then iterations, toward the target; never below the floor', async () => {
    const twoX = await calibrateKdfDetailed({ now: fakeClock(250), targetMs: 500 });
    expect(twoX.params).toMatchObject({ name: 'argon2id', memoryKiB: 38912, iterations: 2, parallelism: 1 });
    expect(twoX.floorMs).toBe(250);
    expect(twoX.estimatedMs).toBeCloseTo(500, 0);

    const tenX = await calibrateKdfDetailed({ now: fakeClock(50), targetMs: 500 });
    expect(tenX.params).toMatchObject({ memoryKiB: 65536, iterations: 5 });
    expect(tenX.estimatedMs).toBeLessThanOrEqual(500);

    const capped = await calibrateKdf({ now: fakeClock(50), targetMs: 500, maxMemoryKiB: 1024 });
    expect(capped).toMatchObject({ memoryKiB: 19456, iterations: 16 }); // 20 wanted, capped at the maximum

    const slow = await calibrateKdfDetailed({ now: fakeClock(900), targetMs: 500 });
    expect(slow.params).toMatchObject({ memoryKiB: 19456, iterations: 2 });
    expect(slow.estimatedMs).toBe(900);
    for (const p of [twoX.params, tenX.params, capped, slow.params]) {
      expect(() => assertKdfParams(p)).not.toThrow();
      expect(fromBase64(p.salt).length).toBe(16);
    }
    expect(twoX.params.salt).not.toBe(tenX.params.salt);
  });

  it('scrypt doubles N within the memory ceiling', async () => {
    const big = await calibrateKdf({ name: 'scrypt', now: fakeClock(100), targetMs: 500, maxMemoryKiB: 1 << 20 });
    expect(big).toMatchObject({ name: 'scrypt', logN: 18, r: 8, p: 1 }); // 19 wanted, capped at the maximum
  });

  it('with the real clock gives accepted parameters', async () => {
    const { params, floorMs } = await calibrateKdfDetailed({ now: () => performance.now() });
    expect(() => assertKdfParams(params)).not.toThrow();
    expect(floorMs).toBeGreaterThan(0);
  });

  it('refuses a missing clock', async () => {
    const err = await rejectionOf(calibrateKdf({} as never));
    expect(err.details.field).toBe('now');
  });
});

