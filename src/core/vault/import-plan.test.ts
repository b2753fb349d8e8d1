import { describe, expect, it } from 'vitest';
import { randomBytes } from '../bytes.ts';
import { importDataKey } from '../crypto/aead.ts';
import { newVaultId } from './format.ts';
import { parseStoredIdentity, type AssumedRole, type IamUser, type StoredIdentity } from './identity.ts';
import { planImport, previewImport, sealImport } from './import-plan.ts';
import { openRecord } from './record.ts';

const secret = (c: string) => c.repeat(40);
const user = (id: string, key: string, extra: Partial<IamUser> = {}): IamUser => ({
  kind: 'user',
  id,
  label: `user ${id}`,
  accessKeyId: `AKIA${key.padEnd(16, '0')}`,
  secretAccessKey: secret('s'),
  createdAt: 100,
  updatedAt: 100,
  ...extra,
});
const role = (id: string, sourceId: string, extra: Partial<AssumedRole> = {}): AssumedRole => ({
  kind: 'role',
  id,
  label: `role ${id}`,
  roleArn: 'arn:aws:iam::123456789012:role/Admin',
  sourceId,
  createdAt: 100,
  updatedAt: 100,
  ...extra,
});
const ids = (list: StoredIdentity[]) => list.map((i) => i.id).sort();

describe('planImport', () => {
  const current = [user('a', 'A'), user('b', 'B'), user('c', 'C', { updatedAt: 500, label: 'edited later' }), role('r', 'a')];
  const incoming = [
    user('a', 'A'), // identical → unchanged
    user('b', 'B', { label: 'renamed in backup', updatedAt: 200 }), // newer → update
    user('c', 'C', { updatedAt: 300 }), // older than current → kept (merge) / update (replace)
    user('n', 'N'), // new → add
  ];

  it('merge: adds new, updates newer, keeps the rest', () => {
    const plan = planImport(current, incoming, 'merge');
    expect(ids(plan.add)).toEqual(['n']);
    expect(plan.update.map((u) => [u.before.id, u.after.id, u.after.label])).toEqual([['b', 'b', 'renamed in backup']]);
    expect(ids(plan.unchanged)).toEqual(['a']);
    expect(ids(plan.kept)).toEqual(['c', 'r']);
    expect(plan.remove).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('replace: the backup wins and current-only identities are removed', () => {
    const plan = planImport(current, incoming, 'replace');
    expect(ids(plan.add)).toEqual(['n']);
    expect(plan.update.map((u) => u.after.id).sort()).toEqual(['b', 'c']);
    expect(ids(plan.unchanged)).toEqual(['a']);
    expect(ids(plan.remove)).toEqual(['r']);
    expect(plan.kept).toEqual([]);
  });

  it('matches a user by access key id across vaults, keeps the current id, and remaps role sources', () => {
    const cur = [user('local1', 'K', { createdAt: 50 })];
    const inc = [user('remote1', 'K', { label: 'from laptop', updatedAt: 900 }), role('remoteRole', 'remote1')];
    const plan = planImport(cur, inc, 'merge');
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]!.after).toMatchObject({ id: 'local1', label: 'from laptop', createdAt: 50 });
    expect(plan.add).toHaveLength(1);
    expect(plan.add[0]).toMatchObject({ id: 'remoteRole', sourceId: 'local1' });
    expect(plan.warnings).toEqual([]);
  });

  it('gives a fresh id to an incoming identity whose id is already taken by another match', () => {
    // current x has key X; incoming p has key X (matches x), incoming x has key Y (its id is taken).
    const plan = planImport([user('x', 'X')], [user('p', 'X', { updatedAt: 200, label: 'p' }), user('x', 'Y')], 'merge');
    expect(plan.update.map((u) => u.after.id)).toEqual(['x']);
    expect(plan.add).toHaveLength(1);
    expect(plan.add[0]!.id).not.toBe('x');
    expect(plan.add[0]!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('warns about a role whose source will not exist', () => {
    const plan = planImport([user('a', 'A')], [role('r2', 'ghost', { label: 'orphan' })], 'merge');
    expect(plan.warnings).toEqual(['Role "orphan" refers to a source identity that will not be in the vault']);
    const replaced = planImport([user('a', 'A'), role('r', 'a')], [role('r', 'a')], 'replace');
    expect(replaced.warnings).toHaveLength(1);
  });

  it('compares content regardless of property order', () => {
    const u = user('a', 'A');
    const reordered = Object.fromEntries(Object.entries(u).reverse()) as unknown as IamUser;
    expect(planImport([u], [reordered], 'merge').unchanged).toHaveLength(1);
  });

  it('carries unknown kinds through unchanged', () => {
    const raw = { kind: 'future-kind', id: 'z', label: 'sso', createdAt: 1, updatedAt: 1, token: 't' };
    const plan = planImport([], [parseStoredIdentity(raw, 'z')], 'merge');
    expect(plan.add[0]).toMatchObject({ kind: 'unknown', id: 'z' });
  });
});

describe('previewImport and sealImport', () => {
  it('the preview holds no secret; the sealed records open under the current vault', async () => {
    const plan = planImport([user('a', 'A')], [user('a', 'A', { updatedAt: 200, label: 'new' }), user('n', 'N')], 'replace');
    const preview = previewImport(plan);
    expect(JSON.stringify(preview)).not.toContain(secret('s'));
    expect(preview.add.map((v) => v.id)).toEqual(['n']);
    expect(preview.update[0]!.after.label).toBe('new');

    const key = await importDataKey(randomBytes(32));
    const vaultId = newVaultId();
    const { put, remove } = await sealImport(key, vaultId, plan);
    expect(remove).toEqual([]);
    expect(put.map((r) => r.id).sort()).toEqual(['a', 'n']);
    for (const rec of put) {
      const value = await openRecord(key, vaultId, rec, { id: rec.id, kind: 'identity' });
      expect(parseStoredIdentity(value, rec.id)).toMatchObject({ kind: 'user', id: rec.id, secretAccessKey: secret('s') });
    }
  });
});
