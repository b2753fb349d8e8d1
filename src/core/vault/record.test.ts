import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, randomBytes, toBase64, toHex, utf8Encode } from '../bytes.ts';
import { importDataKey, seal } from '../crypto/aead.ts';
import { SigvaultError } from '../errors.ts';
import { encodeAad, newVaultId, recordAad, type SealedRecord } from './format.ts';
import { openRecord, openRecords, PAD_BLOCK, parseSealedRecord, sealRecord } from './record.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const user = {
  kind: 'user',
  id: 'rec_0001',
  label: 'dev account',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: SECRET,
  createdAt: 1,
  updatedAt: 1,
};

async function rejectionOf(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

let key: CryptoKey;
let vaultId: string;
let sealed: SealedRecord;

beforeAll(async () => {
  key = await importDataKey(randomBytes(32));
  vaultId = newVaultId();
  sealed = await sealRecord(key, vaultId, 'identity', user.id, user);
});

describe('sealRecord / openRecord', () => {
  it('round-trips a JSON value', async () => {
    expect(sealed).toMatchObject({ id: 'rec_0001', kind: 'identity', format: 1 });
    expect(Object.keys(sealed).sort()).toEqual(['ct', 'format', 'id', 'iv', 'kind']);
    expect(await openRecord(key, vaultId, sealed)).toEqual(user);
    expect(await openRecord(key, vaultId, sealed, 'rec_0001')).toEqual(user);
    expect(await openRecord(key, vaultId, sealed, { id: 'rec_0001', kind: 'identity' })).toEqual(user);
    for (const v of [null, 0, 'text', [1, 2], { nested: { a: [true] } }]) {
      const r = await sealRecord(key, vaultId, 'settings-secret', 'settings', v);
      expect(await openRecord(key, vaultId, r)).toEqual(v);
    }
  });

  it('keeps no plaintext in the sealed record', () => {
    const json = JSON.stringify(sealed);
    for (const needle of [SECRET, toBase64(utf8Encode(SECRET)), toHex(utf8Encode(SECRET)), 'dev account', 'AKIAIOSFODNN7EXAMPLE']) {
      expect(json).not.toContain(needle);
    }
  });

  it('uses a fresh IV per seal and pads the plaintext to 32-byte blocks', async () => {
    const again = await sealRecord(key, vaultId, 'identity', user.id, user);
    expect(again.iv).not.toBe(sealed.iv);
    expect(again.ct).not.toBe(sealed.ct);
    expect(fromBase64(sealed.iv).length).toBe(12);
    expect((fromBase64(sealed.ct).length - 16) % PAD_BLOCK).toBe(0);
    const short = await sealRecord(key, vaultId, 'identity', 'a', { l: 'x' });
    const longer = await sealRecord(key, vaultId, 'identity', 'a', { l: 'xxxxxxxxxx' });
    expect(fromBase64(short.ct).length).toBe(fromBase64(longer.ct).length);
  });

  it('every byte of the IV and the ciphertext, flipped one at a time, fails with CORRUPT_RECORD', async () => {
    const iv = fromBase64(sealed.iv);
    const ct = fromBase64(sealed.ct);
    let checked = 0;
    for (const [field, bytes] of [['iv', iv], ['ct', ct]] as const) {
      for (let i = 0; i < bytes.length; i++) {
        const copy = new Uint8Array(bytes);
        copy[i]! ^= 0x01;
        const tampered = { ...sealed, [field]: toBase64(copy) };
        const err = await rejectionOf(openRecord(key, vaultId, tampered, sealed.id));
        expect(err.code).toBe('CORRUPT_RECORD');
        expect(err.details.recordId).toBe('rec_0001');
        expect(err.message).not.toContain(SECRET);
        checked++;
      }
    }
    expect(checked).toBe(iv.length + ct.length);
    // Other bit positions too (0x80) on a sample, and a truncated ciphertext.
    for (const i of [0, 5, ct.length - 1]) {
      const copy = new Uint8Array(ct);
      copy[i]! ^= 0x80;
      expect((await rejectionOf(openRecord(key, vaultId, { ...sealed, ct: toBase64(copy) }))).code).toBe('CORRUPT_RECORD');
    }
    const truncated = { ...sealed, ct: toBase64(ct.subarray(0, ct.length - 1)) };
    expect((await rejectionOf(openRecord(key, vaultId, truncated))).code).toBe('CORRUPT_RECORD');
  });

  it('a record moved to another id, kind or vault fails to open', async () => {
    const otherKey = await importDataKey(randomBytes(32));
    const moves: [string, () => Promise<unknown>][] = [
      ['id rewritten', () => openRecord(key, vaultId, { ...sealed, id: 'rec_0002' })],
      ['kind rewritten', () => openRecord(key, vaultId, { ...sealed, kind: 'session' })],
      ['another vault', () => openRecord(key, newVaultId(), sealed)],
      ['read from another slot', () => openRecord(key, vaultId, sealed, 'rec_0002')],
      ['expected another kind', () => openRecord(key, vaultId, sealed, { kind: 'settings-secret' })],
      ['another data key', () => openRecord(otherKey, vaultId, sealed)],
    ];
    for (const [name, attempt] of moves) {
      const err = await rejectionOf(attempt());
      expect(err.code, name).toBe('CORRUPT_RECORD');
      expect(err.details.recordId, name).toBeDefined();
    }
    // The slot name wins in the error: the caller knows the record by its key.
    expect((await rejectionOf(openRecord(key, vaultId, sealed, 'rec_0002'))).details.recordId).toBe('rec_0002');
  });

  it('malformed stored records and non-JSON plaintext are CORRUPT_RECORD, not a crash', async () => {
    const bad: unknown[] = [
      null,
      { ...sealed, iv: 'not base64' },
      { ...sealed, iv: toBase64(randomBytes(16)) },
      { ...sealed, format: 2 },
      { ...sealed, kind: 'password' },
      { ...sealed, ct: undefined },
    ];
    for (const r of bad) {
      expect((await rejectionOf(openRecord(key, vaultId, r as SealedRecord))).code).toBe('CORRUPT_RECORD');
    }
    // Authentic ciphertext whose plaintext is not JSON.
    const { iv, ct } = await seal(key, utf8Encode('not json {'), recordAad(vaultId, 'x1', 'identity', 1));
    const notJson: SealedRecord = { id: 'x1', kind: 'identity', format: 1, iv: toBase64(iv), ct: toBase64(ct) };
    const err = await rejectionOf(openRecord(key, vaultId, notJson));
    expect(err.code).toBe('CORRUPT_RECORD');
    expect(err.details.recordId).toBe('x1');
  });

  it('refuses to seal a malformed id, an unknown kind or a non-JSON value (INVALID_INPUT naming the field)', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => sealRecord(key, '', 'identity', 'a', {}), 'vaultId'],
      [() => sealRecord(key, 'not-a-vault-id', 'identity', 'a', {}), 'vaultId'],
      [() => sealRecord(key, vaultId, 'identity', '', {}), 'id'],
      [() => sealRecord(key, vaultId, 'identity', 'has space', {}), 'id'],
      [() => sealRecord(key, vaultId, 'identity', 'x'.repeat(65), {}), 'id'],
      [() => sealRecord(key, vaultId, 'password' as never, 'a', {}), 'kind'],
      [() => sealRecord(key, vaultId, 'identity', 'a', undefined), 'value'],
      [() => sealRecord(key, vaultId, 'identity', 'a', { n: 1n }), 'value'],
    ];
    for (const [attempt, field] of cases) {
      const err = await rejectionOf(attempt());
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.details.field).toBe(field);
    }
  });
});

