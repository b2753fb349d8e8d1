import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toHex, utf8Encode } from '../bytes.ts';
import { importDataKey } from '../crypto/aead.ts';
import { floorParams } from '../crypto/kdf.ts';
import { SigvaultError } from '../errors.ts';
import { makeBackup, openBackup, parseBackup, restoreNotes, sealForRestore, type BackupFile } from './backup.ts';
import type { SealedRecord, VaultHeader } from './format.ts';
import { createVault } from './header.ts';
import { createRole, createUser, validateNewRole, validateNewUser, type IamUser } from './identity.ts';
import { planImport, previewImport, sealImport } from './import-plan.ts';
import { openRecord, sealRecord } from './record.ts';

const PASS = 'backup passphrase one';
const SECRETS = ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'A'.repeat(39) + 'B'];

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

let header: VaultHeader;
let key: CryptoKey;
let users: IamUser[];
let records: SealedRecord[];
let text: string;

beforeAll(async () => {
  const created = await createVault(PASS, floorParams());
  header = created.header;
  key = await importDataKey(created.dataKey);
  users = SECRETS.map((s, i) =>
    createUser(validateNewUser({ label: `user ${i}`, accessKeyId: `AKIAEXAMPLE0000000${i}`, secretAccessKey: s }), { now: () => 1000 + i }),
  );
  records = await Promise.all(users.map((u) => sealRecord(key, header.vaultId, 'identity', u.id, u)));
  records.push(await sealRecord(key, header.vaultId, 'settings-secret', 'settings', { webhook: 'x' }));
  text = JSON.stringify(makeBackup(header, records, { now: () => 5000 }), null, 2);
});

describe('makeBackup / parseBackup', () => {
  it('writes the same envelope: plaintext header plus the sealed records, and parses back', () => {
    const backup = parseBackup(text);
    expect(backup).toEqual({ sigvaultBackup: 1, exportedAt: 5000, header, records });
    expect(Object.keys(JSON.parse(text))).toEqual(['sigvaultBackup', 'exportedAt', 'header', 'records']);
  });

  it('contains no secret in any encoding', () => {
    for (const s of [...SECRETS, PASS]) {
      for (const needle of [s, toBase64(utf8Encode(s)), toHex(utf8Encode(s))]) expect(text).not.toContain(needle);
    }
    expect(text).not.toContain('user 0');
  });

  it('refuses a downgraded KDF (the file is untrusted): KDF_TOO_WEAK', () => {
    const downgrades: Record<string, unknown>[] = [
      { memoryKiB: 8192 },
      { iterations: 1 },
      { parallelism: 4 },
      { name: 'scrypt', logN: 10, r: 8, p: 1 },
      { name: 'pbkdf2', iterations: 1000 },
      { salt: toBase64(new Uint8Array(4)) },
    ];
    for (const change of downgrades) {
      const obj = JSON.parse(text) as BackupFile;
      obj.header.kdf = { ...obj.header.kdf, ...change } as never;
      expect(errorOf(() => parseBackup(JSON.stringify(obj))).code, JSON.stringify(change)).toBe('KDF_TOO_WEAK');
    }
  });

  const malformed: [string, (b: Record<string, unknown>) => unknown, string, RegExp][] = [
    ['text that is not JSON', () => '{"sigvaultBackup": 1,', 'backup', /not valid JSON/],
    ['a JSON array', () => [], 'backup', /object/],
    ['another JSON file', () => ({ hello: 'world' }), 'sigvaultBackup', /not a Sigvault backup/],
    ['a newer backup version', (b) => ({ ...b, sigvaultBackup: 2 }), 'sigvaultBackup', /newer/],
    ['a version string', (b) => ({ ...b, sigvaultBackup: '1' }), 'sigvaultBackup', /must be 1/],
    ['exportedAt missing', (b) => ({ ...b, exportedAt: undefined }), 'exportedAt', /exportedAt/],
    ['header missing', (b) => ({ ...b, header: undefined }), 'header', /no header/],
    ['header of a newer format', (b) => ({ ...b, header: { ...(b['header'] as object), format: 9 } }), 'header.format', /newer/],
    ['header vault id damaged', (b) => ({ ...b, header: { ...(b['header'] as object), vaultId: '??' } }), 'header.vaultId', /vaultId/],
    ['header salt not base64', (b) => ({ ...b, header: { ...(b['header'] as { kdf: object }), kdf: { ...(b['header'] as { kdf: object }).kdf, salt: '%%' } } }), 'header.kdf.salt', /base64/],
    ['records not an array', (b) => ({ ...b, records: {} }), 'records', /array/],
    ['a record iv not base64', (b) => ({ ...b, records: (b['records'] as object[]).map((r, i) => (i === 1 ? { ...r, iv: 'zz!' } : r)) }), 'records[1].iv', /base64/],
    ['a record of an unknown kind', (b) => ({ ...b, records: (b['records'] as object[]).map((r, i) => (i === 0 ? { ...r, kind: 'password' } : r)) }), 'records[0].kind', /identity/],
    ['a record of a newer format', (b) => ({ ...b, records: (b['records'] as object[]).map((r, i) => (i === 2 ? { ...r, format: 2 } : r)) }), 'records[2].format', /newer/],
    ['a record id with spaces', (b) => ({ ...b, records: (b['records'] as object[]).map((r, i) => (i === 0 ? { ...r, id: 'a b' } : r)) }), 'records[0].id', /characters/],
    ['two records with one id', (b) => ({ ...b, records: [(b['records'] as object[])[0], (b['records'] as object[])[0]] }), 'records[1].id', /repeats/],
  ];
  it.each(malformed)('INVALID_INPUT with a clear message: %s', (_name, mutate, field, message) => {
    const mutated = mutate(JSON.parse(text) as Record<string, unknown>);
    const input = typeof mutated === 'string' ? mutated : JSON.stringify(mutated);
    const err = errorOf(() => parseBackup(input));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details.field).toBe(field);
    expect(err.message).toMatch(message);
  });
});

