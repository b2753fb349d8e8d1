import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromBase64Url, toBase64, toHex, utf8Encode } from '../bytes.ts';
import { importDataKey, seal } from '../crypto/aead.ts';
import { deriveKek, floorParams, newSalt, type KdfParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';
import { dataKeyAad, type VaultHeader } from './format.ts';
import { createVault, migrateHeader, parseHeader, rewrapHeader, unlockHeader, type HeaderV0 } from './header.ts';
import { openRecord, sealRecord } from './record.ts';

// Contains a decomposable character so NFC normalisation is exercised.
const PASS = 'Crème brûlée 4 breakfast';
const NEW_PASS = 'a different passphrase';
const T0 = 1_750_000_000_000;

async function rejectionOf(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function errorOf(fn: () => unknown): SigvaultError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a SigvaultError');
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let header: VaultHeader;
let dataKey: Uint8Array;

beforeAll(async () => {
  ({ header, dataKey } = await createVault(PASS, floorParams('argon2id'), { now: () => T0 }));
});

describe('createVault', () => {
  it('writes a format-1 header with a random id and a 32-byte data key wrapped under the KEK', () => {
    expect(header.format).toBe(1);
    expect(fromBase64Url(header.vaultId).length).toBe(16);
    expect(header.kdf).toMatchObject({ name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1 });
    expect(fromBase64(header.wrappedKey.iv).length).toBe(12);
    expect(fromBase64(header.wrappedKey.ct).length).toBe(48);
    expect(header.wrappedKey.aadFormat).toBeUndefined();
    expect(header).toMatchObject({ createdAt: T0, updatedAt: T0 });
    expect(dataKey.length).toBe(32);
  });

  it('survives JSON and re-parses to the same header', () => {
    expect(parseHeader(clone(header))).toEqual(header);
  });

  it('holds neither the passphrase nor the data key in any encoding', () => {
    const json = JSON.stringify(header);
    for (const needle of [PASS, PASS.normalize('NFD'), toBase64(utf8Encode(PASS)), toHex(utf8Encode(PASS)), toBase64(dataKey), toHex(dataKey)]) {
      expect(json).not.toContain(needle);
    }
  });

  it('refuses weak parameters and short passphrases before deriving', async () => {
    const weak: KdfParams = { name: 'argon2id', memoryKiB: 4096, iterations: 2, parallelism: 1, salt: newSalt() };
    expect((await rejectionOf(createVault(PASS, weak))).code).toBe('KDF_TOO_WEAK');
    const short = await rejectionOf(createVault('short', floorParams()));
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.details.field).toBe('passphrase');
    expect(short.message).toBe('The passphrase must be at least 8 characters.');
  });

  it('refuses passphrases estimated weak (issue 15 item 6): `password` and friends, in people\'s words', async () => {
    for (const pass of ['password', 'Summer2024', 'Password1', 'aaaaaaaaaaaaaaaa']) {
      const err = await rejectionOf(createVault(pass, floorParams()));
      expect(err.code, pass).toBe('INVALID_INPUT');
      expect(err.details.field).toBe('passphrase');
      expect(err.message).toMatch(/too easy to guess.*random words/);
      expect(err.message).not.toContain(pass);
    }
    const weak = await rejectionOf(rewrapHeader(header, PASS, 'password'));
    expect(weak).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'newPassphrase' } });
  });
});

