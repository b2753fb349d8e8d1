/**
 * Backups made in Node with the pure core, for tests and benchmarks that need a vault of thousands of
 * identities in a browser quickly (restored with `vault.importBackup` into an empty profile). KDF at the
 * floor, so restoring and unlocking stay fast.
 */
import { importDataKey } from '../../src/core/crypto/aead.ts';
import { floorParams } from '../../src/core/crypto/kdf.ts';
import { makeBackup, type BackupFile } from '../../src/core/vault/backup.ts';
import { createVault } from '../../src/core/vault/header.ts';
import { createUser, identityRecordValue, type StoredIdentity } from '../../src/core/vault/identity.ts';
import { sealRecord } from '../../src/core/vault/record.ts';
import type { RecordKind } from '../../src/core/vault/format.ts';

/** A record of another kind to put in a backup (sealed like the identities). */
export interface OtherRecord {
  kind: Exclude<RecordKind, 'identity'>;
  id: string;
  value: unknown;
}

/**
 * A backup (its own vault, sealed with `passphrase`) holding exactly `identities` (sealed as given, even
 * ones Sigvault would refuse: a backup is untrusted input) and `others` (catalog, prefs, sessions, …).
 */
export async function backupOf(passphrase: string, identities: readonly StoredIdentity[], others: readonly OtherRecord[] = []): Promise<BackupFile> {
  const { header, dataKey } = await createVault(passphrase, floorParams('argon2id'));
  const key = await importDataKey(dataKey);
  const records = await Promise.all([
    ...identities.map((x) => sealRecord(key, header.vaultId, 'identity', x.id, identityRecordValue(x))),
    ...others.map((r) => sealRecord(key, header.vaultId, r.kind, r.id, r.value)),
  ]);
  return makeBackup(header, records);
}

/** `n` IAM users labelled `${prefix} 0` …, with distinct access key ids (not real keys). */
export function bulkUsers(n: number, prefix: string): StoredIdentity[] {
  return Array.from({ length: n }, (_, i) =>
    createUser({ label: `${prefix} ${i}`, accessKeyId: `AKIA${String(i).padStart(16, '0')}`, secretAccessKey: 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ' }));
}