describe('openBackup', () => {
  it('unlocks with the passphrase and opens every record', async () => {
    const opened = await openBackup(parseBackup(text), PASS);
    expect(opened.vaultId).toBe(header.vaultId);
    expect(opened.identities).toEqual(users);
    expect(opened.others).toEqual([{ id: 'settings', kind: 'settings-secret', value: { webhook: 'x' } }]);
    expect(opened.corrupt).toEqual([]);
    expect(opened.refused).toEqual([]);
    expect(opened.dataKey.length).toBe(32);
  });

  it('refuses identities that fail the checks a new one must pass, by id and reason, and restores the rest', async () => {
    const { header: h, dataKey } = await createVault(PASS, floorParams());
    const k = await importDataKey(dataKey);
    const good = createRole(validateNewRole({ label: 'fine', roleArn: 'arn:aws:iam::123456789012:role/Fine', sourceId: users[0]!.id, color: '#123456' }), { id: 'good1' });
    const tracker = { ...good, id: 'bad1', label: 'tracker', color: 'url(http://127.0.0.1:9/pixel.png)' };
    const spoof = { ...users[0]!, id: 'bad2', label: 'prod\u202Eved' };
    const seal = (v: { id: string }) => sealRecord(k, h.vaultId, 'identity', v.id, v);
    const recs = [await seal(users[0]!), await seal(good), await seal(tracker), await seal(spoof),
      await sealRecord(k, h.vaultId, 'catalog', 'catalog', { views: [{ id: 'good1', label: 'x', color: 'url(http://127.0.0.1:9/c.png)' }] }),
      await sealRecord(k, h.vaultId, 'session', 's_good1', { secretAccessKey: 'x' }),
      await sealRecord(k, h.vaultId, 'settings-secret', 'settings', { signinEndpoint: 'http://127.0.0.1:9' })];
    const opened = await openBackup(makeBackup(h, recs), PASS);
    expect(opened.identities.map((i) => i.id)).toEqual([users[0]!.id, 'good1']);
    expect(opened.refused.map((r) => r.id)).toEqual(['bad1', 'bad2']);
    expect(opened.refused[0]!.reason).toMatch(/color/);
    expect(opened.refused[1]!.reason).toMatch(/label/);
    const json = JSON.stringify(opened.refused);
    for (const needle of ['url(', '127.0.0.1', 'tracker', 'prod', SECRETS[0]!]) expect(json).not.toContain(needle);
    expect(opened.corrupt).toEqual([]);
    // the preview carries them, with notes on what else is left out
    const preview = previewImport(planImport([], opened.identities, 'replace'), { refused: opened.refused, notes: restoreNotes(opened) });
    expect(preview.add.map((v) => v.id)).toEqual([users[0]!.id, 'good1']);
    expect(preview.refused).toEqual(opened.refused);
    expect(preview.notes).toHaveLength(3);
    expect(preview.notes.join(' ')).toMatch(/list of identities is not restored.*rebuilt/);
    expect(preview.notes.join(' ')).toMatch(/endpoint overrides and auto-lock\) are not restored/);
    expect(preview.notes.join(' ')).toMatch(/1 cached temporary session is not restored/);
    expect(restoreNotes({ others: [] })).toEqual([]);
  });

  it('a restore re-seals what it keeps under the backup\'s key, and never writes a catalog, session or settings record', async () => {
    const opened = await openBackup(parseBackup(text), PASS);
    const sealed = await sealForRestore(opened, [{ id: users[0]!.id, kind: 'identity', value: users[0] }, { id: 'prefs', kind: 'prefs', value: { favorites: [] } }]);
    expect(await openRecord(key, header.vaultId, sealed[0]!, users[0]!.id)).toEqual(users[0]);
    expect(await openRecord(key, header.vaultId, sealed[1]!, { id: 'prefs', kind: 'prefs' })).toEqual({ favorites: [] });
    for (const kind of ['catalog', 'session', 'settings-secret'] as const) {
      expect((await rejectionOf(sealForRestore(opened, [{ id: 'x', kind, value: {} }]))).code).toBe('INVALID_INPUT');
    }
  });

  it('wrong passphrase → WRONG_PASSPHRASE; downgraded object → KDF_TOO_WEAK even past parseBackup', async () => {
    expect((await rejectionOf(openBackup(parseBackup(text), 'not the passphrase'))).code).toBe('WRONG_PASSPHRASE');
    const weak = parseBackup(text);
    weak.header = { ...weak.header, kdf: { ...weak.header.kdf, iterations: 1 } as never };
    expect((await rejectionOf(openBackup(weak, PASS))).code).toBe('KDF_TOO_WEAK');
  });

  it('reports a damaged record by id and still opens the rest', async () => {
    const backup = parseBackup(text);
    const ct = fromBase64(backup.records[1]!.ct);
    ct[0]! ^= 1;
    backup.records[1] = { ...backup.records[1]!, ct: toBase64(ct) };
    const opened = await openBackup(backup, PASS);
    expect(opened.identities.map((u) => u.id)).toEqual([users[0]!.id, users[2]!.id]);
    expect(opened.corrupt).toHaveLength(1);
    expect(opened.corrupt[0]).toMatchObject({ id: users[1]!.id, kind: 'identity' });
    expect(opened.corrupt[0]!.reason).not.toContain(SECRETS[1]);
  });

  it('imports into another vault: records are re-sealed under the current vault id and key', async () => {
    const other = await createVault('another vault passphrase', floorParams());
    const otherKey = await importDataKey(other.dataKey);
    const opened = await openBackup(parseBackup(text), PASS);
    const plan = planImport([], opened.identities, 'merge');
    const { put } = await sealImport(otherKey, other.header.vaultId, plan);
    expect(put).toHaveLength(3);
    for (const rec of put) {
      expect(await openRecord(otherKey, other.header.vaultId, rec, rec.id)).toMatchObject({ kind: 'user', id: rec.id });
    }
    // The backup's original records do not open in the other vault.
    const err = await rejectionOf(openRecord(otherKey, other.header.vaultId, records[0]!));
    expect(err.code).toBe('CORRUPT_RECORD');
  });
});