describe('unlockHeader', () => {
  it('unwraps the same data key, with the passphrase in either Unicode normal form', async () => {
    expect(toHex(await unlockHeader(header, PASS))).toBe(toHex(dataKey));
    expect(toHex(await unlockHeader(clone(header), PASS.normalize('NFD')))).toBe(toHex(dataKey));
  });

  it('wrong passphrase → WRONG_PASSPHRASE, said as a sentence', async () => {
    const err = await rejectionOf(unlockHeader(header, 'Creme brulee 4 breakfast'));
    expect(err.code).toBe('WRONG_PASSPHRASE');
    expect(err.message).toBe('Wrong passphrase.');
    expect(err.message).not.toContain('Creme');
  });

  it('a tampered header (another vault id, a flipped wrap byte) → WRONG_PASSPHRASE', async () => {
    const otherId = { ...clone(header), vaultId: 'AAAAAAAAAAAAAAAAAAAAAA' };
    expect((await rejectionOf(unlockHeader(otherId, PASS))).code).toBe('WRONG_PASSPHRASE');
    const ct = fromBase64(header.wrappedKey.ct);
    ct[3]! ^= 1;
    const flipped = clone(header);
    flipped.wrappedKey.ct = toBase64(ct);
    expect((await rejectionOf(unlockHeader(flipped, PASS))).code).toBe('WRONG_PASSPHRASE');
  });

  it('downgraded KDF parameters are refused with KDF_TOO_WEAK before any derivation', async () => {
    const downgrades: Partial<VaultHeader['kdf']>[] = [
      { memoryKiB: 1024 },
      { iterations: 1 },
      { name: 'scrypt', logN: 14, r: 8, p: 1 } as Partial<KdfParams>,
      { name: 'pbkdf2' } as unknown as Partial<KdfParams>,
      { salt: toBase64(new Uint8Array(8)) },
    ];
    for (const change of downgrades) {
      const h = clone(header);
      h.kdf = { ...h.kdf, ...change } as KdfParams;
      let progressed = false;
      const started = performance.now();
      const err = await rejectionOf(unlockHeader(h, PASS, { onProgress: () => (progressed = true) }));
      expect(err.code, JSON.stringify(change)).toBe('KDF_TOO_WEAK');
      expect(progressed).toBe(false);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('rejects a missing or empty passphrase as INVALID_INPUT', async () => {
    for (const bad of ['', undefined]) {
      const err = await rejectionOf(unlockHeader(header, bad as string));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.details.field).toBe('passphrase');
    }
  });
});

describe('rewrapHeader (passphrase change)', () => {
  it('keeps the data key and vault id; records sealed before still open; the old passphrase stops working', async () => {
    const key = await importDataKey(dataKey);
    const record = await sealRecord(key, header.vaultId, 'identity', 'u1', { id: 'u1', secret: 'x' });

    const rewrapped = await rewrapHeader(header, PASS, NEW_PASS, undefined, { now: () => T0 + 5 });
    expect(rewrapped.vaultId).toBe(header.vaultId);
    expect(rewrapped.createdAt).toBe(T0);
    expect(rewrapped.updatedAt).toBe(T0 + 5);
    expect(rewrapped.kdf).toMatchObject({ name: 'argon2id', memoryKiB: 19456, iterations: 2 });
    expect(rewrapped.kdf.salt).not.toBe(header.kdf.salt);
    expect(rewrapped.wrappedKey.ct).not.toBe(header.wrappedKey.ct);

    const unwrapped = await unlockHeader(rewrapped, NEW_PASS);
    expect(toHex(unwrapped)).toBe(toHex(dataKey));
    expect(await openRecord(await importDataKey(unwrapped), rewrapped.vaultId, record, 'u1')).toEqual({ id: 'u1', secret: 'x' });
    expect((await rejectionOf(unlockHeader(rewrapped, PASS))).code).toBe('WRONG_PASSPHRASE');
  });

  it('can move to other KDF parameters (scrypt) and still unwrap the same key', async () => {
    const rewrapped = await rewrapHeader(header, PASS, NEW_PASS, floorParams('scrypt'));
    expect(rewrapped.kdf).toMatchObject({ name: 'scrypt', logN: 17 });
    expect(toHex(await unlockHeader(rewrapped, NEW_PASS))).toBe(toHex(dataKey));
  });

  it('refuses a wrong current passphrase, a short new one, and weak new parameters', async () => {
    expect((await rejectionOf(rewrapHeader(header, 'not the passphrase', NEW_PASS))).code).toBe('WRONG_PASSPHRASE');
    const short = await rejectionOf(rewrapHeader(header, PASS, 'short'));
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.details.field).toBe('newPassphrase');
    const weak = { name: 'argon2id', memoryKiB: 19456, iterations: 1, parallelism: 1, salt: newSalt() } as const;
    expect((await rejectionOf(rewrapHeader(header, PASS, NEW_PASS, weak))).code).toBe('KDF_TOO_WEAK');
  });
});

describe('parseHeader', () => {
  const cases: [string, (h: Record<string, unknown>) => unknown, string][] = [
    ['not an object', () => 'header', 'header'],
    ['no format', (h) => ({ ...h, format: undefined }), 'format'],
    ['newer format', (h) => ({ ...h, format: 2 }), 'format'],
    ['vault id not base64url', (h) => ({ ...h, vaultId: 'vault id' }), 'vaultId'],
    ['vault id too short', (h) => ({ ...h, vaultId: 'AAAA' }), 'vaultId'],
    ['kdf missing', (h) => ({ ...h, kdf: undefined }), 'kdf'],
    ['wrappedKey missing', (h) => ({ ...h, wrappedKey: undefined }), 'wrappedKey'],
    ['wrappedKey.iv wrong length', (h) => ({ ...h, wrappedKey: { ...(h['wrappedKey'] as object), iv: toBase64(new Uint8Array(16)) } }), 'wrappedKey.iv'],
    ['wrappedKey.ct wrong length', (h) => ({ ...h, wrappedKey: { ...(h['wrappedKey'] as object), ct: toBase64(new Uint8Array(32)) } }), 'wrappedKey.ct'],
    ['wrappedKey.aadFormat 1', (h) => ({ ...h, wrappedKey: { ...(h['wrappedKey'] as object), aadFormat: 1 } }), 'wrappedKey.aadFormat'],
    ['createdAt negative', (h) => ({ ...h, createdAt: -1 }), 'createdAt'],
    ['updatedAt a string', (h) => ({ ...h, updatedAt: '2025-01-01' }), 'updatedAt'],
  ];
  it.each(cases)('INVALID_INPUT: %s', (_name, mutate, field) => {
    const err = errorOf(() => parseHeader(mutate(clone(header) as unknown as Record<string, unknown>)));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details.field).toBe(field);
  });

  it('says a newer format needs an update', () => {
    expect(errorOf(() => parseHeader({ ...clone(header), format: 2 })).message).toMatch(/newer.*update Sigvault/);
  });
});