describe('openRecords', () => {
  it('opens many in input order; a damaged one is reported by id and the rest still open', async () => {
    const recs = await Promise.all(Array.from({ length: 150 }, (_, i) => sealRecord(key, vaultId, 'identity', `r${i}`, { n: i })));
    const ct = fromBase64(recs[70]!.ct);
    ct[1]! ^= 4;
    recs[70] = { ...recs[70]!, ct: toBase64(ct) };
    recs[90] = { ...recs[90]!, kind: 'session' };
    for (const concurrency of [1, 64, 1000]) {
      const results = await openRecords(key, vaultId, recs, { kind: 'identity', concurrency });
      expect(results).toHaveLength(150);
      results.forEach((r, i) => {
        expect(r.id).toBe(`r${i}`);
        if (i === 70 || i === 90) {
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error.code).toBe('CORRUPT_RECORD');
            expect(r.error.details.recordId).toBe(`r${i}`);
          }
        } else {
          expect(r).toEqual({ ok: true, id: `r${i}`, kind: 'identity', value: { n: i } });
        }
      });
    }
    const garbage = await openRecords(key, vaultId, [null as unknown as SealedRecord]);
    expect(garbage[0]).toMatchObject({ ok: false, id: '' });
  });
});

describe('AAD encoding', () => {
  it('is length-prefixed UTF-8, so field boundaries cannot be shifted', () => {
    expect(toHex(encodeAad(['ab', '']))).toBe('00000002' + '6162' + '00000000');
    expect(toHex(encodeAad(['é']))).toBe('00000002' + 'c3a9');
    expect(toHex(encodeAad(['a'.repeat(300)]))).toBe('0000012c' + '61'.repeat(300));
    expect(toHex(recordAad('v', 'ab', 'c', 1))).not.toBe(toHex(recordAad('v', 'a', 'bc', 1)));
    expect(toHex(recordAad('va', 'b', 'c', 1))).not.toBe(toHex(recordAad('v', 'ab', 'c', 1)));
    expect(toHex(recordAad('v', 'a', 'identity', 1))).toBe(
      toHex(encodeAad(['sigvault/record', 'v', 'a', 'identity', '1'])),
    );
  });
});

describe('parseSealedRecord', () => {
  const shape: SealedRecord = { id: 'r1', kind: 'identity', format: 1, iv: toBase64(new Uint8Array(12)), ct: toBase64(new Uint8Array(40)) };
  it('returns a clean copy', () => {
    expect(parseSealedRecord({ ...shape, extra: 1 })).toEqual(shape);
  });
  const cases: [string, unknown, string][] = [
    ['not an object', 'x', 'record'],
    ['id missing', { ...shape, id: undefined }, 'id'],
    ['kind unknown', { ...shape, kind: 'password' }, 'kind'],
    ['format 0', { ...shape, format: 0 }, 'format'],
    ['format newer', { ...shape, format: 2 }, 'format'],
    ['iv 16 bytes', { ...shape, iv: toBase64(randomBytes(16)) }, 'iv'],
    ['ct shorter than a tag', { ...shape, ct: toBase64(randomBytes(15)) }, 'ct'],
    ['ct not base64', { ...shape, ct: shape.ct + '!' }, 'ct'],
  ];
  it.each(cases)('INVALID_INPUT: %s', (_name, value, field) => {
    try {
      parseSealedRecord(value);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SigvaultError);
      expect((e as SigvaultError).code).toBe('INVALID_INPUT');
      expect((e as SigvaultError).details.field).toBe(field);
    }
  });
  it('prefixes field names', () => {
    try {
      parseSealedRecord({ ...shape, iv: 'x' }, 'records[3]');
      expect.unreachable();
    } catch (e) {
      expect((e as SigvaultError).details.field).toBe('records[3].iv');
    }
  });
});
