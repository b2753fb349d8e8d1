/**
 * `session.export { longTerm: true, passphrase }` in Node (fake-indexeddb, in-memory extension storage):
 * long-term keys only for IAM users, only with the vault passphrase, checked under the unlock backoff.
 * The same flow runs in real browsers from the popup in test/e2e/export.e2e.ts.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../platform/browser.ts', async () => (await import('../../../test/support/fake-extension.ts')).fakeBrowserModule());

const PASS = 'correct horse battery staple';
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ctx = {} as never;

describe('session.export: long-term keys', () => {
  let userId: string;
  let roleId: string;

  beforeAll(async () => {
    const vault = await import('../vault/service.ts');
    await vault.create(PASS);
    const { identityAddUser } = await import('./identity-add-user.ts');
    const { identityAddRole } = await import('./identity-add-role.ts');
    userId = (await identityAddUser({ label: 'ci deploy', ...KEYS, region: 'eu-west-1', check: false } as never, ctx)).id;
    roleId = (await identityAddRole({ label: 'admin', roleArn: 'arn:aws:iam::222222222222:role/Admin', sourceId: userId } as never, ctx)).id;
  }, 60_000);

  it('with the vault passphrase: the user\'s keys, without session token or expiry', async () => {
    const { sessionExport } = await import('./session-export.ts');
    const r = await sessionExport({ id: userId, format: 'credential_process', longTerm: true, passphrase: PASS }, ctx);
    expect(r).toEqual({ text: expect.any(String) });
    expect(JSON.parse(r.text)).toEqual({ Version: 1, ...{ AccessKeyId: KEYS.accessKeyId, SecretAccessKey: KEYS.secretAccessKey } });
    const env = await sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: PASS }, ctx);
    expect(env.text).toContain(`export AWS_SECRET_ACCESS_KEY='${KEYS.secretAccessKey}'`);
    expect(env.text).toContain("export AWS_REGION='eu-west-1'");
    expect(env.text).not.toMatch(/export AWS_SESSION_TOKEN|export AWS_CREDENTIAL_EXPIRATION/);
  }, 60_000);

  it('without a passphrase, or for a role: INVALID_INPUT, and nothing counts toward the backoff', async () => {
    const { sessionExport } = await import('./session-export.ts');
    const db = await import('../../platform/db.ts');
    await expect(sessionExport({ id: userId, format: 'env', longTerm: true } as never, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'passphrase' } });
    await expect(sessionExport({ id: roleId, format: 'env', longTerm: true, passphrase: PASS }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'longTerm' } });
    expect(await db.getMeta('unlockFailures')).toBeUndefined();
  });

  it('a wrong passphrase is refused and counted like a failed unlock; after five, BACKOFF; the right one then clears the count', async () => {
    const { sessionExport } = await import('./session-export.ts');
    const db = await import('../../platform/db.ts');
    await expect(sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: 'not it' }, ctx)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect((await db.getMeta('unlockFailures'))?.count).toBe(1);
    await db.setMeta('unlockFailures', { count: 5, lastAt: Date.now() }); // as after five wrong ones
    await expect(sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: PASS }, ctx)).rejects.toMatchObject({ code: 'BACKOFF' });
    await db.setMeta('unlockFailures', { count: 5, lastAt: Date.now() - 60_000 }); // the wait is over
    expect((await sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: PASS }, ctx)).text).toContain(KEYS.accessKeyId);
    expect(await db.getMeta('unlockFailures')).toBeUndefined();
  }, 60_000);

  it('a locked vault is refused, and a lock while the passphrase is checked wins', async () => {
    const { sessionExport } = await import('./session-export.ts');
    const vault = await import('../vault/service.ts');
    const pending = sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: PASS }, ctx);
    await new Promise((r) => setTimeout(r, 50)); // inside the key derivation
    await vault.lock('manual');
    await expect(pending).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(sessionExport({ id: userId, format: 'env', longTerm: true, passphrase: PASS }, ctx)).rejects.toMatchObject({ code: 'LOCKED' });
    await vault.unlock(PASS);
  }, 60_000);
});