describe('upgrade ladder from format 0', () => {
  /** Build a format-0 header the way the pre-release build did: its wrap AAD binds format 0. */
  async function makeV0(kdf: HeaderV0['kdf'], params: KdfParams): Promise<{ v0: HeaderV0; key: Uint8Array }> {
    const id = 'AAECAwQFBgcICQoLDA0ODw';
    const key = crypto.getRandomValues(new Uint8Array(32));
    const kek = await importDataKey(await deriveKek(PASS, params));
    const { iv, ct } = await seal(kek, key, dataKeyAad(id, 0));
    return { v0: { v: 0, id, kdf, wrapped: { iv: toBase64(iv), ct: toBase64(ct) }, created: T0 }, key };
  }

  it('migrates a format-0 header to format 1, unlocks it, and re-wraps it to a plain format-1 header', async () => {
    const params = floorParams('argon2id') as Extract<KdfParams, { name: 'argon2id' }>;
    const { v0, key } = await makeV0({ alg: 'argon2id', m: params.memoryKiB, t: params.iterations, p: 1, salt: params.salt }, params);

    const { header: migrated, fromFormat } = migrateHeader(clone(v0));
    expect(fromFormat).toBe(0);
    expect(migrated).toEqual({
      format: 1,
      vaultId: v0.id,
      kdf: { name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1, salt: params.salt },
      wrappedKey: { iv: v0.wrapped.iv, ct: v0.wrapped.ct, aadFormat: 0 },
      createdAt: T0,
      updatedAt: T0,
    });
    expect(migrateHeader(clone(migrated))).toEqual({ header: migrated, fromFormat: 1 });

    expect(toHex(await unlockHeader(migrated, PASS))).toBe(toHex(key));
    // The raw v0 object is accepted too (unlockHeader migrates on the way in).
    expect(toHex(await unlockHeader(v0 as unknown as VaultHeader, PASS))).toBe(toHex(key));

    // The AAD format marker is authenticated: dropping it does not open.
    const stripped = clone(migrated);
    delete stripped.wrappedKey.aadFormat;
    expect((await rejectionOf(unlockHeader(stripped, PASS))).code).toBe('WRONG_PASSPHRASE');

    // A passphrase change writes a current-format wrap.
    const rewrapped = await rewrapHeader(migrated, PASS, NEW_PASS);
    expect(rewrapped.wrappedKey.aadFormat).toBeUndefined();
    expect(toHex(await unlockHeader(rewrapped, NEW_PASS))).toBe(toHex(key));
  });

  it('maps scrypt N to logN and enforces the floor on old headers too', () => {
    const base = { v: 0, id: 'AAECAwQFBgcICQoLDA0ODw', wrapped: { iv: toBase64(new Uint8Array(12)), ct: toBase64(new Uint8Array(48)) }, created: T0 };
    const salt = newSalt();
    expect(migrateHeader({ ...base, kdf: { alg: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt } }).header.kdf).toEqual({
      name: 'scrypt',
      logN: 17,
      r: 8,
      p: 1,
      salt,
    });
    const notPow2 = errorOf(() => migrateHeader({ ...base, kdf: { alg: 'scrypt', N: 100_000, r: 8, p: 1, salt } }));
    expect(notPow2.details.field).toBe('kdf.N');
    expect(errorOf(() => migrateHeader({ ...base, kdf: { alg: 'scrypt', N: 2 ** 14, r: 8, p: 1, salt } })).code).toBe('KDF_TOO_WEAK');
    expect(errorOf(() => migrateHeader({ ...base, kdf: { alg: 'argon2id', m: 4096, t: 3, p: 1, salt } })).code).toBe('KDF_TOO_WEAK');
    expect(errorOf(() => migrateHeader({ ...base, kdf: { alg: 'pbkdf2', salt } })).code).toBe('KDF_TOO_WEAK');
    expect(errorOf(() => migrateHeader({ ...base, id: 'x', kdf: { alg: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt } })).details.field).toBe(
      'vaultId',
    );
  });
});
