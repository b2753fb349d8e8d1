import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../bytes.ts';
import { importDataKey } from '../crypto/aead.ts';
import { floorParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';
import type { SealedRecord, VaultHeader } from './format.ts';
import { createVault, unlockHeader } from './header.ts';
import { openRecord, sealRecord } from './record.ts';
import { parseRekeyKdf, rekeyHeader, resealRecords } from './rekey.ts';

const PASS = 'correct horse battery staple';

function errorOf(fn: () => unknown): SigvaultError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SigvaultError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseRekeyKdf', () => {
  const ok = { name: 'argon2id', memoryKiB: 19_456, iterations: 2, parallelism: 1 };

  it('accepts the floor and the maximum, with a fresh salt each time', () => {
    const a = parseRekeyKdf(ok);
    const b = parseRekeyKdf({ ...ok, memoryKiB: 262_144, iterations: 16 });
    expect(a).toMatchObject({ name: 'argon2id', memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    expect(b).toMatchObject({ memoryKiB: 262_144, iterations: 16 });
    expect(a.salt).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.salt).not.toBe(b.salt);
    expect(parseRekeyKdf({ name: 'argon2id', memoryKiB: 65_536, iterations: 3 })).toMatchObject({ parallelism: 1 });
  });

  it.each([
    // in the options page's unit (MiB) and words (issue 15 item 2): never KiB or the property name
    [{ ...ok, memoryKiB: 19_455 }, 'kdf.memoryKiB', /^Argon2id memory must be at least 19 MiB, the safe minimum\.$/],
    [{ ...ok, memoryKiB: 262_145 }, 'kdf.memoryKiB', /^Argon2id memory must be at most 256 MiB\.$/],
    [{ ...ok, memoryKiB: 20_000.5 }, 'kdf.memoryKiB', /^Argon2id memory must be a number of MiB, from 19 to 256 MiB\.$/],
    [{ ...ok, memoryKiB: '65536' }, 'kdf.memoryKiB', /number of MiB/],
    [{ ...ok, iterations: 1 }, 'kdf.iterations', /^Argon2id iterations must be at least 2, the safe minimum\.$/],
    [{ ...ok, iterations: 17 }, 'kdf.iterations', /at most 16/],
    [{ ...ok, parallelism: 4 }, 'kdf.parallelism', /must be 1/],
    [{ ...ok, name: 'scrypt' }, 'kdf.name', /argon2id/],
    [{ ...ok, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' }, 'kdf.salt', /unknown/],
    [null, 'kdf', /object/],
    [[ok], 'kdf', /object/],
  ])('refuses %j as INVALID_INPUT naming %s', (input, field, message) => {
    const e = errorOf(() => parseRekeyKdf(input));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details.field).toBe(field);
    expect(e.message).toMatch(message);
  });
});

describe('rekeyHeader and resealRecords', () => {
  let header: VaultHeader;
  let oldKey: CryptoKey;
  let records: SealedRecord[];

  beforeAll(async () => {
    const v = await createVault(PASS, floorParams('argon2id'));
    header = v.header;
    oldKey = await importDataKey(v.dataKey);
    records = await Promise.all([
      sealRecord(oldKey, header.vaultId, 'identity', 'u1', { label: 'one', secret: 'S1' }),
      sealRecord(oldKey, header.vaultId, 'identity', 'u2', { label: 'two', secret: 'S2' }),
      sealRecord(oldKey, header.vaultId, 'catalog', 'catalog', { views: [] }),
      sealRecord(oldKey, header.vaultId, 'session', 's_u1', { token: 'T' }),
    ]);
  }, 30_000);

  it('refuses a wrong passphrase before deriving anything new', async () => {
    await expect(rekeyHeader(header, 'not the passphrase', parseRekeyKdf({ name: 'argon2id', memoryKiB: 19_456, iterations: 2 }))).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  }, 30_000);

  it('wraps a NEW data key under the same passphrase with the new parameters, same vault id', async () => {
    const kdf = parseRekeyKdf({ name: 'argon2id', memoryKiB: 20_480, iterations: 3 });
    const r = await rekeyHeader(header, PASS, kdf, { now: () => 42 });
    expect(r.header).toMatchObject({ vaultId: header.vaultId, createdAt: header.createdAt, updatedAt: 42, kdf: { memoryKiB: 20_480, iterations: 3, salt: kdf.salt } });
    expect(toBase64(r.oldDataKey)).toBe(toBase64(await unlockHeader(header, PASS)));
    expect(toBase64(r.newDataKey)).not.toBe(toBase64(r.oldDataKey));
    expect(toBase64(await unlockHeader(r.header, PASS))).toBe(toBase64(r.newDataKey));
    await expect(unlockHeader(r.header, 'not the passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  }, 30_000);

  it('re-seals every record but sessions: they open under the new key only', async () => {
    const newKey = await importDataKey(crypto.getRandomValues(new Uint8Array(32)));
    const { put, dropped } = await resealRecords(oldKey, newKey, header.vaultId, records);
    expect(put.map((r) => `${r.kind}:${r.id}`)).toEqual(['identity:u1', 'identity:u2', 'catalog:catalog']);
    expect(dropped).toEqual(['s_u1']);
    expect(await openRecord(newKey, header.vaultId, put[1]!, { id: 'u2', kind: 'identity' })).toEqual({ label: 'two', secret: 'S2' });
    await expect(openRecord(oldKey, header.vaultId, put[1]!, { id: 'u2', kind: 'identity' })).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
  });

  it('drops a catalog that does not open, and refuses an identity that does not open', async () => {
    const newKey = await importDataKey(crypto.getRandomValues(new Uint8Array(32)));
    const flip = (r: SealedRecord): SealedRecord => ({ ...r, ct: (r.ct[0] === 'A' ? 'B' : 'A') + r.ct.slice(1) });
    const badCatalog = records.map((r) => (r.kind === 'catalog' ? flip(r) : r));
    const out = await resealRecords(oldKey, newKey, header.vaultId, badCatalog);
    expect(out.put.map((r) => r.id)).toEqual(['u1', 'u2']);
    expect(out.dropped.sort()).toEqual(['catalog', 's_u1']);
    const badIdentity = records.map((r) => (r.id === 'u2' ? flip(r) : r));
    await expect(resealRecords(oldKey, newKey, header.vaultId, badIdentity)).rejects.toMatchObject({ code: 'CORRUPT_RECORD', details: { recordId: 'u2' } });
  });
});
